;; The IR path at -O1 (-O1 --no-single-pass; docs/backend.md, "Optimisation levels"): the same lowering without the
;; zero-extension tracking of 32-bit memory indexes (no code read back), so an index is
;; zero-extended (in place) before the access at -O1 unless the instruction just before
;; the access wrote it at 32 bits (noted by its lowering: IntArith, Load, Move) and no
;; label was bound since; at -O2 the tracker proves the same and more. The single-pass
;; tier (-O1, -O0) takes the same note.
;; RUN: %wasmc --emit=asm -O2 %s -o - | FileCheck %s --check-prefix=O2
;; RUN: %wasmc --emit=asm -O1 --no-single-pass %s -o - | FileCheck %s --check-prefix=O1
;; RUN: %wasmc --emit=asm -O1 %s -o - | FileCheck %s --check-prefix=TIER
(module
  (memory 1)
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
  ;; The value's load comes between the address's add and the store: extended.
  (func (export "store") (param i32 i32)
    (i32.store offset=4 (i32.add (local.get 0) (i32.const 8)) (i32.load (local.get 1))))
  ;; The add is the last instruction before the access, but the if's end is bound
  ;; between them (the other path into it brings local 0 as it was): extended.
  (func (export "join") (param i32 i32) (result i32)
    (if (local.get 1) (then (local.set 0 (i32.add (local.get 0) (i32.const 8)))))
    (i32.load (local.get 0))))
;; O2-LABEL: load (func 0):
;; O2:      ; i32.add
;; O2-NEXT:   add esi, 0x08
;; O2-NEXT: ; i32.load
;; O2-NEXT:   mov esi, [r14+rsi*1+0x04]
;; O1-LABEL: load (func 0):
;; O1:      ; i32.add
;; O1-NEXT:   add esi, 0x08
;; O1-NEXT: ; i32.load
;; O1-NEXT:   mov esi, [r14+rsi*1+0x04]
;; O1-LABEL: store (func 1):
;; O1:        add esi, 0x08
;; O1:        mov edi, [r14+rdx*1]
;; O1-NEXT: ; i32.store
;; O1-NEXT:   mov esi, esi
;; O1-NEXT:   mov [r14+rsi*1+0x04], edi
;; O1-LABEL: join (func 2):
;; O1:        add esi, 0x08
;; O1:      ; i32.load
;; O1-NEXT:   mov esi, esi
;; O1-NEXT:   mov esi, [r14+rsi*1]
;; TIER-LABEL: load (func 0):
;; TIER:      ; i32.add
;; TIER-NEXT:   lea esi, [rbx+0x08]
;; TIER-NEXT: ; i32.load
;; TIER-NEXT:   mov esi, [r14+rsi*1+0x04]
;; TIER-LABEL: store (func 1):
;; TIER:        lea esi, [rbx+0x08]
;; TIER:        mov edi, [r14+r12*1]
;; TIER-NEXT: ; i32.store
;; TIER-NEXT:   mov esi, esi
;; TIER-NEXT:   mov [r14+rsi*1+0x04], edi
