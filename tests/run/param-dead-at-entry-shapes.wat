;; Params that are dead at entry (overwritten before any read) next to params that
;; are live, in every ABI position: the first register arguments, the last ones,
;; stack arguments, integer and float, and a multi-value function (hidden results
;; pointer). Each function returns a checksum of its live params; _start exits with
;; the number of the first wrong checksum, or 0.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: %wasmc -O1 --no-single-pass --target=%target %wasi-flags %t.wasm -o %t.O1.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: sh -c '%run %t.O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func $id (param i32) (result i32) (local.get 0))
  ;; Ten i32 params: even ones dead at entry, odd ones live; a call in between forces
  ;; callee-saved registers and slots.
  (func $ints (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (local.set 0 (call $id (i32.const 1)))
    (local.set 2 (i32.const 3))
    (local.set 4 (call $id (local.get 1)))
    (local.set 6 (i32.const 7))
    (local.set 8 (i32.const 9))
    (i32.add
      (i32.add (i32.add (i32.mul (local.get 1) (i32.const 3)) (i32.mul (local.get 3) (i32.const 5)))
               (i32.add (i32.mul (local.get 5) (i32.const 7)) (i32.mul (local.get 7) (i32.const 11))))
      (i32.add (i32.mul (local.get 9) (i32.const 13))
               (i32.add (i32.add (local.get 0) (local.get 2))
                        (i32.add (local.get 4) (i32.add (local.get 6) (local.get 8)))))))
  ;; Mixed i64 / f64 params, the dead ones first and last.
  (func $mixed (param i64 f64 i64 f64 i64 f64 i64 f64 i64 f64 f64 f64 f64 f64) (result f64)
    (local.set 0 (i64.const 100))
    (local.set 1 (f64.const 0.5))
    (local.set 13 (f64.const 0.25))
    (local.set 12 (f64.add (local.get 11) (f64.const 1)))
    (f64.add
      (f64.add (f64.convert_i64_s (i64.add (local.get 0) (i64.add (local.get 2) (local.get 8))))
               (f64.add (local.get 1) (f64.add (local.get 3) (local.get 9))))
      (f64.add (f64.add (local.get 12) (local.get 13))
               (f64.add (local.get 10) (f64.convert_i64_s (i64.add (local.get 4) (local.get 6)))))))
  ;; Multi-value results: the hidden results pointer must survive dead params.
  (func $multi (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32 i32 i32)
    (local.set 0 (i32.const 11))
    (local.set 7 (i32.const 22))
    (local.get 0)
    (i32.add (local.get 1) (local.get 6))
    (local.get 7))
  ;; A param dead at entry on one path only is live at entry.
  (func $onepath (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (if (local.get 0) (then (local.set 7 (i32.const 5))))
    (i32.add (local.get 7) (local.get 6)))
  (func (export "_start")
    (local i32 i32 i32)
    ;; 3*2+5*4+7*6+11*8+13*10 + (1+3+2+7+9) = 286 + 22 = 308
    (if (i32.ne (call $ints (i32.const 1000) (i32.const 2) (i32.const 1000) (i32.const 4)
                  (i32.const 1000) (i32.const 6) (i32.const 1000) (i32.const 8) (i32.const 1000) (i32.const 10))
                (i32.const 308))
      (then (call $exit (i32.const 1))))
    ;; (100+3+9) + (0.5+4+10) + (12+0.25) + (11+(5+7)) = 112+14.5+12.25+23 = 161.75
    (if (f64.ne (call $mixed (i64.const 999) (f64.const 999) (i64.const 3) (f64.const 4) (i64.const 5)
                  (f64.const 6) (i64.const 7) (f64.const 8) (i64.const 9) (f64.const 10) (f64.const 11)
                  (f64.const 11) (f64.const 999) (f64.const 999))
                (f64.const 161.75))
      (then (call $exit (i32.const 2))))
    (call $multi (i32.const 9) (i32.const 1) (i32.const 9) (i32.const 9) (i32.const 9) (i32.const 9)
                 (i32.const 2) (i32.const 9))
    (local.set 2) (local.set 1) (local.set 0)
    (if (i32.ne (local.get 0) (i32.const 11)) (then (call $exit (i32.const 3))))
    (if (i32.ne (local.get 1) (i32.const 3)) (then (call $exit (i32.const 4))))
    (if (i32.ne (local.get 2) (i32.const 22)) (then (call $exit (i32.const 5))))
    (if (i32.ne (call $onepath (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
                  (i32.const 0) (i32.const 40) (i32.const 2)) (i32.const 42))
      (then (call $exit (i32.const 6))))
    (if (i32.ne (call $onepath (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
                  (i32.const 0) (i32.const 40) (i32.const 2)) (i32.const 45))
      (then (call $exit (i32.const 7))))
    (call $exit (i32.const 0))))
