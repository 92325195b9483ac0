;; Only re-exported imports: needs no function code generator (object-symbols.test).
(module
  (import "env" "ext" (func $ext (param i32) (result i32)))
  (export "re-exported" (func $ext))
  (export "my_fn" (func $ext))
  (memory (export "mem") 1))
