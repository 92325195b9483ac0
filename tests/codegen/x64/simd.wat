;; SIMD at the default CPU level (x86-64-v2): one SSE instruction where there is one,
;; short sequences elsewhere; v128 params arrive by pointer (abi.h) and are copied
;; into the frame before the other params move; results come back in xmm0.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module (memory 1)
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "swz") (param v128 v128) (result v128)
    (i8x16.swizzle (local.get 0) (local.get 1)))
  (func (export "fmin") (param v128 v128) (result v128)
    (f32x4.min (local.get 0) (local.get 1)))
  (func (export "lane") (param v128) (result i32)
    (i32x4.extract_lane 2 (local.get 0)))
  (func (export "ld") (param i32) (result v128)
    (v128.load offset=16 (local.get 0))))
;; CHECK-LABEL: add (func 0):
;; CHECK:       movdqu xmm15, [rsi]
;; CHECK:       movdqu xmm15, [rdx]
;; CHECK:       ; i32x4.add
;; CHECK-NEXT:  paddd [[A:xmm[0-9]+]], {{xmm[0-9]+}}
;; CHECK:       movaps xmm0, [[A]]
;; CHECK-LABEL: swz (func 1):
;; CHECK:       ; i8x16.swizzle
;; CHECK:       paddusb xmm1, [0x
;; CHECK:       pshufb xmm0, xmm1
;; CHECK-LABEL: fmin (func 2):
;; CHECK:       ; f32x4.min
;; CHECK:       minps xmm15, xmm1
;; CHECK-NEXT:  minps xmm1, xmm0
;; CHECK:       cmpps xmm0, xmm1, 0x03
;; CHECK:       andnps xmm0, xmm1
;; CHECK-LABEL: lane (func 3):
;; CHECK:       ; i32x4.extract_lane
;; CHECK-NEXT:  pextrd {{e[a-z0-9]+}}, {{xmm[0-9]+}}, 0x02
;; CHECK-LABEL: ld (func 4):
;; CHECK:       ; v128.load
;; CHECK-NEXT:  movdqu xmm{{[0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x10]
