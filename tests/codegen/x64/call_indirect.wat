;; call_indirect: bounds check against the table size ("undefined element", trap
;; 10), signature check of the type's id, a constant for this plain type
;; (call_indirect_type_id.wat), against funcref->type_id ("indirect call type
;; mismatch", 8; a null element faults there, which the runtime reports as
;; "uninitialized element", 7: abi.h WASMC_NULL_FAULT_LIMIT),
;; then a call through funcref->code with funcref->instance as the first argument.
;; The element index is read where it is (a zero-extended i32 register). Table 0 is
;; one load from the instance (inst->table0), another table two (inst->tables[i]).
;; Wasm code keeps xmm8-xmm14 across the call (docs/backend.md "Calls between wasm
;; functions"): a C callee (funcref->callee_pops 0) is called from an out-of-line
;; stub shared by the function's call_indirects, which saves and restores them.
;; (The f64 global keeps the convention on: tests/codegen/x64/fpr_gate.wat. The
;; import in the table makes this module's funcrefs more than its own code:
;; call_indirect_own.wat shows the sequence without the test.)
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "h" (func $h (type $t)))
  (table 2 funcref)
  (elem (i32.const 1) $h)
  (table $t1 2 funcref)
  (global f64 (f64.const 0))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "ci1") (param i32 i32) (result i32)
    (call_indirect $t1 (type $t) (local.get 1) (local.get 0))))
;; CHECK-LABEL: ci (func 1):
;; CHECK:       ; call_indirect
;; CHECK:       mov rcx, [r15+0x68]
;; CHECK-NEXT:  cmp esi, [rcx+0x08]
;; CHECK-NEXT:  jnb
;; CHECK-NEXT:  mov rcx, [rcx]
;; CHECK-NEXT:  mov rax, [rcx+rsi*8]
;; CHECK-NEXT:  cmp dword ptr [rax+0x10], 0x51
;; CHECK-NEXT:  jnz
;; CHECK:       mov rdi, [rax+0x08]
;; CHECK-NEXT:  cmp dword ptr [rax+0x18], 0x00
;; CHECK-NEXT:  jz 0x[[#%.16X,STUB:]]
;; CHECK-NEXT:  call [rax]
;; CHECK-NEXT:  [[#%.6x,BACK:]]:
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  [[#%.6x,STUB]]: lea r11, [0x[[#%.16X,BACK]]]
;; CHECK-NEXT:  jmp
;; CHECK-NEXT:  mov [rsp+0x80], r11
;; CHECK-NEXT:  movups [rsp+0x10], xmm8
;; CHECK:       movups [rsp+0x70], xmm14
;; CHECK-NEXT:  call [rax]
;; CHECK-NEXT:  movups xmm8, [rsp+0x10]
;; CHECK:       movups xmm14, [rsp+0x70]
;; CHECK-NEXT:  jmp [rsp+0x80]
;; CHECK-NOT:   mov esi, 0x07
;; CHECK-DAG:   mov esi, 0x08
;; CHECK-DAG:   mov esi, 0x0A
;; CHECK-NOT:   mov esi, 0x07
;; CHECK-LABEL: ci1 (func 2):
;; CHECK:       ; call_indirect
;; CHECK:       mov rcx, [r15+0x10]
;; CHECK-NEXT:  mov rcx, [rcx+0x08]
;; CHECK-NEXT:  cmp esi, [rcx+0x08]
