;; An elem segment whose type differs from its table.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1b: error: type mismatch (elem segment of (ref func) for a table of externref)
(module (table 1 externref) (func) (elem (table 0) (i32.const 0) func 0))
