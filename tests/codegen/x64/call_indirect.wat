;; call_indirect: bounds check against the table size ("undefined element", trap
;; 10), null check ("uninitialized element", 7), signature check of
;; inst->type_ids[type] against funcref->type_id ("indirect call type mismatch", 8),
;; then a call through funcref->code with funcref->instance as the first argument.
;; The element index is read where it is (a zero-extended i32 register).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
;; CHECK-LABEL: ci (func 0):
;; CHECK:       ; call_indirect
;; CHECK:       mov rcx, [r15+0x10]
;; CHECK-NEXT:  mov rcx, [rcx]
;; CHECK-NEXT:  cmp esi, [rcx+0x08]
;; CHECK-NEXT:  jnb
;; CHECK-NEXT:  mov rcx, [rcx]
;; CHECK-NEXT:  mov rax, [rcx+rsi*8]
;; CHECK-NEXT:  test rax, rax
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  mov rcx, [r15+0x30]
;; CHECK-NEXT:  mov ecx, [rcx]
;; CHECK-NEXT:  cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; CHECK:       mov rdi, [rax+0x08]
;; CHECK-NEXT:  call [rax]
;; CHECK:       ; out-of-line
;; CHECK-DAG:   mov esi, 0x07
;; CHECK-DAG:   mov esi, 0x08
;; CHECK-DAG:   mov esi, 0x0A
