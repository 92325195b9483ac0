/* AArch64 entry points of the freestanding runtime (see docs/runtime.md). */
  .text

/* The process entry: the kernel leaves argc at [sp], then argv, NULL, envp. */
  .globl _start
  .type _start, %function
_start:
  mov x29, #0               /* end of the frame-pointer chain */
  mov x30, #0
  mov x0, sp                /* wasmc_rt_start(initial_sp) */
  bl wasmc_rt_start
  brk #1
  .size _start, . - _start

/* void wasmc_rt_switch_stack(void* top, void (*fn)(void*), void* arg): runs
 * fn(arg) on a new stack with an empty frame chain; fn never returns. */
  .globl wasmc_rt_switch_stack
  .type wasmc_rt_switch_stack, %function
wasmc_rt_switch_stack:
  mov sp, x0
  mov x29, #0
  mov x30, #0
  mov x0, x2
  blr x1
  brk #1
  .size wasmc_rt_switch_stack, . - wasmc_rt_switch_stack

/* Unused on AArch64 (the kernel's vDSO trampoline returns from handlers);
 * defined so shared code links on both ISAs. */
  .globl wasmc_rt_sigreturn
  .type wasmc_rt_sigreturn, %function
wasmc_rt_sigreturn:
  mov x8, #139
  svc #0
  brk #1
  .size wasmc_rt_sigreturn, . - wasmc_rt_sigreturn

  .section .note.GNU-stack, "", %progbits
