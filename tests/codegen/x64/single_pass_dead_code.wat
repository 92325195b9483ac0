;; The single-pass tier's dead code and the address check (docs/backend.md, "The
;; address rule and its check"): the tier emits code the decoder reports live but
;; nothing reaches (after an `end` no branch targets and no arm falls through to, after
;; a br_if or an `if` on a constant, after a division by a constant 0), and reads
;; memory there through an i32 local's register unextended, as everywhere (every write
;; of it is 32-bit: SetZeroExtendedGprs). The check enters such a dead region knowing
;; that promise; knowing nothing there, it rejected each access below under
;; WASMC_VERIFY=1 (the differential fuzzer's seed 1 cases 164, 166 and 196 at -O0).
;; RUN: env WASMC_VERIFY=1 %wasmc -O0 -c %s -o %t.o
;; RUN: env WASMC_VERIFY=1 %wasmc -O1 -c %s -o %t.o
;; RUN: %wasmc --emit=asm -O0 %s -o - | FileCheck %s
(module
  (memory 1)
  ;; CHECK-LABEL: after_end (func 0):
  ;; CHECK:       xor eax, eax
  ;; CHECK:       : ret
  ;; CHECK-NEXT:  ; end @
  ;; CHECK-NEXT:  ; local.get @
  ;; CHECK-NEXT:  ; i32.load @
  ;; CHECK-NEXT:  mov {{e[a-z]+}}, [r14+rbx*1]
  (func $after_end (export "after_end") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (local.get 0))
    (if (local.get 1)
      (then (return (local.get 1)))
      (else (return (i32.const 0))))
    (i32.load (local.get 2)))
  ;; CHECK-LABEL: if_on_constant (func 1):
  ;; CHECK:       jmp
  ;; CHECK:       [r14+rbx*1]
  (func $if_on_constant (export "if_on_constant") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (local.get 0))
    (if (i32.const 0)
      (then (local.set 1 (i32.load (local.get 2)))))
    (local.get 1))
  ;; CHECK-LABEL: br_if_on_constant (func 2):
  ;; CHECK:       jmp
  ;; CHECK:       [r14+rbx*1]
  (func $br_if_on_constant (export "br_if_on_constant") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (local.get 0))
    (block
      (br_if 0 (i32.const 1))
      (local.set 1 (i32.load (local.get 2))))
    (local.get 1))
  ;; CHECK-LABEL: divide_by_zero (func 3):
  ;; CHECK:       jmp
  ;; CHECK:       [r14+rbx*1]
  (func $divide_by_zero (export "divide_by_zero") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (local.get 0))
    (i32.add (i32.div_u (local.get 1) (i32.const 0)) (i32.load (local.get 2)))))
