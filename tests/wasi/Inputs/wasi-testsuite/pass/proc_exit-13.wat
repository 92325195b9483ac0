;; The adapter interface's own check: proc_exit's code is the adapter's exit code.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 0)
  (func (export "_start") (call $exit (i32.const 13))))
