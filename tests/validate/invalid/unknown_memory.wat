;; A load without a memory.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x19: error: unknown memory 0 (0 memory(s) in scope)
(module (func (drop (i32.load (i32.const 0)))))
