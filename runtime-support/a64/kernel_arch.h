/* Kernel ABI structures and constants that differ on AArch64. Included by
 * sys/kernel.h only; every definition here has a twin in x64/kernel_arch.h. */
#ifndef WASMC_A64_KERNEL_ARCH_H_
#define WASMC_A64_KERNEL_ARCH_H_

#include <stdint.h>

/* struct stat as filled by fstat/newfstatat (asm-generic layout, 128 bytes). */
struct wasmc_kstat {
  uint64_t st_dev;
  uint64_t st_ino;
  uint32_t st_mode;
  uint32_t st_nlink;
  uint32_t st_uid;
  uint32_t st_gid;
  uint64_t st_rdev;
  uint64_t pad1;
  int64_t st_size;
  int32_t st_blksize;
  int32_t pad2;
  int64_t st_blocks;
  int64_t st_atime_sec, st_atime_nsec;
  int64_t st_mtime_sec, st_mtime_nsec;
  int64_t st_ctime_sec, st_ctime_nsec;
  uint32_t unused4, unused5;
};

/* open(2) flags whose values are ISA-specific. */
#define WASMC_O_DIRECTORY 040000
#define WASMC_O_NOFOLLOW 0100000
#define WASMC_O_DIRECT 0200000
#define WASMC_O_LARGEFILE 0400000

/* struct sigcontext: the fault address, x0..x30, sp, pc, pstate, then the
 * extension records (FP/SIMD state) in __reserved. */
struct wasmc_ksigcontext {
  uint64_t fault_address;
  uint64_t regs[31];
  uint64_t sp;
  uint64_t pc;
  uint64_t pstate;
  uint8_t reserved[4096] __attribute__((aligned(16)));
};

struct wasmc_kucontext {
  uint64_t uc_flags;
  struct wasmc_kucontext* uc_link;
  struct wasmc_kstack uc_stack;
  uint64_t uc_sigmask;
  uint8_t unused[1024 / 8 - sizeof(uint64_t)];
  struct wasmc_ksigcontext uc_mcontext __attribute__((aligned(16)));
};

#define WASMC_UC_PC(uc) ((uc)->uc_mcontext.pc)
#define WASMC_UC_SP(uc) ((uc)->uc_mcontext.sp)
#define WASMC_UC_FP(uc) ((uc)->uc_mcontext.regs[29])

/* AArch64 returns from handlers through the vDSO trampoline; no SA_RESTORER. */
#define WASMC_NEEDS_SA_RESTORER 0

#endif /* WASMC_A64_KERNEL_ARCH_H_ */
