/* wasi-threads in executables (docs/runtime.md, "Threads"): the `wasi`
 * `thread-spawn` import. Each spawned thread gets a new instance of the module
 * (the wasi-threads model: its own globals, e.g. the C stack pointer, and tables)
 * that imports the same shared memory, its own native stack with a PROT_NONE guard
 * and stack limit, and its own alternate signal stack; then it calls the module's
 * `wasi_thread_start(tid, start_arg)` export. Threads are native clone() threads
 * (WASMC_CLONE_THREAD_FLAGS; the seccomp filter allows exactly those flags), so the
 * sandbox installed before `_start` (Landlock and seccomp are inherited by threads
 * created later) and the process-wide signal handlers apply to every thread. A trap
 * in any thread prints its report and ends the process (exit_group), as proc_exit
 * from any thread and the end of `_start` do. A thread's stacks are reused by a later
 * thread once the kernel reports it gone (CLONE_CHILD_CLEARTID), so a program that
 * keeps spawning short threads needs only as many stacks as run at once. */
#include "core/rt.h"
#include "freestanding/threads.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

long wasmc_rt_clone_thread(unsigned long flags, void* top, void (*fn)(void*), void* arg,
                           volatile int* child_tid);

/* One thread's record and stacks; records are kept (a list) and reused. */
typedef struct Thread {
  wasmc_instance* inst;
  void (*entry)(wasmc_instance*, wasmc_val*);
  uint32_t tid;
  uint32_t start_arg;
  void* alt_stack;
  uint8_t* stack_lo;     /* usable [stack_lo, stack_lo + stack_size), guard below */
  volatile int running;  /* 1 from spawn until the kernel zeroes it at the exit */
  struct Thread* next;
} Thread;

static wasmc_resolve_fn resolver;
static void* resolver_user;
static uint64_t stack_size;
static volatile int spawn_lock;  /* instantiation (instance list, allocator) */
static uint32_t next_tid = 1;    /* wasi-threads: ids in [1, 2^29) */
static Thread* threads;          /* every record, under spawn_lock */

void rt_threads_init(wasmc_resolve_fn resolve, void* user, uint64_t thread_stack_size) {
  resolver = resolve;
  resolver_user = user;
  stack_size = thread_stack_size;
}

static void* MapNone(size_t size) {
  long r = wasmc_syscall6(WASMC_NR_mmap, 0, (long)size, WASMC_PROT_NONE,
                          WASMC_MAP_PRIVATE | WASMC_MAP_ANONYMOUS | WASMC_MAP_NORESERVE, -1, 0);
  return wasmc_sys_failed(r) ? NULL : (void*)r;
}

static int Commit(void* p, size_t size) {
  return !wasmc_sys_failed(
      wasmc_syscall3(WASMC_NR_mprotect, (long)p, (long)size, WASMC_PROT_READ | WASMC_PROT_WRITE));
}

static void ThreadMain(void* arg) {
  Thread* t = arg;
  struct wasmc_kstack ss = {t->alt_stack, 0, 0, RT_ALT_STACK_SIZE};
  if (wasmc_sys_failed(wasmc_syscall2(WASMC_NR_sigaltstack, (long)&ss, 0))) {
    static const char msg[] = "wasmc: sigaltstack failed in a new thread\n";
    rt_write_stderr(msg, sizeof msg - 1);
    for (;;) wasmc_syscall1(WASMC_NR_exit_group, 126);
  }
  wasmc_val slots[2];
  memset(slots, 0, sizeof slots);
  slots[0].i32 = t->tid;
  slots[1].i32 = t->start_arg;
  t->entry(t->inst, slots);
  /* Returning ends this thread only (wasmc_rt_clone_thread calls exit). Its
   * stacks wait for a later thread (Reusable); its instance stays: other threads
   * may still hold references into it (funcrefs). */
}

/* The module's `wasi_thread_start` export of type [i32 i32] -> [], or NULL. */
static void (*ThreadEntry(const wasmc_module* m))(wasmc_instance*, wasmc_val*) {
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const wasmc_export_desc* e = &m->exports[i];
    if (e->kind != WASMC_EXTERN_FUNC || !rt_export_named(e, "wasi_thread_start", 17) || e->index >= m->num_funcs)
      continue;
    const wasmc_type_desc* t = &m->types[m->funcs[e->index].type_index];
    if (t->num_params == 2 && t->num_results == 0 && t->types[0] == 0x7f && t->types[1] == 0x7f)
      return e->trampoline;
  }
  return NULL;
}

/* A record whose thread has exited (the kernel zeroed `running` after its last use
 * of the stacks), else a new one with new stacks, registered for fault
 * classification; NULL when out of memory or stack slots. Under spawn_lock. */
static Thread* Reusable(void) {
  for (Thread* t = threads; t; t = t->next)
    if (!__atomic_load_n(&t->running, __ATOMIC_ACQUIRE)) return t;
  Thread* t = rt_alloc(sizeof *t);
  uint8_t* region = t ? MapNone(RT_STACK_GUARD_SIZE + stack_size) : NULL;
  void* alt = region ? MapNone(RT_ALT_STACK_SIZE) : NULL;
  uint8_t* lo = region ? region + RT_STACK_GUARD_SIZE : NULL;
  if (!alt || !Commit(lo, stack_size) || !Commit(alt, RT_ALT_STACK_SIZE) ||
      !rt_add_thread_stack((uintptr_t)region, (uintptr_t)lo, (uintptr_t)(lo + stack_size)))
    return NULL;  /* what is already mapped stays (bounded by the failure) */
  memset(t, 0, sizeof *t);
  t->alt_stack = alt;
  t->stack_lo = lo;
  t->next = threads;
  threads = t;
  return t;
}

int32_t wasmc_rt_thread_spawn(wasmc_instance* inst, uint32_t start_arg) {
  const wasmc_module* m = inst->module;
  void (*entry)(wasmc_instance*, wasmc_val*) = ThreadEntry(m);
  /* Threads share memory only through an imported shared memory (wasi-threads):
   * a defined memory would be a new, separate one in the thread's instance. */
  if (!entry || !resolver || m->num_memories == 0 || !m->memories[0].imported || !inst->mem0->shared)
    return -1;
  rt_lock(&spawn_lock);
  wasmc_instance* ni = NULL;
  Thread* t = Reusable();
  const int ok = t && rt_instantiate_link(m, resolver, resolver_user, &ni) == WASMC_OK;
  const uint32_t tid = next_tid;
  if (ok) {
    next_tid = next_tid % 0x1fffffffu + 1;
    t->running = 1;  /* taken: no other spawn reuses it */
  }
  rt_unlock(&spawn_lock);
  if (!ok) return -1;
  /* The start function and segments run here, on the spawning thread's stack. */
  ni->stack_limit = inst->stack_limit;
  rt_instantiate_run(ni);
  uint8_t* lo = t->stack_lo;
  ni->stack_limit = (uintptr_t)lo + RT_STACK_RESERVE;
  t->inst = ni;
  t->entry = entry;
  t->tid = tid;
  t->start_arg = start_arg;
  long r = wasmc_rt_clone_thread(WASMC_CLONE_THREAD_FLAGS, lo + stack_size, ThreadMain, t, &t->running);
  if (wasmc_sys_failed(r)) {
    __atomic_store_n(&t->running, 0, __ATOMIC_RELEASE);
    return -1;
  }
  return (int32_t)tid;
}

const rt_threads_feature wasmc_feature_threads = {rt_threads_init, wasmc_rt_thread_spawn};
