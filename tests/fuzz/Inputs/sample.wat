;; A small module in the shape of binaryen's fuzz modules, for replay.test: logging
;; imports, exports with parameters of every type, a trap, a NaN result and memory writes.
(module
  (import "fuzzing-support" "log-i32" (func $log_i32 (param i32)))
  (import "fuzzing-support" "log-i64" (func $log_i64 (param i64)))
  (import "fuzzing-support" "log-f32" (func $log_f32 (param f32)))
  (import "fuzzing-support" "log-f64" (func $log_f64 (param f64)))
  (memory (export "memory") 1 2)
  (func (export "mix") (param i32 i64 f32 f64) (result i64)
    (call $log_i32 (local.get 0))
    (call $log_i64 (local.get 1))
    (call $log_f32 (local.get 2))
    (call $log_f64 (f64.div (local.get 3) (f64.const 0)))
    (i64.store (i32.const 8) (local.get 1))
    (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "trap") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))
