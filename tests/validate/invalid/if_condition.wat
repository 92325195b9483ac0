;; The condition of if must be i32.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x19: error: type mismatch (if expects i32 but found i64)
(module (func (if (i64.const 1) (then))))
