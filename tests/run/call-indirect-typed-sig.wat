;; Signature ids tell typed function references apart (abi.h wasmc_type_desc key):
;; call_indirect through an equivalent type declared twice succeeds, one whose param
;; names a different function type traps although both params are funcref pointers
;; at run time.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' 2>&1 | FileCheck %s
;; CHECK: wasm trap: indirect call type mismatch
;; CHECK: status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $a (func (param i32) (result i32)))
  (type $b (func (param i64) (result i64)))
  (type $takes_a (func (param (ref $a)) (result i32)))
  (type $takes_a2 (func (param (ref $a)) (result i32)))  ;; equivalent to $takes_a
  (type $takes_b (func (param (ref $b)) (result i32)))
  (func $inc (type $a) (i32.add (local.get 0) (i32.const 1)))
  (func $apply (type $takes_a) (call_ref $a (i32.const 41) (local.get 0)))
  (table funcref (elem $apply))
  (func $neg (type $b) (i64.sub (i64.const 0) (local.get 0)))
  (elem declare func $inc $neg)
  (func (export "_start")
    (if (i32.ne (call_indirect (type $takes_a2) (ref.func $inc) (i32.const 0)) (i32.const 42))
      (then (call $exit (i32.const 1))))
    (drop (call_indirect (type $takes_b) (ref.func $neg) (i32.const 0)))
    (call $exit (i32.const 2)))
)
