/* Internal interface of the runtime core (runtime-support/core/), shared by the
 * two builds of it:
 *   freestanding/  the runtime linked into executables (no libc, raw syscalls)
 *   hosted/        wasmc_runtime_host, linked into host programs (runtime.h)
 * The core implements instantiation, the wasmc_rt_* helpers, fault
 * classification and trap reports. Each mode supplies the few functions under
 * "provided by the mode" below; nothing else differs between the modes. */
#ifndef WASMC_CORE_RT_H_
#define WASMC_CORE_RT_H_

#include <stddef.h>
#include <stdint.h>

#include "wasmc/abi.h"
#include "wasmc/runtime.h"

/* ---- Provided by the mode. */

/* Zeroed, 16-aligned memory; NULL when exhausted. rt_free gets the same size. */
void* rt_alloc(size_t size);
void rt_free(void* p, size_t size);
/* Executables only (freestanding/base.c): an anonymous private NORESERVE mapping. */
void* rt_map(size_t size, int prot);
/* Where the next linear memory's reservation should go if nothing is mapped there
 * (0: anywhere). The executable's start-up sets the end of its image; mem.c takes it
 * once. */
extern uintptr_t rt_memory_hint;
/* Writes to stderr (best effort). */
void rt_write_stderr(const char* s, size_t n);
/* Ends the current wasm activation with a trap. `report` is the complete text
 * ("wasm trap: <kind>\n  #0 ...\n"); the executable prints it and exits 134, the
 * host library records the kind and unwinds to the active wasmc_call. */
__attribute__((noreturn)) void rt_deliver_trap(uint32_t code, const char* report);

/* ---- Memory: mem.c. Reservations are registered so that faults can be classified. */
wasmc_memory* rt_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max);
void rt_memory_free(wasmc_memory* m);
void rt_memory_free_all(void);
/* Returns the old size in pages, or -1 (as uint32) when it cannot grow. */
uint32_t rt_memory_grow(wasmc_memory* m, uint32_t delta_pages);
/* Any memory, 32- or 64-bit (is64: memory64's reservation and limits). grow64
 * returns the old size in pages or UINT64_MAX. */
wasmc_memory* rt_memory_new64(uint64_t min_pages, uint64_t max_pages, int has_max, int is64);
uint64_t rt_memory_grow64(wasmc_memory* m, uint64_t delta_pages);
int rt_address_in_memory(uintptr_t addr);
/* Registers a wasi-threads thread's stack (guard [guard, lo), usable [lo, hi)) for
 * fault classification and backtraces; 0 when the table is full (trap.c). */
int rt_add_thread_stack(uintptr_t guard, uintptr_t lo, uintptr_t hi);
#define RT_MAX_THREAD_STACKS 4096
/* Which thread a stack address belongs to: 1 + the index of the registered thread
 * stack holding `sp`, else 0 (the main thread, or a host's thread). Per-thread
 * runtime state (eh.c's exception in flight) is indexed by it. */
uint32_t rt_thread_slot(uintptr_t sp);
/* A futex-based lock word (atomic_wait.c): 0 free. */
void rt_lock(volatile int* word);    /* core/lock.c: a futex lock, 0 = free */
void rt_unlock(volatile int* word);
struct wasmc_ktimespec;
#define RT_FUTEX_WAIT_PRIVATE 128         /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */
#define RT_FUTEX_WAKE_PRIVATE 129         /* FUTEX_WAKE | FUTEX_PRIVATE_FLAG */
#define RT_FUTEX_WAIT_BITSET_PRIVATE 137  /* FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG */
long rt_futex(volatile int* word, int op, int val, const struct wasmc_ktimespec* ts);

/* ---- Tables: table.c */
wasmc_table* rt_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max);
void rt_table_free(wasmc_table* t);
uint32_t rt_table_grow(wasmc_table* t, uint32_t delta, const void* init);
/* elems[i] = ref, and a funcref table's code array beside it (table.c). */
void rt_table_put(wasmc_table* t, uint32_t i, const void* ref);

/* ---- Canonical signatures: types.c */
uint32_t rt_type_id(uint32_t num_params, uint32_t num_results, const uint8_t* types);
/* The same, with a structural key of key_size bytes after the type bytes (abi.h). */
uint32_t rt_type_id_keyed(uint32_t num_params, uint32_t num_results, const uint8_t* types,
                          uint32_t key_size);

/* ---- Instances: instance.c */

