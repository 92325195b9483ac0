;; call_indirect tests no element for null (abi.h WASMC_NULL_FAULT_LIMIT): the first
;; read through a null funcref faults, and the fault handler reports it as
;; "uninitialized element" because the pc is in generated code and the address below
;; the limit. Each way to reach a null element: a slot of table 0 never set (A), one
;; that table.grow added (B), table 1 with a 7-value type (its id loaded from
;; inst->type_ids before the funcref's, C), a slot that table.set cleared after a
;; successful call through it (D); table 1 holds a WASI import, so the module's
;; funcrefs are not all its own code (docs/backend.md). The argument count picks
;; the case; without arguments every call goes through and the exit status is 5.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t1.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OK
;; RUN: sh -c '%run %t1.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OK
;; RUN: sh -c '%run %t.exe a; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t.exe a b; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t.exe a b c; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t.exe a b c d; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t1.exe a; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t1.exe a b; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t1.exe a b c; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t1.exe a b c d; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; OK:        status 5
;; NULL:      wasm trap: uninitialized element
;; NULL-NOT:  internal error
;; NULL:      status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (memory 1)
  (type $a (func (param i32) (result i32)))
  (type $s7 (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (func $inc (type $a) (i32.add (local.get 0) (i32.const 1)))
  (func $sum (type $s7)
    (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
             (i32.add (local.get 4) (local.get 5))))
  (table $t0 3 funcref)
  (table $t1 3 funcref)
  (elem (table $t0) (i32.const 0) func $inc)
  (elem (table $t1) (i32.const 0) func $sum $exit)
  (func $argc (result i32)
    (drop (call $args (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0)))
  ;; a frame of its own, so the trap comes from a callee of _start
  (func $via0 (param i32) (result i32)
    (call_indirect $t0 (type $a) (i32.const 7) (local.get 0)))
  (func $via1 (param i32) (result i32)
    (call_indirect $t1 (type $s7) (i32.const 1) (i32.const 2) (i32.const 3)
      (i32.const 4) (i32.const 5) (i32.const 6) (local.get 0)))
  (func (export "_start")
    (local $n i32)
    (local.set $n (call $argc))
    (drop (table.grow $t0 (ref.null func) (i32.const 2)))
    (if (i32.ne (call $via0 (i32.const 0)) (i32.const 8)) (then (call $exit (i32.const 1))))
    (if (i32.ne (call $via1 (i32.const 0)) (i32.const 21)) (then (call $exit (i32.const 2))))
    (if (i32.eq (local.get $n) (i32.const 2)) (then (drop (call $via0 (i32.const 1)))))
    (if (i32.eq (local.get $n) (i32.const 3)) (then (drop (call $via0 (i32.const 4)))))
    (if (i32.eq (local.get $n) (i32.const 4)) (then (drop (call $via1 (i32.const 2)))))
    (if (i32.eq (local.get $n) (i32.const 5))
      (then (table.set $t0 (i32.const 0) (ref.null func))
            (drop (call $via0 (i32.const 0)))))
    (call $exit (i32.const 5))))
