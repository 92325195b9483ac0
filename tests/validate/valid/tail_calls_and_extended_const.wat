;; WebAssembly 3.0 features wasmc implements: tail calls (return_call,
;; return_call_indirect; the callee's results must be the function's) and extended
;; constant expressions (i32/i64 add, sub, mul; global.get of an earlier immutable
;; global, imported or defined).
;; RUN: %wasmc --validate %s
;; RUN: not %wasmc --validate %S/Inputs/return_call_results_differ.wat 2>&1 | FileCheck %s
;; CHECK: error: type mismatch (tail call: the callee's results differ from the function's)
(module
  (import "m" "g" (global $g i64))
  (global $a i32 (i32.const 3))
  (global $b i32 (i32.mul (i32.add (global.get $a) (i32.const 1)) (i32.sub (i32.const 0) (global.get $a))))
  (global $c i64 (i64.add (global.get $g) (i64.const 1)))
  (memory 1)
  (data (offset (i32.add (global.get $a) (global.get $b))) "x")
  (table 2 funcref)
  (elem (offset (i32.sub (global.get $a) (i32.const 3))) $f $h)
  (type $t (func (param i32) (result i32)))
  (func $f (param i32) (result i32) (return_call $h (local.get 0)))
  (func $h (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (return (i32.const 7))))
    (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))
