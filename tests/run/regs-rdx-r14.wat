;; The x86-64 register file (docs/backend.md, "x86-64"): rdx is allocatable except
;; around instructions that use it as scratch (division, popcnt, select, calls...), and
;; r14 (memory 0's base) is allocatable in functions that do not touch memory 0. $mix
;; keeps 12 values live across divisions, remainders, popcnts, selects and calls, in a
;; function without memory accesses; main compares its result with the one computed by
;; V8 and exits with 0 when they agree.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $id (param i64) (result i64) (local.get 0))
  (func $mix (export "mix") (param $a i64) (param $b i64) (param $n i32) (result i64)
    (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (local $i i64) (local $j i64) (local $k i64) (local $l i64)
    (local.set $c (i64.mul (local.get $a) (i64.const 3)))
    (local.set $d (i64.xor (local.get $b) (i64.const 0x5555)))
    (local.set $e (i64.add (local.get $a) (local.get $b)))
    (local.set $f (i64.sub (local.get $a) (i64.const 77)))
    (local.set $g (i64.rotl (local.get $b) (i64.const 13)))
    (local.set $h (i64.or (local.get $a) (i64.const 0x100)))
    (local.set $i (i64.shr_u (local.get $b) (i64.const 3)))
    (local.set $j (i64.add (local.get $c) (local.get $d)))
    (local.set $k (i64.mul (local.get $e) (local.get $f)))
    (local.set $l (i64.xor (local.get $g) (local.get $h)))
    (loop $top
      (local.set $c (i64.add (local.get $c) (i64.div_u (local.get $d) (i64.or (local.get $i) (i64.const 1)))))
      (local.set $d (i64.xor (local.get $d) (i64.rem_s (local.get $e) (i64.or (local.get $f) (i64.const 1)))))
      (local.set $e (i64.add (local.get $e) (i64.popcnt (local.get $g))))
      (local.set $f (select (local.get $h) (local.get $f) (i64.lt_u (local.get $j) (local.get $k))))
      (local.set $g (i64.add (local.get $g) (call $id (local.get $l))))
      (local.set $h (i64.sub (local.get $h) (i64.extend_i32_u (i32.div_s (local.get $n) (i32.const 3)))))
      (local.set $i (i64.add (local.get $i) (i64.shl (local.get $a) (local.get $j))))
      (local.set $j (i64.rotr (local.get $j) (local.get $k)))
      (local.set $k (i64.add (local.get $k) (i64.rem_u (local.get $l) (i64.const 1000003))))
      (local.set $l (i64.mul (local.get $l) (i64.const 0x9e3779b97f4a7c15)))
      (local.set $a (i64.add (local.get $a) (i64.div_s (local.get $b) (i64.const -7))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $top (local.get $n)))
    (local.set $k (i64.add (local.get $h) (local.get $l)))
    (local.set $c (i64.extend_i32_u (i32.add (i32.wrap_i64 (local.get $c)) (i32.wrap_i64 (local.get $h)))))
    (i64.xor (i64.xor (i64.xor (local.get $a) (local.get $b)) (i64.xor (local.get $c) (local.get $d)))
      (i64.xor (i64.xor (i64.add (local.get $e) (local.get $f)) (i64.add (local.get $g) (local.get $h)))
        (i64.xor (i64.add (local.get $i) (local.get $j)) (i64.add (local.get $k) (local.get $l))))))
  ;; Four values live across a call take rbx, r12, r13 and r14; the sum of the last
  ;; and the first is `lea rsi, [r14+rbx]`, which is no memory access (the address
  ;; check does not run where r14 holds values, or it would take this for one whose
  ;; index is not zero-extended in its block).
  (func $lea (param $x i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local.set $a (i64.mul (local.get $x) (i64.const 3)))
    (local.set $b (i64.mul (local.get $x) (i64.const 5)))
    (local.set $c (i64.mul (local.get $x) (i64.const 7)))
    (local.set $d (i64.mul (local.get $x) (i64.const 11)))
    (drop (call $id (local.get $x)))
    (i64.xor (i64.add (local.get $d) (local.get $a))
             (i64.add (local.get $d) (i64.add (local.get $b) (local.get $c)))))
  (func (export "_start")
    (call $exit (i32.eqz (i32.and
      (i64.eq (call $mix (i64.const 123456789) (i64.const -987654321) (i32.const 1000))
              (i64.const -7228221741498580759))
      (i64.eq (call $lea (i64.const 10)) (i64.const 106)))))))
