;; --cpu picks the instructions: v2 (default) two-operand SSE and POPCNT/ROUNDSD,
;; v3 VEX three-operand forms, broadcasts, FMA and LZCNT, v4 AVX-512 for i64x2.mul;
;; plain x86-64 keeps the SSE2 sequences and refuses SIMD, naming the level it needs.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V2
;; RUN: %wasmc --cpu=x86-64-v3 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V3
;; RUN: %wasmc --cpu=x86-64-v4 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V4
;; RUN: not %wasmc --cpu=x86-64 --emit=asm %t.wasm -o - 2>&1 | FileCheck %s --check-prefix=V1
;; RUN: not %wasmc --cpu=pentium4 %t.wasm -o %t.exe 2>&1 | FileCheck %s --check-prefix=BAD
(module
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "mul") (param v128 v128) (result v128)
    (i64x2.mul (local.get 0) (local.get 1)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "splat") (param i32) (result v128)
    (i8x16.splat (local.get 0)))
  (func (export "bits") (param i32 f64) (result i32)
    (i32.add (i32.popcnt (local.get 0)) (i32.clz (i32.trunc_f64_s (f64.floor (local.get 1)))))))
;; V2-LABEL: add (func 0):
;; V2:       ; i32x4.add
;; V2-NEXT:  paddd
;; V2-LABEL: mul (func 1):
;; V2:       pmuludq
;; V2-LABEL: madd (func 2):
;; V2:       mulps
;; V2:       addps
;; V2-LABEL: splat (func 3):
;; V2:       pshufb
;; V2-LABEL: bits (func 4):
;; V2:       popcnt e
;; V2:       roundsd {{xmm[0-9]+}}, {{xmm[0-9]+}}, 0x09
;; V2:       bsr e
;; V3-LABEL: add (func 0):
;; V3:       ; i32x4.add
;; V3-NEXT:  vpaddd [[D:xmm[0-9]+]], {{xmm[0-9]+}}, {{xmm[0-9]+}}
;; V3-LABEL: madd (func 2):
;; V3:       vfmadd231ps xmm0
;; V3-LABEL: splat (func 3):
;; V3:       vpbroadcastb
;; V3-LABEL: bits (func 4):
;; V3:       popcnt e
;; V3:       lzcnt e
;; V4-LABEL: mul (func 1):
;; V4:       vpmullq
;; V1: error: cannot generate code for this function (SIMD (v128) on x86_64-linux needs --cpu=x86-64-v2 or higher
;; BAD: --cpu=pentium4:0x0: error: unknown CPU level for x86_64-linux (expected x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or native)
