;; memory.copy and memory.fill of memory 0 inline on AArch64 (backend/a64/a64_bulk.cc), at
;; -O2 and -O1: no helper call, so a value live across stays in a caller-saved register
;; (w9; the lowering writes only scratch registers: x15-x18, x30, v29-v31); the bounds
;; check first (dst + n, src + n in 64 bits against inst->mem0->size), to a trap call
;; inside the sequence; then the size classes, every access `[x27, wN, uxtw]` or through
;; `add xT, x27, wN, uxtw` in its own block (the address check); a constant n goes
;; straight to its class; above 64 bytes 32-byte chunks (ldp / stp of q registers), in
;; both directions for a copy, then the last 32..63 bytes loaded before they are stored.
;; Results: tests/run/bulk-memory.wat, tests/run/bulk-memory-bounds.test (both targets).
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func (export "copy") (param i32 i32 i32) (result i32)
    (local $x i32)
    (local.set $x (i32.mul (local.get 0) (local.get 2)))
    (memory.copy (local.get 0) (local.get 1) (local.get 2))
    (local.get $x))
  (func (export "fill8") (param i32 i32)
    (memory.fill (local.get 0) (local.get 1) (i32.const 8)))
  (func (export "fill100") (param i32)
    (memory.fill (local.get 0) (i32.const 0x5a) (i32.const 100))))
