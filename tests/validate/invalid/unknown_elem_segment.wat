;; elem.drop of an elem segment that does not exist.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: unknown elem segment 0 (0 elem segment(s) in scope)
(module (func (elem.drop 0)))
