;; An active elem segment for a table that does not exist.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x15: error: unknown table 0 (active elem segment; the module has 0 table(s))
(module (func) (elem (i32.const 0) func 0))
