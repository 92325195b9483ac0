;; return_call_ref is a real tail call: a mutual recursion ten million calls deep
;; through function references runs in constant stack, also with stack arguments (12
;; i64 params on both targets): the funcref says its code is wasm (callee_pops, abi.h;
;; docs/backend.md, "Tail calls"). _start exits with 0 when the chains returned the
;; expected counts, else with the number of the failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $two (func (param i64 i64) (result i64)))
  (type $twelve (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (elem declare func $even $odd $wide)
  (global $odd_ref (ref $two) (ref.func $odd))
  ;; acc counts the calls; n counts down to 0.
  (func $even (type $two)
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_ref $two (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (global.get $odd_ref)))
  (func $odd (type $two)
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_ref $two (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (ref.func $even)))
  (func $wide (type $twelve)
    (if (i64.ne (local.get 11) (i64.const 12)) (then (call $exit (i32.const 1)) (unreachable)))
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_ref $twelve (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
      (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12) (ref.func $wide)))
  (func (export "_start")
    (if (i64.ne (call $even (i64.const 10000000) (i64.const 0)) (i64.const 10000000))
      (then (call $exit (i32.const 10))))
    (if (i64.ne (call $wide (i64.const 10000000) (i64.const 0) (i64.const 3) (i64.const 4)
                  (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9)
                  (i64.const 10) (i64.const 11) (i64.const 12)) (i64.const 10000000))
      (then (call $exit (i32.const 11))))
    (call $exit (i32.const 0)))
)
