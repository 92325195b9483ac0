;; Table limits with min > max.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: size minimum must not be greater than maximum (table minimum 2 > maximum 1)
(module (table 2 1 funcref))
