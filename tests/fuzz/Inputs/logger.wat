;; The "fuzzing-support" imports of binaryen's fuzz modules (wasm-opt -ttf), for
;; every executor of tests/fuzz/: each call prints one line through spectest's
;; print_i32/print_i64 (wasmc's spec executors provide them; v8_exec.mjs does the
;; same in JavaScript). Floats are printed as their bits, with every NaN made the
;; canonical one: NaN payloads and signs may differ between conforming engines.
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_i64" (func $print_i64 (param i64)))
  (func (export "log-i32") (param i32) (call $print_i32 (local.get 0)))
  (func (export "log-i64") (param i64) (call $print_i64 (local.get 0)))
  (func (export "log-f32") (param f32)
    (call $print_i32
      (select (i32.const 0x7fc00000) (i32.reinterpret_f32 (local.get 0))
              (f32.ne (local.get 0) (local.get 0)))))
  (func (export "log-f64") (param f64)
    (call $print_i64
      (select (i64.const 0x7ff8000000000000) (i64.reinterpret_f64 (local.get 0))
              (f64.ne (local.get 0) (local.get 0))))))
