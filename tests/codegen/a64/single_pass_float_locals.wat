;; The -O0 single-pass tier's f32/f64 locals in registers on AArch64
;; (compiler/lower/single_pass.cc, ChooseRegLocals): the first float locals that are
;; not params, then the float params, live in v8-v15 (AAPCS64 keeps their low halves
;; across every call, C code's too: nothing is stored around the import call), which
;; the prologue saves; an operator's, conversion's or load's result that a local.set /
;; local.tee takes is written straight to the local's register.
;; RUN: %wasmc --target=aarch64-linux --emit=asm -O0 %s -o - | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc --target=aarch64-linux -O0 -c %s -o %t.o
(module
  (import "env" "c" (func $c (result i32)))
  (memory 1)
  ;; CHECK-LABEL: func[1] (func 1):
  ;; CHECK:        stp d8, d9, [x29, -0x18]
  ;; CHECK-NEXT:   stur d10, [x29, -0x8]
  ;; CHECK-NEXT:   fmov d10, d0
  ;; CHECK-NEXT:   mov w19, w1
  ;; CHECK-NEXT: ; entry
  ;; CHECK-NEXT:   fmov d8, xzr
  ;; CHECK-NEXT:   fmov s9, wzr
  ;; CHECK:      ; f64.mul
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   fmul d8, d10, d10
  ;; CHECK:      ; f32.demote_f64
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   fcvt s9, d8
  ;; CHECK-NEXT: ; call
  ;; CHECK-NEXT:   ldr x16, [x28, 0x18]
  ;; CHECK-NEXT:   ldr x17, [x16]
  ;; CHECK-NEXT:   ldr x0, [x16, 8]
  ;; CHECK-NEXT:   blr x17
  ;; CHECK-NEXT:   mov w9, w0
  ;; CHECK:      ; f64.load
  ;; CHECK-NEXT: ; local.tee
  ;; CHECK-NEXT:   ldr d8, [x27, w19, uxtw]
  ;; CHECK:        ldp d8, d9, [x29, -0x18]
  ;; CHECK-NEXT:   ldur d10, [x29, -0x8]
  (func $f (param $p f64) (param $n i32) (result f64)
    (local $x f64) (local $y f32)
    (local.set $x (f64.mul (local.get $p) (local.get $p)))
    (local.set $y (f32.demote_f64 (local.get $x)))
    (drop (call $c))
    (drop (local.tee $x (f64.load (local.get $n))))
    (f64.add (local.get $x) (f64.promote_f32 (local.get $y)))))
