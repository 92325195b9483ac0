;; --emit=wasm writes the same bytes as wat2wasm for a module that uses most of the
;; 2.0 text format: every index space by $id, inline imports/exports, implicit and
;; explicit types, folded and plain instructions, labels, segments of every form.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wat2wasm --enable-all %s -o %t.ref.wasm
;; RUN: cmp %t.wasm %t.ref.wasm
;; And it compiles as the same module in binary does (identical listings).
;; RUN: %wasmc --target=%target --emit=asm %s -o %t.text.s
;; RUN: %wasmc --target=%target --emit=asm %t.ref.wasm -o %t.bin.s
;; RUN: sed 's/roundtrip-core.wat.tmp.ref.wasm/X/; s/roundtrip-core.wat/X/' %t.text.s > %t.a
;; RUN: sed 's/roundtrip-core.wat.tmp.ref.wasm/X/; s/roundtrip-core.wat/X/' %t.bin.s > %t.b
;; RUN: diff %t.a %t.b
(module $m
  (type $binop (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "g" (global $imported i32))
  (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) local.get 0 local.get 1 i32.sub)
  (table $t (export "t") 4 funcref)
  (table $ext 1 externref)
  (memory $mem (export "memory") 1 2)
  (global $counter (mut i32) (i32.const 0))
  (global $f f64 (f64.const -0x1.8p-3))
  (elem (table $t) (i32.const 0) func $add $sub)
  (elem $passive funcref (ref.func $add) (ref.null func))
  (elem declare func $sub)
  (data $d "\00\01\02" "abc\u{1F600}")
  (data (memory $mem) (i32.const 64) "hello")
  (func $pair (param $x i32) (result i32 i64)
    (local $tmp i64) (local f32 f32)
    (block $outer (result i32 i64)
      (loop $again
        (br_if $again (i32.eqz (local.get $x)))
        (br_table $again 0 $again (i32.const 1)))
      (local.get $x)
      (local.set $tmp (i64.const -1))
      (local.get $tmp)))
  (func $mem (param i32) (result i32)
    (i32.store8 offset=3 align=1 (local.get 0) (i32.const 0xff))
    (memory.init $d (i32.const 0) (i32.const 0) (i32.const 3))
    (data.drop $d)
    (drop (memory.grow (i32.const 1)))
    (if (result i32) (i32.load16_u offset=0x10 (local.get 0))
      (then (call_indirect $t (type $binop) (i32.const 1) (i32.const 2) (i32.const 0)))
      (else (select (i32.const 1) (i32.const 2) (global.get $imported)))))
  (func $refs (result i32)
    (table.set $ext (i32.const 0) (ref.null extern))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (ref.is_null (table.get $t (i32.const 0))))
  (func $start (call $exit (i32.const 0)))
  (start $start))
