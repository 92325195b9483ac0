;; A module using runtime helpers a hello does not (tests/cli/size.test): the
;; per-module section GC of the runtime must keep them. Exits with 10.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 4 funcref)
  (func $f)
  (elem declare func $f)
  (memory 1 1 shared)
  (func (export "_start")
    (table.fill $t (i32.const 1) (ref.func $f) (i32.const 2))
    (call $exit
      (i32.add
        (i32.add (i32.mul (i32.const 10) (ref.is_null (table.get $t (i32.const 0))))
                 (ref.is_null (table.get $t (i32.const 2))))
        (memory.atomic.notify (i32.const 0) (i32.const 1))))))
