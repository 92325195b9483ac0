;; data.drop in a module without data segments.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1c: error: unknown data segment 0 (0 data segment(s) in scope)
(module (memory 1) (func (data.drop 0)))
