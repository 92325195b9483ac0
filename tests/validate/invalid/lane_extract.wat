;; An i32x4 lane index of 4.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x2a: error: invalid lane index (lane 4 of 4)
(module (func (result i32) (i32x4.extract_lane 4 (v128.const i32x4 0 0 0 0))))
