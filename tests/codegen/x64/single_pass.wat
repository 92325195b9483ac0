;; The -O0 single-pass tier's forms (compiler/lower/single_pass.cc, docs/backend.md
;; "-O0: the single-pass tier"):
;; - an i32 memory index read from its slot is zero-extended by that 32-bit load: no
;;   `mov eax, eax` after it (the address check accepts the load as the extension);
;; - an integer compare (or eqz) that br_if or if consumes is one cmp (test) and a jcc,
;;   no setcc / movzx; one that something else reads is emitted as before.
;; RUN: %wasmc --emit=asm -O0 %s -o - | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc -O0 -c %s -o %t.o
(module
  (memory 1)
  ;; CHECK-LABEL: load (func 0):
  ;; CHECK:      ; i32.load
  ;; CHECK-NEXT:   mov eax, [rsp+0x08]
  ;; CHECK-NEXT:   mov esi, [r14+rax*1+0x04]
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (local.get 0)))

  ;; CHECK-LABEL: br_if_cmp (func 1):
  ;; CHECK:      ; i32.lt_s
  ;; CHECK-NEXT: ; br_if
  ;; CHECK-NEXT:   mov eax, [rsp+0x08]
  ;; CHECK-NEXT:   cmp eax, [rsp+0x10]
  ;; CHECK-NEXT:   jl
  ;; CHECK-NOT:    set
  ;; CHECK:      ; end
  (func (export "br_if_cmp") (param i32 i32) (result i32)
    (block
      (br_if 0 (i32.lt_s (local.get 0) (local.get 1)))
      (return (i32.const 1)))
    (i32.const 2))

  ;; The if branches to its else on the negated compare.
  ;; CHECK-LABEL: if_eqz (func 2):
  ;; CHECK:      ; i64.eqz
  ;; CHECK-NEXT: ; if
  ;; CHECK-NEXT:   cmp qword ptr [rsp+0x08], 0x00
  ;; CHECK-NEXT:   jnz
  (func (export "if_eqz") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))

  ;; A compare a local.set reads: setcc and movzx into its register, at the compare.
  ;; CHECK-LABEL: cmp_value (func 3):
  ;; CHECK:      ; i32.gt_u
  ;; CHECK-NEXT:   cmp dword ptr [rsp+0x08], 0x07
  ;; CHECK-NEXT:   setnbe al
  ;; CHECK-NEXT:   movzx esi, al
  ;; CHECK-NEXT: ; local.set
  (func (export "cmp_value") (param i32) (result i32) (local i32)
    (local.set 1 (i32.gt_u (local.get 0) (i32.const 7)))
    (local.get 1)))
