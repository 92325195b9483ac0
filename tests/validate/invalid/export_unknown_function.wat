;; An export of a function that does not exist.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: unknown function 3 (export "f")
(module (export "f" (func 3)))
