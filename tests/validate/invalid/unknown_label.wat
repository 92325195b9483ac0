;; A branch past the function frame.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: unknown label 1 (1 label(s) in scope)
(module (func (br 1)))
