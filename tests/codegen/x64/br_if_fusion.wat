;; A compare feeding br_if becomes one cmp + conditional jump (no setcc), the
;; loop keeps its locals in registers, the load folds offset=16 into the address.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $sum (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $n) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.load offset=16 (local.get $p))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s)))
;; CHECK-LABEL: sum (func 0):
;; CHECK:       ; i32.ge_s @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  cmp e{{[a-z0-9]+}}, 0x01
;; CHECK-NEXT:  jnl
;; CHECK-NEXT:  ; br_if
;; CHECK:       ; i32.load @0x{{[0-9a-f]+}}
;; The pointer, a parameter the prologue zero-extended, is so on every path into the
;; loop (the address rule, docs/backend.md): no `mov r32, r32` before the access.
;; CHECK-NEXT:  mov [[V:[a-z0-9]+]], [r14+r{{[a-z0-9]+}}*1+0x10]
;; CHECK-NEXT:  ; i32.add
;; CHECK-NEXT:  add [[S:[a-z0-9]+]], [[V]]
;; CHECK-NEXT:  ; local.set
;; CHECK-NOT:   mov
;; CHECK:       ; i32.sub @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  sub e{{[a-z0-9]+}}, 0x01
;; CHECK-NOT:   [rsp
;; CHECK:       ; end
