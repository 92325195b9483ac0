;; Tail calls (docs/backend.md, "Tail calls"): a function pops its own stack
;; arguments (`ret imm16`), so return_call from a function with no stack arguments to
;; one with four copies them, highest first, to end where the caller's area ends
;; (rbp + 16), after loading the saved registers, rbp and the return address; the
;; return address goes just below them, then a jump replaces the frame. In an
;; executable (this listing) r15 holds the instance through all wasm code: the
;; function saves no r15 to load, and passes no instance in rdi (docs/backend.md,
;; "Calls between wasm functions").
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
(module
  (func $nine (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64) (local.get 8))
  (func $grow (param i64) (result i64)
    (return_call $nine (local.get 0) (i64.const 1) (i64.const 2) (i64.const 3)
      (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8))))
;; CHECK:      ret 0x20
;; CHECK:      ; return_call
;; CHECK-NOT:  r15
;; CHECK:      mov r10, [rbp+0x08]
;; CHECK-NEXT: mov rax, [rbp]
;; CHECK-NEXT: movsd xmm15, qword ptr [rsp+0x18]
;; CHECK-NEXT: movsd [rbp+0x08], xmm15
;; CHECK:      movsd [rbp-0x10], xmm15
;; CHECK-NEXT: lea rsp, [rbp-0x18]
;; CHECK-NEXT: mov [rsp], r10
;; CHECK-NEXT: mov rbp, rax
;; CHECK-NEXT: jmp
