;; Tail calls in the -O0 single-pass tier (compiler/lower/single_pass.cc, through the
;; MacroAssembler's TailCall: docs/backend.md "Tail calls"): return_call and
;; return_call_indirect a million deep in constant stack, with stack arguments (14 params:
;; more than either target passes in registers) and growing / shrinking argument areas,
;; a multi-value callee writing through the function's own results pointer, and a
;; return_call of an import (C code: called, then returned from). Exit status: the
;; number of wrong results (0). Every function stays in the tier.
;; RUN: %wat2wasm --enable-tail-call %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target -O0 -v %t.wasm -o %t-v.exe 2>&1 | FileCheck %s --check-prefix=VERBOSE
;; RUN: env WASMC_VERIFY=1 %wasmc --target=%target -O0 -c %t.wasm -o %t.o
;; CHECK: status 0
;; VERBOSE: wasmc: single-pass tier: 10 functions, 0 to the IR path
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $many (func (param i64 i32 i32 i32 i32 i32 i32 i32 i32 i32 f64 f64 f64 i32) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $even_many $odd_many)
  (global $errors (mut i32) (i32.const 0))
  (func $check (param $got i64) (param $want i64)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (global.set $errors (i32.add (global.get $errors) (i32.const 1))))))
  ;; n down to 0 through return_call; acc counts the steps
  (func $down (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $down2 (i32.sub (local.get $n) (i32.const 1)) (local.get $acc) (i64.const 1) (i64.const 2)))))
  ;; more params than $down: the argument area changes size both ways
  (func $down2 (param $n i32) (param $acc i64) (param $a i64) (param $b i64) (result i64)
    (return_call $down (local.get $n) (i64.add (local.get $acc) (i64.sub (local.get $b) (local.get $a)))))
  ;; mutual recursion through the table with 14 params (stack arguments on both targets)
  (func $even_many (type $many)
    (if (result i64) (i32.eqz (local.get 1))
      (then (i64.add (local.get 0) (i64.extend_i32_u (local.get 13))))
      (else (return_call_indirect (type $many)
        (i64.add (local.get 0) (i64.const 2)) (i32.sub (local.get 1) (i32.const 1))
        (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7)
        (local.get 8) (local.get 9) (local.get 10) (local.get 11) (local.get 12) (local.get 13)
        (i32.const 1)))))
  (func $odd_many (type $many)
    (return_call_indirect (type $many)
      (i64.add (local.get 0) (i64.trunc_f64_s (f64.add (local.get 10) (local.get 12))))
      (i32.sub (local.get 1) (i32.const 1))
      (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7)
      (local.get 8) (local.get 9) (local.get 10) (local.get 11) (local.get 12) (local.get 13)
      (i32.const 0)))
  ;; multi-value: the callee writes our caller's results
  (func $pair (param $x i32) (result i32 i64) (local.get $x) (i64.extend_i32_s (i32.mul (local.get $x) (i32.const 3))))
  (func $pair_tail (param $x i32) (result i32 i64) (return_call $pair (i32.add (local.get $x) (i32.const 1))))
  (func $pair_sum (param $x i32) (result i64) (local $a i32) (local $b i64)
    (call $pair_tail (local.get $x))
    (local.set $b)
    (local.set $a)
    (i64.add (i64.extend_i32_u (local.get $a)) (local.get $b)))
  (func $finish (param $code i32) (return_call $exit (local.get $code)))
  (func (export "_start")
    (call $check (call $down (i32.const 1000000) (i64.const 0)) (i64.const 1000000))
    ;; 1000000 steps alternating: even adds 2, odd adds trunc(1.5 + 2.5) = 4 -> 3000000,
    ;; then even at n = 0 adds the last-but-one param (7)
    (call $check
      (call_indirect (type $many) (i64.const 0) (i32.const 1000000) (i32.const 0) (i32.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
        (f64.const 1.5) (f64.const 0) (f64.const 2.5) (i32.const 7) (i32.const 0))
      (i64.const 3000007))
    (call $check (call $pair_sum (i32.const 4)) (i64.const 20))
    (call $finish (global.get $errors)))
)
