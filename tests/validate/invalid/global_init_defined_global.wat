;; In 2.0, constant expressions may read only imported globals; 3.0 allows any
;; earlier immutable global, which wasmc does not support yet (exit 6).
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x12: error: global.get of a module-defined global in a constant expression is not supported yet
(module (global i32 (i32.const 0)) (global i32 (global.get 0)))
