;; The label of a loop carries its params.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x23: error: type mismatch (br expects i32 but found i64)
(module (type $t (func (param i32) (result i64))) (func (result i64) (i32.const 1) (loop (type $t) (br 0 (i64.const 0)))))
