;; Two exports with one name.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x19: error: duplicate export name ("a")
(module (func) (export "a" (func 0)) (export "a" (func 0)))
