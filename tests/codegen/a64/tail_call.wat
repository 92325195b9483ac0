;; Tail calls (docs/backend.md, "Tail calls"): a function pops its own stack
;; arguments (`add sp` before `ret`), so return_call from a function with no stack
;; arguments to one with two restores the saved registers (none here: in an
;; executable x28 is pinned, neither saved nor passed in x0) and the frame record,
;; copies them (highest first) to end where the caller's area ends (x29 + 16), sets
;; sp there and branches (B with a JUMP26 relocation, listed by symbol).
;; RUN: %wasmc --target=aarch64-linux --emit=asm %s -o - | FileCheck %s
(module
  (func $nine (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64) (local.get 8))
  (func $grow (param i64) (result i64)
    (return_call $nine (local.get 0) (i64.const 1) (i64.const 2) (i64.const 3)
      (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8))))
;; CHECK:      add sp, sp, 0x10
;; CHECK-NEXT: ret x30
;; CHECK:      ; return_call
;; CHECK-NOT:  x28
;; CHECK:      ldp x9, x30, [x29]
;; CHECK-NEXT: add x10, x29, 0
;; CHECK-NEXT: ldr x16, [sp, 8]
;; CHECK-NEXT: str x16, [x10, 8]
;; CHECK-NEXT: ldr x16, [sp]
;; CHECK-NEXT: str x16, [x10]
;; CHECK-NEXT: mov sp, x10
;; CHECK-NEXT: mov x29, x9
;; CHECK-NEXT: b wasmc_func_0
