;; The x86-64 wasm convention's pinned registers (docs/backend.md, "Calls between wasm
;; functions"): in an executable (a sole module), r15 = the instance and r14 = memory
;; 0's base are set by the entries from C (the runtime's call of the start function,
;; the export trampoline of _start) and kept through all wasm code, which neither saves
;; nor sets them. The start function stores to memory and a global through them; $leaf
;; touches no memory and calls nothing, so it may take r14 for one of its 13 values
;; live at once (saving and restoring it); _start then reads memory through r14 again.
;; Exit status 0 when every value is the expected one (both targets).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (type $t (func (param i64 i64) (result i64)))
  (table 1 funcref)
  (elem (i32.const 0) $leaf)  ;; called through the table: not inlined
  (func $init
    (i32.store (i32.const 60) (i32.const 3))
    (i32.store (i32.const 64) (i32.const 12345))
    (global.set $g (i32.const 777)))
  (start $init)
  (func $leaf (type $t) (param $a i64) (param $b i64) (result i64)
    (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (local $i i64) (local $j i64) (local $k i64) (local $l i64) (local $m i64) (local $n i64)
    (local $o i64)
    (local.set $c (i64.mul (local.get $a) (i64.const 0x9e3779b97f4a7c15)))
    (local.set $d (i64.xor (local.get $b) (i64.const 0x5555)))
    (local.set $e (i64.add (local.get $a) (i64.mul (local.get $b) (i64.const 7))))
    (local.set $f (i64.sub (local.get $a) (i64.const 77)))
    (local.set $g (i64.rotl (local.get $b) (i64.const 13)))
    (local.set $h (i64.or (local.get $a) (i64.const 0x100)))
    (local.set $i (i64.shr_u (local.get $b) (i64.const 1)))
    (local.set $j (i64.add (local.get $c) (local.get $d)))
    (local.set $k (i64.mul (local.get $e) (local.get $f)))
    (local.set $l (i64.xor (local.get $g) (local.get $h)))
    (local.set $m (i64.add (local.get $i) (i64.mul (local.get $a) (local.get $a))))
    (local.set $n (i64.mul (local.get $j) (local.get $b)))
    (local.set $o (i64.add (local.get $k) (local.get $l)))
    (i64.xor
      (i64.xor (i64.xor (i64.add (local.get $c) (local.get $d)) (i64.add (local.get $e) (local.get $f)))
               (i64.xor (i64.add (local.get $g) (local.get $h)) (i64.add (local.get $i) (local.get $j))))
      (i64.xor (i64.xor (i64.add (local.get $k) (local.get $l)) (i64.add (local.get $m) (local.get $n)))
               (i64.mul (local.get $o) (local.get $a)))))
  (func (export "_start")
    (local $r i64)
    (local.set $r (call_indirect (type $t) (i64.extend_i32_u (i32.load (i32.const 60))) (i64.const 5)
                                          (i32.const 0)))
    (if (i32.ne (i32.load (i32.const 64)) (i32.const 12345)) (then (call $exit (i32.const 1))))
    (if (i32.ne (global.get $g) (i32.const 777)) (then (call $exit (i32.const 2))))
    (if (i64.ne (local.get $r) (i64.const 0xbabfde218aa0e505)) (then (call $exit (i32.const 3))))
    (call $exit (i32.const 0))))
