;; memory64: the i64 address is compared with the memory's current size (read at each
;; access through the memory object, loaded from inst->mem0 at the entry) and branches to the function's one out-of-line
;; "out of bounds memory access" trap; the access itself is memory 0's [r14 + index].
;; Another memory: its base from inst->memories (hoisted to the entry), then an
;; absolute address, no check (32-bit memories keep the guard pages).
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s
(module
  (memory $m i64 1)
  (memory $n 1)
  (func (export "load") (param i64) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "far") (param i64) (result i32) (i32.load offset=0x1_0000_0000 (local.get 0)))
  (func (export "other") (param i32) (result i32) (i32.load $n offset=8 (local.get 0))))
;; CHECK-LABEL: load (func 0):
;; CHECK:       ; entry
;; CHECK-NEXT:  mov rax, [r15+0x08]
;; CHECK-NEXT:  mov [[OBJ:r[a-z0-9]+]], rax
;; CHECK:       ; i32.load
;; CHECK-NEXT:  mov [[SIZE:r[a-z0-9]+]], {{\[}}[[OBJ]]+0x08]
;; CHECK-NEXT:  cmp rsi, [[SIZE]]
;; CHECK-NEXT:  jnbe
;; CHECK-NEXT:  mov {{e[a-z]+|r[0-9]+d}}, [r14+rsi*1+0x04]
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x05
;; CHECK-LABEL: far (func 1):
;; CHECK:       ; i32.load
;; CHECK:       add [[END:r[a-z0-9]+]], {{.*}}
;; CHECK:       cmp [[END]], rsi
;; CHECK-NEXT:  jb
;; CHECK:       cmp [[END]], {{.*}}
;; CHECK-NEXT:  jnbe
;; CHECK-LABEL: other (func 2):
;; CHECK:       ; entry
;; CHECK-NEXT:  mov rax, [r15+0x60]
;; CHECK-NEXT:  mov rax, [rax+0x08]
;; CHECK-NEXT:  mov [[BASE:r[a-z0-9]+]], [rax]
;; CHECK:       ; i32.load
;; CHECK-NOT:   cmp
;; CHECK:       add [[BASE]], [[ADDR:r[a-z0-9]+]]
;; CHECK-NEXT:  mov {{.*}}, {{\[}}[[BASE]]+0x08]
