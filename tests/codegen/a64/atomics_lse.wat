;; --cpu picks the AArch64 atomics: armv8-a (the default) LL/SC loops (ldaxr/stlxr),
;; armv8.1-a one LSE instruction per read-modify-write (ldaddal; sub adds the negation,
;; and clears the complement) and casal for cmpxchg, B/H forms for the narrow widths.
;; x86-64 levels are refused for aarch64 and AArch64 levels for x86-64.
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V80
;; RUN: %wasmc --target=aarch64-linux --cpu=armv8-a --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V80
;; RUN: %wasmc --target=aarch64-linux --cpu=armv8.1-a --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=LSE
;; RUN: not %wasmc --target=aarch64-linux --cpu=x86-64-v3 %t.wasm -o %t.exe 2>&1 | FileCheck %s --check-prefix=BAD-A64
;; RUN: not %wasmc --target=x86_64-linux --cpu=armv8.1-a %t.wasm -o %t.exe 2>&1 | FileCheck %s --check-prefix=BAD-X64
;; RUN: %wasmc --target=aarch64-linux --cpu=armv8.1-a -c %t.wasm -o %t.o
;; RUN: llvm-objdump -d --mattr=+lse %t.o | FileCheck %s --check-prefix=OBJ
(module
  (memory 1 1 shared)
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "sub8") (param i32 i32) (result i32)
    (i32.atomic.rmw8.sub_u (local.get 0) (local.get 1)))
  (func (export "and16") (param i32 i64) (result i64)
    (i64.atomic.rmw16.and_u (local.get 0) (local.get 1)))
  (func (export "or64") (param i32 i64) (result i64)
    (i64.atomic.rmw.or (local.get 0) (local.get 1)))
  (func (export "xor32") (param i32 i64) (result i64)
    (i64.atomic.rmw32.xor_u (local.get 0) (local.get 1)))
  (func (export "xchg") (param i32 i32) (result i32)
    (i32.atomic.rmw.xchg (local.get 0) (local.get 1)))
  (func (export "cas") (param i32 i64 i64) (result i64)
    (i64.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "cas8") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2))))
;; V80-LABEL: add (func 0):
;; V80:       ldaxr w17, [x16]
;; V80-NEXT:  add x30, x17, x2
;; V80-NEXT:  stlxr w15, w30, [x16]
;; V80-LABEL: cas (func 6):
;; V80:       ldaxr x17, [x16]
;; V80-NEXT:  cmp x17, x18
;; V80:       stlxr w15, x3, [x16]
;; V80-NOT:   casal
;; LSE-LABEL: add (func 0):
;; LSE:       ldaddal w2, w17, [x16]
;; LSE-LABEL: sub8 (func 1):
;; LSE:       neg w18, w2
;; LSE-NEXT:  ldaddalb w18, w17, [x16]
;; LSE-LABEL: and16 (func 2):
;; LSE:       mvn w18, w2
;; LSE-NEXT:  ldclralh w18, w17, [x16]
;; LSE-LABEL: or64 (func 3):
;; LSE:       ldsetal x2, x17, [x16]
;; LSE-LABEL: xor32 (func 4):
;; LSE:       ldeoral w2, w17, [x16]
;; LSE-LABEL: xchg (func 5):
;; LSE:       swpal w2, w17, [x16]
;; LSE-LABEL: cas (func 6):
;; LSE:       mov x17, x2
;; LSE-NEXT:  casal x17, x3, [x16]
;; LSE-LABEL: cas8 (func 7):
;; LSE:       mov w17, w2
;; LSE-NEXT:  casalb w17, w3, [x16]
;; LSE-NOT:   ldaxr
;; BAD-A64: --cpu=x86-64-v3:0x0: error: unknown CPU level for aarch64-linux (expected armv8-a, armv8.1-a or native)
;; BAD-X64: --cpu=armv8.1-a:0x0: error: unknown CPU level for x86_64-linux (expected x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or native)
;; OBJ: ldaddal w2, w17, [x16]
;; OBJ: ldaddalb w18, w17, [x16]
;; OBJ: ldclralh w18, w17, [x16]
;; OBJ: ldsetal x2, x17, [x16]
;; OBJ: ldeoral w2, w17, [x16]
;; OBJ: swpal w2, w17, [x16]
;; OBJ: casal x17, x3, [x16]
;; OBJ: casalb w17, w3, [x16]
