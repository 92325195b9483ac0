;; Floating point: fmin/fmax and frintn are already wasm's semantics (NaN, +-0,
;; ties-to-even); trapping truncations check NaN and range explicitly while the
;; saturating ones are a bare fcvtz*; lt is "mi" (false on unordered); copysign
;; works on the bits; constants use fmov immediates or the literal pool.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "near") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "truncu64") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "sat") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
  (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
  (func (export "cvt") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "k") (param f64) (result f64) (f64.mul (f64.add (local.get 0) (f64.const 1.5)) (f64.const 3.14159))))
;; CHECK-LABEL: min (func 0):
;; CHECK:       ; f64.min
;; CHECK-NEXT:  fmin d{{[0-9]+}}, d0, d1
;; CHECK-LABEL: near (func 1):
;; CHECK:       ; f32.nearest
;; CHECK-NEXT:  frintn s{{[0-9]+}}, s0
;; CHECK-LABEL: trunc (func 2):
;; CHECK:       ; i32.trunc_f64_s
;; CHECK-NEXT:  fcmp d0, d0
;; CHECK-NEXT:  b.vs 0x[[INVALID:[0-9a-f]+]]
;; CHECK-NEXT:  fcvtzs x16, d0
;; CHECK-NEXT:  sxtw x17, w16
;; CHECK-NEXT:  cmp x16, x17
;; CHECK-NEXT:  b.ne 0x[[OVERFLOW:[0-9a-f]+]]
;; CHECK:       {{0*}}[[OVERFLOW]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 3
;; CHECK:       {{0*}}[[INVALID]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 4
;; CHECK-LABEL: truncu64 (func 3):
;; CHECK:       ; i64.trunc_f32_u
;; CHECK-NEXT:  fcmp s0, s0
;; CHECK-NEXT:  b.vs
;; CHECK-NEXT:  ldr s30, [0x{{[0-9a-f]+}}]
;; CHECK-NEXT:  fcmp s0, s30
;; CHECK-NEXT:  b.ge
;; CHECK-NEXT:  fmov s30, -1.00000
;; CHECK-NEXT:  fcmp s0, s30
;; CHECK-NEXT:  b.ls
;; CHECK-NEXT:  fcvtzu x{{[0-9]+}}, s0
;; CHECK-LABEL: sat (func 4):
;; CHECK:       ; i64.trunc_sat_f64_s
;; CHECK-NEXT:  fcvtzs x{{[0-9]+}}, d0
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: copysign (func 5):
;; CHECK:       ; f32.copysign
;; CHECK-NEXT:  fmov w16, s0
;; CHECK-NEXT:  fmov w17, s1
;; CHECK-NEXT:  bfxil w17, w16, 0, 0x1F
;; CHECK-LABEL: lt (func 6):
;; CHECK:       ; f64.lt
;; CHECK-NEXT:  fcmp d0, d1
;; CHECK-NEXT:  cset w{{[0-9]+}}, mi
;; CHECK-LABEL: cvt (func 7):
;; CHECK:       ; f32.convert_i64_u
;; CHECK-NEXT:  ucvtf s{{[0-9]+}}, x1
;; CHECK-LABEL: k (func 8):
;; CHECK:       ; f64.add
;; CHECK-NEXT:  fmov d30, 1.50000
;; CHECK-NEXT:  fadd
;; CHECK:       ; f64.mul
;; CHECK-NEXT:  ldr d30, [0x[[POOL:[0-9a-f]+]]]
;; CHECK:       ; data: {{[0-9]+}} bytes
