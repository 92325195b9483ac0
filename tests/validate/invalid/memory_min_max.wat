;; Limits with min > max.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: size minimum must not be greater than maximum (memory minimum 2 > maximum 1)
(module (memory 2 1))
