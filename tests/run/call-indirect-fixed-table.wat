;; call_indirect through a table 0 whose size cannot change (max == min, defined, all
;; funcrefs the module's own code: ir::Function::table0_fixed_size) compares the index
;; with the constant size and calls the element's code from the copy the runtime keeps
;; beside the elements (abi.h, wasmc_table: elems[size + i]). Every way the module can
;; write such a table must keep that copy right: active and passive segments
;; (instantiation, table.init), table.set, table.fill, table.copy, a table.grow by 0;
;; each call after a write checks the new target, so a stale copy calls the old
;; function and changes the exit status. A call with stack arguments (8 i64 params)
;; keeps the code in a stack temporary. The argument count picks a trap: a signature
;; mismatch (A), an index at the size (B), an element table.set to null (C).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t1.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OK
;; RUN: sh -c '%run %t1.exe; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OK
;; RUN: sh -c '%run %t.exe a; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=SIG
;; RUN: sh -c '%run %t1.exe a; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=SIG
;; RUN: sh -c '%run %t.exe a b; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: sh -c '%run %t1.exe a b; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: sh -c '%run %t.exe a b c; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; RUN: sh -c '%run %t1.exe a b c; echo "status $?"' 2>&1 | FileCheck %s --check-prefix=NULL
;; OK:        status 121
;; SIG:       wasm trap: indirect call type mismatch
;; SIG:       status 134
;; OOB:       wasm trap: undefined element
;; OOB:       status 134
;; NULL:      wasm trap: uninitialized element
;; NULL-NOT:  internal error
;; NULL:      status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (memory 1)
  (type $a (func (param i32) (result i32)))
  (type $b (func (param i64) (result i64)))
  (type $s8 (func (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (func $f1 (type $a) (i32.add (local.get 0) (i32.const 1)))
  (func $f2 (type $a) (i32.mul (local.get 0) (i32.const 3)))
  (func $f3 (type $a) (i32.sub (local.get 0) (i32.const 5)))
  (func $g (type $b) (local.get 0))
  (func $sum8 (type $s8)
    (i64.add (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3)))
             (i64.add (i64.add (local.get 4) (local.get 5)) (i64.add (local.get 6) (local.get 7)))))
  (table $t 8 8 funcref)
  (elem (i32.const 0) func $f1 $f2 $g $sum8)
  (elem $p func $f3 $f2)
  (func $argc (result i32)
    (drop (call $args (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0)))
  (func $call (param i32 i32) (result i32)
    (call_indirect (type $a) (local.get 1) (local.get 0)))
  (func $call8 (param i32) (result i64)
    (call_indirect (type $s8) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
      (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (local.get 0)))
  (func (export "_start")
    (local $n i32) (local $acc i32)
    (local.set $n (call $argc))
    ;; the active segment: 11 + 30
    (local.set $acc (i32.add (call $call (i32.const 0) (i32.const 10)) (call $call (i32.const 1) (i32.const 10))))
    ;; table.set: 0 -> $f3, 5
    (table.set $t (i32.const 0) (ref.func $f3))
    (local.set $acc (i32.add (local.get $acc) (call $call (i32.const 0) (i32.const 10))))
    ;; table.fill: 4, 5 -> $f2, 6 + 6
    (table.fill $t (i32.const 4) (ref.func $f2) (i32.const 2))
    (local.set $acc (i32.add (local.get $acc) (call $call (i32.const 4) (i32.const 2))))
    (local.set $acc (i32.add (local.get $acc) (call $call (i32.const 5) (i32.const 2))))
    ;; table.copy: 6 <- 0 ($f3), 5
    (table.copy $t $t (i32.const 6) (i32.const 0) (i32.const 1))
    (local.set $acc (i32.add (local.get $acc) (call $call (i32.const 6) (i32.const 10))))
    ;; table.init: 7 <- $p[0] ($f3), 15
    (table.init $t $p (i32.const 7) (i32.const 0) (i32.const 1))
    (local.set $acc (i32.add (local.get $acc) (call $call (i32.const 7) (i32.const 20))))
    ;; stack arguments: 36
    (local.set $acc (i32.add (local.get $acc) (i32.wrap_i64 (call $call8 (i32.const 3)))))
    ;; table.grow by 0 returns the size (8), by 1 fails (-1)
    (local.set $acc (i32.add (local.get $acc) (table.grow $t (ref.null func) (i32.const 0))))
    (local.set $acc (i32.add (local.get $acc) (table.grow $t (ref.null func) (i32.const 1))))
    ;; the copies still right after them: 0 -> $f3 again, 5 (and 5 taken off: 121)
    (local.set $acc (i32.sub (i32.add (local.get $acc) (call $call (i32.const 0) (i32.const 10))) (i32.const 5)))
    (if (i32.eq (local.get $n) (i32.const 2)) (then (drop (call $call (i32.const 2) (i32.const 1)))))
    (if (i32.eq (local.get $n) (i32.const 3)) (then (drop (call $call (i32.const 8) (i32.const 1)))))
    (if (i32.eq (local.get $n) (i32.const 4))
      (then (table.set $t (i32.const 1) (ref.null func))
            (drop (call $call (i32.const 1) (i32.const 1)))))
    (call $exit (local.get $acc))))
