;; A call to a function that does not exist.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: unknown function 5 (1 function(s) in scope)
(module (func (call 5)))
