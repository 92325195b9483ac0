;; The wasm-internal convention on x86-64 (docs/backend.md "Calls between wasm
;; functions"): an f64 live across a direct call of a wasm function stays in one of
;; xmm8-xmm14, which the function saves (all 128 bits) after its stack check and
;; restores before it returns; a function that may call C code (here an import)
;; saves all seven, since C may clobber what its own wasm caller keeps there, and
;; keeps its f64 across the C call in a slot.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (import "env" "h" (func $h))
  (func $rec (param f64) (result f64)
    (if (result f64) (f64.lt (local.get 0) (f64.const 1))
      (then (local.get 0)) (else (call $rec (f64.mul (local.get 0) (f64.const 0.5))))))
  (func (export "keep") (param $x f64) (result f64)
    (f64.add (call $rec (local.get $x)) (local.get $x)))
  (func (export "callsc") (param $x f64) (result f64)
    (call $h) (local.get $x)))
;; CHECK-LABEL: keep (func 2):
;; CHECK:       jb
;; CHECK-NEXT:  movups [rsp], xmm8
;; CHECK-NEXT:  movaps xmm8, xmm0
;; CHECK-NOT:   movups
;; CHECK:       call
;; CHECK:       movaps xmm2, xmm0
;; CHECK:       addsd xmm2, xmm8
;; CHECK:       movups xmm8, [rsp]
;; CHECK-NEXT:  mov rsp, rbp
;; CHECK-LABEL: callsc (func 3):
;; CHECK:       jb
;; CHECK-NEXT:  movups [rsp+0x10], xmm8
;; CHECK-NEXT:  movups [rsp+0x20], xmm9
;; CHECK-NEXT:  movups [rsp+0x30], xmm10
;; CHECK-NEXT:  movups [rsp+0x40], xmm11
;; CHECK-NEXT:  movups [rsp+0x50], xmm12
;; CHECK-NEXT:  movups [rsp+0x60], xmm13
;; CHECK-NEXT:  movups [rsp+0x70], xmm14
;; CHECK-NEXT:  movsd [rsp], xmm0
;; CHECK:       call [rax]
;; CHECK:       movsd xmm0, qword ptr [rsp]
;; CHECK-NEXT:  movups xmm8, [rsp+0x10]
;; CHECK:       movups xmm14, [rsp+0x70]
;; CHECK-NEXT:  mov rsp, rbp
