;; call_indirect through a table 0 whose size cannot change (defined, max == min, the
;; module's own code: ir::Function::table0_fixed_size) on AArch64: the bound is a
;; constant and x15 = the element's code from the array the runtime keeps after the
;; elements (abi.h, wasmc_table: elems[size + i]), one load from the index to the
;; `blr`; x16 = the funcref for the signature check. A table of 5000 elements takes
;; its bound and the codes' offset through x15 (beyond 12 bits). A type whose id is
;; not a constant, a growable table (the GROW prefix) and return_call_indirect keep
;; the funcref path. docs/backend.md, "call_indirect through a table of fixed size".
;; RUN: %wasmc --target=aarch64-linux --emit=asm %s -o - | FileCheck %s
;; RUN: sed 's/(table 5 5 funcref)/(table 5 funcref)/' %s > %t.g.wat
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.g.wat -o - | FileCheck %s --check-prefix=GROW
;; RUN: sed 's/(table 5 5 funcref)/(table 5000 5000 funcref)/' %s > %t.b.wat
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.b.wat -o - | FileCheck %s --check-prefix=BIG
(module
  (type $t (func (param i32) (result i32)))
  (type $nine (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table 5 5 funcref)
  (elem (i32.const 0) $own)
  (func $own (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "nine") (param i32) (result i64)
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
;; CHECK-NEXT:  ldr x16, [x28, 0x68]
;; CHECK-NEXT:  ldr x16, [x16]
;; CHECK-NEXT:  cmp w1, 5
;; CHECK-NEXT:  b.hs
;; CHECK-NEXT:  add x15, x16, 0x28
;; CHECK-NEXT:  ldr x15, [x15, w1, uxtw #3]
;; CHECK-NEXT:  ldr x16, [x16, w1, uxtw #3]
;; CHECK-NEXT:  ldr w16, [x16, 0x10]
;; CHECK-NEXT:  cmp w16, 0x51
;; CHECK-NEXT:  b.ne
;; CHECK-NEXT:  mov w1, w{{[0-9]+}}
;; CHECK-NEXT:  blr x15
;; CHECK-LABEL: nine (func 2):
;; CHECK:       ; call_indirect
;; CHECK-NEXT:  ldr x16, [x28, 0x68]
;; CHECK-NEXT:  ldp x16, x15, [x16]
;; CHECK:       blr x17
;; CHECK-LABEL: tail (func 3):
;; CHECK:       ; return_call_indirect
;; CHECK:       ldp x16, x15, [x16]
;; CHECK:       ldr x17, [x15]
;; CHECK:       br x17
;; CHECK-LABEL: both (func 4):
;; CHECK:       ; call_indirect
;; CHECK:       blr x15
;; CHECK:       ; call_ref
;; CHECK:       ldr x17, [x15]
;; CHECK-NEXT:  blr x17
;; GROW-LABEL: ci (func 1):
;; GROW:       ; call_indirect
;; GROW-NEXT:  ldr x16, [x28, 0x68]
;; GROW-NEXT:  ldp x16, x15, [x16]
;; GROW-NEXT:  cmp w1, w15
;; GROW:       ldr x17, [x15]
;; GROW-NEXT:  blr x17
;; BIG-LABEL: ci (func 1):
;; BIG:       ; call_indirect
;; BIG-NEXT:  ldr x16, [x28, 0x68]
;; BIG-NEXT:  ldr x16, [x16]
;; BIG-NEXT:  mov w15, 0x1388
;; BIG-NEXT:  cmp w1, w15
;; BIG-NEXT:  b.hs
;; BIG-NEXT:  mov x15, 0x9C40
;; BIG-NEXT:  add x15, x16, x15
;; BIG-NEXT:  ldr x15, [x15, w1, uxtw #3]
;; BIG:       blr x15
