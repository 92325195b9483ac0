;; local.set of a value computed just before writes the local directly (no move),
;; and i32 results stay in 32-bit registers.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func (export "f") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.mul (local.get 0) (local.get 1)))
    (local.set 2 (i32.xor (local.get 2) (i32.const 0x55)))
    (local.get 2)))
;; CHECK-LABEL: f (func 0):
;; CHECK:       ; i32.mul
;; CHECK-NEXT:  imul [[L:e[a-z0-9]+]], e{{[a-z0-9]+}}
;; CHECK-NEXT:  ; local.set
;; CHECK-NEXT:  ; local.get
;; CHECK-NEXT:  ; i32.const
;; CHECK-NEXT:  ; i32.xor
;; CHECK-NEXT:  xor [[L]], 0x55
;; CHECK-NEXT:  ; local.set
;; CHECK-NEXT:  ; local.get
;; CHECK-NEXT:  ; end
;; CHECK-NEXT:  mov eax, [[L]]
