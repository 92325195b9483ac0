;; Tail calls (return_call, return_call_indirect) replace the frame: a mutual
;; recursion ten million calls deep runs in constant stack. The three functions take
;; 1, 10 and 14 i64 params, so on both targets (x86-64: 5 integer argument registers
;; after the instance, AArch64: 7) the chain moves between 0, an odd and an even
;; number of stack words, growing and shrinking the argument area (docs/backend.md,
;; "Tail calls"). Every function checks its extra params; _start exits with 0 when
;; the chain returned the expected count, else with the number of the failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $one (func (param i64 i64) (result i64)))
  (table funcref (elem $f1 $mv_step))
  (memory 1)
  ;; acc counts the calls; n counts down to 0.
  (func $f1 (param $n i64) (param $acc i64) (result i64)
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc))))
    (return_call $f10 (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1))
      (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (i64.const 9) (i64.const 10)))
  (func $f10 (param $n i64) (param $acc i64) (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (i64.ne (i64.add (i64.add (i64.add (local.get 2) (local.get 3)) (i64.add (local.get 4) (local.get 5)))
                         (i64.add (i64.add (local.get 6) (local.get 7)) (i64.add (local.get 8) (i64.mul (local.get 9) (i64.const 100)))))
                (i64.const 1042))
      (then (call $exit (i32.const 1)) (unreachable)))
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc))))
    (return_call $f14 (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1))
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12)))
  (func $f14 (param $n i64) (param $acc i64)
        (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (i64.ne (local.get 13) (i64.const 12)) (then (call $exit (i32.const 2)) (unreachable)))
    (if (i64.ne (local.get 2) (i64.const 1)) (then (call $exit (i32.const 3)) (unreachable)))
    (if (i64.ne (local.get 8) (i64.const 7)) (then (call $exit (i32.const 4)) (unreachable)))
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc))))
    ;; Back to $f1 through the table (no stack arguments: a real tail call).
    (return_call_indirect (type $one) (i64.sub (local.get $n) (i64.const 1))
      (i64.add (local.get $acc) (i64.const 1)) (i32.const 0)))
  ;; Several results (a hidden results pointer) through tail calls, in a loop of its own.
  (func $mv (param $n i64) (param $acc i64) (result i64 i64)
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc) (i64.const 77))))
    (return_call $mv (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 2))))
  (func $mv_step (param i64 i64) (result i64)
    (call $mv (local.get 0) (local.get 1))
    (drop))
  ;; Indirect calls with stack arguments may reach C code: called, then returned
  ;; (not constant stack, so only a short chain).
  (type $ten (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table $t2 funcref (elem $f10))
  (func $via_table (param $n i64) (result i64)
    (return_call_indirect $t2 (type $ten) (local.get $n) (i64.const 0)
      (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (i64.const 9) (i64.const 10) (i32.const 0)))
  (func (export "_start")
    (if (i64.ne (call $f1 (i64.const 10000000) (i64.const 0)) (i64.const 10000000))
      (then (call $exit (i32.const 10))))
    (if (i64.ne (call $mv_step (i64.const 10000000) (i64.const 1)) (i64.const 20000001))
      (then (call $exit (i32.const 11))))
    (if (i64.ne (call $via_table (i64.const 3000)) (i64.const 3000))
      (then (call $exit (i32.const 12))))
    (call $exit (i32.const 0))))
