/* Kernel ABI structures and constants that differ on x86-64. Included by
 * sys/kernel.h only; every definition here has a twin in a64/kernel_arch.h. */
#ifndef WASMC_X64_KERNEL_ARCH_H_
#define WASMC_X64_KERNEL_ARCH_H_

#include <stdint.h>

/* struct stat as filled by fstat/newfstatat (144 bytes). */
struct wasmc_kstat {
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_nlink;
  uint32_t st_mode;
  uint32_t st_uid;
  uint32_t st_gid;
  uint32_t pad0;
  uint64_t st_rdev;
  int64_t st_size;
  int64_t st_blksize;
  int64_t st_blocks;
  int64_t st_atime_sec, st_atime_nsec;
  int64_t st_mtime_sec, st_mtime_nsec;
  int64_t st_ctime_sec, st_ctime_nsec;
  int64_t unused[3];
};

/* open(2) flags whose values are ISA-specific. */
#define WASMC_O_DIRECTORY 0200000
#define WASMC_O_NOFOLLOW 0400000
#define WASMC_O_DIRECT 040000
#define WASMC_O_LARGEFILE 0100000

/* struct sigcontext (general registers, as the kernel saves them on signal entry). */
struct wasmc_ksigcontext {
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
  uint16_t cs, gs, fs, ss;
  uint64_t err, trapno, oldmask, cr2;
  uint64_t fpstate;  /* pointer to the saved FP state */
  uint64_t reserved1[8];
};

struct wasmc_kucontext {
  uint64_t uc_flags;
  struct wasmc_kucontext* uc_link;
  struct wasmc_kstack uc_stack;
  struct wasmc_ksigcontext uc_mcontext;
  uint64_t uc_sigmask;
};

/* The registers the trap handler reads, by name for shared code. */
#define WASMC_UC_PC(uc) ((uc)->uc_mcontext.rip)
#define WASMC_UC_SP(uc) ((uc)->uc_mcontext.rsp)
#define WASMC_UC_FP(uc) ((uc)->uc_mcontext.rbp)

/* x86-64 requires SA_RESTORER with a trampoline that calls rt_sigreturn. */
#define WASMC_NEEDS_SA_RESTORER 1

#endif /* WASMC_X64_KERNEL_ARCH_H_ */
