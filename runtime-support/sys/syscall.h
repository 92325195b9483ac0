/* Raw Linux system calls for the freestanding runtime and the WASI shim.
 *
 *   long wasmc_syscall0..6(long nr, long a, ...)   -- inline, per ISA
 *   WASMC_NR_<name>                                 -- the ISA's call numbers
 *
 * Contract: the result is the kernel's raw return value; a value in
 * [-4095, -1] is -errno (see wasmc_sys_failed). Nothing here touches errno or
 * any libc state, so these are safe in signal handlers and before start-up.
 * Per-ISA definitions live in x64/ and a64/; adding a target adds a branch here. */
#ifndef WASMC_SYS_SYSCALL_H_
#define WASMC_SYS_SYSCALL_H_

#if defined(__x86_64__)
#include "x64/nr.h"
#include "x64/syscall_arch.h"
#elif defined(__aarch64__)
#include "a64/nr.h"
#include "a64/syscall_arch.h"
#else
#error "wasmc runtime: unsupported ISA (x86-64 and AArch64 only)"
#endif

static inline int wasmc_sys_failed(long r) { return (unsigned long)r > -4096ul; }

#endif /* WASMC_SYS_SYSCALL_H_ */
