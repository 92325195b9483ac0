;; A multi-value block type: params come from the stack.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x22: error: type mismatch (block expects i64 but found i32)
(module (type $t (func (param i32 i64) (result i32))) (func (result i32) (i32.const 1) (i32.const 2) (block (type $t) (drop))))
