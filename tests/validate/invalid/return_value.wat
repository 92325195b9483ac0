;; return with the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1a: error: type mismatch (return expects i32 but found i64)
(module (func (result i32) (return (i64.const 0))))
