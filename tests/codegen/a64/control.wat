;; Control and calls: br_table is a bounds check plus an ADR-relative jump table in
;; the function's data; direct calls are BL with a CALL26 relocation (listed by
;; symbol; in an executable, as here, they pass no instance: x28 is pinned), imports
;; go through inst->imports, call_indirect checks bounds (table 0 straight from
;; inst->table0, whose elems and size one LDP reads) and the signature before BLR (a
;; null element's signature load faults into "uninitialized element": no test of its
;; own; and loads no instance: every funcref is the module's own code); select is csel;
;; globals are one load/store off x28; several results go through the hidden pointer
;; (x1), 16 bytes apart. (-O1: at -O2 the call to $id would be inlined, docs/backend.md
;; "Inlining".)
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s
(module
  (type $t (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table 2 funcref)
  (global $g (mut i64) (i64.const 0))
  (func $id (type $t) (local.get 0))
  (func (export "tab") (param i32) (result i32)
    (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11))) (i32.const 12))
  (func (export "calls") (param i32) (result i32)
    (call $exit (i32.const 3))
    (i32.add (call $id (local.get 0)) (call_indirect (type $t) (local.get 0) (i32.const 1))))
  (func (export "sel") (param i32 i64 i64) (result i64)
    (global.set $g (select (local.get 1) (local.get 2) (local.get 0))) (global.get $g))
  (func (export "multi") (param i32) (result i32 i64 f32)
    (local.get 0) (i64.const 7) (f32.const 2.5)))
;; CHECK-LABEL: tab (func 2):
;; CHECK:       ; br_table @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  cmp w1, 2
;; CHECK-NEXT:  b.hs 0x{{[0-9a-f]+}}
;; CHECK-NEXT:  adr x16, 0x[[TABLE:[0-9a-f]+]]
;; CHECK-NEXT:  ldrsw x17, [x16, w1, uxtw #2]
;; CHECK-NEXT:  add x16, x16, x17
;; CHECK-NEXT:  br x16
;; CHECK:       ; data: 8 bytes
;; CHECK-LABEL: calls (func 3):
;; CHECK:       ; call @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  mov w1, 3
;; CHECK-NEXT:  ldr x16, [x28, 0x18]
;; CHECK-NEXT:  ldr x17, [x16]
;; CHECK-NEXT:  ldr x0, [x16, 8]
;; CHECK-NEXT:  blr x17
;; CHECK:       ; call @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  mov w1, w{{[0-9]+}}
;; CHECK-NEXT:  bl wasmc_func_1
;; CHECK:       ; call_indirect
;; CHECK:       ldr x16, [x28, 0x68]
;; CHECK-NEXT:  ldp x16, x15, [x16]
;; CHECK-NEXT:  cmp w17, w15
;; CHECK-NEXT:  b.hs 0x[[UNDEF:[0-9a-f]+]]
;; CHECK-NEXT:  ldr x15, [x16, w17, uxtw #3]
;; CHECK-NEXT:  ldr w16, [x15, 0x10]
;; CHECK-NEXT:  cmp w16, 0x51
;; CHECK-NEXT:  b.ne 0x[[TYPE:[0-9a-f]+]]
;; CHECK:       ldr x17, [x15]
;; CHECK-NEXT:  blr x17
;; CHECK:       ; out-of-line
;; CHECK-NOT:   mov w1, 7
;; CHECK:       {{0*}}[[TYPE]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 8
;; CHECK:       {{0*}}[[UNDEF]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 0xA
;; CHECK-LABEL: sel (func 4):
;; CHECK:       ; select
;; CHECK-NEXT:  tst w1, w1
;; CHECK-NEXT:  csel [[R:x[0-9]+]], x2, x3, ne
;; CHECK-NEXT:  ; global.set
;; CHECK-NEXT:  str [[R]], [x28, 0x80]
;; CHECK-LABEL: multi (func 5):
;; CHECK:       str x2, [x1]
;; CHECK-NEXT:  mov x17, 7
;; CHECK-NEXT:  str x17, [x1, 0x10]
;; CHECK-NEXT:  fmov s30, 2.50000
;; CHECK-NEXT:  str s30, [x1, 0x20]
