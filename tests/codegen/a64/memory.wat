;; Linear memory: [x27 + zext(index) + offset], no bounds checks. Offset 0 uses the
;; uxtw register form, small offsets the immediate form after one add, offsets
;; beyond the immediate range a register; constant zero stores use wzr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -c %t.wasm -o %t.o
;; RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=OBJ
(module
  (memory 1)
  (func (export "load0") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load16s") (param i32) (result i64) (i64.load16_s offset=6 (local.get 0)))
  (func (export "loadbig") (param i32) (result f64) (f64.load offset=0x12345678 (local.get 0)))
  (func (export "store") (param i32 f32) (f32.store offset=4 (local.get 0) (local.get 1)))
  (func (export "storec") (param i32) (i64.store8 (local.get 0) (i64.const 0)))
  (func (export "grow") (param i32) (result i32) (i32.add (memory.grow (local.get 0)) (memory.size))))
;; In an executable (the listing) x27 and x28 hold memory 0's base and the instance
;; through all wasm code: no prologue saves or sets them. In an object (OBJ) the
;; prologue pins the memory base once; these small leaves never need the instance
;; afterwards: x28 is neither saved nor set, and there is no stack check
;; (docs/backend.md, "Frames and calls"); memory.grow is a call, so `grow` has both.
;; CHECK-LABEL: load0 (func 0):
;; CHECK-NOT:   x28
;; CHECK-NOT:   0x58]
;; CHECK-NOT:   x27
;; CHECK:       ; i32.load @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  ldr w{{[0-9]+}}, [x27, w1, uxtw]
;; CHECK-LABEL: load16s (func 1):
;; CHECK:       ; i64.load16_s
;; CHECK-NEXT:  add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldrsh x{{[0-9]+}}, [x16, 6]
;; CHECK-LABEL: loadbig (func 2):
;; CHECK:       ; f64.load
;; CHECK-NEXT:  add x16, x27, w1, uxtw
;; CHECK-NEXT:  movz x17, 0x5678
;; CHECK-NEXT:  movk x17, 0x1234, lsl 16
;; CHECK-NEXT:  ldr d{{[0-9]+}}, [x16, x17]
;; CHECK-LABEL: store (func 3):
;; CHECK:       ; f32.store
;; CHECK-NEXT:  add x16, x27, w1, uxtw
;; CHECK-NEXT:  str s0, [x16, 4]
;; CHECK-LABEL: storec (func 4):
;; CHECK:       ; i64.store8
;; CHECK-NEXT:  strb wzr, [x27, w1, uxtw]
;; CHECK-LABEL: grow (func 5):
;; CHECK:       ldr x16, [x28, 0x58]
;; CHECK-NEXT:  cmp sp, x16
;; CHECK-NEXT:  b.lo
;; CHECK-NOT:   x28,
;; CHECK:       ; memory.grow
;; CHECK-NEXT:  mov x0, x28
;; CHECK-NEXT:  bl wasmc_rt_memory_grow
;; OBJ-LABEL:   <wasmc_func_0>:
;; OBJ-NOT:     x28
;; OBJ-NOT:     0x58]
;; OBJ:         stur x27, [x29, #-{{16|0x10}}]
;; OBJ-NEXT:    ldr x27, [x0]
;; OBJ-NOT:     x28
;; OBJ:         ldr w{{[0-9]+}}, [x27, w1, uxtw]
;; OBJ-LABEL:   <wasmc_func_5>:
;; OBJ:         ldr x16, [x0, #{{88|0x58}}]
;; OBJ-NEXT:    cmp sp, x16
;; OBJ-NEXT:    b.lo
;; OBJ-NEXT:    stur x28, [x29, #-{{16|0x10}}]
;; OBJ-NEXT:    mov x28, x0
;; OBJ:         mov x0, x28
;; OBJ-NEXT:    bl
;; CHECK-NEXT:  mov w{{[0-9]+}}, w0
;; CHECK:       ; memory.size
;; CHECK-NEXT:  ldr x17, [x28, 8]
;; CHECK-NEXT:  ldr [[SIZE:x[0-9]+]], [x17, 8]
;; CHECK-NEXT:  lsr [[SIZE]], [[SIZE]], 0x10
