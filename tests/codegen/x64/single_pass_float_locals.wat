;; The -O0 single-pass tier's f32/f64 locals in registers (compiler/lower/single_pass.cc,
;; ChooseRegLocals; docs/backend.md "-O0: the single-pass tier"):
;; - the first float locals that are not params, then the float params, live in the
;;   wasm convention's xmm8-xmm14 (calls of wasm code keep them), which the prologue
;;   saves and the epilogue restores;
;; - a call of C code (an import) may clobber those: they are stored to their slots
;;   before it and loaded back after;
;; - a float operator's, conversion's or load's result that a local.set / local.tee of
;;   a local in a register takes is written straight there.
;; RUN: %wasmc --emit=asm -O0 %s -o - | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc -O0 -c %s -o %t.o
(module
  (import "env" "c" (func $c (result i32)))
  (memory 1)
  ;; CHECK-LABEL: func[1] (func 1):
  ;; CHECK:        movups [rsp+0x{{[0-9A-F]+}}], xmm8
  ;; CHECK:        movaps xmm10, xmm0
  ;; CHECK-NEXT:   mov ebx, esi
  ;; CHECK-NEXT: ; entry
  ;; CHECK-NEXT:   xorps xmm8, xmm8
  ;; CHECK-NEXT:   xorps xmm9, xmm9
  ;; CHECK:      ; f64.mul
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   movaps xmm8, xmm10
  ;; CHECK-NEXT:   mulsd xmm8, xmm10
  ;; CHECK:      ; f32.demote_f64
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   cvtsd2ss xmm9, xmm8
  ;; CHECK-NEXT: ; call
  ;; CHECK-NEXT:   movsd [rsp+0x18], xmm8
  ;; CHECK-NEXT:   movsd [rsp+0x20], xmm9
  ;; CHECK-NEXT:   movsd [rsp+0x08], xmm10
  ;; CHECK:        call [rax]
  ;; CHECK:        movsd xmm8, qword ptr [rsp+0x18]
  ;; CHECK-NEXT:   movsd xmm9, qword ptr [rsp+0x20]
  ;; CHECK-NEXT:   movsd xmm10, qword ptr [rsp+0x08]
  ;; CHECK:      ; f64.load
  ;; CHECK-NEXT: ; local.tee
  ;; CHECK-NEXT:   movsd xmm8, qword ptr [r14+rbx*1]
  ;; CHECK:        movups xmm8, [rsp+0x{{[0-9A-F]+}}]
  ;; CHECK:        ret
  (func $f (param $p f64) (param $n i32) (result f64)
    (local $x f64) (local $y f32)
    (local.set $x (f64.mul (local.get $p) (local.get $p)))
    (local.set $y (f32.demote_f64 (local.get $x)))
    (drop (call $c))
    (drop (local.tee $x (f64.load (local.get $n))))
    (f64.add (local.get $x) (f64.promote_f32 (local.get $y))))
  ;; Calls of wasm code only: nothing stored around the call.
  ;; CHECK-LABEL: func[2] (func 2):
  ;; CHECK:        movups [rsp+0x{{[0-9A-F]+}}], xmm8
  ;; CHECK-NEXT:   movups [rsp+0x{{[0-9A-F]+}}], xmm9
  ;; CHECK-NEXT:   movaps xmm9, xmm0
  ;; CHECK:      ; f64.add
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   movaps xmm8, xmm9
  ;; CHECK-NEXT:   addsd xmm8, xmm9
  ;; CHECK-NEXT: ; local.get
  ;; CHECK-NEXT: ; call
  ;; CHECK-NEXT:   movaps xmm0, xmm8
  ;; CHECK-NEXT:   call
  ;; CHECK-NEXT:   movaps xmm2, xmm0
  ;; CHECK-NEXT: ; local.get
  ;; CHECK-NEXT: ; f64.add
  ;; CHECK-NEXT:   addsd xmm2, xmm8
  (func $g (param $p f64) (result f64)
    (local $x f64)
    (local.set $x (f64.add (local.get $p) (local.get $p)))
    (f64.add (call $g (local.get $x)) (local.get $x))))
