// The seccomp filter of both ISAs, run through a classic-BPF interpreter on
// the host (issue 15: the AArch64 wall is otherwise untested on an x86-64
// machine, where qemu-user offers no seccomp). Checks the architecture test
// (AUDIT_ARCH_*), every allowed call by its number as the kernel defines it
// (the table below is asm-generic/unistd.h's for AArch64 and
// arch/x86/entry/syscalls/syscall_64.tbl's for x86-64, written down here
// independently of runtime-support/*/nr.h), the argument checks, and that
// calls the runtime never makes are killed; then a module's filter
// (wasi-shim/seccomp_calls.def): a hello's allows the runtime's calls and its
// imports' only, and the table has one line per WASI call, in calls.def's order.
// What this cannot show: that an AArch64 kernel delivers seccomp_data as
// assumed (same layout on every 64-bit little-endian ISA) and that the
// runtime makes no call outside the list on a real arm64 machine; both need a
// real arm64 kernel (docs/wasi.md).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "seccomp_filter.h"

namespace {

int checks = 0, failures = 0;
#define CHECK_EQ(a, b)                                                                           \
  do {                                                                                           \
    ++checks;                                                                                    \
    unsigned long got_ = (unsigned long)(a), want_ = (unsigned long)(b);                         \
    if (got_ != want_) {                                                                         \
      ++failures;                                                                                \
      fprintf(stderr, "FAIL %s:%d: %s: got %#lx, want %#lx\n", __FILE__, __LINE__, #a, got_, want_); \
    }                                                                                            \
  } while (0)

struct Data {
  uint32_t nr, arch;
  uint64_t ip;
  uint64_t args[6];
};

// Classic BPF, the subset seccomp filters use (loads of seccomp_data words,
// conditional jumps on constants, returns). Anything else fails the test.
// `steps`, when given, counts the instructions run.
uint32_t Run(const std::vector<shim_sock_filter>& prog, const Data& d, int* steps = nullptr) {
  uint8_t bytes[sizeof(Data)];
  memcpy(bytes, &d, sizeof d);
  uint32_t a = 0;
  for (size_t pc = 0; pc < prog.size(); ++pc) {
    const shim_sock_filter& f = prog[pc];
    if (steps) ++*steps;
    switch (f.code) {
      case SHIM_BPF_LD_W_ABS:
        if (f.k + 4 > sizeof bytes || f.k % 4) return 0xdead0001;
        memcpy(&a, bytes + f.k, 4);
        break;
      case SHIM_BPF_JEQ_K: pc += a == f.k ? f.jt : f.jf; break;
      case SHIM_BPF_JGE_K: pc += a >= f.k ? f.jt : f.jf; break;
      case SHIM_BPF_JSET_K: pc += (a & f.k) ? f.jt : f.jf; break;
      case SHIM_BPF_RET_K: return f.k;
      default: return 0xdead0002;
    }
  }
  return 0xdead0003;  // fell off the end: the kernel would reject the program
}

constexpr uint32_t kAllow = SHIM_SECCOMP_RET_ALLOW, kKill = SHIM_SECCOMP_RET_KILL_PROCESS;
constexpr uint32_t kPid = 4242;
constexpr uint32_t kX64Arch = 0xc000003eu;

struct Isa {
  const char* name;
  int (*build)(shim_sock_filter*, uint64_t, int, uint32_t (*)(), int*);
  uint32_t arch, other_arch;
  // Allowed with any arguments.
  std::vector<uint32_t> allowed;
  // Numbers of: ioctl, mmap, mprotect, tgkill.
  uint32_t ioctl, mmap, mprotect, tgkill;
  // Never made by the runtime: socket, connect, bind, execve, execveat, clone,
  // clone3, kill, tkill, ptrace, fchmodat, fchownat, mount, chdir, setsockopt,
  // rt_sigqueueinfo, prlimit64 (start-up only), read, pread64, pwrite64, fstat,
  // newfstatat, clock_nanosleep, nanosleep, madvise, mremap, getrlimit.
  std::vector<uint32_t> forbidden;
  // A hello's filter (fd_write, fd_seek, fd_close, fd_fdstat_get, proc_exit):
  // the runtime's calls (mmap, mprotect: argument-checked, so not listed) munmap
  // futex clock_gettime gettid write rt_sigaction rt_sigreturn exit_group close,
  // and writev lseek.
  std::vector<uint32_t> hello;
  // What a filter must kill for Landlock to be left out (wasi-shim/sandbox.c):
  // every call Landlock restricts, on files (open, creat, openat, openat2,
  // open_by_handle_at, execve, execveat, uselib (x86-64), truncate, ftruncate,
  // mknod(at), mkdir(at), rmdir, unlink(at), link(at), symlink(at), rename(at),
  // renameat2, ioctl), TCP (bind, connect), its scopes (kill, tkill, tgkill,
  // rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal, fcntl's F_SETOWN,
  // sendto, sendmsg, sendmmsg), and beyond them every call that names a path,
  // an address or another process, or makes a descriptor: socket, accept(4),
  // recvmsg, pidfd_open, pidfd_getfd, ptrace, process_vm_readv/writev, kcmp,
  // mount, umount2, pivot_root, chroot, open_tree, move_mount, fsopen, fsconfig,
  // fsmount, fspick, io_uring_setup/enter/register, landlock_*, statx,
  // newfstatat, (l)stat, readlink(at), utimensat, chdir, faccessat, quotactl,
  // swapon, acct, name_to_handle_at, memfd_create. Numbers from the kernel's
  // tables (as above), not from nr.h.
  std::vector<uint32_t> landlock_governed;
};

// With every WASI call and wasi-threads: write readv writev preadv pwritev
// openat openat2 close lseek statx getdents64 mkdirat unlinkat renameat2 linkat
// symlinkat readlinkat utimensat fsync fdatasync ftruncate fallocate fadvise64
// fcntl ppoll clock_gettime clock_getres getrandom sched_yield exit exit_group
// munmap rt_sigaction rt_sigreturn rt_sigprocmask sigaltstack getpid gettid
// accept4 recvmsg sendmsg shutdown futex
const Isa kA64 = {
    "aarch64", ShimBuildSeccompFilterA64, 0xc00000b7u, 0xc000003eu,
    {64, 65, 66, 69, 70, 56, 437, 57, 62, 291, 61, 34, 35, 276, 37, 36, 78, 88, 82, 83, 46, 47, 223,
     25, 73, 113, 114, 278, 124, 93, 94, 215, 134, 139, 135, 132, 172, 178, 242, 212, 211, 210, 98},
    29, 222, 226, 131,
    {198, 203, 200, 221, 281, 220, 435, 129, 130, 117, 53, 54, 40, 49, 208, 138, 261, 63, 67, 68, 80,
     79, 115, 101, 233, 216, 163},
    {215, 98, 113, 178, 64, 134, 139, 94, 57, 66, 62},
    {56, 437, 265, 221, 281, 45, 46, 33, 34, 35, 37, 36, 38, 276, 29, 200, 203, 129, 130, 131,
     138, 240, 424, 25, 206, 211, 269, 198, 202, 242, 212, 434, 438, 117, 270, 271, 272, 40, 39,
     41, 51, 428, 429, 430, 431, 432, 433, 425, 426, 427, 444, 445, 446, 291, 79, 78, 88, 49, 48,
     60, 224, 89, 264, 279}};
const Isa kX64 = {
    "x86_64", ShimBuildSeccompFilterX64, 0xc000003eu, 0xc00000b7u,
    {1, 19, 20, 295, 296, 257, 437, 3, 8, 332, 217, 258, 263, 316, 265, 266, 267, 280, 74, 75, 77,
     285, 221, 72, 271, 228, 229, 318, 24, 60, 231, 11, 13, 15, 14, 131, 39, 186, 288, 47, 46, 48, 202},
    16, 9, 10, 234,
    {41, 42, 49, 59, 322, 56, 435, 62, 200, 101, 268, 260, 165, 80, 54, 129, 302, 0, 17, 18, 5, 262,
     230, 35, 28, 25, 97},
    {11, 202, 228, 186, 1, 13, 15, 231, 3, 20, 8},
    {2, 85, 257, 437, 304, 59, 322, 134, 76, 77, 133, 259, 83, 258, 84, 87, 263, 86, 265, 88, 266,
     82, 264, 316, 16, 49, 42, 62, 200, 234, 129, 297, 424, 72, 44, 46, 307, 41, 43, 288, 47, 434,
     438, 101, 310, 311, 312, 165, 166, 155, 161, 428, 429, 430, 431, 432, 433, 425, 426, 427, 444,
     445, 446, 332, 262, 4, 6, 89, 267, 280, 80, 269, 439, 179, 167, 163, 303, 319}};

// calls.def's numbering (the filter's bit set over WASI calls).
enum {
#define WASI_CALL(name, params, results, c_ret, c_params) kCall_##name,
#include "calls.def"
#undef WASI_CALL
  kNumCalls
};
constexpr uint64_t kAllCalls = (1ull << kNumCalls) - 1;
constexpr uint64_t kHelloCalls = 1ull << kCall_fd_write | 1ull << kCall_fd_seek | 1ull << kCall_fd_close |
                                 1ull << kCall_fd_fdstat_get | 1ull << kCall_proc_exit;
int pid_calls = 0;
uint32_t TestPid() {
  ++pid_calls;
  return kPid;
}

uint32_t Call(const std::vector<shim_sock_filter>& p, uint32_t arch, uint32_t nr,
              std::initializer_list<uint64_t> args = {}) {
  Data d{};
  d.nr = nr;
  d.arch = arch;
  int i = 0;
  for (uint64_t a : args) d.args[i++] = a;
  return Run(p, d);
}

std::vector<shim_sock_filter> Build(const Isa& isa, uint64_t calls, int threads,
                                    int* landlock_redundant = nullptr) {
  std::vector<shim_sock_filter> p(kShimSeccompMaxFilter);
  int n = isa.build(p.data(), calls, threads, TestPid, landlock_redundant);
  CHECK_EQ(n > 0 && n <= kShimSeccompMaxFilter, 1);
  p.resize(n > 0 ? n : 0);
  return p;
}

// Every number 0..1023 is allowed exactly when listed (argument-checked calls
// aside) and decided within `max_steps` instructions; returns the longest run.
int CheckEveryNumber(const Isa& isa, const std::vector<shim_sock_filter>& p,
                     const std::vector<uint32_t>& listed_nrs, const std::vector<uint32_t>& skip) {
  int longest = 0;
  for (uint32_t nr = 0; nr < 1024; ++nr) {
    bool skipped = false, listed = false;
    for (uint32_t s : skip) skipped |= s == nr;
    if (skipped) continue;
    for (uint32_t a : listed_nrs) listed |= a == nr;
    Data d{};
    d.nr = nr;
    d.arch = isa.arch;
    int steps = 0;
    CHECK_EQ(Run(p, d, &steps), listed ? kAllow : kKill);
    if (steps > longest) longest = steps;
  }
  return longest;
}

void Test(const Isa& isa) {
  int before = failures;
  pid_calls = 0;
  std::vector<shim_sock_filter> p = Build(isa, kAllCalls, 1);
  CHECK_EQ(pid_calls, 1);  // tgkill (proc_raise) is checked against the pid
  int n = (int)p.size();
  CHECK_EQ(p[0].code, SHIM_BPF_LD_W_ABS);  // the architecture is the first thing checked
  CHECK_EQ(p[0].k, 4);
  for (uint32_t nr : isa.allowed) {
    CHECK_EQ(Call(p, isa.arch, nr), kAllow);
    CHECK_EQ(Call(p, isa.other_arch, nr), kKill);  // another ABI's numbers mean other calls
  }
  for (uint32_t nr : isa.forbidden) CHECK_EQ(Call(p, isa.arch, nr), kKill);
  // Arguments.
  CHECK_EQ(Call(p, isa.arch, isa.ioctl, {0, 0x541B}), kAllow);  // FIONREAD
  CHECK_EQ(Call(p, isa.arch, isa.ioctl, {0, 0x5401}), kKill);   // TCGETS
  CHECK_EQ(Call(p, isa.arch, isa.mmap, {0, 4096, 3, 0x22, ~0ull, 0}), kAllow);
  CHECK_EQ(Call(p, isa.arch, isa.mmap, {0, 4096, 0, 0x22, ~0ull, 0}), kAllow);
  CHECK_EQ(Call(p, isa.arch, isa.mmap, {0, 4096, 5, 0x22, ~0ull, 0}), kKill);
  CHECK_EQ(Call(p, isa.arch, isa.mprotect, {0, 4096, 3}), kAllow);
  CHECK_EQ(Call(p, isa.arch, isa.mprotect, {0, 4096, 4}), kKill);
  CHECK_EQ(Call(p, isa.arch, isa.tgkill, {kPid, kPid, 6}), kAllow);
  CHECK_EQ(Call(p, isa.arch, isa.tgkill, {1, 1, 9}), kKill);
  CHECK_EQ(Call(p, isa.arch, isa.tgkill, {0, 0, 9}), kKill);
  // clone: only a thread with exactly thread-spawn's flags (forbidden above with flags 0).
  const uint32_t clone = isa.arch == kX64Arch ? 56 : 220;
  CHECK_EQ(Call(p, isa.arch, clone, {0x250f00, 0x1000}), kAllow);
  CHECK_EQ(Call(p, isa.arch, clone, {0x250f00 | 0x10000000, 0x1000}), kKill);  // CLONE_NEWUSER
  CHECK_EQ(Call(p, isa.arch, clone, {0x11, 0}), kKill);                      // fork-like (SIGCHLD)
  // Unknown numbers, and (x86-64) the x32 ABI's.
  CHECK_EQ(Call(p, isa.arch, 999), kKill);
  CHECK_EQ(Call(p, isa.arch, 0x40000000u | isa.allowed[0]), kKill);
  // Every number 0..1023: allowed exactly when listed (the argument-checked calls
  // aside), and decided within a few instructions: the filter is a binary search
  // (wasi-shim/seccomp_filter.c), so the kernel's per-number action cache, filled
  // at installation by running the filter for every number, and each call stay
  // cheap. A plain list of JEQs takes up to ~70 here.
  int longest = CheckEveryNumber(isa, p, isa.allowed, {isa.ioctl, isa.mmap, isa.mprotect, isa.tgkill, clone});
  CHECK_EQ(longest <= 16, 1);
  printf("%s %s seccomp filter (%d instructions, at most %d run per call number)\n",
         failures == before ? "PASS" : "FAIL", isa.name, n, longest);

  // A hello's filter: the runtime's calls and its imports' (writev, lseek) only.
  before = failures;
  pid_calls = 0;
  std::vector<shim_sock_filter> h = Build(isa, kHelloCalls, 0);
  CHECK_EQ(pid_calls, 0);  // no proc_raise: no getpid at start
  longest = CheckEveryNumber(isa, h, isa.hello, {isa.mmap, isa.mprotect});
  CHECK_EQ(longest <= 12, 1);
  CHECK_EQ(Call(h, isa.arch, isa.mmap, {0, 4096, 3, 0x22, ~0ull, 0}), kAllow);
  CHECK_EQ(Call(h, isa.arch, isa.mmap, {0, 4096, 5, 0x22, ~0ull, 0}), kKill);
  CHECK_EQ(Call(h, isa.arch, isa.mprotect, {0, 4096, 4}), kKill);
  CHECK_EQ(Call(h, isa.arch, isa.other_arch == kX64Arch ? 64 : 1), kAllow);  // write (stderr)
  CHECK_EQ(Call(h, isa.other_arch, isa.hello[0]), kKill);
  CHECK_EQ(Call(h, isa.arch, 0x40000000u | isa.hello[0]), kKill);
  // What other imports would allow is killed: ioctl even with FIONREAD
  // (poll_oneoff), tgkill to this process (proc_raise), a thread clone.
  CHECK_EQ(Call(h, isa.arch, isa.ioctl, {0, 0x541B}), kKill);
  CHECK_EQ(Call(h, isa.arch, isa.tgkill, {kPid, kPid, 6}), kKill);
  CHECK_EQ(Call(h, isa.arch, clone, {0x250f00, 0x1000}), kKill);
  CHECK_EQ(h.size() < p.size(), 1);
  printf("%s %s seccomp filter of a hello (%zu instructions, at most %d run per call number)\n",
         failures == before ? "PASS" : "FAIL", isa.name, h.size(), longest);

  // Each WASI call alone: a filter that fits, with the runtime's calls.
  for (int c = 0; c < kNumCalls; ++c) {
    std::vector<shim_sock_filter> one = Build(isa, 1ull << c, 0);
    CHECK_EQ(Call(one, isa.arch, isa.hello[0]), kAllow);  // munmap
  }
}

// Landlock is left out (wasi-shim/sandbox.c) exactly when the builder says the
// filter allows only Landlock-neutral calls; then the filter itself must kill
// every call Landlock governs, whatever its arguments. Checked for every WASI call
// alone, with and without threads, for the union of all those that qualify, for
// a hello (which qualifies: the start-up saving) and for every call at once
// (which does not).
void TestLandlockRedundant(const Isa& isa) {
  int before = failures, qualifying = 0;
  uint64_t neutral_calls = 0;
  auto check = [&](uint64_t calls, int threads) {
    int redundant = -1;
    std::vector<shim_sock_filter> p = Build(isa, calls, threads, &redundant);
    CHECK_EQ(redundant == 0 || redundant == 1, 1);
    if (redundant == 1)
      for (uint32_t nr : isa.landlock_governed) {
        CHECK_EQ(Call(p, isa.arch, nr), kKill);
        CHECK_EQ(Call(p, isa.arch, nr, {kPid, kPid, 6}), kKill);        // tgkill to itself
        CHECK_EQ(Call(p, isa.arch, nr, {0, 0x541B}), kKill);            // ioctl FIONREAD
        CHECK_EQ(Call(p, isa.arch, nr, {3, 8, 0x250f00}), kKill);       // fcntl F_SETOWN
      }
    return redundant;
  };
  for (int c = 0; c < kNumCalls; ++c)
    for (int threads = 0; threads < 2; ++threads)
      if (check(1ull << c, threads) == 1 && threads == 0) {
        neutral_calls |= 1ull << c;
        ++qualifying;
      }
  CHECK_EQ(check(neutral_calls, 1), 1);
  CHECK_EQ(check(kHelloCalls, 0), 1);
  CHECK_EQ(check(kAllCalls, 0), 0);
  CHECK_EQ(check(1ull << kCall_path_open, 0), 0);
  CHECK_EQ(check(1ull << kCall_proc_raise, 0), 0);
  CHECK_EQ(check(1ull << kCall_sock_accept, 0), 0);
  CHECK_EQ(check(kHelloCalls | 1ull << kCall_fd_fdstat_set_flags, 0), 0);  // fcntl
  printf("%s %s Landlock left out for %d of %d WASI calls alone, only under filters that kill the %zu calls it governs\n",
         failures == before ? "PASS" : "FAIL", isa.name, qualifying, (int)kNumCalls,
         isa.landlock_governed.size());
}

// seccomp_calls.def has one line per WASI_CALL of calls.def, in its order.
void TestTableOrder() {
  static const char* const kWasi[] = {
#define WASI_CALL(name, params, results, c_ret, c_params) #name,
#include "calls.def"
#undef WASI_CALL
  };
  static const char* const kTable[] = {
#define SECCOMP_PATH_CALLS(nrs)
#define SECCOMP_RUNTIME(nrs)
#define SECCOMP_THREADS(nrs)
#define SECCOMP_LANDLOCK_NEUTRAL(nrs)
#define SECCOMP_CALL(name, nrs) #name,
#include "seccomp_calls.def"
#undef SECCOMP_LANDLOCK_NEUTRAL
#undef SECCOMP_PATH_CALLS
#undef SECCOMP_CALL
#undef SECCOMP_THREADS
#undef SECCOMP_RUNTIME
  };
  CHECK_EQ(sizeof kTable / sizeof kTable[0], sizeof kWasi / sizeof kWasi[0]);
  for (size_t i = 0; i < sizeof kTable / sizeof kTable[0] && i < sizeof kWasi / sizeof kWasi[0]; ++i)
    if (std::string(kTable[i]) != kWasi[i]) {
      ++failures;
      fprintf(stderr, "FAIL seccomp_calls.def line %zu names %s, calls.def %s\n", i, kTable[i], kWasi[i]);
    }
}

}  // namespace

int main() {
  TestTableOrder();
  Test(kX64);
  Test(kA64);
  TestLandlockRedundant(kX64);
  TestLandlockRedundant(kA64);
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
