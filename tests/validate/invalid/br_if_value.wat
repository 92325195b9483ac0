;; br_if: the carried value must match the label.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1e: error: type mismatch (br_if expects i32 but found i64)
(module (func (result i32) (block (result i32) (br_if 0 (i64.const 0) (i32.const 1)))))
