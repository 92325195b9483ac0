;; call_indirect when every funcref the module can call through is its own code
;; (ir::Function::funcrefs_own_code, docs/backend.md "call_indirect of a module's own
;; code"): in an executable (this listing) no imported function is in a table, named
;; by ref.func or exported, no table or funcref global is imported, and no import or
;; export passes a function reference. The callee is then wasm code that reads its
;; instance from r15 and keeps xmm8-xmm14: the call loads no instance into rdi, tests
;; no callee_pops and has no C-callee stub; the bounds, null and signature checks
;; stay. return_call_indirect with stack arguments jumps without the test too. The
;; same module with an import in its table (IMPORT prefix) keeps both.
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
;; RUN: sed 's/;;IMPORT//' %s > %t.i.wat
;; RUN: %wasmc --emit=asm %t.i.wat -o - | FileCheck %s --check-prefix=IMPORT
(module
  (type $t (func (param i32) (result i32)))
  (type $nine (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "env" "h" (func $h (type $t)))
  (table 2 funcref)
  (global f64 (f64.const 0))
  (elem (i32.const 0) $own)
  ;;IMPORT (elem (i32.const 1) $h)
  (func $own (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "tail") (param i32) (result i64)
    (return_call_indirect (type $nine) (i64.const 1) (i64.const 2) (i64.const 3)
      (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9)
      (local.get 0))))
;; CHECK-LABEL: ci (func 2):
;; CHECK:       ; call_indirect
;; CHECK:       cmp esi, [rcx+0x08]
;; CHECK-NEXT:  jnb
;; CHECK:       mov rax, [rcx+rsi*8]
;; CHECK-NEXT:  cmp dword ptr [rax+0x10], 0x51
;; CHECK-NEXT:  jnz
;; CHECK-NOT:   rdi
;; CHECK-NOT:   [rax+0x18]
;; CHECK:       call [rax]
;; CHECK-NOT:   out-of-line
;; CHECK:       ret
;; CHECK-NOT:   [rax+0x18]
;; CHECK-LABEL: tail (func 3):
;; CHECK:       ; return_call_indirect
;; CHECK-NOT:   [rax+0x18]
;; CHECK-NOT:   mov rdi
;; CHECK:       jmp r11
;; IMPORT-LABEL: ci (func 2):
;; IMPORT:       ; call_indirect
;; IMPORT:       mov rdi, [rax+0x08]
;; IMPORT-NEXT:  cmp dword ptr [rax+0x18], 0x00
;; IMPORT-NEXT:  jz
;; IMPORT-NEXT:  call [rax]
;; IMPORT:       ; out-of-line
;; IMPORT-LABEL: tail (func 3):
;; IMPORT:       ; return_call_indirect
;; IMPORT:       cmp dword ptr [rax+0x18], 0x00
;; IMPORT-NEXT:  jz
;; IMPORT-NEXT:  mov rax, [rsp+
;; IMPORT-NEXT:  mov rdi, [rax+0x08]
;; IMPORT-NEXT:  mov r11, [rax]
;; IMPORT:       jmp r11
