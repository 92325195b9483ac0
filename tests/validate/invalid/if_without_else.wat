;; An if without else whose params and results differ.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1e: error: type mismatch (an if without else must have equal params and results)
(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))
