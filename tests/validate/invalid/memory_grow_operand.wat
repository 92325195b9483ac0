;; memory.grow takes an i32.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1e: error: type mismatch (memory.grow expects i32 but found i64)
(module (memory 1) (func (drop (memory.grow (i64.const 1)))))