/* Runtime-private per-instance data, allocated just before the instance header. */
typedef struct rt_instance {
  struct rt_instance* next;    /* list of live instances (backtraces, reset) */
  wasmc_instance* inst;
  size_t alloc_size;           /* bytes allocated for this struct + instance */
  wasmc_memory** memories;     /* one per memory index */
  uint8_t* memory_has_max;
  uint8_t* table_has_max;
  uint8_t* owns_memory;        /* defined (not imported) => freed with the instance */
  uint8_t* owns_table;
  const wasmc_tag** tags;      /* one per tag index (imported ones are the exporter's) */
  wasmc_tag* own_tags;         /* the defined tags' objects */
  uint32_t* global_types;      /* per global: its full type, canonical heap type (abi.h
                                  WASMC_REF_NON_NULL); imported: the exporter's */
} rt_instance;

rt_instance* rt_instance_of(wasmc_instance* inst);

/* Phase 1: allocate, link imports, create memories/tables/globals/funcrefs.
 * No wasm code runs. Returns WASMC_OK or an error with rt_message() set. */
wasmc_status rt_instantiate_link(const wasmc_module* m, wasmc_resolve_fn resolve,
                                 void* user, wasmc_instance** out);
/* Phase 2: active segments, drops, start function. May trap (through
 * rt_deliver_trap), so the mode runs it inside its trap catcher. */
void rt_instantiate_run(wasmc_instance* inst);

/* The sanity checks of a module descriptor (instance.c): in the hosted library, which
 * instantiates whatever object an embedder hands it; not in executables, whose
 * descriptor wasmc's linker put beside this runtime (the ABI version is checked
 * everywhere). -ffreestanding makes __STDC_HOSTED__ 0. */
#define RT_CHECK_DESC __STDC_HOSTED__

/* ---- Optional features. Instantiation code a module may not need (tables, element
 * segments, tags, imports other than functions; in executables also wasi-threads and
 * the shim's grants) is reached only through a pointer in a table declared
 * RT_OPTIONAL: wasmc's linker does not follow the relocations of such a section
 * (backend/link/runtime_link.cc), so the code is linked in only when the module's
 * object names its function (`wasmc_feature_*`, compiler/lower/descriptor.cc), and
 * the pointer reads NULL otherwise. Any other linker keeps everything. */
#if defined(__PIC__)
/* Hosted builds (unit tests, the spec hosts) are position-independent: the table's
 * pointers are relocated at load, so the compiler makes its section writable, which a
 * `.rodata` name would carry into the read-only segment (an RWX segment in the static
 * AArch64 spec host). Any other linker keeps everything, so the name is only a name. */
#define RT_OPTIONAL(feature) __attribute__((section(".data.rel.ro.wasmc_optional." #feature), used))
#else
#define RT_OPTIONAL(feature) __attribute__((section(".rodata.wasmc_optional." #feature), used))
#endif

/* RT_COLD: a zero-initialised buffer used only on error paths (trap reports,
 * messages). wasmc's linker puts such `.bss` sections after all others
 * (backend/link/runtime_link.cc), so the small variables start-up touches share
 * their page with the start of the next tables instead of with these (one page
 * fault less per run). */
#define RT_COLD __attribute__((section(".bss.wasmc_cold")))
/* What instantiation has linked so far: the next index of each import kind. */
typedef struct rt_link_counts { uint32_t nf, nt, nm, ng, ntag; } rt_link_counts;
/* A table, memory, global or tag import (`ext` resolved, of the import's kind). */
wasmc_status wasmc_feature_imports(const wasmc_module* m, rt_instance* ri,
                                   const wasmc_import_desc* imp, const wasmc_extern* ext,
                                   rt_link_counts* n);
/* The defined tags; the defined tables (with their initialisers). */
void wasmc_feature_tags(const wasmc_module* m, rt_instance* ri, uint32_t ntag);
wasmc_status wasmc_feature_tables(const wasmc_module* m, rt_instance* ri, const rt_link_counts* n);
/* Active element segments; drops active and declarative ones. May trap. */
void wasmc_feature_elems(wasmc_instance* inst);
struct rt_buf;
#if defined(__x86_64__)
struct wasmc_ksigcontext;
/* x86-64 faults (trap.c): a #DE's trap code from the faulting div/idiv's divisor. */
uint32_t wasmc_feature_divide(const struct wasmc_ksigcontext* c);
#endif
/* Backtraces (trap.c): " (file:line)\n" of code offset `at` from f->lines; 0 if none. */
int wasmc_feature_lines(struct rt_buf* b, const wasmc_func_desc* f, uint64_t at);

