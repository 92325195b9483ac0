;; --debug-names writes the "name" section for $ids as `wat2wasm --debug-names`
;; does (module, functions, locals of every function, types, tables, memories,
;; globals, elem and data segments), and a trap backtrace then names the functions.
;; RUN: %wasmc --emit=wasm --debug-names %s -o %t.wasm
;; RUN: %wat2wasm --enable-all --debug-names %s -o %t.ref.wasm
;; RUN: cmp %t.wasm %t.ref.wasm
;; Without the flag there is no name section, like wat2wasm without it.
;; RUN: %wasmc --emit=wasm %s -o %t.plain.wasm
;; RUN: %wat2wasm --enable-all %s -o %t.plain.ref.wasm
;; RUN: cmp %t.plain.wasm %t.plain.ref.wasm
;; RUN: %wasmc --debug-names --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: unreachable
;; CHECK-NEXT:   #0 inner (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module $named
  (type $void (func))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param $code i32)))
  (table $tab 1 funcref)
  (memory $mem (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (elem $seg func $inner)
  (data $bytes "abc")
  (func $inner (param $x i32) (param i32) (local $y i64) (local f32)
    unreachable)
  (func $_start (export "_start") (type $void)
    (call $inner (i32.const 1) (i32.const 2))))
