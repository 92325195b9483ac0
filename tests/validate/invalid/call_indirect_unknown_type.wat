;; call_indirect with a type index past the type section.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: unknown type 9 (1 type(s) in scope)
(module (table 1 funcref) (func (call_indirect (type 9) (i32.const 0))))
