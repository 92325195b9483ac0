/* Raw Linux system calls on AArch64: number in x8, arguments in x0..x5, result
 * in x0 (a negative errno on failure). Included by sys/syscall.h only.
 *
 * One wrapper issues the svc; the shorter ones pass zero for the arguments
 * they do not have (the kernel does not read the registers of arguments a
 * system call does not take). */
#ifndef WASMC_A64_SYSCALL_ARCH_H_
#define WASMC_A64_SYSCALL_ARCH_H_

static inline long wasmc_syscall6(long nr, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
  return x0;
}
static inline long wasmc_syscall5(long nr, long a, long b, long c, long d, long e) {
  return wasmc_syscall6(nr, a, b, c, d, e, 0);
}
static inline long wasmc_syscall4(long nr, long a, long b, long c, long d) {
  return wasmc_syscall6(nr, a, b, c, d, 0, 0);
}
static inline long wasmc_syscall3(long nr, long a, long b, long c) {
  return wasmc_syscall6(nr, a, b, c, 0, 0, 0);
}
static inline long wasmc_syscall2(long nr, long a, long b) {
  return wasmc_syscall6(nr, a, b, 0, 0, 0, 0);
}
static inline long wasmc_syscall1(long nr, long a) { return wasmc_syscall6(nr, a, 0, 0, 0, 0, 0); }
static inline long wasmc_syscall0(long nr) { return wasmc_syscall6(nr, 0, 0, 0, 0, 0, 0); }

#endif /* WASMC_A64_SYSCALL_ARCH_H_ */
