;; table.copy between tables of different element types.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x26: error: type mismatch (table.copy between tables of different element types)
(module (table 1 externref) (table 1 funcref) (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))
