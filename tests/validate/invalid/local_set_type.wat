;; local.set of the wrong type.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1b: error: type mismatch (local.set expects f32 but found i32)
(module (func (local f32) (local.set 0 (i32.const 0))))
