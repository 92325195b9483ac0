/* The runtime linked into wasmc executables: process start-up, allocation and
 * trap exit over raw system calls (no libc). Start-up sequence (docs/runtime.md):
 *   1. _start (x64/start.S, a64/start.S) -> wasmc_rt_start(initial sp)
 *   2. alternate signal stack + SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGTRAP handlers
 *   3. the wasm stack: the process stack, RLIMIT_STACK bytes below its top (or, when
 *      that limit is unlimited or out of range, a mapping of our own with a PROT_NONE
 *      guard below)
 *   4. wasmc_wasi_init (wasi-shim/, weak), check every import, find `_start`
 *   5. instantiate wasmc_module_desc, call `_start` through its trampoline, exit 0
 * Everything is an mmap reservation or a few syscalls: no work proportional to
 * memory or stack size, no page is touched eagerly. */
#include "core/rt.h"
#include "freestanding/threads.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

/* Provided by wasi-shim/. CMake defines WASMC_HAVE_WASI when the shim is built
 * in: then the references are strong, so linking libwasmc_rt.a pulls the shim
 * in too. Without it they are weak (NULL) and every import is a start-up error. */
#ifdef WASMC_HAVE_WASI
#define WASMC_WASI_LINKAGE
#define WASI_PRESENT(f) 1
#else
#define WASMC_WASI_LINKAGE __attribute__((weak))
#define WASI_PRESENT(f) ((f) != 0)
#endif
int wasmc_wasi_init(int argc, char** argv, char** envp, const void* manifest, uint64_t size)
    WASMC_WASI_LINKAGE;
const void* wasmc_wasi_resolve(const char* module, const char* name) WASMC_WASI_LINKAGE;

void wasmc_rt_switch_stack(void* top, void (*fn)(void*), void* arg) __attribute__((noreturn));
void wasmc_rt_sigreturn(void);
void wasmc_rt_start(uintptr_t* initial_sp) __attribute__((noreturn, used));

#define EXIT_TRAP 134    /* WASMC_EXIT_TRAP: like SIGABRT's 128 + 6 */
#define EXIT_STARTUP 126 /* WASMC_EXIT_STARTUP: the module cannot start */
#define EXIT_RUNTIME_BUG 125 /* WASMC_EXIT_RUNTIME_BUG: a fault the runtime caused */

__attribute__((noreturn)) static void Exit(int code) {
  for (;;) wasmc_syscall1(WASMC_NR_exit_group, code);
}


static void Print(const char* s) { rt_write_stderr(s, strlen(s)); }

__attribute__((noreturn)) static void StartupError(const char* a, const char* b, const char* c) {
  Print("wasmc: ");
  Print(a);
  if (b) Print(b);
  if (c) Print(c);
  Print("\n");
  Exit(EXIT_STARTUP);
}

void rt_deliver_trap(uint32_t code, const char* report) {
  (void)code;
  Print(report);
  Exit(EXIT_TRAP);
}

void rt_deliver_runtime_bug(const char* report) {
  Print(report);
  Exit(EXIT_RUNTIME_BUG);
}

/* ---- Signals */

#if defined(__x86_64__)
/* Set while the CPU-level probe runs (ProbeV2, below): where a SIGILL resumes. */
static volatile uintptr_t probe_resume;
static volatile int probe_faulted;
#endif

static void FaultHandler(int sig, void* info, void* uc) {
#if defined(__x86_64__)
  if (sig == WASMC_SIGILL && probe_resume) {
    WASMC_UC_PC((struct wasmc_kucontext*)uc) = probe_resume;
    probe_resume = 0;
    probe_faulted = 1;
    return;
  }
#endif
  rt_handle_fault(sig, info, uc);  /* returns only if this is not a wasm trap */
  static char msg[160] RT_COLD;
  rt_buf b = {msg, 0, sizeof msg};
  rt_buf_str(&b, "wasmc runtime: fatal signal ");
  rt_buf_dec(&b, (uint64_t)sig);
  rt_buf_str(&b, " (not a wasm trap) at address ");
  rt_buf_hex(&b, ((struct wasmc_ksiginfo*)info)->si_addr);
  rt_buf_str(&b, "\n");
  Print(msg);
  /* Default action, then return: the instruction faults again and the process
   * dies with the signal, so the bug stays visible (core dump, exit status). */
  struct wasmc_ksigaction sa;
  memset(&sa, 0, sizeof sa);
  wasmc_syscall4(WASMC_NR_rt_sigaction, sig, (long)&sa, 0, 8);
}

