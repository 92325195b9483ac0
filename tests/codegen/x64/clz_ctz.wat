;; clz/ctz below x86-64-v3 (no LZCNT/TZCNT): bsr/bsf straight into the result's
;; register, the zero input's answer cmov'ed from r11: no rax detour and no rcx (so a
;; value can stay in rcx across them: InstClobbers, macro_assembler_x64.cc); an i32
;; ctz in place (result and operand in one register) sets bit 32 and takes a 64-bit
;; bsf instead, which answers 32 for zero (since 2026-12-06). v3 uses
;; lzcnt/tzcnt into the result's register. The results, 0 included, are checked by
;; the spec script below and by the spec suite's i32/i64 tests.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V2
;; RUN: %wasmc --cpu=x86-64 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V2
;; RUN: %wasmc --cpu=x86-64-v3 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=V3
(module
  (func (export "ctz32") (param i32 i32) (result i32)
    (i32.add (i32.ctz (local.get 0)) (local.get 1)))
  (func (export "ctz64") (param i64 i64) (result i64)
    (i64.add (i64.ctz (local.get 0)) (local.get 1)))
  (func (export "clz32") (param i32 i32) (result i32)
    (i32.add (i32.clz (local.get 0)) (local.get 1)))
  (func (export "clz64") (param i64 i64) (result i64)
    (i64.add (i64.clz (local.get 0)) (local.get 1))))
;; V2-LABEL: ctz32 (func 0):
;; V2-NOT:   {{e|r}}cx
;; V2:       bts [[D:r[a-z0-9]+]], 0x20
;; V2-NEXT:  bsf [[D]], [[D]]
;; V2-NOT:   {{e|r}}cx
;; V2-LABEL: ctz64 (func 1):
;; V2-NOT:   {{e|r}}cx
;; V2:       bsf [[D:r[a-z0-9]+]], r{{[a-z0-9]+}}
;; V2-NEXT:  mov r11d, 0x40
;; V2-NEXT:  cmovz [[D]], r11
;; V2-NOT:   {{e|r}}cx
;; V2-LABEL: clz32 (func 2):
;; V2-NOT:   {{e|r}}cx
;; V2:       bsr [[D:e[a-z0-9]+]], e{{[a-z0-9]+}}
;; V2-NEXT:  mov r11d, 0x3F
;; V2-NEXT:  cmovz [[D]], r11d
;; V2-NEXT:  xor [[D]], 0x1F
;; V2-NOT:   {{e|r}}cx
;; V2-LABEL: clz64 (func 3):
;; V2-NOT:   {{e|r}}cx
;; V2:       bsr [[D:r[a-z0-9]+]], r{{[a-z0-9]+}}
;; V2-NEXT:  mov r11d, 0x7F
;; V2-NEXT:  cmovz [[D]], r11
;; V2-NEXT:  xor [[D]], 0x3F
;; V2-NOT:   {{e|r}}cx
;; V3-LABEL: ctz32 (func 0):
;; V3-NOT:   eax
;; V3:       tzcnt e{{[a-z0-9]+}}, e{{[a-z0-9]+}}
;; V3-LABEL: clz64 (func 3):
;; V3:       lzcnt r{{[a-z0-9]+}}, r{{[a-z0-9]+}}
