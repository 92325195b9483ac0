;; Frames and calls (docs/backend.md, "Frames and calls"): a leaf (no call) skips the
;; stack-limit check; a leaf whose body never needs the instance (no instance state,
;; no trap stub) neither saves nor sets r15 and has no alignment padding; anything
;; that calls keeps the check. call_indirect with register arguments keeps the
;; checked funcref in rax up to the call; with stack arguments (whose stores use rax)
;; it goes through the call-target temporary.
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
(module
  (global $g (mut i32) (i32.const 0))
  (memory 1)
  (type $t (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (func $sub (export "sub") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "glob") (param i32) (result i32) (i32.add (global.get $g) (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $rec (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0) (local.get 1)))
  (func (export "ci9") (param i32) (result i64)
    (call_indirect (param i64 i64 i64 i64 i64 i64) (result i64)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (local.get 0))))
;; CHECK-LABEL: sub (func 0):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NEXT:  mov esi, esi
;; CHECK-NEXT:  mov edx, edx
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub esi, edx
;; CHECK:       mov eax, esi
;; CHECK-NEXT:  pop rbp
;; CHECK-NEXT:  ret
;; CHECK-LABEL: load (func 1):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NEXT:  push r14
;; CHECK-NEXT:  mov r14, [rdi]
;; CHECK-NOT:   r15
;; CHECK:       pop r14
;; CHECK-NEXT:  pop rbp
;; CHECK-NEXT:  ret
;; CHECK-LABEL: glob (func 2):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NEXT:  push r15
;; CHECK-NEXT:  sub rsp, 0x08
;; CHECK-NEXT:  mov r15, rdi
;; CHECK-NEXT:  mov esi, esi
;; CHECK-NEXT:  ; entry
;; CHECK:       mov edi, [r15+0x80]
;; CHECK-LABEL: div (func 3):
;; CHECK:       mov r15, rdi
;; CHECK-NOT:   [rdi+0x58]
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x02
;; CHECK-LABEL: rec (func 4):
;; CHECK:       mov r15, rdi
;; CHECK-NEXT:  cmp rsp, [rdi+0x58]
;; CHECK-NEXT:  jb
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x09
;; CHECK-LABEL: ci (func 5):
;; CHECK:       ; call_indirect
;; CHECK:       cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov edx, esi
;; CHECK-NEXT:  mov esi, edi
;; CHECK-NEXT:  mov rdi, [rax+0x08]
;; CHECK-NEXT:  cmp dword ptr [rax+0x18], 0x00
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  call [rax]
;; CHECK-LABEL: ci9 (func 6):
;; CHECK:       cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov [rsp+0x08], rax
;; CHECK:       mov rax, [rsp+0x08]
;; CHECK-NEXT:  mov rdi, [rax+0x08]
;; CHECK-NEXT:  cmp dword ptr [rax+0x18], 0x00
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  call [rax]
