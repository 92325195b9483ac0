;; Typed function references: call_ref through (ref $t) values from ref.func, a
;; global, a table with an initializer, a block result and br_on_null /
;; br_on_non_null; ref.as_non_null; non-nullable locals. _start exits with 0 when
;; every check passes, else with the number of the failed check; then a call_ref of
;; null traps with "null function reference".
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' 2>&1 | FileCheck %s
;; CHECK: wasm trap: null function reference
;; CHECK: status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $bin (func (param i32 i32) (result i32)))
  (type $many (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 f64) (result i64 f64)))
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $sum (type $many)
    (i64.add (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3)))
             (i64.add (i64.add (local.get 4) (local.get 5))
                      (i64.add (i64.add (local.get 6) (local.get 7)) (local.get 8))))
    (f64.mul (local.get 9) (f64.const 2)))
  (elem declare func $add $sub $sum)
  (global $g (ref $bin) (ref.func $sub))
  (global $gn (mut (ref null $bin)) (ref.null $bin))
  (table $t 4 (ref null $bin) (ref.func $add))
  (func $check (param $n i32) (param $ok i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $n)))))
  ;; 1 when f is null, else f(a, b) + 100
  (func $maybe (param $f (ref null $bin)) (param $a i32) (param $b i32) (result i32)
    (local $nn (ref $bin))
    (block $null
      (local.set $nn (br_on_null $null (local.get $f)))
      (return (i32.add (call_ref $bin (local.get $a) (local.get $b) (local.get $nn)) (i32.const 100))))
    (i32.const 1))
  ;; br_on_non_null carries the reference to the label
  (func $pick (param $f (ref null $bin)) (result (ref $bin))
    (block $some (result (ref $bin))
      (br_on_non_null $some (local.get $f))
      (ref.func $sub)))
  (func (export "_start")
    (local $r i64) (local $d f64)
    (call $check (i32.const 1) (i32.eq (call_ref $bin (i32.const 2) (i32.const 3) (ref.func $add)) (i32.const 5)))
    (call $check (i32.const 2) (i32.eq (call_ref $bin (i32.const 9) (i32.const 3) (global.get $g)) (i32.const 6)))
    (call $check (i32.const 3) (i32.eq (call_ref $bin (i32.const 9) (i32.const 3)
                                         (ref.as_non_null (table.get $t (i32.const 3)))) (i32.const 12)))
    (call $check (i32.const 4) (i32.eq (call $maybe (ref.null $bin) (i32.const 1) (i32.const 1)) (i32.const 1)))
    (call $check (i32.const 5) (i32.eq (call $maybe (ref.func $sub) (i32.const 7) (i32.const 1)) (i32.const 106)))
    (call $check (i32.const 6) (i32.eq (call_ref $bin (i32.const 7) (i32.const 1) (call $pick (ref.func $add))) (i32.const 8)))
    (call $check (i32.const 7) (i32.eq (call_ref $bin (i32.const 7) (i32.const 1) (call $pick (ref.null $bin))) (i32.const 6)))
    ;; stack arguments and several results through call_ref
    (call_ref $many (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
      (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (f64.const 1.5) (ref.func $sum))
    (local.set $d)
    (local.set $r)
    (call $check (i32.const 8) (i64.eq (local.get $r) (i64.const 45)))
    (call $check (i32.const 9) (f64.eq (local.get $d) (f64.const 3)))
    ;; finally a null callee traps
    (drop (call_ref $bin (i32.const 1) (i32.const 2) (global.get $gn)))
    (call $exit (i32.const 99)))
)