/* The main thread's signal stack: zero-fill memory of the image (.bss), so it
 * costs no system call and no page until a signal uses it. */
static uint8_t alt_stack[RT_ALT_STACK_SIZE] __attribute__((aligned(16)));

static void InstallSignals(void) {
  struct wasmc_kstack ss = {alt_stack, 0, 0, RT_ALT_STACK_SIZE};
  if (wasmc_sys_failed(wasmc_syscall2(WASMC_NR_sigaltstack, (long)&ss, 0)))
    StartupError("sigaltstack failed", 0, 0);
  static const int sigs[] = {WASMC_SIGSEGV, WASMC_SIGBUS, WASMC_SIGFPE, WASMC_SIGILL,
                             WASMC_SIGTRAP};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
    struct wasmc_ksigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.handler = (void*)FaultHandler;
    sa.flags = WASMC_SA_SIGINFO | WASMC_SA_ONSTACK | WASMC_SA_NODEFER;
#if WASMC_NEEDS_SA_RESTORER
    sa.flags |= WASMC_SA_RESTORER;
    sa.restorer = wasmc_rt_sigreturn;
#endif
    if (wasmc_sys_failed(wasmc_syscall4(WASMC_NR_rt_sigaction, sigs[i], (long)&sa, 0, 8)))
      StartupError("rt_sigaction failed", 0, 0);
  }
}

/* ---- Start-up */

typedef struct StartArgs {
  int argc;
  char** argv;
  char** envp;
  uintptr_t stack_limit;
  uint64_t stack_size;
} StartArgs;

static StartArgs start_args;

/* wasi-threads, NULL unless the module imports thread-spawn (core/rt.h, RT_OPTIONAL). */
static const rt_threads_feature* const volatile thread_feature RT_OPTIONAL(threads) = &wasmc_feature_threads;

/* The shim's resolver by name, for objects of `wasmc -c` linked by another linker
 * (their descriptors name no host functions; core/rt.h, RT_OPTIONAL: not in wasmc's
 * executables, whose descriptor points at each WASI call, abi.h wasmc_import_desc). */
static const void* (*const volatile wasi_by_name)(const char*, const char*) RT_OPTIONAL(resolve) =
    wasmc_wasi_resolve;

/* Executables import WASI functions, resolved by the shim, and for wasi-threads
 * `wasi`.`thread-spawn` (threads.c) and one memory (imported_memory, below). */
static int ResolveWasi(const wasmc_import_desc* imp, wasmc_extern* out) {
  const char *module = imp->module, *name = imp->name;
  const void* (*by_name)(const char*, const char*) = wasi_by_name;
  const void* code = imp->host ? imp->host : by_name ? by_name(module, name) : NULL;
  const rt_threads_feature* t = thread_feature;
  if (!code && t && !strcmp(module, "wasi") && !strcmp(name, "thread-spawn")) code = (const void*)t->spawn;
  if (!code) return 0;
  out->kind = WASMC_EXTERN_FUNC;
  out->func.code = code;
  out->func.instance = NULL; /* host functions receive the importing instance */
  out->func.type_id = UINT32_MAX; /* filled below from the import's own type */
  return 1;
}

static void CheckImports(const wasmc_module* m) {
  for (uint32_t i = 0; i < m->num_imports; ++i) {
    const wasmc_import_desc* imp = &m->imports[i];
    wasmc_extern ext;
    if (imp->kind == WASMC_EXTERN_MEMORY) continue; /* created at instantiation */
    if (imp->kind != WASMC_EXTERN_FUNC || !ResolveWasi(imp, &ext)) {
      static char what[256] RT_COLD;
      rt_buf b = {what, 0, sizeof what};
      rt_buf_str(&b, imp->module);
      rt_buf_str(&b, ".");
      rt_buf_str(&b, imp->name);
      StartupError("wasm import not available: ", what,
                   imp->kind == WASMC_EXTERN_FUNC ? NULL
                                                  : " (executables import only WASI functions)");
    }
  }
}

static wasmc_memory* imported_memory; /* one per process: every thread's instance imports it */

/* The shim's host functions are typed by the compiler against the WASI call
 * list, so the runtime accepts them with the import's declared type. A memory
 * import gets the process's memory, created as the import declares it. */
