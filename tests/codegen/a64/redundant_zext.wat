;; A 32-bit `mov wN, wN` in place (i64.extend_i32_u / i32.wrap_i64 into the same
;; register, a move of a register to itself) zeroes bits 63..32; it is left out where
;; the block's code since its last label proves them zero already: the last write of
;; xN there wrote wN (any W-form data-processing result or W-form load), or was a
;; 64-bit `lsr` by 32..63 / narrow `ubfx` (A64MacroAssembler::UpperHalfZero,
;; ZeroExtendingWrite). A 64-bit load, and a value arriving at a label, keep it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  ;; CHECK-LABEL: wrap_hi (func 0):
  ;; CHECK:       ldr x9, [x27, w1, uxtw]
  ;; CHECK:       lsr x9, x9, 0x20
  ;; CHECK-NOT:   mov w9, w9
  ;; CHECK:       ldr w9, [x27, w9, uxtw]
  (func (export "wrap_hi") (param i32) (result i32)
    (i32.load (i32.wrap_i64 (i64.shr_u (i64.load (local.get 0)) (i64.const 32)))))
  ;; CHECK-LABEL: wrap_ld (func 1):
  ;; CHECK:       ldr x9, [x27, w1, uxtw]
  ;; CHECK:       mov w9, w9
  ;; CHECK:       ldr w9, [x27, w9, uxtw]
  (func (export "wrap_ld") (param i32) (result i32)
    (i32.load (i32.wrap_i64 (i64.load (local.get 0)))))
  ;; CHECK-LABEL: ext_ld (func 2):
  ;; CHECK:       ldr w9, [x27, w1, uxtw]
  ;; CHECK-NOT:   mov w9, w9
  ;; CHECK:       ldr x9, [x27, w9, uxtw]
  (func (export "ext_ld") (param i32) (result i64)
    (i64.load (i32.wrap_i64 (i64.extend_i32_u (i32.load (local.get 0))))))
  ;; CHECK-LABEL: ext_load (func 3):
  ;; CHECK:       ldr w9, [x27, w1, uxtw]
  ;; CHECK-NOT:   mov w9, w9
  ;; CHECK:       mov x0, x9
  (func (export "ext_load") (param i32) (result i64)
    (i64.extend_i32_u (i32.load (local.get 0))))
  ;; CHECK-LABEL: ext_join (func 4):
  ;; CHECK:       mul w9, w9, w1
  ;; CHECK:       mov w9, w9
  ;; CHECK:       mov x0, x9
  (func (export "ext_join") (param i32 i32) (result i64) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (if (local.get 1) (then (local.set 2 (i32.mul (local.get 2) (local.get 0)))))
    (i64.extend_i32_u (local.get 2))))
