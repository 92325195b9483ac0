;; A global index past the global index space.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1f: error: unknown global 1 (1 global(s) in scope)
(module (global i32 (i32.const 0)) (func (drop (global.get 1))))