/* ---- Live instances: live.c */
rt_instance* rt_instances(void);  /* head of the live list */
void rt_instances_add(rt_instance* ri);
/* Frees every live instance. */
void rt_instances_free_all(void);

/* ---- Constant expressions: const_expr.c */
wasmc_val rt_eval_const(wasmc_instance* inst, const wasmc_const_expr* e);
/* Extended constant expressions (an optional feature, named by a module with any
 * wasmc_module.const_ops); whether they are linked in. */
wasmc_val wasmc_feature_const_program(wasmc_instance* inst, const wasmc_const_expr* e);
int rt_const_programs_linked(void);
/* The value of item i of an element segment (a funcref/externref pointer). */
const void* rt_elem_item(wasmc_instance* inst, const wasmc_elem_desc* seg, uint32_t i);

/* ---- Traps and faults: trap.c */
const char* rt_trap_kind(uint32_t code);
/* The compiled function containing pc in any live instance's module, or NULL. */
const wasmc_func_desc* rt_find_func(uintptr_t pc, uint32_t* index);
/* Formats "wasm trap: <kind><detail>" and the backtrace, and delivers the trap. */
__attribute__((noreturn)) void rt_trap_detail(uint32_t code, const char* detail, uintptr_t pc,
                                              uintptr_t fp);
/* Formats the report and delivers the trap. pc: the faulting pc (signal) or 0;
 * fp: the frame pointer to walk. */
__attribute__((noreturn)) void rt_trap_at(uint32_t code, uintptr_t pc, uintptr_t fp);
/* The main thread's wasm stack: the guard region [guard, guard_end) (faults inside
 * it, or with sp inside it, are "call stack exhausted") and the stack [lo, hi) (the
 * frames backtraces walk stay inside). */
void rt_set_stack(uintptr_t guard, uintptr_t guard_end, uintptr_t lo, uintptr_t hi);
/* Classifies a synchronous signal. Returns a trap code; RT_FAULT_RUNTIME_BUG
 * for a fault inside a linear-memory reservation whose pc is not in generated
 * code (only generated code relies on the guard pages: the runtime and the WASI
 * layer check every guest range first, so such a fault is their bug); or 0 if
 * the signal is not a wasm trap at all. `uc` is the kernel's ucontext. */
#define RT_FAULT_RUNTIME_BUG 0xffffffffu
uint32_t rt_classify_fault(int sig, const void* siginfo, const void* uc);
/* Signal handler body shared by both modes: classify, then trap, report a
 * runtime bug (rt_deliver_runtime_bug), or return if the signal is not ours. */
void rt_handle_fault(int sig, void* siginfo, void* uc);
/* Per mode (start.c, host.c): prints `report` and ends the process: exit code
 * 125 (WASMC_EXIT_RUNTIME_BUG) in executables, abort() when hosted. */
__attribute__((noreturn)) void rt_deliver_runtime_bug(const char* report);

/* ---- Messages: fmt.c (a tiny formatter; no libc). */
typedef struct rt_buf { char* p; size_t len, cap; } rt_buf;
void rt_buf_str(rt_buf* b, const char* s);
void rt_buf_hex(rt_buf* b, uint64_t v);
void rt_buf_dec(rt_buf* b, uint64_t v);
/* The last error/trap message (runtime.h: wasmc_last_message). */
void rt_set_message(const char* a, const char* b, const char* c, const char* d);
const char* rt_message(void);

/* ---- libc subset: the freestanding mode provides these itself. */
void* memcpy(void* d, const void* s, size_t n);
void* memmove(void* d, const void* s, size_t n);
void* memset(void* d, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);

/* Whether export `e` is named by the `len` bytes at `name` (names may hold NUL bytes). */
static inline int rt_export_named(const wasmc_export_desc* e, const char* name, size_t len) {
  return e->name_len == len && memcmp(e->name, name, len) == 0;
}
/* `name` (len bytes, not necessarily NUL-terminated) as a C string for messages:
 * copied into buf[cap], cut at cap - 1 bytes (and, when printed, at a NUL byte). */
const char* rt_name_for_message(const char* name, size_t len, char* buf, size_t cap);

#endif /* WASMC_CORE_RT_H_ */
