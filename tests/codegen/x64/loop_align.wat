;; Code placement (docs/backend.md, x86-64): at -O2 a loop header (a label that a later
;; branch targets) starts at a multiple of 32 bytes, padded with multi-byte nops;
;; functions start at multiples of 32 (TargetInfo::function_align). -O1 pads no loop.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=O1
(module
  (memory 1)
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $s i32)
    (local.set $s (i32.mul (local.get $n) (i32.const 3)))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func $second (export "second") (param $n i32) (result i32)
    ;; a memory access: a frame (a loop-only leaf would be frameless, its loop at 0x40)
    (i32.store (i32.const 0) (local.get $n))
    (loop $l
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n)))
;; CHECK-LABEL: sum (func 0):
;; CHECK:       ; loop
;; CHECK-NEXT:  nop
;; CHECK:       000020:  mov r8d, [r14+rsi*1]
;; CHECK:       jnz 0x0000000000000020
;; CHECK-LABEL: second (func 1):
;; CHECK-NEXT:  000040:  push rbp
;; CHECK:       ; loop
;; CHECK-NEXT:  nop
;; CHECK:       000060:  sub esi, 0x01
;; CHECK:       jnz 0x0000000000000060
;; O1-LABEL:    sum (func 0):
;; O1-NOT:      nop
;; O1:          second (func 1):
;; O1-NEXT:     ; tier: ir (--no-single-pass)
;; O1-NEXT:     000020:  push rbp
;; O1-NOT:      nop
;; O1:          ret
