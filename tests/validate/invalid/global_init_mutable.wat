;; Constant expressions may not read a mutable global.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: constant expression required (global initializer: global.get of mutable global 0)
(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))
