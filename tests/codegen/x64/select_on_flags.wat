;; A select on the flags of the compare just before it (docs/backend.md, "Compare-select
;; fusion"): a compare or eqz read only by the select sets no register (no setcc /
;; movzx), and the select writes its result's register itself, not rax and a copy:
;; b loaded there, then a cmov of a; where the result shares a's register, a cmov of b
;; on the opposite condition. Was `cmp; setb al; movzx r8d, al; mov eax, edi; cmovb
;; eax, edx; mov edi, eax`.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func (export "clamp") (param $p i32) (param $end i32) (param $n i32) (result i32)
    (local $q i32)
    (local.set $q (i32.add (local.get $p) (local.get $n)))
    (local.set $q (select (local.get $end) (local.get $q) (i32.lt_u (local.get $end) (local.get $q))))
    (i32.add (local.get $q) (local.get $p)))
  (func (export "keep") (param $x i64) (param $y i64) (result i64)
    (local.set $x (select (local.get $x) (local.get $y) (i64.eqz (local.get $y))))
    (i64.mul (local.get $x) (local.get $y)))
  (func (export "imm") (param $x i32) (result i32)
    (select (i32.const 4) (local.get $x) (i32.ge_s (local.get $x) (i32.const 4))))
  (func (export "test") (param $c i32) (param $a i32) (param $b i32) (result i32)
    (i32.add (select (local.get $a) (local.get $b) (local.get $c)) (local.get $c))))
;; CHECK-LABEL: clamp (func 0):
;; CHECK-NOT:   {{ set[a-z]+ }}
;; CHECK:       cmp edx, [[Q:e[a-z0-9]+]]
;; CHECK-NEXT:  cmovb [[Q]], edx
;; CHECK-NEXT:  ; select
;; CHECK-NOT:   eax
;; CHECK:       add [[Q]], esi
;; CHECK-LABEL: keep (func 1):
;; CHECK-NOT:   {{ set[a-z]+ }}
;; CHECK:       test rdx, rdx
;; CHECK-NEXT:  cmovnz rsi, rdx
;; CHECK-NEXT:  ; select
;; CHECK-NOT:   rax
;; CHECK:       imul rsi, rdx
;; CHECK-LABEL: imm (func 2):
;; CHECK-NOT:   {{ set[a-z]+ }}
;; CHECK:       cmp esi, 0x04
;; CHECK-NEXT:  mov r11d, 0x04
;; CHECK-NEXT:  cmovnl esi, r11d
;; CHECK-NEXT:  ; select
;; CHECK-LABEL: test (func 3):
;; CHECK:       ; select
;; CHECK-NEXT:  test [[C:e[a-z0-9]+]], [[C]]
;; CHECK-NEXT:  mov [[D:e[a-z0-9]+]], e{{[a-z0-9]+}}
;; CHECK-NEXT:  cmovnz [[D]], e{{[a-z0-9]+}}
;; CHECK-NOT:   eax
;; CHECK:       add [[D]], [[C]]
