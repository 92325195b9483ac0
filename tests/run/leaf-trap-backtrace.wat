;; A leaf (no calls) has no stack check but keeps its frame record, so a trap stub in
;; it (division by zero: the leaf pins the instance for the stub) reports the leaf and
;; every caller (docs/backend.md, "Frames and calls").
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: integer divide by zero
;; CHECK-NEXT:   #0 div (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 middle (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #2 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func $div (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $middle (param i32) (result i32)
    (call $div (i32.const 7) (call $sub (local.get 0) (local.get 0))))
  (func (export "_start")
    (drop (call $middle (i32.const 5)))))
