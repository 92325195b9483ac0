;; Constants no AArch64 immediate field takes (RegisterInfo::const_in_register): in a
;; loop they are built once, before it, into a register (LICM moves them out even when
;; nothing else moves; the allocator gives them a register), not again in x16/x17 at
;; every use inside it. A constant an immediate takes (the loop's step 8, the compare's
;; 100) stays an immediate. -O1 has no LICM: the constants stay at their uses.
;; x * (2^k + 1) is one add with a shifted operand, x ^ -1 one mvn.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=O1
(module
  (memory 1)
  (func $mix (export "mix") (param $n i32) (param $h i64) (result i64)
    (local $i i32)
    (loop $l
      (local.set $h
        (i64.mul (i64.xor (local.get $h) (i64.load (local.get $i)))
                 (i64.const 0x87c37b91114253d5)))
      (i32.store offset=8 (local.get $i) (i32.add (local.get $n) (i32.const 0x1900)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (local.get $h))
  (func $fscale (export "fscale") (param $n i32) (result f64)
    (local $i i32) (local $s f64)
    (loop $l
      (local.set $s (f64.add (local.get $s)
                             (f64.mul (f64.load (local.get $i)) (f64.const 0.1))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func $mul5 (export "mul5") (param i32) (result i32)
    (i32.mul (local.get 0) (i32.const 5)))
  (func $mul9 (export "mul9") (param i64) (result i64)
    (i64.mul (local.get 0) (i64.const 9)))
  (func $not (export "not") (param i32) (result i32)
    (i32.xor (local.get 0) (i32.const -1))))
;; CHECK-LABEL: mix (func 0):
;; CHECK:       ; loop
;; CHECK-NEXT:  movz [[K:x[0-9]+]], 0x53D5
;; CHECK-NEXT:  movk [[K]], 0x1142, lsl 16
;; CHECK-NEXT:  movk [[K]], 0x7B91, lsl 32
;; CHECK-NEXT:  movk [[K]], 0x87C3, lsl 48
;; CHECK-NEXT:  mov [[C:w[0-9]+]], 0x1900
;; CHECK:       {{^ *0*}}[[LOOP:[1-9a-f][0-9a-f]*]]:  ldr x{{[0-9]+}}, [x27
;; CHECK-NOT:   mov
;; CHECK:       ; i64.mul
;; CHECK-NEXT:  mul x{{[0-9]+}}, x{{[0-9]+}}, [[K]]
;; CHECK-NOT:   mov
;; CHECK:       ; i32.add
;; CHECK-NEXT:  add w{{[0-9]+}}, w{{[0-9]+}}, [[C]]
;; CHECK-NOT:   mov
;; CHECK:       ; i32.add
;; CHECK-NEXT:  add w{{[0-9]+}}, w{{[0-9]+}}, 8
;; CHECK-NEXT:  ; local.set
;; CHECK-NEXT:  ; local.get
;; CHECK-NEXT:  ; i32.const
;; CHECK-NEXT:  ; i32.lt_u
;; CHECK-NEXT:  cmp w{{[0-9]+}}, 0x64
;; CHECK-NEXT:  b.lo 0x[[LOOP]]
;; CHECK-LABEL: fscale (func 1):
;; CHECK:       ; loop
;; CHECK-NEXT:  ldr [[F:d[0-9]+]], [0x
;; CHECK:       {{^ *0*}}[[FLOOP:[1-9a-f][0-9a-f]*]]:  ldr d{{[0-9]+}}, [x27
;; CHECK-NEXT:  ; f64.const
;; CHECK-NEXT:  ; f64.mul
;; CHECK-NEXT:  fmul d{{[0-9]+}}, d{{[0-9]+}}, [[F]]
;; CHECK:       b.lo 0x[[FLOOP]]
;; CHECK-LABEL: mul5 (func 2):
;; CHECK:       ; i32.mul
;; CHECK-NEXT:  add w{{[0-9]+}}, [[A:w[0-9]+]], [[A]], lsl 2
;; CHECK-LABEL: mul9 (func 3):
;; CHECK:       ; i64.mul
;; CHECK-NEXT:  add x{{[0-9]+}}, [[B:x[0-9]+]], [[B]], lsl 3
;; CHECK-LABEL: not (func 4):
;; CHECK:       ; i32.xor
;; CHECK-NEXT:  mvn w{{[0-9]+}}, w{{[0-9]+}}
;; O1-LABEL:    mix (func 0):
;; O1:          ; i64.mul
;; O1-NEXT:     movz x17, 0x53D5
;; O1:          movk x17, 0x87C3, lsl 48
;; O1-NEXT:     mul x{{[0-9]+}}, x{{[0-9]+}}, x17
;; O1:          ; i32.add
;; O1-NEXT:     mov w17, 0x1900
;; O1-NEXT:     add w{{[0-9]+}}, w{{[0-9]+}}, w17
