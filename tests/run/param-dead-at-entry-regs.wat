;; Regression (issue 9, found by the register-allocation checker on AArch64): with
;; every param in a register, params 9 and 10 are dead at entry (written before they
;; are read) and shared their registers with live params; the prologue's parallel
;; move then wrote two params into one register. f must return 9 + (2 + (2 + 8)) = 21.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 21
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func $f (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i64) (result i64)
    (local.set 9 (i32.add (local.get 0) (i32.const 1)))
    (local.set 10 (i64.extend_i32_u (local.get 8)))
    (i64.add (local.get 10) (i64.extend_i32_u (i32.add (local.get 9) (i32.add (local.get 1) (local.get 7))))))
  (func (export "_start")
    (call $exit (i32.wrap_i64
      (call $f (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
               (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10) (i64.const 11))))))
