/* The seccomp filter of wall 2: an allow-list of the system calls the runtime
 * and the shim make once wasm code runs, for the WASI calls the module imports
 * (seccomp_calls.def), with their arguments checked where a call could do more
 * than the shim needs. Anything else kills the process (SIGSYS): it can only
 * come from a bug or an exploit, never from a WASI call. Adding a system call
 * to the runtime or the shim means adding it to seccomp_calls.def.
 *
 * Security argument, per checked call (everything here runs after start-up):
 *  - mmap, mprotect: never PROT_EXEC. All code is in the static image, mapped
 *    by the kernel at exec; a new executable page could only serve injected code.
 *  - tgkill: only to this process (proc_raise signals itself). kill, tkill,
 *    rt_sigqueueinfo are not allowed at all.
 *  - ioctl: FIONREAD only (poll_oneoff's byte count).
 *  - clone: only with exactly the flags wasi-threads' thread-spawn uses
 *    (WASMC_CLONE_THREAD_FLAGS: a thread of this process sharing memory, files,
 *    fs and signal handlers; no namespaces, no new process). clone3, fork,
 *    vfork, execve: not allowed at all.
 *  - futex: memory.atomic.wait/notify and the runtime's locks (private futexes
 *    on the process's own memory).
 *  - On x86-64, x32 system calls (nr | 0x40000000) are refused whatever the nr
 *    (they are above every allowed number).
 * The architecture is checked first: a system call made in another ABI (int 0x80
 * on x86-64) has other numbers and is killed.
 *
 * Built for this ISA, or, in hosted tests, for the ISA named by
 * SHIM_SECCOMP_FOR_X64 / SHIM_SECCOMP_FOR_A64 (so the AArch64 filter is
 * checked on an x86-64 host). */
#include "seccomp_filter.h"

#if defined(SHIM_SECCOMP_FOR_A64) || (!defined(SHIM_SECCOMP_FOR_X64) && defined(__aarch64__))
#include "a64/nr.h"
#define kArch SHIM_AUDIT_ARCH_AARCH64
#else
#include "x64/nr.h"
#define kArch SHIM_AUDIT_ARCH_X86_64
#endif

#ifndef SHIM_SECCOMP_BUILD
#define SHIM_SECCOMP_BUILD ShimBuildSeccompFilter
#endif

#define kProtExec 4u
#define kCloneThreadFlags 0x250f00u /* = WASMC_CLONE_THREAD_FLAGS (sys/kernel.h) */
#define kFionread 0x541Bu

/* The calls allowed: the runtime's own, and those of each WASI call the module
 * imports (seccomp_calls.def, the reviewed table). */
enum { kEnd = 0xffff, kPath = 0xfffe };
#define NR(x) WASMC_NR_##x,
#define SECCOMP_PATH_CALLS(nrs) static const uint16_t kPathCalls[] = {nrs kEnd};
#define SECCOMP_CALL(name, nrs)
#define SECCOMP_RUNTIME(nrs) static const uint16_t kRuntime[] = {nrs kEnd};
#define SECCOMP_THREADS(nrs) static const uint16_t kThreads[] = {nrs kEnd};
#define SECCOMP_LANDLOCK_NEUTRAL(nrs) static const uint16_t kLandlockNeutral[] = {nrs kEnd};
#include "seccomp_calls.def"
#undef SECCOMP_CALL
#undef SECCOMP_RUNTIME
#undef SECCOMP_THREADS
#undef SECCOMP_PATH_CALLS
#undef SECCOMP_LANDLOCK_NEUTRAL
/* Each WASI call's numbers, one kEnd-terminated run per call in calls.def's
 * order (flat, so the table costs two bytes a number); kPath stands for
 * kPathCalls. */
