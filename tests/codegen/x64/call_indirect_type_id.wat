;; call_indirect's signature check compares the funcref's id (funcref->type_id, at
;; +0x10) with the type's id as a constant when the type is plain (abi.h,
;; wasmc_plain_type_id: (i32, i32) -> i32 is 1233, () -> () is 0), in executables
;; and objects alike; a type of more than 6 values, or one with a typed reference,
;; still loads its id from inst->type_ids (+0x30) at the type's index (4 * index).
;; The element is not tested for null: the id's read faults on a null one (abi.h,
;; WASMC_NULL_FAULT_LIMIT).
;; docs/backend.md, "call_indirect's signature id as a constant".
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
;; RUN: %wasmc -c %s -o %t.o
;; RUN: llvm-objdump -d --no-show-raw-insn -M intel %t.o | FileCheck %s --check-prefix=OBJ
(module
  (type $ii (func (param i32 i32) (result i32)))
  (type $v (func))
  (type $s7 (func (param i64 i64 i64 i64 i64 i64 i64)))
  (type $r (func (param (ref null $ii)) (result i32)))
  (table 4 funcref)
  (func (export "plain") (param i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (i32.const 2) (local.get 0)))
  (func (export "empty") (param i32)
    (call_indirect (type $v) (local.get 0)))
  (func (export "long") (param i32)
    (call_indirect (type $s7) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
      (i64.const 5) (i64.const 6) (i64.const 7) (local.get 0)))
  (func (export "typed") (param i32) (result i32)
    (call_indirect (type $r) (ref.null $ii) (local.get 0))))
;; CHECK-LABEL: plain (func 0):
;; CHECK:       mov rax, [rcx+r{{[a-z0-9]+}}*8]
;; CHECK-NEXT:  cmp dword ptr [rax+0x10], 0x4D1
;; CHECK-NEXT:  jnz
;; CHECK-LABEL: empty (func 1):
;; CHECK:       mov rax, [rcx+r{{[a-z0-9]+}}*8]
;; CHECK-NEXT:  cmp dword ptr [rax+0x10], 0x00
;; CHECK-NEXT:  jnz
;; CHECK-LABEL: long (func 2):
;; CHECK:       mov rax, [rcx+r{{[a-z0-9]+}}*8]
;; CHECK-NEXT:  mov rcx, [r15+0x30]
;; CHECK-NEXT:  mov ecx, [rcx+0x08]
;; CHECK-NEXT:  cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; CHECK-LABEL: typed (func 3):
;; CHECK:       mov rax, [rcx+r{{[a-z0-9]+}}*8]
;; CHECK-NEXT:  mov rcx, [r15+0x30]
;; CHECK-NEXT:  mov ecx, [rcx+0x0C]
;; CHECK-NEXT:  cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; OBJ-LABEL:   <wasmc_func_0>:
;; OBJ:         cmp dword ptr [rax + {{16|0x10}}], {{1233|0x4d1}}
;; OBJ-LABEL:   <wasmc_func_2>:
;; OBJ:         mov ecx, dword ptr [rcx + {{8|0x8}}]
;; OBJ-NEXT:    cmp ecx, dword ptr [rax + {{16|0x10}}]
