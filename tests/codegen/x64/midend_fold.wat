;; The mid-end at -O2 (docs/backend.md "The mid-end"): constants fold, a multiplication
;; by a power of two is a shift, a signed division by one the rounding shift sequence
;; (no idiv), a branch on a constant disappears with its dead arm, a loop-invariant
;; multiplication moves out of its loop. -O1 keeps them.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm -O2 %t.wasm -o - | FileCheck %s --check-prefix=O2
;; RUN: %wasmc --emit=asm -O1 --no-single-pass %t.wasm -o - | FileCheck %s --check-prefix=O1
(module
  (func $k (export "k") (result i32)
    (i32.mul (i32.add (i32.const 20) (i32.const 1)) (i32.const 2)))
  (func $mul8 (export "mul8") (param i64) (result i64)
    (i64.mul (local.get 0) (i64.const 8)))
  (func $sdiv (export "sdiv") (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const 4)))
  (func $branch (export "branch") (param i32) (result i32)
    (if (result i32) (i32.lt_u (i32.const 1) (i32.const 2))
      (then (i32.add (local.get 0) (i32.const 5)))
      (else (call $k))))
  (func $sum (export "sum") (param $n i32) (param $k i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $k) (i32.const 12))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s)))
;; O2-LABEL: k (func 0):
;; O2-NOT:   imul
;; O2:       mov eax, 0x2A
;; O2-LABEL: mul8 (func 1):
;; O2-NOT:   imul
;; O2:       shl r{{[a-z0-9]+}}, 0x03
;; O2-LABEL: sdiv (func 2):
;; O2-NOT:   {{: +idiv}}
;; O2:       sar e{{[a-z0-9]+}}, 0x02
;; O2-LABEL: branch (func 3):
;; O2:       ; entry
;; O2-NOT:   {{: +(call|cmp|j[a-z]+) }}
;; O2:       {{: +ret$}}
;; O2-LABEL: sum (func 4):
;; O2:       imul e{{[a-z0-9]+}}, e{{[a-z0-9]+}}, 0x0C
;; O2:       ; i32.mul
;; O2-NEXT:  ; i32.add
;; O1-LABEL: k (func 0):
;; O1:       imul
;; O1-LABEL: mul8 (func 1):
;; O1:       imul
;; O1-LABEL: sdiv (func 2):
;; O1:       {{: +idiv}}
;; O1-LABEL: branch (func 3):
;; O1:       cmp
;; O1:       ; i32.lt_u
;; O1:       ; call
;; O1-NEXT:  call
;; O1-LABEL: sum (func 4):
;; O1:       ; i32.mul
;; O1-NEXT:  imul
