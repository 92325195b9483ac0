;; An imported function with a type index past the type section.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: unknown type 3 (the module has 0 type(s))
(module (import "m" "f" (func (type 3))))