static int ResolveTyped(void* user, const char* module, const char* name, wasmc_extern* out) {
  const wasmc_module* m = user;
  for (uint32_t i = 0; i < m->num_imports; ++i) {
    const wasmc_import_desc* imp = &m->imports[i];
    if (imp->kind != WASMC_EXTERN_MEMORY || strcmp(imp->module, module) || strcmp(imp->name, name)) continue;
    if (!imported_memory) {
      const wasmc_limits_desc* l = &m->memories[imp->index];
      imported_memory = rt_memory_new(l->min, l->max, l->has_max);
      if (!imported_memory) return 0;
      imported_memory->shared = l->shared;
    }
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = imported_memory;
    out->has_max = imp->has_max;
    return 1;
  }
  for (uint32_t i = 0; i < m->num_imports; ++i) {
    const wasmc_import_desc* imp = &m->imports[i];
    if (imp->kind == WASMC_EXTERN_FUNC && !strcmp(imp->module, module) && !strcmp(imp->name, name)) {
      if (!ResolveWasi(imp, out)) return 0;
      const wasmc_type_desc* t = &m->types[imp->index];
      out->func.type_id = rt_type_id_keyed(t->num_params, t->num_results, t->types, t->key_size);
      return 1;
    }
  }
  return 0;
}

/* Where the descriptor is, read at run time: wasmc's linker (backend/link/linker.cc)
 * overwrites this word in the executable with the address it chose, so the
 * descriptor follows the image in the file without page padding. Linked by another
 * linker (libwasmc_rt.a), it is simply &wasmc_module_desc. */
const wasmc_module* const volatile wasmc_module_desc_ptr = &wasmc_module_desc;

/* The end of the executable's last loaded segment, also written by wasmc's linker
 * (0 when another linker linked the runtime: the memory then goes anywhere). */
const uintptr_t volatile wasmc_image_end = 0;

__attribute__((noreturn)) static void Main(void* arg) {
  StartArgs* a = arg;
  const wasmc_module* m = wasmc_module_desc_ptr;
  if (WASI_PRESENT(wasmc_wasi_init)) {
    int rc = wasmc_wasi_init(a->argc, a->argv, a->envp, m->manifest, m->manifest_size);
    if (rc) Exit(rc);
  }
  CheckImports(m);
  const wasmc_export_desc* entry = NULL;
  for (uint32_t i = 0; i < m->num_exports; ++i)
    if (m->exports[i].kind == WASMC_EXTERN_FUNC && rt_export_named(&m->exports[i], "_start", 6))
      entry = &m->exports[i];
  if (!entry || !entry->trampoline)
    StartupError("the module has no `_start` export (nothing to run)", 0, 0);
  if (entry->index < m->num_funcs) {
    const wasmc_type_desc* t = &m->types[m->funcs[entry->index].type_index];
    if (t->num_params || t->num_results)
      StartupError("the `_start` export must have type [] -> []", 0, 0);
  }
  wasmc_instance* inst;
  wasmc_status s = rt_instantiate_link(m, ResolveTyped, (void*)m, &inst);
  if (s != WASMC_OK) StartupError(rt_message(), 0, 0);
  inst->stack_limit = a->stack_limit;
  const rt_threads_feature* t = thread_feature;
  if (t) t->init(ResolveTyped, (void*)m, a->stack_size);
  rt_instantiate_run(inst);
  wasmc_val slots[1];
  memset(slots, 0, sizeof slots);
  entry->trampoline(inst, slots);
  Exit(0);
}

/* Security: a parent may leave descriptors open across exec (a socket, a
 * secret file, a directory fd outside every grant). Guest fds never name host
 * fds, but a bug in the shim or the runtime could reach them, and Landlock
 * does not restrict an already open descriptor. So every fd >= 3 is closed
 * before the shim opens the grants: afterwards the only host fds >= 3 are
 * grants (and what the shim opens from them). stdio stays (the caller's
 * channel). close_range since Linux 5.9; before that, one close per fd up to
 * the descriptor limit. */
