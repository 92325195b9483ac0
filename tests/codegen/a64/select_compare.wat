;; A select of a compare's result (docs/backend.md "AArch64 compares"): when the
;; compare's `cset` is the last instruction emitted and no label was bound since, the
;; flags are still the compare's, so csel / fcsel test its condition and the
;; `tst wN, wN` goes; the cset stays (its register may be read later, as in `reuse`).
;; Anything emitted in between (the `mul` in `between`) keeps the tst.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=O1
(module
  (func $min (export "min") (param i32 i32) (result i32)
    (select (i32.add (local.get 0) (i32.const 1)) (local.get 1)
            (i32.lt_u (local.get 0) (local.get 1))))
  (func $fsel (export "fsel") (param i64 f64 f64) (result f64)
    (select (local.get 1) (local.get 2) (i64.eqz (local.get 0))))
  (func $reuse (export "reuse") (param i32 i32) (result i32)
    (local $c i32)
    (local.set $c (i32.gt_s (local.get 0) (local.get 1)))
    (i32.add (select (local.get 0) (local.get 1) (local.get $c)) (local.get $c)))
  (func $between (export "between") (param i32 i32) (result i32)
    (local $c i32)
    (local.set $c (i32.ge_u (local.get 0) (local.get 1)))
    (select (i32.mul (local.get 0) (local.get 1)) (local.get 1) (local.get $c))))
;; CHECK-LABEL: min (func 0):
;; CHECK:       cmp [[A:w[0-9]+]], [[B:w[0-9]+]]
;; CHECK-NEXT:  cset w{{[0-9]+}}, lo
;; CHECK-NOT:   {{^ +[0-9a-f]+:}}
;; CHECK:       ; select
;; CHECK-NEXT:  csel w{{[0-9]+}}, w{{[0-9]+}}, [[B]], lo
;; CHECK-LABEL: fsel (func 1):
;; CHECK:       cmp x{{[0-9]+}}, 0
;; CHECK-NEXT:  cset w{{[0-9]+}}, eq
;; CHECK-NOT:   {{^ +[0-9a-f]+:}}
;; CHECK:       ; select
;; CHECK-NEXT:  fcsel d{{[0-9]+}}, d0, d1, eq
;; CHECK-LABEL: reuse (func 2):
;; CHECK:       cset [[C:w[0-9]+]], gt
;; CHECK-NOT:   {{^ +[0-9a-f]+:}}
;; CHECK:       ; select
;; CHECK-NEXT:  csel w{{[0-9]+}}, w{{[0-9]+}}, w{{[0-9]+}}, gt
;; CHECK:       add w{{[0-9]+}}, w{{[0-9]+}}, [[C]]
;; CHECK-LABEL: between (func 3):
;; CHECK:       cset [[C:w[0-9]+]], hs
;; CHECK:       mul w
;; CHECK-NOT:   {{^ +[0-9a-f]+:}}
;; CHECK:       ; select
;; CHECK-NEXT:  tst [[C]], [[C]]
;; CHECK-NEXT:  csel w{{[0-9]+}}, w{{[0-9]+}}, w{{[0-9]+}}, ne
;; O1-LABEL:    min (func 0):
;; O1:          cset w{{[0-9]+}}, lo
;; O1-NOT:      {{^ +[0-9a-f]+:}}
;; O1:          ; select
;; O1-NEXT:     csel w{{[0-9]+}}, w{{[0-9]+}}, w{{[0-9]+}}, lo
