;; SIMD128 with Armv8.0 NEON (backend/a64/a64_simd.cc): most operators are one
;; instruction; v128 params arrive by pointer (ldr q from x1..); lt_u is cmhi with the
;; operands swapped; ne is fcmeq + mvn; shifts by a register splat the masked count;
;; a constant count is an immediate modulo the lane width; shuffle is a two-register
;; tbl over {v29, v30}; bitselect is bsl, or bif / bit when the result register
;; already holds a / b; bitmask masks each lane's bit and adds across; i64x2.mul goes
;; through GPRs; lane accesses use the scalar addressing; relaxed_madd is fmla.
;; RUN: %wat2wasm --enable-relaxed-simd %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "ne") (param v128 v128) (result v128) (f64x2.ne (local.get 0) (local.get 1)))
  (func (export "lt_u") (param v128 v128) (result v128) (i8x16.lt_u (local.get 0) (local.get 1)))
  (func (export "shl") (param v128 i32) (result v128) (i16x8.shl (local.get 0) (local.get 1)))
  (func (export "shr_s3") (param v128) (result v128) (i32x4.shr_s (local.get 0) (i32.const 35)))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1)))
  (func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
  (func (export "all_true") (param v128) (result i32) (i64x2.all_true (local.get 0)))
  (func (export "bitselect") (param v128 v128 v128) (result v128)
    (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "mul64") (param v128 v128) (result v128) (i64x2.mul (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result v128) (v128.load offset=32 (local.get 0)))
  (func (export "lane") (param i32 v128) (result v128) (v128.load16_lane 3 (local.get 0) (local.get 1)))
  (func (export "store") (param i32 v128) (v128.store32_lane 2 (local.get 0) (local.get 1)))
  (func (export "extract") (param v128) (result i32) (i8x16.extract_lane_s 9 (local.get 0)))
  (func (export "const") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "trunc") (param v128) (result v128) (i32x4.trunc_sat_f64x2_u_zero (local.get 0))))