static void CloseInheritedFds(void) {
  if (!wasmc_sys_failed(wasmc_syscall3(WASMC_NR_close_range, 3, ~0u, 0))) return;
  struct wasmc_krlimit rl = {1024, 1024};
  wasmc_syscall4(WASMC_NR_prlimit64, 0, WASMC_RLIMIT_NOFILE, 0, (long)&rl);
  uint64_t n = rl.rlim_cur > (1u << 20) ? (1u << 20) : rl.rlim_cur;
  for (uint64_t fd = 3; fd < n; ++fd) wasmc_syscall1(WASMC_NR_close, (long)fd);
}

/* The kernel's auxiliary vector (after envp on the initial stack), entries below 32. */
static uintptr_t auxv[32];

static void ReadAuxv(const uintptr_t* sp) {
  const uintptr_t* p = sp + 1 + sp[0] + 1; /* envp */
  while (*p) ++p;
  for (++p; p[0] != 0 /* AT_NULL */; p += 2)
    if (p[0] < 32) auxv[p[0]] = p[1];
}

#if defined(__x86_64__)
/* The CPU features the module was compiled for (wasmc_module.flags, wasmc --cpu),
 * checked before any of its code runs: the missing one's name, or 0. */
static void Cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

/* One entry per feature bit: the level that needs it, its cpuid word (2 = leaf 1 ecx,
 * 7 = leaf 7 ebx, 8 = leaf 0x80000001 ecx) and bit, and its name. */
typedef struct CpuFeature { uint8_t level, reg, bit; char name[9]; } CpuFeature;

static const char* FirstMissing(const CpuFeature* f, unsigned n, uint32_t wanted, const uint32_t* r1,
                                const uint32_t* r7, const uint32_t* rx) {
  for (unsigned i = 0; i < n; ++i) {
    if (!(wanted & f[i].level)) continue;
    const uint32_t word = f[i].reg == 2 ? r1[2] : f[i].reg == 7 ? r7[1] : rx[2];
    if (!((word >> f[i].bit) & 1)) return f[i].name;
  }
  return 0;
}

/* x86-64-v3 and v4 (AVX, AVX2, AVX-512 and the OS's saving of their state): an
 * optional feature (core/rt.h, RT_OPTIONAL), linked in when the module was compiled
 * for them (compiler/lower/descriptor.cc names wasmc_feature_cpu_v3). */
const char* wasmc_feature_cpu_v3(uint32_t wanted, const uint32_t* r1) {
  static const CpuFeature kFeatures[] = {
      {WASMC_CPU_X86_64_V3, 2, 28, "AVX"},      {WASMC_CPU_X86_64_V3, 2, 27, "OSXSAVE"},
      {WASMC_CPU_X86_64_V3, 2, 12, "FMA"},      {WASMC_CPU_X86_64_V3, 2, 22, "MOVBE"},
      {WASMC_CPU_X86_64_V3, 7, 5, "AVX2"},      {WASMC_CPU_X86_64_V3, 7, 3, "BMI1"},
      {WASMC_CPU_X86_64_V3, 7, 8, "BMI2"},      {WASMC_CPU_X86_64_V3, 8, 5, "LZCNT"},
      {WASMC_CPU_X86_64_V4, 7, 16, "AVX512F"},  {WASMC_CPU_X86_64_V4, 7, 17, "AVX512DQ"},
      {WASMC_CPU_X86_64_V4, 7, 28, "AVX512CD"}, {WASMC_CPU_X86_64_V4, 7, 30, "AVX512BW"},
      {WASMC_CPU_X86_64_V4, 7, 31, "AVX512VL"},
  };
  uint32_t r0[4], r7[4] = {0, 0, 0, 0}, rx[4] = {0, 0, 0, 0};
  Cpuid(0, 0, r0);
  if (r0[0] >= 7) Cpuid(7, 0, r7);
  Cpuid(0x80000000u, 0, rx);
  if (rx[0] >= 0x80000001u) Cpuid(0x80000001u, 0, rx);
  else rx[2] = 0;
  const char* missing = FirstMissing(kFeatures, sizeof kFeatures / sizeof kFeatures[0], wanted, r1, r7, rx);
  if (missing) return missing;
  uint32_t lo, hi;  /* the OS saves the AVX (and AVX-512) state */
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 6) != 6) return "AVX state saving by the OS (XCR0)";
  if ((wanted & WASMC_CPU_X86_64_V4) && (lo & 0xe6) != 0xe6)
    return "AVX-512 state saving by the OS (XCR0)";
  return 0;
}

