;; select without a type cannot pick references.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: type mismatch (select without a type cannot select funcref)
(module (func (param funcref funcref) (drop (select (local.get 0) (local.get 1) (i32.const 1)))))
