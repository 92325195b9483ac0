;; Imports a WASI call outside wasi-shim/calls_min.def (tests/cli/size.test): the
;; executable must get the full runtime image.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $poll (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
    (call $exit (i32.const 7))))
