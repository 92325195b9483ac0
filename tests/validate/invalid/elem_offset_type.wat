;; An elem segment offset must be i32.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x12: error: type mismatch (elem segment offset expects i32 but the expression is i64)
(module (table 1 funcref) (elem (i64.const 0) func))