;; CHECK-LABEL: add (func 0):
;; CHECK:       ldr q[[A:[0-9]+]], [x1]
;; CHECK-NEXT:  ldr q[[B:[0-9]+]], [x2]
;; CHECK:       ; i32x4.add
;; CHECK-NEXT:  add v[[R:[0-9]+]].4s, v[[A]].4s, v[[B]].4s
;; CHECK:       mov v0.16b, v[[R]].16b
;; CHECK-LABEL: ne (func 1):
;; CHECK:       ; f64x2.ne
;; CHECK-NEXT:  fcmeq v[[R:[0-9]+]].2d, v{{[0-9]+}}.2d, v{{[0-9]+}}.2d
;; CHECK-NEXT:  mvn v[[R]].16b, v[[R]].16b
;; CHECK-LABEL: lt_u (func 2):
;; CHECK:       ldr q[[A:[0-9]+]], [x1]
;; CHECK-NEXT:  ldr q[[B:[0-9]+]], [x2]
;; CHECK:       ; i8x16.lt_u
;; CHECK-NEXT:  cmhi v{{[0-9]+}}.16b, v[[B]].16b, v[[A]].16b
;; CHECK-LABEL: shl (func 3):
;; CHECK:       ; i16x8.shl
;; CHECK-NEXT:  and w16, w{{[0-9]+}}, 0xF
;; CHECK-NEXT:  dup v31.16b, w16
;; CHECK-NEXT:  ushl v{{[0-9]+}}.8h, v{{[0-9]+}}.8h, v31.8h
;; CHECK-LABEL: shr_s3 (func 4):
;; CHECK:       ; i32x4.shr_s
;; CHECK-NEXT:  sshr v{{[0-9]+}}.4s, v{{[0-9]+}}.4s, 3
;; CHECK-LABEL: shuffle (func 5):
;; CHECK:       ; i8x16.shuffle
;; CHECK-NEXT:  mov v29.16b, v{{[0-9]+}}.16b
;; CHECK-NEXT:  mov v30.16b, v{{[0-9]+}}.16b
;; CHECK-NEXT:  ldr q31, [0x[[SEL:[0-9a-f]+]]]
;; CHECK-NEXT:  tbl v{{[0-9]+}}.16b, { v29.16b, v30.16b }, v31.16b
;; CHECK:       ; data: {{[0-9]+}} bytes
;; CHECK-LABEL: bitmask (func 6):
;; CHECK:       ; i8x16.bitmask
;; CHECK-NEXT:  ldr q30, [0x{{[0-9a-f]+}}]
;; CHECK-NEXT:  sshr v31.16b, v{{[0-9]+}}.16b, 7
;; CHECK-NEXT:  and v31.16b, v31.16b, v30.16b
;; CHECK-NEXT:  ext v30.16b, v31.16b, v31.16b, 8
;; CHECK-NEXT:  zip1 v31.16b, v31.16b, v30.16b
;; CHECK-NEXT:  addv h31, v31.8h
;; CHECK-NEXT:  fmov w{{[0-9]+}}, s31
;; CHECK-LABEL: all_true (func 7):
;; CHECK:       ; i64x2.all_true
;; CHECK-NEXT:  cmeq v31.2d, v{{[0-9]+}}.2d, 0
;; CHECK-NEXT:  umaxv s31, v31.4s
;; CHECK-NEXT:  fmov w[[R:[0-9]+]], s31
;; CHECK-NEXT:  cmp w[[R]], 0
;; CHECK-NEXT:  cset w[[R]], eq
;; CHECK-LABEL: bitselect (func 8):
;; CHECK:       ; v128.bitselect
;; CHECK-NEXT:  {{bsl|bif|bit}} v{{[0-9]+}}.16b, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: madd (func 9):
;; CHECK:       ; f32x4.relaxed_madd
;; CHECK:       fmla v{{[0-9]+}}.4s, v{{[0-9]+}}.4s, v{{[0-9]+}}.4s
;; CHECK-NEXT:  mov
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: mul64 (func 10):
;; CHECK:       ; i64x2.mul
;; CHECK-NEXT:  mov x16, v{{[0-9]+}}.d[0]
;; CHECK-NEXT:  mov x17, v{{[0-9]+}}.d[0]
;; CHECK-NEXT:  mul x16, x16, x17
;; CHECK-NEXT:  mov x17, v{{[0-9]+}}.d[1]
;; CHECK-NEXT:  mov x15, v{{[0-9]+}}.d[1]
;; CHECK-NEXT:  mul x17, x17, x15
;; CHECK-NEXT:  fmov d[[R:[0-9]+]], x16
;; CHECK-NEXT:  mov v[[R]].d[1], x17
;; CHECK-LABEL: load (func 11):
;; CHECK:       ; v128.load
;; CHECK-NEXT:  add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldr q{{[0-9]+}}, [x16, 0x20]
;; CHECK-LABEL: lane (func 12):
;; CHECK:       ; v128.load16_lane
;; CHECK-NEXT:  ldr h31, [x27, w1, uxtw]
;; CHECK:       mov v{{[0-9]+}}.h[3], v31.h[0]
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: store (func 13):
;; CHECK:       ; v128.store32_lane
;; CHECK-NEXT:  mov s31, v{{[0-9]+}}.s[2]
;; CHECK-NEXT:  str s31, [x27, w1, uxtw]
;; CHECK-LABEL: extract (func 14):
;; CHECK:       ; i8x16.extract_lane_s
;; CHECK-NEXT:  smov w{{[0-9]+}}, v{{[0-9]+}}.b[9]
;; CHECK-LABEL: const (func 15):
;; CHECK:       ; v128.const
;; CHECK-NEXT:  ldr q{{[0-9]+}}, [0x{{[0-9a-f]+}}]
;; CHECK:       ; data: {{[0-9]+}} bytes
;; CHECK-LABEL: trunc (func 16):
;; CHECK:       ; i32x4.trunc_sat_f64x2_u_zero
;; CHECK-NEXT:  fcvtzu v31.2d, v{{[0-9]+}}.2d
;; CHECK-NEXT:  uqxtn v{{[0-9]+}}.2s, v31.2d
