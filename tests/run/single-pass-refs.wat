;; The -O0 single-pass tier (compiler/lower/single_pass.cc) on references and tables:
;; funcref / externref values (locals, params, results, globals, blocks, select: i64s as
;; in the IR), ref.null, ref.is_null (a compare br_if and if take), ref.func, table.size,
;; and the helpers the IR path calls (table.get/set/grow/fill/copy/init, elem.drop);
;; and `if` with params (the else arm finds them in their slots). $check counts the
;; wrong results; the exit status is their number. With an argument: table.get out of
;; bounds traps with the IR path's message. Every function stays in the tier.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: sh -c '%run %t.exe a 2>&1; echo "status $?"' | FileCheck %s --check-prefix=TRAP
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target -O0 -v %t.wasm -o %t-v.exe 2>&1 | FileCheck %s --check-prefix=VERBOSE
;; RUN: env WASMC_VERIFY=1 %wasmc --target=%target -O0 -c %t.wasm -o %t.o
;; CHECK: status 0
;; TRAP:      wasm trap: out of bounds table access
;; TRAP:      status 134
;; VERBOSE: wasmc: single-pass tier: 12 functions, 0 to the IR path
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (type $un (func (param i32) (result i32)))
  (table $t 4 funcref)
  (table $e 2 externref)
  (global $errors (mut i32) (i32.const 0))
  (global $gref (mut funcref) (ref.null func))
  (elem $seg func $double $triple)
  (elem declare func $neg)
  (func $double (type $un) (i32.mul (local.get 0) (i32.const 2)))
  (func $triple (type $un) (i32.mul (local.get 0) (i32.const 3)))
  (func $neg (type $un) (i32.sub (i32.const 0) (local.get 0)))
  (func $check (param $got i32) (param $want i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (global.set $errors (i32.add (global.get $errors) (i32.const 1))))))
  ;; if with params: then adds, else subtracts; the then arm overwrites the params'
  ;; slots and the local the lazy param read.
  (func $ifp (param $c i32) (param $x i32) (result i32)
    (local $y i32)
    (local.set $y (i32.const 10))
    local.get $x
    local.get $y
    local.get $c
    (if (param i32 i32) (result i32)
      (then (local.set $y (i32.const 1000)) i32.add (local.get $y) i32.add)
      (else i32.sub)))
  ;; if with a param and no else: the param is the result when c is 0.
  (func $ifp_noelse (param $c i32) (param $x i32) (result i32)
    local.get $x
    local.get $c
    (if (param i32) (result i32) (then (i32.const 7) i32.mul)))
  ;; a funcref param, result, local, block and select; ref.is_null taken by br_if / if
  (func $pick (param $r funcref) (param $c i32) (result funcref)
    (local $l funcref)
    (local.set $l (ref.func $neg))
    (block $b (result funcref)
      (br_if $b (local.get $r) (ref.is_null (local.get $r)))
      (drop)
      (select (result funcref) (local.get $r) (local.get $l) (local.get $c))))
  (func $is_null (param $r externref) (result i32)
    (if (result i32) (ref.is_null (local.get $r)) (then (i32.const 1)) (else (i32.const 0))))
  (func $null_value (param $r funcref) (result i32) (ref.is_null (local.get $r)))
  (func $call_at (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $un) (local.get $x) (local.get $i)))
  (func $get (param $i i32) (result funcref) (table.get $t (local.get $i)))
  (func (export "_start") (local $args i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $args (i32.sub (i32.load (i32.const 0)) (i32.const 1)))
    (call $check (call $ifp (i32.const 1) (i32.const 5)) (i32.const 1015))
    (call $check (call $ifp (i32.const 0) (i32.const 5)) (i32.const -5))
    (call $check (call $ifp_noelse (i32.const 1) (i32.const 6)) (i32.const 42))
    (call $check (call $ifp_noelse (i32.const 0) (i32.const 6)) (i32.const 6))
    ;; table.init, elem.drop, table.size / get / set / grow / fill / copy
    (table.init $t $seg (i32.const 1) (i32.const 0) (i32.const 2))
    (elem.drop $seg)
    (call $check (table.size $t) (i32.const 4))
    (call $check (call $call_at (i32.const 1) (i32.const 7)) (i32.const 14))
    (call $check (call $call_at (i32.const 2) (i32.const 7)) (i32.const 21))
    (table.set $t (i32.const 0) (ref.func $neg))
    (call $check (call $call_at (i32.const 0) (i32.const 7)) (i32.const -7))
    (call $check (table.grow $t (call $get (i32.const 2)) (i32.const 2)) (i32.const 4))
    (call $check (table.size $t) (i32.const 6))
    (call $check (call $call_at (i32.const 5) (i32.const 2)) (i32.const 6))
    (table.fill $t (i32.const 3) (ref.func $double) (i32.const 2))
    (call $check (call $call_at (i32.const 4) (i32.const 2)) (i32.const 4))
    (table.copy $t $t (i32.const 0) (i32.const 4) (i32.const 2))
    (call $check (call $call_at (i32.const 1) (i32.const 9)) (i32.const 27))
    (call $check (call $null_value (table.get $t (i32.const 0))) (i32.const 0))
    ;; externrefs: null, and the table's
    (call $check (call $is_null (ref.null extern)) (i32.const 1))
    (call $check (call $is_null (table.get $e (i32.const 1))) (i32.const 1))
    (call $check (table.size $e) (i32.const 2))
    ;; funcref values through a global, a param, a block and select
    (global.set $gref (ref.func $triple))
    (call $check (call $null_value (global.get $gref)) (i32.const 0))
    (call $check (call $null_value (ref.null func)) (i32.const 1))
    (table.set $t (i32.const 0) (call $pick (global.get $gref) (i32.const 1)))
    (call $check (call $call_at (i32.const 0) (i32.const 4)) (i32.const 12))
    (table.set $t (i32.const 0) (call $pick (global.get $gref) (i32.const 0)))
    (call $check (call $call_at (i32.const 0) (i32.const 4)) (i32.const -4))
    (call $check (call $null_value (call $pick (ref.null func) (i32.const 1))) (i32.const 1))
    (if (local.get $args) (then (drop (call $get (i32.const 6)))))
    (call $exit (global.get $errors)))
)
