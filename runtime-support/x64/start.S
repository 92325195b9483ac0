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

/* long wasmc_rt_clone_thread(unsigned long flags, void* top, void (*fn)(void*),
 * void* arg, int* child_tid): clone(56) a thread that runs fn(arg) on the stack
 * ending at `top` with an empty frame chain and exits when fn returns (the kernel
 * then zeroes *child_tid, CLONE_CHILD_CLEARTID). Returns the new thread's id or
 * -errno in the caller. */
  .globl wasmc_rt_clone_thread
  .type wasmc_rt_clone_thread, @function
wasmc_rt_clone_thread:
  and $-16, %rsi
  sub $16, %rsi
  mov %rdx, (%rsi)          /* fn and arg travel on the child's stack */
  mov %rcx, 8(%rsi)
  mov $56, %eax
  xor %edx, %edx            /* parent_tid, tls: unused */
  mov %r8, %r10             /* child_tid */
  xor %r8d, %r8d
  syscall
  test %rax, %rax
  jnz 1f
  xor %ebp, %ebp            /* the child: rsp = the new stack */
  pop %rax
  pop %rdi
  call *%rax
  mov $60, %eax             /* exit(0): this thread only */
  xor %edi, %edi
  syscall
  ud2
1:
  ret
  .size wasmc_rt_clone_thread, . - wasmc_rt_clone_thread

  .section .note.GNU-stack, "", @progbits