#define SECCOMP_PATH_CALLS(nrs)
#define SECCOMP_RUNTIME(nrs)
#define SECCOMP_THREADS(nrs)
#define SECCOMP_LANDLOCK_NEUTRAL(nrs)
#define SECCOMP_CALL(name, nrs) nrs kEnd,
#define SECCOMP_PATH kPath,
static const uint16_t kCalls[] = {
#include "seccomp_calls.def"
};
#undef SECCOMP_PATH
#undef SECCOMP_CALL
#undef SECCOMP_RUNTIME
#undef SECCOMP_THREADS
#undef SECCOMP_PATH_CALLS
#undef SECCOMP_LANDLOCK_NEUTRAL
#undef NR
enum {
  kNumWasiCalls = 0
#define WASI_CALL(name, params, results, c_ret, c_params) +1
#include "calls.def"
#undef WASI_CALL
};
enum {
  kTableLines = 0
#define SECCOMP_PATH_CALLS(nrs)
#define SECCOMP_RUNTIME(nrs)
#define SECCOMP_THREADS(nrs)
#define SECCOMP_LANDLOCK_NEUTRAL(nrs)
#define SECCOMP_CALL(name, nrs) +1
#include "seccomp_calls.def"
#undef SECCOMP_CALL
#undef SECCOMP_RUNTIME
#undef SECCOMP_THREADS
#undef SECCOMP_PATH_CALLS
#undef SECCOMP_LANDLOCK_NEUTRAL
};
_Static_assert((int)kTableLines == (int)kNumWasiCalls, "seccomp_calls.def needs one line per WASI_CALL of calls.def");

/* The calls allowed only with checked arguments, and how each is checked. */
enum { kOnlyFionread = 1, kNoProtExec, kThreadFlags, kOwnPid, kNumChecks };
static const struct { uint16_t nr; uint8_t check; } kChecked[] = {
    {WASMC_NR_ioctl, kOnlyFionread},  {WASMC_NR_mmap, kNoProtExec},
    {WASMC_NR_mprotect, kNoProtExec}, {WASMC_NR_clone, kThreadFlags},
    {WASMC_NR_tgkill, kOwnPid},
};

/* Shape: after the architecture (and x32) checks, A = nr and a balanced binary
 * search over the sorted call numbers (JGE) leads to a leaf of at most kLeaf
 * JEQs, which jump to the shared ALLOW or to the argument check of their call,
 * and else fall into a KILL. A call costs about log2(60) + kLeaf comparisons,
 * and the kernel's per-call-number action cache (filled when the filter is
 * installed, by emulating it for every number) walks as few: with the plain
 * list of JEQs before it, installing the filter took about 90 us per process,
 * most of a hello's start-up (docs/performance.md, "Size and start-up"). */
enum { kLeaf = 4, kMaxEntries = 64 };
typedef struct Entry { uint16_t nr; uint8_t check; } Entry; /* check 0: plain allow */

typedef struct Emitter {
  struct shim_sock_filter* prog;
  int n;
  int bad; /* a jump beyond 255 instructions or too many instructions */
  int fix[kMaxEntries]; /* leaf JEQs whose jt is patched to their target */
  uint8_t fix_target[kMaxEntries];
  int num_fix;
} Emitter;

__attribute__((noinline)) static void Op(Emitter* e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k) {
  if (e->n < kShimSeccompMaxFilter) e->prog[e->n] = (struct shim_sock_filter){code, jt, jf, k};
  else e->bad = 1;
  ++e->n;
}
static void Ret(Emitter* e, uint32_t action) { Op(e, SHIM_BPF_RET_K, 0, 0, action); }
static void Load(Emitter* e, uint32_t offset) { Op(e, SHIM_BPF_LD_W_ABS, 0, 0, offset); }
/* A check of one argument word: loads it, tests it against k with `test`, and
 * allows when the test is `allow_when` (1: true, 0: false), else kills. Returns
 * where the check starts. */
