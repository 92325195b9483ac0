;; call_indirect's signature check with ids known at compile time (abi.h,
;; wasmc_plain_type_id: the check compares the funcref's id with a constant) agrees
;; with the ids the runtime gives: a function whose type is declared twice passes
;; through either index; a 7-value type (a registry id, loaded from inst->type_ids)
;; declared twice passes too; a WASI import in the table (its id from the runtime's
;; import resolution) is called with its type; a wrong type traps as a type mismatch,
;; a null element as an uninitialized element. tests/run/call-indirect-typed-sig.wat
;; has typed references (registry ids).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=CALLS
;; RUN: sh -c '%run %t.exe wrong; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=WRONG
;; RUN: sh -c '%run %t.exe null x; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t1.exe
;; RUN: sh -c '%run %t1.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=CALLS
;; RUN: sh -c '%run %t1.exe wrong; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=WRONG
;; CALLS:     status 3
;; WRONG:     wasm trap: indirect call type mismatch
;; WRONG:     status 134
;; NULL:      wasm trap: uninitialized element
;; NULL:      status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (memory 1)
  (type $a (func (param i32) (result i32)))
  (type $a2 (func (param i32) (result i32)))  ;; the same type again
  (type $c (func (param i32) (result i64)))
  (type $s7 (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (type $s7b (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (type $e (func (param i32)))
  (func $inc (type $a) (i32.add (local.get 0) (i32.const 1)))
  (func $sum (type $s7)
    (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
             (i32.add (local.get 4) (local.get 5))))
  (table 4 funcref)
  (elem (i32.const 0) $inc $exit $sum)
  (func (export "_start")
    (if (i32.ne (call_indirect (type $a2) (i32.const 41) (i32.const 0)) (i32.const 42))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call_indirect (type $s7b) (i32.const 1) (i32.const 2) (i32.const 3)
                  (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 2))
                (i32.const 21))
      (then (call $exit (i32.const 2))))
    ;; argc at 0: 1 without arguments
    (drop (call $args (i32.const 0) (i32.const 4)))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 2))
      (then (drop (call_indirect (type $c) (i32.const 0) (i32.const 0)))))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 3))
      (then (drop (call_indirect (type $a) (i32.const 0) (i32.const 3)))))
    (call_indirect (type $e) (i32.const 3) (i32.const 1))
    (call $exit (i32.const 4))))