;; CHECK-LABEL: copy (func 0):
;; CHECK:       mul w9, w1, w3
;; CHECK-LABEL: ; memory.copy
;; CHECK-NEXT:  mov w16, w1
;; CHECK-NEXT:  mov w17, w2
;; CHECK-NEXT:  mov w15, w3
;; CHECK-NEXT:  ldr x18, [x28, 8]
;; CHECK-NEXT:  ldr x18, [x18, 8]
;; CHECK-NEXT:  add x30, x16, x15
;; CHECK-NEXT:  cmp x30, x18
;; CHECK-NEXT:  b.hi 0x[[OOB:[0-9a-f]+]]
;; CHECK-NEXT:  add x30, x17, x15
;; CHECK-NEXT:  cmp x30, x18
;; CHECK-NEXT:  b.hi 0x[[OOB]]
;; CHECK-NEXT:  cmp w15, 0x10
;; CHECK:       cbz w15, 0x[[DONE:[0-9a-f]+]]
;; CHECK-NEXT:  ldr b29, [x27, w17, uxtw]
;; CHECK-NEXT:  str b29, [x27, w16, uxtw]
;; CHECK-NEXT:  b 0x[[DONE]]
;; CHECK-NEXT:  {{0*}}[[OOB]]:  mov x0, x28
;; CHECK-NEXT:  mov w1, 5
;; CHECK-NEXT:  bl wasmc_rt_trap
;; CHECK-NEXT:  brk 1
;; CHECK-NOT:   bl
;; The 16..32 class: both loaded, then both stored.
;; CHECK:       sub w18, w15, 0x10
;; CHECK-NEXT:  ldr q29, [x27, w17, uxtw]
;; CHECK-NEXT:  add w17, w17, w18
;; CHECK-NEXT:  ldr q30, [x27, w17, uxtw]
;; CHECK-NEXT:  str q29, [x27, w16, uxtw]
;; CHECK-NEXT:  add w16, w16, w18
;; CHECK-NEXT:  str q30, [x27, w16, uxtw]
;; The 33..64 class, which the loops end in too: 64 bytes loaded, then stored.
;; CHECK:       cmp w15, 0x40
;; CHECK-NEXT:  b.hi 0x[[BIG:[0-9a-f]+]]
;; CHECK-NEXT:  sub w15, w15, 0x20
;; CHECK-NEXT:  {{0*}}[[LAST:[0-9a-f]+]]:  add x18, x27, w17, uxtw
;; CHECK-NEXT:  ldp q29, q30, [x18]
;; CHECK-NEXT:  add w17, w17, w15
;; CHECK-NEXT:  add x17, x27, w17, uxtw
;; CHECK-NEXT:  ldr q31, [x17]
;; CHECK-NEXT:  ldp x18, x30, [x17, 0x10]
;; CHECK-NEXT:  add x17, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q30, [x17]
;; CHECK-NEXT:  add w16, w16, w15
;; CHECK-NEXT:  add x16, x27, w16, uxtw
;; CHECK-NEXT:  str q31, [x16]
;; CHECK-NEXT:  stp x18, x30, [x16, 0x10]
;; CHECK-NEXT:  b 0x[[DONE]]
;; Above 64: forward unless dst - src (mod 2^32) is below n.
;; CHECK-NEXT:  {{0*}}[[BIG]]:  sub w18, w16, w17
;; CHECK-NEXT:  cmp w18, w15
;; CHECK-NEXT:  b.lo 0x[[BACK:[0-9a-f]+]]
;; CHECK-NEXT:  sub w15, w15, 0x40
;; CHECK-NEXT:  {{0*}}[[FWD:[0-9a-f]+]]:  add x18, x27, w17, uxtw
;; CHECK-NEXT:  ldp q29, q30, [x18]
;; CHECK-NEXT:  add x18, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q30, [x18]
;; CHECK-NEXT:  add w17, w17, 0x20
;; CHECK-NEXT:  add w16, w16, 0x20
;; CHECK-NEXT:  subs w15, w15, 0x20
;; CHECK-NEXT:  b.hs 0x[[FWD]]
;; CHECK-NEXT:  add w15, w15, 0x20
;; CHECK-NEXT:  b 0x[[LAST]]
;; CHECK-NEXT:  {{0*}}[[BACK]]:  add w17, w17, w15
;; CHECK-NEXT:  sub w17, w17, 0x20
;; CHECK-NEXT:  add w16, w16, w15
;; CHECK-NEXT:  sub w16, w16, 0x20
;; CHECK-NEXT:  sub w15, w15, 0x40
;; CHECK-NEXT:  {{0*}}[[BLOOP:[0-9a-f]+]]:  add x18, x27, w17, uxtw
;; CHECK-NEXT:  ldp q29, q30, [x18]
;; CHECK-NEXT:  add x18, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q30, [x18]
;; CHECK-NEXT:  sub w17, w17, 0x20
;; CHECK-NEXT:  sub w16, w16, 0x20
;; CHECK-NEXT:  subs w15, w15, 0x20
;; CHECK-NEXT:  b.hs 0x[[BLOOP]]
;; CHECK-NEXT:  add w15, w15, 0x20
;; CHECK-NEXT:  sub w17, w17, w15
;; CHECK-NEXT:  sub w16, w16, w15
;; CHECK-NEXT:  b 0x[[LAST]]
;; CHECK-LABEL: ; end
;; CHECK-NEXT:  {{0*}}[[DONE]]:  mov w0, w9
;; CHECK-LABEL: fill8 (func 1):
;; CHECK-LABEL: ; memory.fill
;; CHECK-NEXT:  mov w16, w1
;; CHECK-NEXT:  dup v29.16b, w2
;; CHECK-NEXT:  ldr x18, [x28, 8]
;; CHECK-NEXT:  ldr x18, [x18, 8]
;; CHECK-NEXT:  add x30, x16, 8
;; CHECK-NEXT:  cmp x30, x18
;; CHECK-NEXT:  b.hi
;; CHECK-NEXT:  str d29, [x27, w16, uxtw]
;; CHECK-NEXT:  b
;; CHECK-NEXT:  mov x0, x28
;; CHECK-NEXT:  mov w1, 5
;; CHECK-NEXT:  bl wasmc_rt_trap
;; CHECK-NEXT:  brk 1
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: fill100 (func 2):
;; CHECK-LABEL: ; memory.fill
;; CHECK-NEXT:  mov w16, w1
;; CHECK-NEXT:  movi v29.16b, 0x5A
;; CHECK-NEXT:  mov w15, 0x64
;; CHECK:       b.hi
;; CHECK-NEXT:  sub w15, w15, 0x40
;; CHECK-NEXT:  {{0*}}[[FILL:[0-9a-f]+]]:  add x18, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q29, [x18]
;; CHECK-NEXT:  add w16, w16, 0x20
;; CHECK-NEXT:  subs w15, w15, 0x20
;; CHECK-NEXT:  b.hs 0x[[FILL]]
;; CHECK-NEXT:  add w15, w15, 0x20
;; CHECK-NEXT:  add x18, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q29, [x18]
;; CHECK-NEXT:  add w16, w16, w15
;; CHECK-NEXT:  add x18, x27, w16, uxtw
;; CHECK-NEXT:  stp q29, q29, [x18]
;; CHECK-NOT:   wasmc_rt_memory
