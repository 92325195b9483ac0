;; A branch carrying a value of the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: type mismatch (br expects i32 but found f32)
(module (func (result i32) (block (result i32) (br 0 (f32.const 0)))))