static const char* (*const volatile cpu_v3)(uint32_t, const uint32_t*) RT_OPTIONAL(cpu_v3) =
    wasmc_feature_cpu_v3;

/* x86-64-v2 without cpuid: in a virtual machine each cpuid is a VM exit, which
 * cost 11-14 us here, 7% of a hello's run (docs/performance.md, "Size and
 * start-up"). Instead one instruction of each v2 feature runs, with the SIGILL
 * handler installed: popcnt (POPCNT), haddps (SSE3), pshufb (SSSE3), ptest
 * (SSE4.1), pcmpgtq (SSE4.2). Without its feature each opcode is undefined, so
 * it raises #UD (SIGILL), which FaultHandler turns into a jump past the probe.
 * Returns 1 when all ran; then every v2 instruction the code uses exists here.
 * Otherwise the cpuid check below names the missing feature. Encoded as bytes:
 * the runtime is built for the base level. */
static int ProbeV2(void) {
  probe_faulted = 0;
  __asm__ volatile(
      "lea 1f(%%rip), %%rax\n\t"
      "mov %%rax, %0\n\t"
      ".byte 0xf3, 0x0f, 0xb8, 0xc0\n\t"        /* popcnt %eax, %eax */
      ".byte 0xf2, 0x0f, 0x7c, 0xc0\n\t"        /* haddps %xmm0, %xmm0 */
      ".byte 0x66, 0x0f, 0x38, 0x00, 0xc0\n\t"  /* pshufb %xmm0, %xmm0 */
      ".byte 0x66, 0x0f, 0x38, 0x17, 0xc0\n\t"  /* ptest %xmm0, %xmm0 */
      ".byte 0x66, 0x0f, 0x38, 0x37, 0xc0\n\t"  /* pcmpgtq %xmm0, %xmm0 */
      "1:\n\t"
      : "=m"(probe_resume)
      :
      : "rax", "xmm0", "cc", "memory");
  probe_resume = 0;
  return !probe_faulted;
}

static const char* MissingCpuFeature(uint32_t flags) {
  if (flags & WASMC_CPU_TEST_MISSING) return "the test-only feature (WASMC_CPU_TEST_MISSING)";
  const uint32_t level = flags & (WASMC_CPU_X86_64_V2 | WASMC_CPU_X86_64_V3 | WASMC_CPU_X86_64_V4);
  if (!level) return 0;
  /* v3 and v4 need cpuid: LZCNT and TZCNT run as BSR and BSF on CPUs without
   * them (another result, no SIGILL), and AVX needs the OS's state saving. */
  if (level == WASMC_CPU_X86_64_V2 && ProbeV2()) return 0;
  /* Each level includes the ones below it. */
  const uint32_t wanted = level | (level >= WASMC_CPU_X86_64_V4 ? WASMC_CPU_X86_64_V3 : 0) |
                          (level >= WASMC_CPU_X86_64_V3 ? WASMC_CPU_X86_64_V2 : 0);
  /* Only the leaves the level needs: in a virtual machine every cpuid exits to the
   * hypervisor (five of them were about a tenth of a hello's run time). x86-64-v2
   * needs leaf 1 alone, which every x86-64 CPU has. */
  static const CpuFeature kV2[] = {
      {WASMC_CPU_X86_64_V2, 2, 0, "SSE3"},   {WASMC_CPU_X86_64_V2, 2, 9, "SSSE3"},
      {WASMC_CPU_X86_64_V2, 2, 19, "SSE4.1"}, {WASMC_CPU_X86_64_V2, 2, 20, "SSE4.2"},
      {WASMC_CPU_X86_64_V2, 2, 23, "POPCNT"},
  };
  uint32_t r1[4];
  Cpuid(1, 0, r1);
  const char* missing = FirstMissing(kV2, sizeof kV2 / sizeof kV2[0], wanted, r1, r1, r1);
  if (missing || !(wanted & WASMC_CPU_X86_64_V3)) return missing;
  const char* (*v3)(uint32_t, const uint32_t*) = cpu_v3;
  return v3 ? v3(wanted, r1) : "x86-64-v3 checks (the runtime was linked without them)";
}
#elif defined(__aarch64__)
/* AArch64: the kernel's AT_HWCAP (ReadAuxv);
 * --cpu=armv8.1-a needs HWCAP_ATOMICS (bit 8, the LSE atomics). */
