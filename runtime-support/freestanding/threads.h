/* Stack layout shared by the main thread (start.c) and wasi-threads threads
 * (threads.c), and the thread-spawn entry points. */
#ifndef WASMC_FREESTANDING_THREADS_H_
#define WASMC_FREESTANDING_THREADS_H_

#include <stdint.h>

#include "wasmc/runtime.h"

#define RT_ALT_STACK_SIZE (64u << 10)
#define RT_STACK_GUARD_SIZE (1u << 20)
/* Stack kept free below stack_limit for runtime helpers, host calls, traps. */
#define RT_STACK_RESERVE (128u << 10)

/* Start-up: how thread instances resolve their imports, and their stack size. */
void rt_threads_init(wasmc_resolve_fn resolve, void* user, uint64_t thread_stack_size);
/* The `wasi` `thread-spawn` import: a positive thread id, or -1. */
int32_t wasmc_rt_thread_spawn(wasmc_instance* inst, uint32_t start_arg);
/* Both, for start.c's optional reference (core/rt.h, RT_OPTIONAL): linked in only
 * when the module imports thread-spawn (compiler/lower/descriptor.cc). */
typedef struct rt_threads_feature {
  void (*init)(wasmc_resolve_fn resolve, void* user, uint64_t thread_stack_size);
  int32_t (*spawn)(wasmc_instance* inst, uint32_t start_arg);
} rt_threads_feature;
extern const rt_threads_feature wasmc_feature_threads;

#endif /* WASMC_FREESTANDING_THREADS_H_ */
