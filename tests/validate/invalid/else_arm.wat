;; The then arm leaves the wrong type at else.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x21: error: type mismatch (else expects i32 but found f32)
(module (func (result i32) (if (result i32) (i32.const 1) (then (f32.const 1)) (else (i32.const 1)))))
