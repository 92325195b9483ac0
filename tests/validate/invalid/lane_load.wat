;; v128.load8_lane with lane 16.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x31: error: invalid lane index (lane 16 of 16)
(module (memory 1) (func (result v128) (v128.load8_lane 16 (i32.const 0) (v128.const i64x2 0 0))))
