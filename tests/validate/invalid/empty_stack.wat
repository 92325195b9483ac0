;; Too few operands.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x19: error: type mismatch (i32.add expects i32 but the stack is empty)
(module (func (drop (i32.add (i32.const 1)))))
