/* The seccomp filter of wall 2 as data: classic BPF over struct seccomp_data.
 * Pure (no system calls, no ISA headers), so the filter of either ISA can be
 * built and run through a BPF interpreter on any host (tests/wasi/
 * seccomp_filter_test.cc). seccomp_filter.c builds it; sandbox.c installs it. */
#ifndef WASMC_WASI_SECCOMP_FILTER_H_
#define WASMC_WASI_SECCOMP_FILTER_H_

#include <stdint.h>

#define SHIM_SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SHIM_SECCOMP_RET_ERRNO 0x00050000u
#define SHIM_SECCOMP_RET_ALLOW 0x7fff0000u
struct shim_sock_filter { uint16_t code; uint8_t jt; uint8_t jf; uint32_t k; };
struct shim_sock_fprog { uint16_t len; uint16_t pad[3]; const struct shim_sock_filter* filter; };
#define SHIM_AUDIT_ARCH_X86_64 0xc000003eu
#define SHIM_AUDIT_ARCH_AARCH64 0xc00000b7u

/* The classic BPF instructions the filter uses. */
#define SHIM_BPF_LD_W_ABS 0x20  /* BPF_LD | BPF_W | BPF_ABS: A = data[k] */
#define SHIM_BPF_JEQ_K 0x15     /* BPF_JMP | BPF_JEQ | BPF_K */
#define SHIM_BPF_JGE_K 0x35     /* BPF_JMP | BPF_JGE | BPF_K */
#define SHIM_BPF_JSET_K 0x45    /* BPF_JMP | BPF_JSET | BPF_K */
#define SHIM_BPF_RET_K 0x06     /* BPF_RET | BPF_K */

/* struct seccomp_data offsets: nr, arch, then args[i] (64-bit; low half first). */
#define SHIM_SECCOMP_NR 0
#define SHIM_SECCOMP_ARCH 4
#define SHIM_SECCOMP_ARG_LO(i) (16 + 8 * (i))
#define SHIM_SECCOMP_ARG_HI(i) (20 + 8 * (i))

enum { kShimSeccompMaxFilter = 256 };

#ifdef __cplusplus
extern "C" {
#endif
/* Writes the filter for this build's ISA into `prog` (kShimSeccompMaxFilter
 * entries); returns its length, or -1 if it does not fit (more instructions, or
 * a jump longer than classic BPF's 255). It allows the runtime's system calls,
 * those of the WASI calls in `calls` (bit i: the i-th WASI_CALL of calls.def;
 * their system calls are listed in seccomp_calls.def) and, when `threads`,
 * those of wasi-threads. `pid` is called (once) only when a call checks that its
 * target is this process (tgkill, for proc_raise). `*landlock_redundant` (when
 * not NULL) is set to 1 when every call the filter allows is in
 * seccomp_calls.def's SECCOMP_LANDLOCK_NEUTRAL (Landlock would add nothing),
 * else 0. Hosted test builds also compile it as ShimBuildSeccompFilterX64 and
 * ShimBuildSeccompFilterA64. */
int ShimBuildSeccompFilter(struct shim_sock_filter* prog, uint64_t calls, int threads,
                           uint32_t (*pid)(void), int* landlock_redundant);
int ShimBuildSeccompFilterX64(struct shim_sock_filter* prog, uint64_t calls, int threads,
                              uint32_t (*pid)(void), int* landlock_redundant);
int ShimBuildSeccompFilterA64(struct shim_sock_filter* prog, uint64_t calls, int threads,
                              uint32_t (*pid)(void), int* landlock_redundant);
#ifdef __cplusplus
}
#endif

#endif /* WASMC_WASI_SECCOMP_FILTER_H_ */
