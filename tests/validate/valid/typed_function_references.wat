;; WebAssembly 3.0 typed function references (without GC): (ref null? $t) value
;; types, subtyping (ref $t) <: (ref null $t) <: funcref, equivalent function types,
;; call_ref, return_call_ref, ref.as_non_null, br_on_null, br_on_non_null, a table
;; with an initializer and non-nullable locals set before use (per block).
;; RUN: %wasmc --validate %s
;; RUN: not %wasmc --validate %S/Inputs/uninitialized_local.wat 2>&1 | FileCheck %s --check-prefix=UNINIT
;; UNINIT: error: uninitialized local (local 0 of type (ref 0) is read before it is set)
;; RUN: not %wasmc --validate %S/Inputs/nullable_to_non_null.wat 2>&1 | FileCheck %s --check-prefix=NULLABLE
;; NULLABLE: error: type mismatch (local.set expects (ref 0) but found (ref null 0))
;; RUN: not %wasmc --validate %S/Inputs/table_needs_init.wat 2>&1 | FileCheck %s --check-prefix=TABLE
;; TABLE: error: type mismatch (a table of (ref 0) needs an initializer)
;; RUN: not %wasmc --validate %S/Inputs/gc_heap_type.wat 2>&1 | FileCheck %s --check-prefix=GC
;; GC: error: garbage collection (GC types) is not supported yet
(module
  (type $t (func (param i32) (result i32)))
  (type $u (func (param i32) (result i32)))  ;; equivalent to $t
  (func $f (type $t) (local.get 0))
  (elem declare func $f)
  (global $g (ref $t) (ref.func $f))
  (global $h funcref (global.get $g))
  (table $tab 2 (ref $t) (ref.func $f))
  (func (param $p (ref null $t)) (result i32)
    (local $l (ref $u))
    (block
      (local.set $l (ref.func $f))
      (drop (call_ref $t (i32.const 1) (local.get $l))))
    (local.set $l (ref.as_non_null (local.get $p)))
    (block $null
      (drop (call_ref $u (i32.const 2) (br_on_null $null (local.get $p)))))
    (drop (block $nn (result (ref $t))
      (br_on_non_null $nn (local.get $p))
      (table.get $tab (i32.const 0))))
    (return_call_ref $t (i32.const 3) (local.get $l)))
)