static int ArgCheck(Emitter* e, uint32_t arg, uint16_t test, uint32_t k, int allow_when) {
  int at = e->n;
  Load(e, arg);
  Op(e, test, allow_when ? 1 : 0, allow_when ? 0 : 1, k);
  Ret(e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Ret(e, SHIM_SECCOMP_RET_ALLOW);
  return at;
}
/* Sets the jt of the jump at `at` to land on `to`. */
static void JumpTo(Emitter* e, int at, int to) {
  int d = to - (at + 1);
  if (d < 0 || d > 255 || at >= kShimSeccompMaxFilter) e->bad = 1;
  else e->prog[at].jt = (uint8_t)d;
}

/* The search over entries [lo, hi), A = nr. */
static void Tree(Emitter* e, const Entry* t, int lo, int hi) {
  if (hi - lo <= kLeaf) {
    for (int i = lo; i < hi; ++i) {
      e->fix[e->num_fix] = e->n;
      e->fix_target[e->num_fix++] = t[i].check;
      Op(e, SHIM_BPF_JEQ_K, 0, 0, t[i].nr);
    }
    Ret(e, SHIM_SECCOMP_RET_KILL_PROCESS);
    return;
  }
  int mid = lo + (hi - lo) / 2, at = e->n;
  Op(e, SHIM_BPF_JGE_K, 0, 0, t[mid].nr); /* jt: the upper half, after the lower */
  Tree(e, t, lo, mid);
  JumpTo(e, at, e->n);
  Tree(e, t, mid, hi);
}

/* Adds the numbers of `nrs` (up to kEnd; kPath: kPathCalls) to the sorted set
 * t[0..*num), each once, with its argument check; returns 0 if kMaxEntries is
 * exceeded. */
static int AddCalls(Entry* t, int* num, const uint16_t* nrs) {
  for (; *nrs != kEnd; ++nrs) {
    if (*nrs == kPath) {
      if (!AddCalls(t, num, kPathCalls)) return 0;
      continue;
    }
    int i = 0;
    while (i < *num && t[i].nr < *nrs) ++i;
    if (i < *num && t[i].nr == *nrs) continue;
    if (*num == kMaxEntries) return 0;
    for (int j = *num; j > i; --j) t[j] = t[j - 1];
    uint8_t check = 0;
    for (unsigned c = 0; c < sizeof kChecked / sizeof kChecked[0]; ++c)
      if (kChecked[c].nr == *nrs) check = kChecked[c].check;
    t[i] = (Entry){*nrs, check};
    ++*num;
  }
  return 1;
}

int SHIM_SECCOMP_BUILD(struct shim_sock_filter* prog, uint64_t calls, int threads,
                       uint32_t (*pid)(void), int* landlock_redundant) {
  Entry t[kMaxEntries];
  int num = 0, fits = AddCalls(t, &num, kRuntime);
  if (threads) fits &= AddCalls(t, &num, kThreads);
  const uint16_t* run = kCalls;
  for (int c = 0; c < kNumWasiCalls; ++c) {
    if ((calls >> c) & 1) fits &= AddCalls(t, &num, run);
    while (*run++ != kEnd) {
    }
  }
  /* Every allowed call Landlock-neutral (seccomp_calls.def): Landlock adds nothing. */
  int neutral = 1;
  for (int i = 0; i < num; ++i) {
    const uint16_t* k = kLandlockNeutral;
    while (*k != kEnd && *k != t[i].nr) ++k;
    neutral &= *k != kEnd;
  }
  if (landlock_redundant) *landlock_redundant = neutral;
  Emitter e = {prog, 0, !fits, {0}, {0}, 0};
  Load(&e, SHIM_SECCOMP_ARCH);
  Op(&e, SHIM_BPF_JEQ_K, 1, 0, kArch);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Load(&e, SHIM_SECCOMP_NR);
  /* Above the highest allowed number: killed at once. This also refuses every
   * x32 call on x86-64 (nr | 0x40000000), and keeps the kernel's action cache
   * cheap to fill (most numbers stop here). */
  Op(&e, SHIM_BPF_JGE_K, 0, 1, t[num - 1].nr + 1u);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Tree(&e, t, 0, num);
  /* The targets of the leaves: ALLOW, then each argument check of an allowed
   * call, every path of which ends in RET. */
  int target[kNumChecks], used[kNumChecks] = {0};
  for (int i = 0; i < num; ++i) used[t[i].check] = 1;
  target[0] = e.n;
  Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  /* ioctl(fd, FIONREAD, ...) only. */
  if (used[kOnlyFionread])
    target[kOnlyFionread] = ArgCheck(&e, SHIM_SECCOMP_ARG_LO(1), SHIM_BPF_JEQ_K, kFionread, 1);
  /* mmap/mprotect(addr, len, prot, ...) without PROT_EXEC. */
  target[kNoProtExec] = ArgCheck(&e, SHIM_SECCOMP_ARG_LO(2), SHIM_BPF_JSET_K, kProtExec, 0);
  /* clone(flags = the thread flags exactly, ...): wasi-threads' thread-spawn. */
  if (used[kThreadFlags])
    target[kThreadFlags] = ArgCheck(&e, SHIM_SECCOMP_ARG_LO(0), SHIM_BPF_JEQ_K, kCloneThreadFlags, 1);
  /* tgkill(tgid = this process, ...): the pid is asked for only then. */
  if (used[kOwnPid])
    target[kOwnPid] = ArgCheck(&e, SHIM_SECCOMP_ARG_LO(0), SHIM_BPF_JEQ_K, pid(), 1);
  for (int i = 0; i < e.num_fix; ++i) JumpTo(&e, e.fix[i], target[e.fix_target[i]]);
  return e.bad ? -1 : e.n;
}
