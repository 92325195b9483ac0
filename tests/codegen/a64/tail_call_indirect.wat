;; A tail call through a table with stack arguments (docs/backend.md, "Tail calls")
;; asks the funcref (x15) whether its code pops its own stack arguments (callee_pops
;; at offset 0x18, abi.h): wasm code gets the frame replacement and `br`, C code
;; (callee_pops 0) `blr` and a return.
;; RUN: %wasmc --target=aarch64-linux --emit=asm %s -o - | FileCheck %s
(module
  (type $nine (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table 1 funcref)
  (func $ind (param i32) (result i64)
    (return_call_indirect (type $nine) (i64.const 1) (i64.const 2) (i64.const 3)
      (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9)
      (local.get 0))))
;; CHECK:      ; return_call_indirect
;; CHECK:      ldr w16, [x15, 0x18]
;; CHECK-NEXT: cbz w16,
;; CHECK-NEXT: ldr x0, [x15, 8]
;; CHECK-NEXT: ldr x17, [x15]
;; CHECK:      mov sp, x10
;; CHECK-NEXT: mov x29, x9
;; CHECK-NEXT: br x17
;; CHECK-NEXT: ldr x0, [x15, 8]
;; CHECK-NEXT: ldr x17, [x15]
;; CHECK-NEXT: blr x17
;; CHECK:      ret x30
