;; An operand of the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1c: error: type mismatch (i32.add expects i32 but found i64)
(module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))
