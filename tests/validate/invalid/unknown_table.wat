;; A table operator on a table that does not exist.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: unknown table 3 (0 table(s) in scope)
(module (func (drop (table.size 3))))
