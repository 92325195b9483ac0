;; A SIMD operator given a scalar.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x2c: error: type mismatch (i32x4.add expects v128 but found i32)
(module (func (result v128) (i32x4.add (v128.const i64x2 0 0) (i32.const 0))))