static const char* MissingCpuFeature(uint32_t flags) {
  if (flags & WASMC_CPU_TEST_MISSING) return "the test-only feature (WASMC_CPU_TEST_MISSING)";
  if (!(flags & WASMC_CPU_A64_LSE)) return 0;
  return (auxv[16 /* AT_HWCAP */] >> 8) & 1 ? 0 : "LSE atomics (armv8.1-a)";
}
#endif

static uintptr_t CurrentSp(void) {
  uintptr_t v;
#if defined(__x86_64__)
  __asm__ volatile("mov %%rsp, %0" : "=r"(v));
#elif defined(__aarch64__)
  __asm__ volatile("mov %0, sp" : "=r"(v));
#else
#error "CurrentSp: unsupported architecture"
#endif
  return v;
}

void wasmc_rt_start(uintptr_t* sp) {
  ReadAuxv(sp);
  InstallSignals(); /* first: the x86-64 CPU-level probe relies on the SIGILL handler */
#if defined(__x86_64__) || defined(__aarch64__)
  const char* missing = MissingCpuFeature(wasmc_module_desc_ptr->flags);
  if (missing)
    StartupError("this CPU lacks ", missing,
                 ", which the program was compiled for (wasmc --cpu; docs/usage.md)");
#endif
  /* The first linear memory right after the image: its first pages then share the
   * image's page tables (page-table pages the kernel need not allocate at start). */
  rt_memory_hint = (wasmc_image_end + 0xffff) & ~(uintptr_t)0xffff;
  CloseInheritedFds();
  start_args.argc = (int)sp[0];
  start_args.argv = (char**)(sp + 1);
  start_args.envp = start_args.argv + start_args.argc + 1;

  /* The wasm stack: as large as RLIMIT_STACK (clamped), the process's own stack when
   * it can be: the kernel grows that one up to RLIMIT_STACK below its top, and its top
   * pages and their page tables exist already, where a fresh mapping costs page-table
   * pages and a first fault (docs/runtime.md). Its top: the page end above the path
   * execve copied last (AT_EXECFN), 8 bytes below the page-aligned top; that never
   * overshoots (under qemu-user the strings may sit lower in its fixed stack mapping:
   * the top found is then lower, which is safe). */
  struct wasmc_krlimit rl = {8u << 20, 8u << 20};
  wasmc_syscall4(WASMC_NR_prlimit64, 0, WASMC_RLIMIT_STACK, 0, (long)&rl);
  uint64_t size = rl.rlim_cur;
  const uintptr_t execfn = auxv[31 /* AT_EXECFN */];
  uintptr_t top = (execfn | 4095) + 1;
  uintptr_t base = top - (size & ~4095ull); /* the kernel's growth limit, or below it */
  uintptr_t lo = base + 2 * 4096;           /* what we count on, the guard below it */
  uintptr_t entry = CurrentSp() - 128; /* below this frame (x86-64's red zone) */
  if (!execfn || size > (1ull << 30) || entry < lo + (1u << 20)) {
    /* RLIMIT_STACK unlimited (or above 1 GiB, or below about 1 MiB): a stack of our
     * own, guard below it. */
    if (size < (1u << 20)) size = 1u << 20;
    if (size > (1ull << 30)) size = 1ull << 30;
    size = (size + 0xffff) & ~0xffffull;
    uint8_t* region = rt_map(RT_STACK_GUARD_SIZE + size, WASMC_PROT_NONE);
    if (!region) StartupError("cannot reserve the wasm stack", 0, 0);
    base = lo = (uintptr_t)region + RT_STACK_GUARD_SIZE;
    if (wasmc_sys_failed(wasmc_syscall3(WASMC_NR_mprotect, (long)lo, (long)size,
                                        WASMC_PROT_READ | WASMC_PROT_WRITE)))
      StartupError("cannot commit the wasm stack", 0, 0);
    entry = top = lo + size;
  }
  /* Frames may sit in [base, lo) (code without a stack check, the runtime's own). */
  rt_set_stack(lo - RT_STACK_GUARD_SIZE, lo, base, top);
  start_args.stack_limit = lo + RT_STACK_RESERVE;
  start_args.stack_size = (size + 0xffff) & ~0xffffull; /* each wasi-thread's */
  /* With an empty frame chain. */
  wasmc_rt_switch_stack((void*)(entry & ~(uintptr_t)15), Main, &start_args);
}
