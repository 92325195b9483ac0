;; Values in stack slots used in place, and `and`s read only by a branch as a `test`
;; (tests/codegen/x64/slot_in_place.wat has the x86-64 listing): an i32 slot's add
;; wrapping at 32 bits, an i64 slot's add carrying into the upper half, compares of a
;; slot, byte and wider masks at both widths, register-register tests, and the eqz
;; form. $g (through the table, so never inlined) folds each value it is passed into
;; $acc. Exit 0 when every (result, $acc) equals a Python model's (values below).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (type $t (func (param i32)))
  (table 1 funcref)
  (elem (i32.const 0) $g)
  (global $acc (mut i32) (i32.const 0))
  (func $g (param $x i32)
    (global.set $acc (i32.add (i32.mul (global.get $acc) (i32.const 31)) (local.get $x))))
  (func $f (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $e i32) (param $k i64) (result i32)
    (call_indirect (type $t) (local.get $a) (i32.const 0))
    (local.set $e (i32.add (local.get $e) (i32.const 20)))
    (local.set $k (i64.add (local.get $k) (i64.const 1)))
    (if (i32.and (local.get $d) (i32.const 16)) (then (call_indirect (type $t) (i32.const 1) (i32.const 0))))
    (if (i32.lt_u (local.get $e) (i32.const 100)) (then (call_indirect (type $t) (i32.const 2) (i32.const 0))))
    (if (i64.ne (i64.and (local.get $k) (i64.const 0x80)) (i64.const 0))
      (then (call_indirect (type $t) (i32.const 3) (i32.const 0))))
    (if (i64.eq (i64.and (local.get $k) (i64.const 0x100000000)) (i64.const 0))
      (then (call_indirect (type $t) (i32.const 4) (i32.const 0))))
    (if (i64.ne (i64.and (local.get $k) (i64.extend_i32_u (local.get $d))) (i64.const 0))
      (then (call_indirect (type $t) (i32.const 5) (i32.const 0))))
    (loop $l
      (call_indirect (type $t)
        (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d)))
        (i32.const 0))
      (local.set $b (i32.sub (local.get $b) (i32.const 1)))
      (br_if $l (i32.and (local.get $a) (local.get $b))))
    (if (i32.eqz (i32.and (local.get $c) (i32.const 0x80001000)))
      (then (call_indirect (type $t) (i32.const 6) (i32.const 0))))
    (local.set $e (i32.sub (local.get $e) (local.get $d)))
    (local.set $e (i32.xor (local.get $e) (i32.const 0x5a5a)))
    (call_indirect (type $t) (local.get $a) (i32.const 0))
    (i32.add (local.get $e) (i32.wrap_i64 (i64.shr_u (local.get $k) (i64.const 16)))))
  (func $check (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $e i32) (param $k i64)
                (param $want i32) (param $want_acc i32)
    (global.set $acc (i32.const 0))
    (if (i32.or (i32.ne (call $f (local.get $a) (local.get $b) (local.get $c) (local.get $d) (local.get $e) (local.get $k))
                        (local.get $want))
                (i32.ne (global.get $acc) (local.get $want_acc)))
      (then (call $exit (i32.const 1)))))
  (func (export "_start")
    (call $check (i32.const 5) (i32.const 7) (i32.const 0x1000) (i32.const 16) (i32.const 0xfffffff0)
                 (i64.const 0xffffffff) (i32.const 0xa5ae) (i32.const 0x1eda1cd1))
    (call $check (i32.const 1) (i32.const 3) (i32.const 0x80000000) (i32.const 0x2f) (i32.const 90)
                 (i64.const 0x7f) (i32.const 0x5a65) (i32.const 0x800f89d0))
    (call $check (i32.const 0) (i32.const 2) (i32.const 0x7fff0fff) (i32.const 0) (i32.const 200)
                 (i64.const 0x1ffff0080) (i32.const 0x25a85) (i32.const 0x7c7c7198))
    (call $exit (i32.const 0))))
