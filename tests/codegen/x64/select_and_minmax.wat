;; select is a cmov; f64.min handles NaN (ucomisd parity) and ±0 (orps) exactly.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func (export "sel") (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (export "min") (param f64 f64) (result f64)
    (f64.min (local.get 0) (local.get 1))))
;; CHECK-LABEL: sel (func 0):
;; CHECK:       ; select
;; CHECK:       test e{{[a-z0-9]+}}, e{{[a-z0-9]+}}
;; CHECK-NEXT:  mov [[D:r[a-z0-9]+]], r{{[a-z0-9]+}}
;; CHECK-NEXT:  cmovnz [[D]], r{{[a-z0-9]+}}
;; CHECK-LABEL: min (func 1):
;; CHECK:       ; f64.min
;; CHECK:       ucomisd xmm0, [[B:xmm[0-9]+]]
;; CHECK-NEXT:  jp [[NAN:0x[0-9A-F]+]]
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  orps xmm0, [[B]]
;; CHECK:       minsd xmm0, [[B]]
;; CHECK:       addsd xmm0, [[B]]
