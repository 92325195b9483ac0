;; global.set of an immutable global.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x21: error: global is immutable (global.set of immutable global 0)
(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))
