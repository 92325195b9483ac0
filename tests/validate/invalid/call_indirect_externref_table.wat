;; call_indirect through a table of externref.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: type mismatch (call_indirect through a table that does not hold funcref)
(module (type $t (func)) (table 1 externref) (func (call_indirect (type $t) (i32.const 0))))
