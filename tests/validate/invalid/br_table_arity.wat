;; br_table targets with different arities.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: type mismatch (br_table targets carry 0 and 1 values)
(module (func (block (result i32) (block (br_table 0 1 (i32.const 0) (i32.const 1))) (i32.const 0)) (drop)))
