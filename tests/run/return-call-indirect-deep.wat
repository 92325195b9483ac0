;; return_call_indirect with stack arguments is a real tail call: a mutual recursion
;; ten million calls deep through a table, between functions of 12 and 14 i64 params
;; (more than the argument registers of both targets, so each call passes stack
;; arguments and the areas differ), runs in constant stack. The funcrefs name wasm
;; code (callee_pops, abi.h), so the tail call jumps. A tail call through the table
;; to a WASI import with stack arguments on both targets (path_open: 9 params, one
;; i64 pair among them; C code) is a call then a return and still gives its result.
;; _start exits with 0 when the chains returned the expected counts, else with the
;; number of the failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (type $twelve (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (type $fourteen (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (type $open (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) func $a $b $path_open)
  (memory 1)
  ;; n (param 0) counts down to 0, acc (param 1) counts the calls; the last param
  ;; checks that the stack arguments arrived.
  (func $a (type $twelve)
    (if (i64.ne (local.get 11) (i64.const 12)) (then (call $exit (i32.const 1)) (unreachable)))
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect (type $fourteen)
      (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12) (i64.const 13) (i64.const 14)
      (i32.const 1)))
  (func $b (type $fourteen)
    (if (i64.ne (local.get 13) (i64.const 14)) (then (call $exit (i32.const 2)) (unreachable)))
    (if (i64.ne (local.get 11) (i64.const 12)) (then (call $exit (i32.const 3)) (unreachable)))
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect (type $twelve)
      (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12)
      (i32.const 0)))
  ;; path_open on fd 99 (not open): WASI's EBADF (8), through a tail call.
  (func $open_bad (result i32)
    (return_call_indirect (type $open)
      (i32.const 99) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
      (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 2)))
  (func (export "_start")
    (if (i64.ne (call $a (i64.const 10000000) (i64.const 0) (i64.const 3) (i64.const 4)
                  (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9)
                  (i64.const 10) (i64.const 11) (i64.const 12)) (i64.const 10000000))
      (then (call $exit (i32.const 10))))
    (if (i32.ne (call $open_bad) (i32.const 8)) (then (call $exit (i32.const 11))))
    (call $exit (i32.const 0)))
)
