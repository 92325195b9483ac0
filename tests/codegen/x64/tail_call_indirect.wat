;; A tail call through a table with stack arguments (docs/backend.md, "Tail calls")
;; asks the funcref whether its code pops its own stack arguments (callee_pops at
;; offset 0x18, abi.h): wasm code gets the frame replacement and a jump, C code
;; (callee_pops 0) a call and a return. (The import in the table makes the test
;; needed: call_indirect_own.wat shows a module whose funcrefs are all its own code.)
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
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
;; CHECK:      mov rax, [rsp+[[TMP:0x[0-9a-f]+]]]
;; CHECK-NEXT: cmp dword ptr [rax+0x18], 0x00
;; CHECK-NEXT: jz
;; CHECK-NEXT: mov rax, [rsp+[[TMP]]]
;; CHECK-NEXT: mov rdi, [rax+0x08]
;; CHECK-NEXT: mov r11, [rax]
;; CHECK:      lea rsp, [rbp-0x18]
;; CHECK-NEXT: mov [rsp], r10
;; CHECK-NEXT: mov rbp, rax
;; CHECK-NEXT: jmp r11
;; CHECK-NEXT: mov rax, [rsp+[[TMP]]]
;; CHECK-NEXT: mov rdi, [rax+0x08]
;; CHECK-NEXT: call [rax]
;; CHECK:      ret
