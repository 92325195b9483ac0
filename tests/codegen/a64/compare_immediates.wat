;; Integer compares against a constant (docs/backend.md "AArch64 compares"): one cmp /
;; cmn with a 12-bit immediate, shifted left by 12 where the constant is a multiple of
;; 4096 below 2^24 (asmjit encodes that form only as subs / adds to the zero register;
;; the listing prints the cmp / cmn alias), and, for a constant no immediate takes, a
;; compare against its neighbour that one does, with the condition moved: x <u 0xffff+1
;; is x <=u 0xffff, x >u 0xffff is x >=u 0x10000, x <=s 0x1fff is x <s 0x2000. Not
;; past a bound (x <=s INT32_MAX has no neighbour above), not for eq / ne.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -c %t.wasm -o %t.o
;; RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=OBJ
(module
  (func $lt (export "lt") (param i32) (result i32) (i32.lt_u (local.get 0) (i32.const 0x10000)))
  (func $gt (export "gt") (param i32) (result i32) (i32.gt_u (local.get 0) (i32.const 0xffff)))
  (func $gts (export "gts") (param i64) (result i32) (i64.gt_s (local.get 0) (i64.const -0x2001)))
  (func $les (export "les") (param i32) (result i32) (i32.le_s (local.get 0) (i32.const 0x1fff)))
  (func $eq (export "eq") (param i32) (result i32) (i32.eq (local.get 0) (i32.const 0x5000)))
  (func $ne (export "ne") (param i32) (result i32) (i32.ne (local.get 0) (i32.const -0x7000)))
  (func $max (export "max") (param i32) (result i32) (i32.le_s (local.get 0) (i32.const 0x7fffffff)))
  (func $eq1 (export "eq1") (param i32) (result i32) (i32.eq (local.get 0) (i32.const 0xffff)))
  (func $loop (export "loop") (param i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (local.get $i) (i32.const 0xffff))))
    (local.get $i)))
;; CHECK-LABEL: lt (func 0):
;; CHECK:       cmp w{{[0-9]+}}, 0x10, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, lo
;; CHECK-LABEL: gt (func 1):
;; CHECK:       cmp w{{[0-9]+}}, 0x10, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, hs
;; CHECK-LABEL: gts (func 2):
;; CHECK:       cmn x{{[0-9]+}}, 2, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, ge
;; CHECK-LABEL: les (func 3):
;; CHECK:       cmp w{{[0-9]+}}, 2, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, lt
;; CHECK-LABEL: eq (func 4):
;; CHECK:       cmp w{{[0-9]+}}, 5, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, eq
;; CHECK-LABEL: ne (func 5):
;; CHECK:       cmn w{{[0-9]+}}, 7, lsl 12
;; CHECK-NEXT:  cset w{{[0-9]+}}, ne
;; CHECK-LABEL: max (func 6):
;; CHECK:       mov w17, 0x7FFFFFFF
;; CHECK-NEXT:  cmp w{{[0-9]+}}, w17
;; CHECK-NEXT:  cset w{{[0-9]+}}, le
;; CHECK-LABEL: eq1 (func 7):
;; CHECK:       mov w17, 0xFFFF
;; CHECK-NEXT:  cmp w{{[0-9]+}}, w17
;; CHECK-NEXT:  cset w{{[0-9]+}}, eq
;; CHECK-LABEL: loop (func 8):
;; CHECK:       cmp w{{[0-9]+}}, 0x10, lsl 12
;; CHECK-NEXT:  b.lo
;; OBJ:         cmp w{{[0-9]+}}, #0x10, lsl #12
;; OBJ:         cmn x{{[0-9]+}}, #0x2, lsl #12
