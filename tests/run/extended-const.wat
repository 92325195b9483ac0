;; Extended constant expressions (i32/i64 add, sub, mul) and global.get of earlier
;; module-defined immutable globals, in global initializers and in data and element
;; segment offsets; the runtime evaluates them at instantiation (abi.h,
;; WASMC_CONST_PROGRAM). _start exits with the number of the first wrong value, or 0.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (table 10 funcref)
  (global $base i32 (i32.const 100))
  (global $b i32 (i32.add (global.get $base) (i32.const 5)))
  (global $c i32 (i32.mul (i32.sub (global.get $b) (i32.const 3)) (i32.const -2)))
  (global $wrap i32 (i32.add (i32.const 0x7fffffff) (i32.const 2)))
  (global $d i64 (i64.sub (i64.mul (i64.const 3) (i64.const 0x100000000)) (i64.const 1)))
  (global $e i64 (i64.add (global.get $d) (global.get $d)))
  (global $f (mut i32) (global.get $c))
  (data (offset (i32.add (global.get $base) (i32.const 6))) "\2a")
  (elem (offset (i32.sub (global.get $b) (i32.const 100))) $seven)
  (type $v (func (result i32)))
  (func $seven (result i32) (i32.const 7))
  (func $check (param i32 i32)
    (if (i32.eqz (local.get 0)) (then (call $exit (local.get 1)))))
  (func (export "_start")
    (call $check (i32.eq (global.get $b) (i32.const 105)) (i32.const 1))
    (call $check (i32.eq (global.get $c) (i32.const -204)) (i32.const 2))
    (call $check (i32.eq (global.get $wrap) (i32.const 0x80000001)) (i32.const 3))
    (call $check (i64.eq (global.get $d) (i64.const 0x2ffffffff)) (i32.const 4))
    (call $check (i64.eq (global.get $e) (i64.const 0x5fffffffe)) (i32.const 5))
    (call $check (i32.eq (global.get $f) (i32.const -204)) (i32.const 6))
    (call $check (i32.eq (i32.load8_u (i32.const 106)) (i32.const 42)) (i32.const 7))
    (call $check (i32.eq (call_indirect (type $v) (i32.const 5)) (i32.const 7)) (i32.const 8))
    (call $exit (i32.const 0))))
