;; A function using v128 gets a clear diagnostic at the operator's offset.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: not %wasmc -c %t.wasm -o %t.o 2>&1 | FileCheck %s
(module
  (func (export "f") (result i32)
    (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))
;; CHECK: .wasm:0x{{[0-9a-f]+}}: error: SIMD (v128) is not supported yet
