;; Code after unreachable is still typed: a known operand of the wrong type is an error.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1b: error: type mismatch (i32.add expects i32 but found i64)
(module (func (result i32) (unreachable) (i64.const 0) (i32.add)))
