;; call_indirect through a table 0 whose size cannot change (defined, max == min, the
;; module's own code: ir::Function::table0_fixed_size; wasm-ld declares C programs'
;; tables so) compares the index with the size as a constant and calls the element's
;; code from the array the runtime keeps after the elements (abi.h, wasmc_table:
;; elems[size + i]): one load from the index to the target, where the funcref's code
;; was a second (docs/backend.md, "call_indirect through a table of fixed size").
;; The signature check reads the funcref from r11. With stack arguments the code waits
;; in a stack temporary. A table that may grow (the GROW prefix: no maximum) keeps the funcref
;; path; so does return_call_indirect.
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
;; RUN: sed 's/(table 5 5 funcref)/(table 5 funcref)/' %s > %t.g.wat
;; RUN: %wasmc --emit=asm %t.g.wat -o - | FileCheck %s --check-prefix=GROW
(module
  (type $t (func (param i32) (result i32)))
  (type $nine (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table 5 5 funcref)
  (elem (i32.const 0) $own)
  (func $own (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "stack") (param i32) (result i64)
    (call_indirect (type $nine) (i64.const 1) (i64.const 2) (i64.const 3)
      (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9)
      (local.get 0)))
  (func (export "tail") (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (local.get 0)))
  ;; a call_ref after such a call_indirect calls through its funcref again
  (func (export "both") (param i32) (result i32)
    (call_ref $t (call_indirect (type $t) (local.get 0) (local.get 0)) (ref.func $own))))
;; CHECK-LABEL: ci (func 1):
;; CHECK:       ; call_indirect
;; CHECK-NEXT:  cmp esi, 0x05
;; CHECK-NEXT:  jnb
;; CHECK-NEXT:  mov rcx, [r15+0x68]
;; CHECK-NEXT:  mov rcx, [rcx]
;; CHECK-NEXT:  mov r11, [rcx+rsi*8]
;; CHECK-NEXT:  mov rax, [rcx+rsi*8+0x28]
;; CHECK-NEXT:  cmp dword ptr [r11+0x10], 0x51
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov esi, e{{[a-z0-9]+}}
;; CHECK-NEXT:  call rax
;; CHECK-LABEL: stack (func 2):
;; CHECK:       ; call_indirect
;; CHECK-NEXT:  cmp esi, 0x05
;; CHECK-NEXT:  jnb
;; CHECK-NEXT:  mov rcx, [r15+0x68]
;; CHECK-NEXT:  mov rcx, [rcx]
;; CHECK-NEXT:  mov r11, [rcx+rsi*8]
;; CHECK-NEXT:  mov rax, [rcx+rsi*8+0x28]
;; CHECK:       cmp ecx, [r11+0x10]
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov [rsp+[[TMP:0x[0-9A-F]+]]], rax
;; CHECK:       call [rsp+[[TMP]]]
;; CHECK-LABEL: tail (func 3):
;; CHECK:       ; return_call_indirect
;; CHECK:       cmp esi, [rcx+0x08]
;; CHECK:       mov rax, [rcx+rsi*8]
;; CHECK:       mov r11, [rax]
;; CHECK:       jmp r11
;; CHECK-LABEL: both (func 4):
;; CHECK:       ; call_indirect
;; CHECK:       call rax
;; CHECK:       ; call_ref
;; CHECK-NOT:   call rax
;; CHECK:       call [rax]
;; GROW-LABEL: ci (func 1):
;; GROW:       ; call_indirect
;; GROW-NEXT:  mov rcx, [r15+0x68]
;; GROW-NEXT:  cmp esi, [rcx+0x08]
;; GROW-NEXT:  jnb
;; GROW-NEXT:  mov rcx, [rcx]
;; GROW-NEXT:  mov rax, [rcx+rsi*8]
;; GROW-NEXT:  cmp dword ptr [rax+0x10], 0x51
;; GROW-NEXT:  jnz
;; GROW-NEXT:  mov esi, e{{[a-z0-9]+}}
;; GROW-NEXT:  call [rax]
