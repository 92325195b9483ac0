/* The seccomp filter of wall 2: an allow-list of the system calls the runtime
 * and the shim make once wasm code runs, with their arguments checked where a
 * call could do more than the shim needs. Anything else kills the process
 * (SIGSYS): it can only come from a bug or an exploit, never from a WASI call.
 * Adding a system call to the runtime or the shim means adding it here.
 *
 * Security argument, per checked call (everything here runs after start-up):
 *  - mmap, mprotect: never PROT_EXEC. All code is in the static image, mapped
 *    by the kernel at exec; a new executable page could only serve injected code.
 *  - tgkill: only to this process (proc_raise signals itself). kill, tkill,
 *    rt_sigqueueinfo are not allowed at all.
 *  - prlimit64: only on this process (pid 0 or its own pid).
 *  - ioctl: FIONREAD only (poll_oneoff's byte count).
 *  - clone: only with exactly the flags wasi-threads' thread-spawn uses
 *    (WASMC_CLONE_THREAD_FLAGS: a thread of this process sharing memory, files,
 *    fs and signal handlers; no namespaces, no new process). clone3, fork,
 *    vfork, execve: not allowed at all.
 *  - futex: memory.atomic.wait/notify and the runtime's locks (private futexes
 *    on the process's own memory).
 *  - On x86-64, x32 system calls (nr | 0x40000000) are refused whatever the nr.
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
#define kX32 0
#else
#include "x64/nr.h"
#define kArch SHIM_AUDIT_ARCH_X86_64
#define kX32 1
#endif

#ifndef SHIM_SECCOMP_BUILD
#define SHIM_SECCOMP_BUILD ShimBuildSeccompFilter
#endif

#define kProtExec 4u
#define kCloneThreadFlags 0x250f00u /* = WASMC_CLONE_THREAD_FLAGS (sys/kernel.h) */
#define kFionread 0x541Bu

/* The calls allowed whatever their arguments. */
static const uint16_t kAllowed[] = {
    WASMC_NR_read, WASMC_NR_write, WASMC_NR_readv, WASMC_NR_writev, WASMC_NR_pread64,
    WASMC_NR_pwrite64, WASMC_NR_preadv, WASMC_NR_pwritev, WASMC_NR_openat, WASMC_NR_openat2,
    WASMC_NR_close, WASMC_NR_lseek, WASMC_NR_fstat, WASMC_NR_newfstatat, WASMC_NR_statx,
    WASMC_NR_getdents64, WASMC_NR_mkdirat, WASMC_NR_unlinkat, WASMC_NR_renameat2, WASMC_NR_linkat,
    WASMC_NR_symlinkat, WASMC_NR_readlinkat, WASMC_NR_utimensat, WASMC_NR_fsync, WASMC_NR_fdatasync,
    WASMC_NR_ftruncate, WASMC_NR_fallocate, WASMC_NR_fadvise64, WASMC_NR_fcntl, WASMC_NR_ppoll,
    WASMC_NR_clock_gettime, WASMC_NR_clock_getres, WASMC_NR_clock_nanosleep, WASMC_NR_nanosleep,
    WASMC_NR_getrandom, WASMC_NR_sched_yield, WASMC_NR_exit, WASMC_NR_exit_group,
    WASMC_NR_munmap, WASMC_NR_madvise, WASMC_NR_mremap, WASMC_NR_rt_sigaction,
    WASMC_NR_rt_sigreturn, WASMC_NR_rt_sigprocmask, WASMC_NR_sigaltstack, WASMC_NR_getpid,
    WASMC_NR_gettid, WASMC_NR_accept4, WASMC_NR_recvmsg, WASMC_NR_sendmsg, WASMC_NR_shutdown,
    WASMC_NR_getrlimit, WASMC_NR_futex,
};

typedef struct Emitter { struct shim_sock_filter* prog; int n; } Emitter;

static void Op(Emitter* e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k) {
  if (e->n < kShimSeccompMaxFilter) e->prog[e->n] = (struct shim_sock_filter){code, jt, jf, k};
  ++e->n;
}
static void Ret(Emitter* e, uint32_t action) { Op(e, SHIM_BPF_RET_K, 0, 0, action); }
static void Load(Emitter* e, uint32_t offset) { Op(e, SHIM_BPF_LD_W_ABS, 0, 0, offset); }
/* "if nr == `nr` run the next `len` instructions (which end in RET), else skip them". */
static void IfNr(Emitter* e, uint32_t nr, uint8_t len) { Op(e, SHIM_BPF_JEQ_K, 0, len, nr); }

int SHIM_SECCOMP_BUILD(struct shim_sock_filter* prog, uint32_t pid) {
  Emitter e = {prog, 0};
  Load(&e, SHIM_SECCOMP_ARCH);
  Op(&e, SHIM_BPF_JEQ_K, 1, 0, kArch);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Load(&e, SHIM_SECCOMP_NR);
  if (kX32) {
    Op(&e, SHIM_BPF_JGE_K, 0, 1, 0x40000000u);
    Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  }
  /* ioctl(fd, FIONREAD, ...) only. */
  IfNr(&e, WASMC_NR_ioctl, 4);
  Load(&e, SHIM_SECCOMP_ARG_LO(1));
  Op(&e, SHIM_BPF_JEQ_K, 0, 1, kFionread);
  Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  /* mmap/mprotect(addr, len, prot, ...) without PROT_EXEC. */
  static const uint32_t kMapping[] = {WASMC_NR_mmap, WASMC_NR_mprotect};
  for (int i = 0; i < 2; ++i) {
    IfNr(&e, kMapping[i], 4);
    Load(&e, SHIM_SECCOMP_ARG_LO(2));
    Op(&e, SHIM_BPF_JSET_K, 0, 1, kProtExec);
    Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
    Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  }
  /* clone(flags = the thread flags exactly, ...): wasi-threads' thread-spawn. */
  IfNr(&e, WASMC_NR_clone, 4);
  Load(&e, SHIM_SECCOMP_ARG_LO(0));
  Op(&e, SHIM_BPF_JEQ_K, 1, 0, kCloneThreadFlags);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  /* tgkill(tgid = this process, ...) and prlimit64(pid = 0 or this process, ...).
   * Every block ends in RET on each path, so after a block that did not match
   * the accumulator still holds nr. */
  static const uint32_t kSelf[] = {WASMC_NR_tgkill, WASMC_NR_prlimit64};
  for (int i = 0; i < 2; ++i) {
    IfNr(&e, kSelf[i], 5);
    Load(&e, SHIM_SECCOMP_ARG_LO(0));
    Op(&e, SHIM_BPF_JEQ_K, 2, 0, pid);
    Op(&e, SHIM_BPF_JEQ_K, 1, 0, kSelf[i] == WASMC_NR_prlimit64 ? 0u : pid);
    Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
    Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  }
  /* The plain allow-list: jt skips to the ALLOW after the KILL. */
  enum { kN = sizeof kAllowed / sizeof kAllowed[0] };
  for (int i = 0; i < kN; ++i) Op(&e, SHIM_BPF_JEQ_K, (uint8_t)(kN - i), 0, kAllowed[i]);
  Ret(&e, SHIM_SECCOMP_RET_KILL_PROCESS);
  Ret(&e, SHIM_SECCOMP_RET_ALLOW);
  return e.n;
}
