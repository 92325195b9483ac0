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

/* long wasmc_rt_clone_thread(unsigned long flags, void* top, void (*fn)(void*),
 * void* arg, int* child_tid): clone(220) a thread that runs fn(arg) on the stack
 * ending at `top` with an empty frame chain and exits when fn returns (the kernel
 * then zeroes *child_tid, CLONE_CHILD_CLEARTID). Returns the new thread's id or
 * -errno in the caller. */
  .globl wasmc_rt_clone_thread
  .type wasmc_rt_clone_thread, %function
wasmc_rt_clone_thread:
  and x1, x1, #-16
  stp x2, x3, [x1, #-16]!   /* fn and arg travel on the child's stack */
  mov x8, #220
  mov x2, #0                /* parent_tid, tls: unused; x4 = child_tid */
  mov x3, #0
  svc #0
  cbnz x0, 1f
  ldp x1, x0, [sp], #16     /* the child: sp = the new stack */
  mov x29, #0
  mov x30, #0
  blr x1
  mov x8, #93               /* exit(0): this thread only */
  mov x0, #0
  svc #0
  brk #1
1:
  ret
  .size wasmc_rt_clone_thread, . - wasmc_rt_clone_thread

  .section .note.GNU-stack, "", %progbits
