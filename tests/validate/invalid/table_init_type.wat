;; table.init of funcref elements into an externref table.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x2c: error: type mismatch (table.init: the elem segment's type differs from the table's)
(module (table 1 externref) (elem funcref (ref.null func)) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))
