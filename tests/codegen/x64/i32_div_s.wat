;; i32.div_s: divide-by-zero and INT_MIN/-1 checks jump to out-of-line trap
;; stubs (codes 2 and 3) that call wasmc_rt_trap; a constant divisor other than
;; -1 needs neither the zero nor the overflow check (-O1); at -O2 the mid-end makes the
;; division by 7 a multiplication by 0x92492493 (backend/opt/fold.cc, DivideS32).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s --check-prefixes=CHECK,O2
;; RUN: %wasmc --emit=asm -O1 --no-single-pass %t.wasm -o - | FileCheck %s --check-prefixes=CHECK,O1
(module
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div7") (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const 7))))
;; CHECK-LABEL: div (func 0):
;; CHECK:       ; i32.div_s @0x{{[0-9a-f]+}}
;; CHECK:       test [[B:e[a-z0-9]+]], [[B]]
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  cmp [[B]], 0xFFFFFFFF
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  cmp eax, 0x80000000
;; CHECK-NEXT:  jz
;; CHECK:       cdq
;; CHECK-NEXT:  idiv [[B]]
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x02
;; CHECK-NEXT:  call
;; CHECK:       mov esi, 0x03
;; CHECK-LABEL: div7 (func 1):
;; CHECK:       ; i32.div_s
;; CHECK-NOT:   jz
;; O1:          cdq
;; O1-NEXT:     idiv
;; O2-NOT:      idiv
;; O2:          movsxd
;; O2:          imul r{{[a-z0-9]+}}, r11
;; O2-NEXT:     sar r{{[a-z0-9]+}}, 0x22
;; O2-NOT:      idiv
;; O2:          ret
