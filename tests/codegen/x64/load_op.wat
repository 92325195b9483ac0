;; Load-op folding (docs/backend.md, "Load-op folding"): a full-width load read only
;; by the next instruction becomes its memory operand: integer ALU ops (the load on
;; either side of a commutative one), compares, eqz / br_if, compare-and-branch and
;; float arithmetic. A load read twice, a narrow load and the left operand of a sub
;; stay loads.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $add (export "add") (param $p i32) (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.load offset=8 (local.get $p))))
  (func $sub64 (export "sub64") (param $p i32) (param $x i64) (result i64)
    (i64.sub (local.get $x) (i64.load offset=16 (local.get $p))))
  (func $mul (export "mul") (param $p i32) (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.load (local.get $p))))
  (func $xor (export "xor") (param $p i32) (param $x i32) (result i32)
    (i32.xor (local.get $x) (i32.load (local.get $p))))
  (func $lt (export "lt") (param $p i32) (param $x i32) (result i32)
    (i32.lt_u (local.get $x) (i32.load (local.get $p))))
  (func $ltk (export "ltk") (param $p i32) (result i32)
    (i32.lt_s (i32.load (local.get $p)) (i32.const 100)))
  (func $eqz (export "eqz") (param $p i32) (result i32)
    (if (i32.eqz (i32.load (local.get $p))) (then (return (i32.const 7))))
    (i32.const 3))
  (func $brcmp (export "brcmp") (param $p i32) (param $x i64) (result i32)
    (if (i64.gt_s (i64.load (local.get $p)) (local.get $x)) (then (return (i32.const 7))))
    (i32.const 3))
  (func $fmul (export "fmul") (param $p i32) (param $x f64) (result f64)
    (f64.mul (local.get $x) (f64.load (local.get $p))))
  (func $fsub (export "fsub") (param $p i32) (param $x f32) (result f32)
    (f32.sub (local.get $x) (f32.load offset=4 (local.get $p))))
  (func $twice (export "twice") (param $p i32) (result i32) (local $v i32)
    (local.set $v (i32.load (local.get $p)))
    (i32.add (local.get $v) (local.get $v)))
  (func $narrow (export "narrow") (param $p i32) (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.load8_u (local.get $p))))
  (func $left (export "left") (param $p i32) (param $x i32) (result i32)
    (i32.sub (i32.load (local.get $p)) (local.get $x))))
;; CHECK-LABEL: add (func 0):
;; CHECK:       ; i32.load @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  add e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x08]
;; CHECK-NEXT:  ; i32.add
;; CHECK-NEXT:  ; end
;; CHECK-LABEL: sub64 (func 1):
;; CHECK:       ; i64.load
;; CHECK-NEXT:  sub r{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x10]
;; CHECK-NEXT:  ; i64.sub
;; CHECK-LABEL: mul (func 2):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  imul e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-NEXT:  ; i32.mul
;; CHECK-LABEL: xor (func 3):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  xor e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-NEXT:  ; i32.xor
;; CHECK-LABEL: lt (func 4):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  cmp e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-NEXT:  setb al
;; CHECK-NEXT:  movzx
;; CHECK-NEXT:  ; i32.lt_u
;; CHECK-LABEL: ltk (func 5):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  cmp dword ptr [r14+r{{[a-z0-9]+}}*1], 0x64
;; CHECK-NEXT:  setl al
;; CHECK-LABEL: eqz (func 6):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  cmp dword ptr [r14+r{{[a-z0-9]+}}*1], 0x00
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  ; i32.eqz
;; CHECK-LABEL: brcmp (func 7):
;; CHECK:       ; i64.load
;; CHECK-NEXT:  cmp [r14+r{{[a-z0-9]+}}*1], r{{[a-z0-9]+}}
;; CHECK-NEXT:  jle
;; CHECK-LABEL: fmul (func 8):
;; CHECK:       ; f64.load
;; CHECK-NEXT:  mulsd xmm{{[0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-NEXT:  ; f64.mul
;; CHECK-LABEL: fsub (func 9):
;; CHECK:       ; f32.load
;; CHECK-NEXT:  subss xmm{{[0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x04]
;; CHECK-NEXT:  ; f32.sub
;; CHECK-LABEL: twice (func 10):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  mov [[V:e[a-z0-9]+]], [r14+r{{[a-z0-9]+}}*1]
;; CHECK:       ; i32.add
;; CHECK-NOT:   [r14
;; CHECK:       ; end
;; CHECK-LABEL: narrow (func 11):
;; CHECK:       ; i32.load8_u
;; CHECK-NEXT:  movzx
;; CHECK-LABEL: left (func 12):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  mov e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub
