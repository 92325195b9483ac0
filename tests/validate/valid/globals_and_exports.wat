;; Mutable global imports/exports, global.get of an imported immutable global, a start function.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && %wasmc --validate %t.wasm
(module
  (import "m" "g" (global $g i32))
  (import "m" "h" (global $h (mut i64)))
  (global $x i32 (global.get $g))
  (global $y (mut f32) (f32.const 1))
  (memory 1 65536)
  (data (global.get $g) "x")
  (func $start (global.set $y (f32.const 2)) (global.set $h (i64.const 3)))
  (start $start)
  (export "h" (global $h)) (export "y" (global $y)) (export "mem" (memory 0)) (export "start" (func $start))
)
