/* Clocks, randomness, scheduling and process calls. */
#include "linux.h"
#include "shim.h"

static int HostClock(uint32_t id) {
  switch (id) {
    case WASI_CLOCK_REALTIME: return WASMC_CLOCK_REALTIME;
    case WASI_CLOCK_MONOTONIC: return WASMC_CLOCK_MONOTONIC;
    case WASI_CLOCK_PROCESS_CPUTIME: return WASMC_CLOCK_PROCESS_CPUTIME_ID;
    case WASI_CLOCK_THREAD_CPUTIME: return WASMC_CLOCK_THREAD_CPUTIME_ID;
    default: return -1;
  }
}

/* clock_getres or clock_gettime (`nr`) of WASI clock `id`, stored at `ptr` as u64
 * nanoseconds. */
static uint32_t ClockQuery(wasmc_instance* inst, long nr, uint32_t id, uint32_t ptr) {
  int c = HostClock(id);
  if (c < 0) return WASI_EINVAL;
  struct wasmc_ktimespec ts;
  long r = wasmc_syscall2(nr, c, (long)&ts);
  if (r < 0) return ShimErrno(-r);
  ShimPut64(inst, ptr, (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec);
  return WASI_ESUCCESS;
}

uint32_t wasi_clock_res_get(wasmc_instance* inst, uint32_t id, uint32_t res_ptr) {
  return ClockQuery(inst, WASMC_NR_clock_getres, id, res_ptr);
}

uint32_t wasi_clock_time_get(wasmc_instance* inst, uint32_t id, uint64_t precision, uint32_t time_ptr) {
  return ClockQuery(inst, WASMC_NR_clock_gettime, id, time_ptr);
}

uint32_t wasi_random_get(wasmc_instance* inst, uint32_t buf, uint32_t buf_len) {
  uint8_t* p = ShimGuest(inst, buf, buf_len);
  while (buf_len > 0) {  /* getrandom returns at most 32 MiB per call and may be interrupted */
    long r = wasmc_syscall3(WASMC_NR_getrandom, (long)p, buf_len, 0);
    if (r == -WASMC_EINTR) continue;
    if (r < 0) return ShimErrno(-r);
    p += r;
    buf_len -= (uint32_t)r;
  }
  return WASI_ESUCCESS;
}

uint32_t wasi_sched_yield(wasmc_instance* inst) {
  wasmc_syscall0(WASMC_NR_sched_yield);
  return WASI_ESUCCESS;
}

void wasi_proc_exit(wasmc_instance* inst, uint32_t rval) {
  /* Exit codes above 255 are truncated by the kernel; WASI leaves them to the host. */
  for (;;) wasmc_syscall1(WASMC_NR_exit_group, (long)rval);
}

/* proc_raise: the signal's default action, applied to this process. WASI's signal
 * numbers are Linux's up to SIGTERM (15); from $chld on they are one less (Linux
 * has SIGSTKFLT at 16), the same on x86-64 and AArch64. The runtime's own handlers
 * (faults -> wasm traps) are reset to SIG_DFL first, so a raised SIGSEGV ends the
 * process as SIGSEGV and an ignored-by-default signal (chld, urg, winch) does
 * nothing. Security: tgkill targets this thread of this process only; the guest
 * cannot name another process (seccomp allows tgkill; Landlock's signal scoping
 * permits signals within the domain). */
uint32_t wasi_proc_raise(wasmc_instance* inst, uint32_t sig) {
  if (sig == 0 || sig > 30) return WASI_EINVAL;
  const long host = sig < 16 ? (long)sig : (long)sig + 1;
  struct wasmc_ksigaction dfl = {0};  /* handler NULL = SIG_DFL */
  wasmc_syscall4(WASMC_NR_rt_sigaction, host, (long)&dfl, 0, 8);  /* EINVAL for KILL/STOP */
  uint64_t unblock = 1ull << (host - 1);
  wasmc_syscall4(WASMC_NR_rt_sigprocmask, 1 /* SIG_UNBLOCK */, (long)&unblock, 0, 8);
  long r = wasmc_syscall3(WASMC_NR_tgkill, wasmc_syscall0(WASMC_NR_getpid),
                          wasmc_syscall0(WASMC_NR_gettid), host);
  return r < 0 ? ShimErrno(-r) : WASI_ESUCCESS;
}
