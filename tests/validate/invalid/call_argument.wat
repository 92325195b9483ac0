;; A call with an argument of the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x21: error: type mismatch (call expects i64 but found i32)
(module (func $f (param i64)) (func (call $f (i32.const 0))))
