/* Raw Linux system calls on AArch64: number in x8, arguments in x0..x5, result
 * in x0 (a negative errno on failure). Included by sys/syscall.h only. */
#ifndef WASMC_A64_SYSCALL_ARCH_H_
#define WASMC_A64_SYSCALL_ARCH_H_

static inline long wasmc_syscall0(long nr) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0");
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}
static inline long wasmc_syscall1(long nr, long a) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0) : "memory");
  return x0;
}
static inline long wasmc_syscall2(long nr, long a, long b) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0), "r"(x1) : "memory");
  return x0;
}
static inline long wasmc_syscall3(long nr, long a, long b, long c) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static inline long wasmc_syscall4(long nr, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}
static inline long wasmc_syscall5(long nr, long a, long b, long c, long d, long e) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  __asm__ volatile("svc 0" : "=r"(x0) : "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
  return x0;
}
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

#endif /* WASMC_A64_SYSCALL_ARCH_H_ */
