;; call_indirect's signature check on AArch64: a plain type's id (abi.h,
;; wasmc_plain_type_id) is a constant, one `cmp` where it fits 12 bits
;; ((i32, i32) -> i32 is 1233) and a `mov` first where not ((i32, i32, i32) -> i32 is
;; 14545), in executables and objects alike; a type of more than 6 values or with a
;; typed reference still loads its id from inst->type_ids (x28 + 0x30) at 4 * index.
;; The element is not tested for null: the id's load faults on a null one (abi.h,
;; WASMC_NULL_FAULT_LIMIT).
;; docs/backend.md, "call_indirect's signature id as a constant".
;; RUN: %wasmc --target=aarch64-linux --emit=asm %s -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -c %s -o %t.o
;; RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=OBJ
(module
  (type $ii (func (param i32 i32) (result i32)))
  (type $iii (func (param i32 i32 i32) (result i32)))
  (type $s7 (func (param i64 i64 i64 i64 i64 i64 i64)))
  (type $r (func (param (ref null $ii)) (result i32)))
  (table 4 funcref)
  (func (export "plain") (param i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (i32.const 2) (local.get 0)))
  (func (export "wide") (param i32) (result i32)
    (call_indirect (type $iii) (local.get 0) (i32.const 2) (i32.const 3) (local.get 0)))
  (func (export "long") (param i32)
    (call_indirect (type $s7) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
      (i64.const 5) (i64.const 6) (i64.const 7) (local.get 0)))
  (func (export "typed") (param i32) (result i32)
    (call_indirect (type $r) (ref.null $ii) (local.get 0))))
;; CHECK-LABEL: plain (func 0):
;; CHECK:       ldr x15, [x16, w{{[0-9]+}}, uxtw #3]
;; CHECK-NEXT:  ldr w16, [x15, 0x10]
;; CHECK-NEXT:  cmp w16, 0x4D1
;; CHECK-NEXT:  b.ne
;; CHECK-LABEL: wide (func 1):
;; CHECK:       ldr x15, [x16, w{{[0-9]+}}, uxtw #3]
;; CHECK-NEXT:  ldr w16, [x15, 0x10]
;; CHECK-NEXT:  mov w17, 0x38D1
;; CHECK-NEXT:  cmp w16, w17
;; CHECK-NEXT:  b.ne
;; CHECK-LABEL: long (func 2):
;; CHECK:       ldr x15, [x16, w{{[0-9]+}}, uxtw #3]
;; CHECK-NEXT:  ldr x17, [x28, 0x30]
;; CHECK-NEXT:  ldr w17, [x17, 8]
;; CHECK-NEXT:  ldr w16, [x15, 0x10]
;; CHECK-NEXT:  cmp w16, w17
;; CHECK-NEXT:  b.ne
;; CHECK-LABEL: typed (func 3):
;; CHECK:       ldr x15, [x16, w{{[0-9]+}}, uxtw #3]
;; CHECK-NEXT:  ldr x17, [x28, 0x30]
;; CHECK-NEXT:  ldr w17, [x17, 0xC]
;; CHECK-NEXT:  ldr w16, [x15, 0x10]
;; CHECK-NEXT:  cmp w16, w17
;; CHECK-NEXT:  b.ne
;; OBJ-LABEL:   <wasmc_func_0>:
;; OBJ:         ldr w16, [x15, #{{16|0x10}}]
;; OBJ-NEXT:    cmp w16, #{{1233|0x4d1}}
;; OBJ-LABEL:   <wasmc_func_2>:
;; OBJ:         ldr w17, [x17, #{{8|0x8}}]
;; OBJ-NEXT:    ldr w16, [x15, #{{16|0x10}}]
;; OBJ-NEXT:    cmp w16, w17
