;; The IR path at -O1 (-O1 --no-single-pass; docs/backend.md, "Optimisation levels"): the same lowering without the
;; zero-extension tracking of 32-bit memory indexes, so an index that an i32 operation
;; has just written (its upper half known zero) is still zero-extended (in place) before
;; the access at -O1; at -O2 the access uses the register as it is.
;; RUN: %wasmc --emit=asm -O2 %s -o - | FileCheck %s --check-prefix=O2
;; RUN: %wasmc --emit=asm -O1 --no-single-pass %s -o - | FileCheck %s --check-prefix=O1
(module
  (memory 1)
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 8)))))
;; O2:      ; i32.add
;; O2-NEXT:   add esi, 0x08
;; O2-NEXT: ; i32.load
;; O2-NEXT:   mov esi, [r14+rsi*1+0x04]
;; O1:      ; i32.add
;; O1-NEXT:   add esi, 0x08
;; O1-NEXT: ; i32.load
;; O1-NEXT:   mov esi, esi
;; O1-NEXT:   mov esi, [r14+rsi*1+0x04]
