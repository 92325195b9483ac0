;; The -O0 single-pass tier's forms (compiler/lower/single_pass.cc, docs/backend.md
;; "-O0: the single-pass tier"):
;; - the first three i32/i64 locals that are not params, then the params, live in
;;   rbx, r12 and r13 (callee-saved: calls keep them); the others in their slots;
;; - an i32 memory index read from its slot is zero-extended by that 32-bit load: no
;;   `mov r32, r32` after it (the address check accepts the load as the extension);
;;   one in an i32 local's register is zero-extended too (every write of it is a 32-bit
;;   one: SetZeroExtendedGprs), but for the check after a call_indirect, which
;;   extends those registers again;
;; - an integer compare (or eqz) that br_if or if consumes is one cmp (test) and a jcc,
;;   no setcc / movzx; one that something else reads is emitted as before;
;; - an integer operator's or load's result that a local.set / local.tee of a local in
;;   a register takes is written straight there (no register and move).
;; RUN: %wasmc --emit=asm -O0 %s -o - | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc -O0 -c %s -o %t.o
(module
  (memory 1)
  (type $un (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $reg_index)
  ;; Locals 2-4 in registers, the params in slots; the prologue saves the three.
  ;; CHECK-LABEL: load (func 0):
  ;; CHECK:        push rbx
  ;; CHECK-NEXT:   push r12
  ;; CHECK-NEXT:   push r13
  ;; CHECK:        mov [rsp+0x08], rsi
  ;; CHECK-NEXT:   mov [rsp+0x10], rdx
  ;; CHECK-NEXT: ; entry
  ;; CHECK-NEXT:   xor ebx, ebx
  ;; CHECK-NEXT:   xor r12d, r12d
  ;; CHECK-NEXT:   xor r13d, r13d
  ;; CHECK:      ; i32.load
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   mov ebx, [rsp+0x08]
  ;; CHECK-NEXT:   mov ebx, [r14+rbx*1+0x04]
  ;; CHECK:      ; i32.add
  ;; CHECK-NEXT:   lea esi, [rbx+0x01]
  ;; CHECK:      ; i32.sub
  ;; CHECK-NEXT: ; local.tee
  ;; CHECK-NEXT:   mov r12d, [rsp+0x10]
  ;; CHECK-NEXT:   sub r12d, ebx
  ;; CHECK-NEXT: ; i32.add
  ;; CHECK-NEXT:   add esi, r12d
  ;; CHECK:        pop r13
  ;; CHECK-NEXT:   pop r12
  ;; CHECK-NEXT:   pop rbx
  (func (export "load") (param i32 i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.load offset=4 (local.get 0)))
    (i32.add (i32.add (local.get 2) (i32.const 1))
             (local.tee 3 (i32.sub (local.get 1) (local.get 2)))))

  ;; No local but the params: they take the registers.
  ;; CHECK-LABEL: br_if_cmp (func 1):
  ;; CHECK:        mov ebx, esi
  ;; CHECK-NEXT:   mov r12d, edx
  ;; CHECK:      ; i32.lt_s
  ;; CHECK-NEXT: ; br_if
  ;; CHECK-NEXT:   cmp ebx, r12d
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
  ;; CHECK-NEXT:   test rbx, rbx
  ;; CHECK-NEXT:   jnz
  (func (export "if_eqz") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))

  ;; A compare a local.set reads: setcc and movzx into its register, at the compare.
  ;; CHECK-LABEL: cmp_value (func 3):
  ;; CHECK:      ; i32.gt_u
  ;; CHECK-NEXT:   cmp r12d, 0x07
  ;; CHECK-NEXT:   setnbe sil
  ;; CHECK-NEXT:   movzx esi, sil
  ;; CHECK-NEXT: ; local.set
  ;; CHECK-NEXT:   mov ebx, esi
  (func (export "cmp_value") (param i32) (result i32) (local i32)
    (local.set 1 (i32.gt_u (local.get 0) (i32.const 7)))
    (local.get 1))

  ;; An index in an i32 local's register: no extension; after a call_indirect the
  ;; i32 locals' registers (not the i64 one's) are extended in place.
  ;; CHECK-LABEL: reg_index (func 4):
  ;; CHECK:      ; i32.load
  ;; CHECK-NEXT:   mov esi, [r14+rbx*1+0x08]
  ;; CHECK:      ; call_indirect
  ;; CHECK:        call [rax]
  ;; CHECK-NEXT:   mov ebx, ebx
  ;; CHECK-NEXT:   mov r13d, r13d
  ;; CHECK-NEXT:   mov esi, eax
  ;; CHECK:      ; i32.load
  ;; CHECK-NEXT:   mov esi, [r14+r13*1+0x04]
  (func $reg_index (export "reg_index") (param i32) (result i32) (local i32 i64 i32)
    (local.set 1 (local.get 0))
    (local.set 3 (call_indirect (type $un) (i32.load offset=8 (local.get 1)) (i32.const 0)))
    (i32.load offset=4 (local.get 3))))
