;; A tail call through a table with stack arguments (docs/backend.md, "Tail calls")
;; asks the funcref (x15) whether its code pops its own stack arguments (callee_pops
;; at offset 0x18, abi.h): wasm code gets the frame replacement and `br`, C code
;; (callee_pops 0) `blr` and a return. The table holds an import, so a funcref may be
;; C code; where every funcref is the module's own code (prefix OWN, the same module
;; without the import in its table) the jump needs no test and passes no instance.
;; RUN: %wasmc --target=aarch64-linux --emit=asm %s -o - | FileCheck %s
;; RUN: sed 's/(elem (i32.const 0) $h)//' %s > %t.own.wat
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.own.wat -o - | FileCheck %s --check-prefix=OWN
(module
  (type $nine (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "env" "h" (func $h (type $nine)))
  (table 1 funcref)
  (elem (i32.const 0) $h)
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
;; OWN:      ; return_call_indirect
;; OWN:      b.ne
;; OWN-NOT:  [x15, 0x18]
;; OWN-NOT:  [x15, 8]
;; OWN:      ldr x17, [x15]
;; OWN:      mov sp, x10
;; OWN-NEXT: mov x29, x9
;; OWN-NEXT: br x17
;; OWN-NOT:  blr
