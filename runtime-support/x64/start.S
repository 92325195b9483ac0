/* x86-64 entry points of the freestanding runtime (see docs/runtime.md). */
  .text

/* The process entry: the kernel leaves argc at (%rsp), then argv, NULL, envp. */
  .globl _start
  .type _start, @function
_start:
  xor %ebp, %ebp            /* end of the frame-pointer chain */
  mov %rsp, %rdi            /* wasmc_rt_start(initial_sp) */
  and $-16, %rsp
  call wasmc_rt_start
  ud2
  .size _start, . - _start

/* void wasmc_rt_switch_stack(void* top, void (*fn)(void*), void* arg): runs
 * fn(arg) on a new stack with an empty frame chain; fn never returns. */
  .globl wasmc_rt_switch_stack
  .type wasmc_rt_switch_stack, @function
wasmc_rt_switch_stack:
  mov %rdi, %rsp
  xor %ebp, %ebp
  mov %rdx, %rdi
  call *%rsi
  ud2
  .size wasmc_rt_switch_stack, . - wasmc_rt_switch_stack

/* SA_RESTORER trampoline: signal handlers return through rt_sigreturn (15). */
  .globl wasmc_rt_sigreturn
  .type wasmc_rt_sigreturn, @function
wasmc_rt_sigreturn:
  mov $15, %eax
  syscall
  ud2
  .size wasmc_rt_sigreturn, . - wasmc_rt_sigreturn

  .section .note.GNU-stack, "", @progbits
