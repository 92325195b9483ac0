;; ref.is_null of a number.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x19: error: type mismatch (ref.is_null of i32)
(module (func (drop (ref.is_null (i32.const 0)))))
