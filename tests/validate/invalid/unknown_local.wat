;; A local index past params + locals.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1a: error: unknown local 2 (2 local(s) in scope)
(module (func (param i32) (local i64) (drop (local.get 2))))
