;; A global initializer of the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xd: error: type mismatch (global initializer expects i32 but the expression is i64)
(module (global i32 (i64.const 0)))
