;; select of two different types.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x24: error: type mismatch (select of i32 and f64)
(module (func (drop (select (i32.const 0) (f64.const 1) (i32.const 1)))))
