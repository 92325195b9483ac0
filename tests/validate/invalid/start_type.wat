;; A start function must have type [] -> [].
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x15: error: start function (the start function must have type [] -> [])
(module (func $s (param i32)) (start $s))
