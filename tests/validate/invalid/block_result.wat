;; A function body that leaves the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1a: error: type mismatch (end expects i32 but found i64)
(module (func (result i32) (i64.const 1)))
