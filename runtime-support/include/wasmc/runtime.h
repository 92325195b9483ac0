/* Hosted runtime API: instantiate and call wasmc-compiled modules inside a host
 * process (the in-process spec runner, embedders). Library: wasmc_runtime_host
 * (CMake target), the same instantiation / helper / trap code as the runtime
 * linked into executables (runtime-support/core/), compiled natively.
 *
 * Threading: one thread runs wasm at a time. Call wasmc_host_init() from the
 * thread that will call wasm (again if that thread changes): it installs the
 * SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGTRAP handlers once, gives the calling thread
 * an alternate signal stack, and records its stack bounds (stack_limit, the
 * guard that means "call stack exhausted").
 *
 * Traps: every entry point that can run wasm code (instantiate: segments and the
 * start function; wasmc_call) catches traps with sigsetjmp/siglongjmp and returns
 * WASMC_TRAPPED; wasmc_last_message() then is the trap kind exactly as the spec
 * tests spell it ("unreachable", "out of bounds memory access", ...). A fault that
 * is not a wasm trap (outside every linear memory and the stack guard) is a bug:
 * the handler restores the default action and the process dies with the signal.
 *
 * Linking errors (WASMC_LINK_ERROR) have messages starting with "unknown import"
 * or "incompatible import type", as the spec's assert_unlinkable expects.
 */
#ifndef WASMC_RUNTIME_H_
#define WASMC_RUNTIME_H_

#include <stddef.h>
#include <stdint.h>

#include "wasmc/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wasmc_status {
  WASMC_OK = 0,
  WASMC_TRAPPED = 1,     /* a wasm trap; message = trap kind */
  WASMC_LINK_ERROR = 2,  /* import missing or of the wrong type */
  WASMC_BAD_MODULE = 3,  /* descriptor inconsistent (ABI version, indices) */
  WASMC_NO_MEMORY = 4,   /* mmap/allocation failed */
  WASMC_NOT_FOUND = 5,   /* no export of that name and kind */
} wasmc_status;

/* An external value: what an import resolves to and what an export yields.
 * Pointers stay valid as long as the owning instance (or host object) lives. */
typedef struct wasmc_extern {
  uint8_t kind;                /* WASMC_EXTERN_* */
  /* functions: code + instance + canonical type id (copied into the importer) */
  wasmc_funcref func;
  /* tables / memories: the shared object, and whether it declares a maximum
   * (the object's max field alone cannot tell "none" from the largest value) */
  wasmc_table* table;
  wasmc_memory* memory;
  uint8_t has_max;
  /* globals: the cell (shared, so mutable globals stay in sync) and its type */
  wasmc_val* global;
  uint8_t global_type;         /* value type byte */
  uint8_t global_mut;
  uint32_t global_ref_type;    /* the full type with a canonical heap type (abi.h,
                                  WASMC_REF_NON_NULL); 0: global_type says all */
  /* tags: the shared tag object */
  const wasmc_tag* tag;
} wasmc_extern;

/* Resolves one import. Return 1 and fill *out, or 0 for "unknown import".
 * The runtime checks kind and type compatibility itself. */
typedef int (*wasmc_resolve_fn)(void* user, const char* module, const char* name,
                                wasmc_extern* out);

/* Before anything else, on the thread that runs wasm (see above). Returns 0,
 * or -1 if the signal handlers or the alternate stack cannot be installed. */
int wasmc_host_init(void);

/* Instantiates `module` (see wasmc_module in abi.h for the order of steps).
 * On WASMC_OK, *out is the new instance. On WASMC_TRAPPED the instance that was
 * partially initialised is kept alive in *out (its tables/memories may be shared
 * with others and segments applied before the trap stay applied, as the spec
 * requires), but must not be called. */
wasmc_status wasmc_instantiate(const wasmc_module* module, wasmc_resolve_fn resolve,
                               void* user, wasmc_instance** out);

/* Finds an export by name; fills *out. WASMC_NOT_FOUND if there is none. */
wasmc_status wasmc_instance_export(wasmc_instance* inst, const char* name, wasmc_extern* out);
/* The same for a name of `len` bytes, which may contain NUL bytes (wasm names may). */
wasmc_status wasmc_instance_export_n(wasmc_instance* inst, const char* name, size_t len,
                                     wasmc_extern* out);

/* Calls exported function `name` through its array trampoline. args_and_results
 * holds max(params, results) slots: params in, results out. */
wasmc_status wasmc_call(wasmc_instance* inst, const char* name, wasmc_val* args_and_results);
wasmc_status wasmc_call_n(wasmc_instance* inst, const char* name, size_t len,
                          wasmc_val* args_and_results);  /* name of `len` bytes */

/* Type of an exported function (for the runner to convert arguments), or NULL. */
const wasmc_type_desc* wasmc_export_type(wasmc_instance* inst, const char* name);
const wasmc_type_desc* wasmc_export_type_n(wasmc_instance* inst, const char* name, size_t len);

/* The message of the last non-OK status: trap kind or link/instantiation error. */
const char* wasmc_last_message(void);

/* The full report of the last trap ("wasm trap: <kind>" and the backtrace
 * lines), as an executable would print it. "" before any trap. */
const char* wasmc_last_trap_report(void);

/* Host objects for a "spectest"-like module. max is ignored unless has_max. */
wasmc_memory* wasmc_host_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max);
wasmc_table* wasmc_host_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max);

/* Frees every instance and host object created so far (unmaps their linear
 * memories), e.g. between two .wast files. Nothing from before may be used. */
void wasmc_host_reset(void);

/* The canonical (process-wide) id of a function signature, for host functions:
 * types = params then results as value type bytes. A plain type's id is fixed
 * (abi.h, wasmc_plain_type_id); UINT32_MAX: out of memory, or out of ids. */
uint32_t wasmc_canonical_type_id(uint32_t num_params, uint32_t num_results,
                                 const uint8_t* types);

#ifdef __cplusplus
}
#endif

#endif /* WASMC_RUNTIME_H_ */
