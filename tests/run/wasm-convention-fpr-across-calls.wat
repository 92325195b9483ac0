;; The wasm-internal convention (docs/backend.md "Calls between wasm functions"):
;; across a direct call of a wasm function, x86-64 keeps f32/f64/v128 values in
;; xmm8-xmm14, which every wasm function saves (all 128 bits) when it writes them.
;; $clobber holds 16 f64 values at once, so it writes every allocatable FP register;
;; $main keeps 7 f64 values and an accumulator live across calls to it (and one of
;; them across a call to $pass, which calls $clobber in turn) and exits with 1 + the
;; index of the first value that changed, 9 for a wrong sum, else 0. Without the
;; callee's save and restore the values come back as $clobber left them.
;; (AArch64: d8-d15 keep their low 64 bits across every call already.)
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "\00\00\00\00\00\00\f4\3f")  ;; 1.25
  (func $clobber (param $x f64) (result f64)
    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
    (local.set 1 (f64.mul (f64.add (local.get $x) (f64.const 1.5)) (f64.const 2.25)))
    (local.set 2 (f64.mul (f64.add (local.get $x) (f64.const 2.5)) (f64.const 3.25)))
    (local.set 3 (f64.mul (f64.add (local.get $x) (f64.const 3.5)) (f64.const 4.25)))
    (local.set 4 (f64.mul (f64.add (local.get $x) (f64.const 4.5)) (f64.const 5.25)))
    (local.set 5 (f64.mul (f64.add (local.get $x) (f64.const 5.5)) (f64.const 6.25)))
    (local.set 6 (f64.mul (f64.add (local.get $x) (f64.const 6.5)) (f64.const 7.25)))
    (local.set 7 (f64.mul (f64.add (local.get $x) (f64.const 7.5)) (f64.const 8.25)))
    (local.set 8 (f64.mul (f64.add (local.get $x) (f64.const 8.5)) (f64.const 9.25)))
    (local.set 9 (f64.mul (f64.add (local.get $x) (f64.const 9.5)) (f64.const 10.25)))
    (local.set 10 (f64.mul (f64.add (local.get $x) (f64.const 10.5)) (f64.const 11.25)))
    (local.set 11 (f64.mul (f64.add (local.get $x) (f64.const 11.5)) (f64.const 12.25)))
    (local.set 12 (f64.mul (f64.add (local.get $x) (f64.const 12.5)) (f64.const 13.25)))
    (local.set 13 (f64.mul (f64.add (local.get $x) (f64.const 13.5)) (f64.const 14.25)))
    (local.set 14 (f64.mul (f64.add (local.get $x) (f64.const 14.5)) (f64.const 15.25)))
    (local.set 15 (f64.mul (f64.add (local.get $x) (f64.const 15.5)) (f64.const 16.25)))
    (local.set 16 (f64.mul (f64.add (local.get $x) (f64.const 16.5)) (f64.const 17.25)))
    (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (local.get 1) (f64.mul (local.get 2) (local.get 15))) (f64.mul (local.get 3) (local.get 14))) (f64.mul (local.get 4) (local.get 13))) (f64.mul (local.get 5) (local.get 12))) (f64.mul (local.get 6) (local.get 11))) (f64.mul (local.get 7) (local.get 10))) (f64.mul (local.get 8) (local.get 9))) (f64.mul (local.get 9) (local.get 8))) (f64.mul (local.get 10) (local.get 7))) (f64.mul (local.get 11) (local.get 6))) (f64.mul (local.get 12) (local.get 5))) (f64.mul (local.get 13) (local.get 4))) (f64.mul (local.get 14) (local.get 3))) (f64.mul (local.get 15) (local.get 2))) (f64.mul (local.get 16) (local.get 1))))
  (func $pass (param $x f64) (result f64)
    (f64.add (call $clobber (local.get $x)) (f64.const 1)))
  ;; x added 10 times, in the order the loop adds
  (func $sum10 (param $x f64) (result f64) (local $acc f64) (local $i i32)
    (loop $l
      (local.set $acc (f64.add (local.get $acc) (local.get $x)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))
    (local.get $acc))
  (func $main (export "_start")
    (local $v0 f64) (local $v1 f64) (local $v2 f64) (local $v3 f64) (local $v4 f64)
    (local $v5 f64) (local $v6 f64) (local $acc f64) (local $i i32) (local $k i32)
    (local.set $v0 (f64.load (i32.const 0)))
    (local.set $v1 (f64.mul (local.get $v0) (f64.const 3)))
    (local.set $v2 (f64.add (local.get $v1) (f64.const 7)))
    (local.set $v3 (f64.sub (local.get $v2) (f64.const 0.125)))
    (local.set $v4 (f64.mul (local.get $v3) (local.get $v0)))
    (local.set $v5 (f64.add (local.get $v4) (local.get $v1)))
    (local.set $v6 (f64.neg (local.get $v5)))
    ;; the expected values, in memory (a call may write memory: never forwarded)
    (f64.store (i32.const 8) (local.get $v0))
    (f64.store (i32.const 16) (local.get $v1))
    (f64.store (i32.const 24) (local.get $v2))
    (f64.store (i32.const 32) (local.get $v3))
    (f64.store (i32.const 40) (local.get $v4))
    (f64.store (i32.const 48) (local.get $v5))
    (f64.store (i32.const 56) (local.get $v6))
    (loop $l
      (local.set $acc (f64.add (local.get $acc)
        (f64.add (call $clobber (local.get $v0)) (call $pass (local.get $v3)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))
    (f64.store (i32.const 64) (local.get $acc))
    (local.set $k (i32.const 8))
    (if (f64.ne (local.get $v6) (f64.load (i32.const 56))) (then (local.set $k (i32.const 7))))
    (if (f64.ne (local.get $v5) (f64.load (i32.const 48))) (then (local.set $k (i32.const 6))))
    (if (f64.ne (local.get $v4) (f64.load (i32.const 40))) (then (local.set $k (i32.const 5))))
    (if (f64.ne (local.get $v3) (f64.load (i32.const 32))) (then (local.set $k (i32.const 4))))
    (if (f64.ne (local.get $v2) (f64.load (i32.const 24))) (then (local.set $k (i32.const 3))))
    (if (f64.ne (local.get $v1) (f64.load (i32.const 16))) (then (local.set $k (i32.const 2))))
    (if (f64.ne (local.get $v0) (f64.load (i32.const 8))) (then (local.set $k (i32.const 1))))
    (if (i32.eq (local.get $k) (i32.const 8))
      (then (local.set $k (i32.mul (i32.const 9) (f64.ne (local.get $acc)
        (call $sum10 (f64.add (call $clobber (f64.const 1.25)) (call $pass (f64.const 10.625)))))))))
    (call $exit (local.get $k)))
)
