;; Integer peepholes of the x64 emitter (docs/backend.md, x86-64):
;; - add/sub of an immediate into a register other than the operand's: lea;
;;   multiply by an immediate: three-operand imul (by 3, 5, 9: lea, scaled_index.test);
;; - br_if on a value just computed by add/sub/and/or/xor: no test (flags hold);
;; - select on a compare computed just before: cmov on the compare's condition (the
;;   result in a's register: b moved in on the opposite one), the compare's result
;;   not set when only the select reads it (docs/backend.md, "Compare-select fusion").
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $addr (export "addr") (param $p i32) (result i32)
    (i32.add (i32.load8_u (i32.add (local.get $p) (i32.const 7)))
             (i32.mul (local.get $p) (i32.const 10))))
  (func $count (export "count") (param $n i32) (result i32)
    (loop $l
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
  (func $max (export "max") (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.gt_s (local.get $a) (local.get $b)))))
;; CHECK-LABEL: addr (func 0):
;; CHECK:       ; i32.add
;; CHECK-NEXT:  lea e{{[a-z0-9]+}}, [r{{[a-z0-9]+}}+0x07]
;; CHECK:       ; i32.mul
;; CHECK-NEXT:  imul e{{[a-z0-9]+}}, e{{[a-z0-9]+}}, 0x0A
;; CHECK-LABEL: count (func 1):
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub [[N:e[a-z0-9]+]], 0x01
;; CHECK-NOT:   test
;; CHECK:       jnz
;; CHECK-LABEL: max (func 2):
;; CHECK:       ; i32.gt_s
;; CHECK-NEXT:  cmp [[A:e[a-z0-9]+]], [[B:e[a-z0-9]+]]
;; CHECK-NEXT:  cmovle [[A]], [[B]]
;; CHECK-NEXT:  ; select
