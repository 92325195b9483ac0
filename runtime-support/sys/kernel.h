/* Linux kernel ABI types and constants shared by the runtime and the WASI shim.
 * Values that are the same on x86-64 and AArch64 are here; the ones that differ
 * (struct stat, ucontext/sigcontext, some open flags) come from
 * <isa>/kernel_arch.h. Names are prefixed so they never clash with a libc
 * header in hosted builds. Additive changes only. */
#ifndef WASMC_SYS_KERNEL_H_
#define WASMC_SYS_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

struct wasmc_ktimespec { int64_t tv_sec; int64_t tv_nsec; };
struct wasmc_kiovec { void* iov_base; uint64_t iov_len; };
struct wasmc_krlimit { uint64_t rlim_cur; uint64_t rlim_max; };
struct wasmc_kstack { void* ss_sp; int32_t ss_flags; int32_t pad; uint64_t ss_size; };
/* The kernel's struct sigaction for rt_sigaction (sigset is 8 bytes). */
struct wasmc_ksigaction {
  void* handler;
  uint64_t flags;
  void (*restorer)(void);
  uint64_t mask;
};
/* siginfo_t: only the fields the runtime reads. */
struct wasmc_ksiginfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t pad;
  uint64_t si_addr;  /* SIGSEGV/SIGBUS/SIGFPE/SIGILL: fault address */
  uint8_t rest[128 - 24];
};

#if defined(__x86_64__)
#include "x64/kernel_arch.h"
#elif defined(__aarch64__)
#include "a64/kernel_arch.h"
#endif

/* errno values (asm-generic/errno-base.h + errno.h; identical on both ISAs). */
#define WASMC_EPERM 1
#define WASMC_ENOENT 2
#define WASMC_EINTR 4
#define WASMC_EIO 5
#define WASMC_EBADF 9
#define WASMC_EAGAIN 11
#define WASMC_ENOMEM 12
#define WASMC_EACCES 13
#define WASMC_EFAULT 14
#define WASMC_EEXIST 17
#define WASMC_ENOTDIR 20
#define WASMC_EISDIR 21
#define WASMC_EINVAL 22
#define WASMC_ENOSPC 28
#define WASMC_ESPIPE 29
#define WASMC_ENOSYS 38
#define WASMC_ELOOP 40
#define WASMC_EOPNOTSUPP 95
#define WASMC_EXDEV 18

/* mmap / mprotect / madvise */
#define WASMC_PROT_NONE 0
#define WASMC_PROT_READ 1
#define WASMC_PROT_WRITE 2
#define WASMC_PROT_EXEC 4
#define WASMC_MAP_SHARED 0x01
#define WASMC_MAP_PRIVATE 0x02
#define WASMC_MAP_FIXED 0x10
#define WASMC_MAP_ANONYMOUS 0x20
#define WASMC_MAP_NORESERVE 0x4000
#define WASMC_MAP_STACK 0x20000
#define WASMC_MADV_DONTNEED 4

/* Signals */
#define WASMC_SIGILL 4
#define WASMC_SIGTRAP 5
#define WASMC_SIGABRT 6
#define WASMC_SIGBUS 7
#define WASMC_SIGFPE 8
#define WASMC_SIGKILL 9
#define WASMC_SIGSEGV 11
#define WASMC_SIGPIPE 13
#define WASMC_SA_SIGINFO 0x4
#define WASMC_SA_ONSTACK 0x08000000
#define WASMC_SA_RESTORER 0x04000000
#define WASMC_SA_NODEFER 0x40000000
#define WASMC_SIG_BLOCK 0
#define WASMC_SIG_UNBLOCK 1
#define WASMC_SIG_SETMASK 2
#define WASMC_SS_DISABLE 2
#define WASMC_FPE_INTDIV 1
#define WASMC_FPE_INTOVF 2

/* Resource limits */
#define WASMC_RLIMIT_STACK 3
#define WASMC_RLIMIT_NOFILE 7

/* open(2) flags common to both ISAs (see <isa>/kernel_arch.h for the rest). */
#define WASMC_O_RDONLY 0
#define WASMC_O_WRONLY 1
#define WASMC_O_RDWR 2
#define WASMC_O_CREAT 0100
#define WASMC_O_EXCL 0200
#define WASMC_O_NOCTTY 0400
#define WASMC_O_TRUNC 01000
#define WASMC_O_APPEND 02000
#define WASMC_O_NONBLOCK 04000
#define WASMC_O_DSYNC 010000
#define WASMC_O_SYNC 04010000
#define WASMC_O_CLOEXEC 02000000
#define WASMC_O_PATH 010000000
#define WASMC_AT_FDCWD (-100)
#define WASMC_AT_SYMLINK_NOFOLLOW 0x100
#define WASMC_AT_REMOVEDIR 0x200
#define WASMC_AT_EMPTY_PATH 0x1000

/* Clocks */
#define WASMC_CLOCK_REALTIME 0
#define WASMC_CLOCK_MONOTONIC 1
/* clone flags of a wasi-threads thread: CLONE_VM | CLONE_FS | CLONE_FILES |
 * CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID (the kernel
 * zeroes a word when the thread has exited, so its stacks can be reused; the seccomp
 * filter allows exactly these). */
#define WASMC_CLONE_THREAD_FLAGS 0x250f00
#define WASMC_CLOCK_PROCESS_CPUTIME_ID 2
#define WASMC_CLOCK_THREAD_CPUTIME_ID 3

#endif /* WASMC_SYS_KERNEL_H_ */
