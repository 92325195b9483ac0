# wasi_thread_start(tid, arg): arg points at {stack top, index}; set this thread's
# C stack pointer, then call thread_body(tid, arg).
  .globaltype __stack_pointer, i32
  .functype thread_body (i32, i32) -> ()
  .globl wasi_thread_start
  .export_name wasi_thread_start, wasi_thread_start
  .type wasi_thread_start,@function
wasi_thread_start:
  .functype wasi_thread_start (i32, i32) -> ()
  local.get 1
  i32.load 0
  global.set __stack_pointer
  local.get 0
  local.get 1
  call thread_body
  end_function
