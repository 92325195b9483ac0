;; Imports proc_raise, whose seccomp check (tgkill to this process) needs the pid:
;; its filter is built at start, not embedded (tests/wasi/wall2-link.test).
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $raise (i32.const 0)))
    (call $exit (i32.const 5))))
