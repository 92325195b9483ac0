;; Load-op folding (docs/backend.md, "Load-op folding"): a full-width load read only
;; by the next instruction becomes its memory operand: compares (the load on either
;; side), eqz / br_if, compare-and-branch and float arithmetic. Integer ALU ops (they
;; measured slower), a load read twice, a narrow load and the left operand of f64.sub
;; stay loads.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $lt (export "lt") (param $p i32) (param $x i32) (result i32)
    (i32.lt_u (local.get $x) (i32.load offset=8 (local.get $p))))
  (func $ltk (export "ltk") (param $p i32) (result i32)
    (i32.lt_s (i32.load (local.get $p)) (i32.const 100)))
  (func $eqz (export "eqz") (param $p i32) (result i32)
    (if (i32.eqz (i32.load (local.get $p))) (then (return (i32.const 7))))
    (i32.const 3))
  (func $brcmp (export "brcmp") (param $p i32) (param $x i64) (result i32)
    (if (i64.gt_s (i64.load (local.get $p)) (local.get $x)) (then (return (i32.const 7))))
    (i32.const 3))
  (func $fmul (export "fmul") (param $p i32) (param $x f64) (result f64)
    (f64.mul (f64.load (local.get $p)) (local.get $x)))
  (func $fsub (export "fsub") (param $p i32) (param $x f32) (result f32)
    (f32.sub (local.get $x) (f32.load offset=4 (local.get $p))))
  (func $add (export "add") (param $p i32) (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.load offset=8 (local.get $p))))
  (func $twice (export "twice") (param $p i32) (param $x i32) (result i32) (local $v i32)
    (local.set $v (i32.load (local.get $p)))
    (i32.add (i32.lt_u (local.get $x) (local.get $v)) (local.get $v)))
  (func $narrow (export "narrow") (param $p i32) (param $x i32) (result i32)
    (i32.lt_u (local.get $x) (i32.load8_u (local.get $p))))
  (func $left (export "left") (param $p i32) (param $x f64) (result f64)
    (f64.sub (f64.load (local.get $p)) (local.get $x))))
;; CHECK-LABEL: lt (func 0):
;; CHECK:       ; i32.load @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  cmp e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x08]
;; CHECK-NEXT:  setb {{[a-z0-9]+}}
;; CHECK-NEXT:  movzx
;; CHECK-NEXT:  ; i32.lt_u
;; CHECK-LABEL: ltk (func 1):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  cmp dword ptr [r14+r{{[a-z0-9]+}}*1], 0x64
;; CHECK-NEXT:  setl {{[a-z0-9]+}}
;; CHECK-LABEL: eqz (func 2):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  cmp dword ptr [r14+r{{[a-z0-9]+}}*1], 0x00
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  ; i32.eqz
;; CHECK-LABEL: brcmp (func 3):
;; CHECK:       ; i64.load
;; CHECK-NEXT:  cmp [r14+r{{[a-z0-9]+}}*1], r{{[a-z0-9]+}}
;; CHECK-NEXT:  jle
;; CHECK-LABEL: fmul (func 4):
;; CHECK:       ; f64.load
;; CHECK-NOT:   movsd
;; CHECK:       mulsd xmm{{[0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-NEXT:  ; local.get
;; CHECK-NEXT:  ; f64.mul
;; CHECK-LABEL: fsub (func 5):
;; CHECK:       ; f32.load
;; CHECK-NEXT:  subss xmm{{[0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x04]
;; CHECK-NEXT:  ; f32.sub
;; CHECK-LABEL: add (func 6):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  mov e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x08]
;; CHECK-NEXT:  ; i32.add
;; CHECK-LABEL: twice (func 7):
;; CHECK:       ; i32.load
;; CHECK-NEXT:  mov e{{[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK:       ; i32.lt_u
;; CHECK-NOT:   [r14
;; CHECK:       ; end
;; CHECK-LABEL: narrow (func 8):
;; CHECK:       ; i32.load8_u
;; CHECK-NEXT:  movzx
;; CHECK-LABEL: left (func 9):
;; CHECK:       ; f64.load
;; CHECK-NEXT:  movsd xmm{{[0-9]+}}, {{(qword ptr )?}}[r14+r{{[a-z0-9]+}}*1]
;; CHECK:       ; f64.sub
;; CHECK-NEXT:  subsd
