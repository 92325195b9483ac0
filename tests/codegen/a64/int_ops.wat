;; Integer operators: division traps explicitly (sdiv/udiv never trap), rem needs
;; no INT_MIN/-1 check (msub gives 0), ctz is rbit+clz, popcnt goes through the
;; SIMD unit, rotl is ror by the negated amount, immediates fold.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func $div_s (export "div_s") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $rem_s (export "rem_s") (param i64 i64) (result i64)
    (i64.rem_s (local.get 0) (local.get 1)))
  (func $div_u8 (export "div_u8") (param i32) (result i32)
    (i32.div_u (local.get 0) (i32.const 8)))
  (func $bits (export "bits") (param i64) (result i64)
    (i64.add (i64.ctz (local.get 0)) (i64.popcnt (local.get 0))))
  (func $rotl (export "rotl") (param i32 i32) (result i32)
    (i32.rotl (local.get 0) (local.get 1)))
  (func $imm (export "imm") (param i32) (result i32)
    (i32.and (i32.add (local.get 0) (i32.const -5)) (i32.const 0xff00)))
  (func $cmp (export "cmp") (param i64) (result i32)
    (i64.lt_u (local.get 0) (i64.const 100))))
;; CHECK-LABEL: div_s (func 0):
;; CHECK:       ; i32.div_s @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  cbz [[B:w[0-9]+]], 0x[[DIVZERO:[0-9a-f]+]]
;; CHECK-NEXT:  cmn [[B]], 1
;; CHECK-NEXT:  ccmp [[A:w[0-9]+]], 1, 0, eq
;; CHECK-NEXT:  b.vs 0x[[OVERFLOW:[0-9a-f]+]]
;; CHECK-NEXT:  sdiv w{{[0-9]+}}, [[A]], [[B]]
;; CHECK:       ; out-of-line
;; CHECK:       {{0*}}[[DIVZERO]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 2
;; CHECK-NEXT:  bl wasmc_rt_trap
;; CHECK:       {{0*}}[[OVERFLOW]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 3
;; CHECK-NEXT:  bl wasmc_rt_trap
;; CHECK-LABEL: rem_s (func 1):
;; CHECK:       ; i64.rem_s
;; CHECK-NEXT:  cbz x{{[0-9]+}}
;; CHECK-NOT:   ccmp
;; CHECK-NEXT:  sdiv x15, [[A:x[0-9]+]], [[B:x[0-9]+]]
;; CHECK-NEXT:  msub x{{[0-9]+}}, x15, [[B]], [[A]]
;; CHECK-LABEL: div_u8 (func 2):
;; CHECK:       ; i32.div_u
;; CHECK-NEXT:  lsr w{{[0-9]+}}, w{{[0-9]+}}, 3
;; CHECK-LABEL: bits (func 3):
;; CHECK:       ; i64.ctz
;; CHECK-NEXT:  rbit x17, [[X:x[0-9]+]]
;; CHECK-NEXT:  clz x{{[0-9]+}}, x17
;; CHECK:       ; i64.popcnt
;; CHECK-NEXT:  fmov d30, [[X]]
;; CHECK-NEXT:  cnt v30.8b, v30.8b
;; CHECK-NEXT:  addv b30, v30.8b
;; CHECK-NEXT:  fmov w{{[0-9]+}}, s30
;; CHECK-LABEL: rotl (func 4):
;; CHECK:       ; i32.rotl
;; CHECK-NEXT:  neg w17, [[N:w[0-9]+]]
;; CHECK-NEXT:  ror w{{[0-9]+}}, w{{[0-9]+}}, w17
;; CHECK-LABEL: imm (func 5):
;; CHECK:       ; i32.add
;; CHECK-NEXT:  sub w{{[0-9]+}}, w{{[0-9]+}}, 5
;; CHECK:       ; i32.and
;; CHECK-NEXT:  and w{{[0-9]+}}, w{{[0-9]+}}, 0xFF00
;; CHECK-LABEL: cmp (func 6):
;; CHECK:       ; i64.lt_u
;; CHECK-NEXT:  cmp x{{[0-9]+}}, 0x64
;; CHECK-NEXT:  cset w{{[0-9]+}}, lo
