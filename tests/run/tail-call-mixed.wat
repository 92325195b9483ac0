;; Tail calls with float stack arguments (more than 8 f64 params on both targets),
;; a shrinking and growing chain of them, a tail call to a WASI import (C code) with
;; no stack arguments, and one with stack arguments on x86-64 (path_rename: inst plus
;; 6 integer params), which is a call then a return there (docs/backend.md, "Tail
;; calls"). _start exits with 0, else with the number of the failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  ;; n counts down; acc adds every param, so a misplaced stack word shows.
  (func $many (param $n i32) (param $acc f64)
        (param f64 f64 f64 f64 f64 f64 f64 f64 f64 f64) (result f64)
    (local.set $acc (f64.add (local.get $acc)
      (f64.add (f64.add (f64.add (local.get 2) (local.get 3)) (f64.add (local.get 4) (local.get 5)))
               (f64.add (f64.add (local.get 6) (local.get 7))
                        (f64.add (f64.add (local.get 8) (local.get 9))
                                 (f64.add (local.get 10) (local.get 11)))))))
    (if (i32.eqz (local.get $n)) (then (return (local.get $acc))))
    (return_call $few (i32.sub (local.get $n) (i32.const 1)) (local.get $acc) (f64.const 0.5)))
  (func $few (param $n i32) (param $acc f64) (param $x f64) (result f64)
    (if (i32.eqz (local.get $n)) (then (return (f64.add (local.get $acc) (local.get $x)))))
    (return_call $many (i32.sub (local.get $n) (i32.const 1)) (f64.add (local.get $acc) (local.get $x))
      (f64.const 1) (f64.const 2) (f64.const 3) (f64.const 4) (f64.const 5)
      (f64.const 6) (f64.const 7) (f64.const 8) (f64.const 9) (f64.const 10)))
  (func $bad_rename (result i32)
    ;; fd 99 is not open: EBADF (8).
    (return_call $rename (i32.const 99) (i32.const 0) (i32.const 0) (i32.const 99)
      (i32.const 0) (i32.const 0)))
  (func $done (param i32)
    (return_call $exit (local.get 0)))
  (func (export "_start")
    ;; 2000000 calls: 1000000 of $many (55 each) and 1000000 of $few (0.5 each).
    (if (f64.ne (call $many (i32.const 1999999) (f64.const 0)
                  (f64.const 1) (f64.const 2) (f64.const 3) (f64.const 4) (f64.const 5)
                  (f64.const 6) (f64.const 7) (f64.const 8) (f64.const 9) (f64.const 10))
                (f64.const 55500000))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $bad_rename) (i32.const 8)) (then (call $exit (i32.const 2))))
    (call $done (i32.const 0))))
