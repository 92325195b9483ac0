;; In 2.0, constant expressions may read only imported globals.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x12: error: unknown global 0 (global initializer: constant expressions may read only the 0 imported global(s))
(module (global i32 (i32.const 0)) (global i32 (global.get 0)))
