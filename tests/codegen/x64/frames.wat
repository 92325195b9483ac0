;; Frames and calls (docs/backend.md, "Frames and calls"): a leaf (no call) skips the
;; stack-limit check; a leaf whose body never needs the instance (no instance state,
;; no trap stub) has no alignment padding; anything that calls keeps the check. In an
;; executable (this listing) r15 and r14 hold the instance and memory 0's base through
;; all wasm code: no function saves or sets them (docs/backend.md, "Calls between wasm
;; functions"). A leaf without instance, memory, slots or saved registers
;; has no frame record either (FrameInfo::frameless): nothing can walk through it. An
;; i32 param only read by 32-bit arithmetic is not zero-extended in place (sub, glob);
;; one used as an address is (load). call_indirect with register arguments keeps the
;; checked funcref in rax up to the call; with stack arguments (whose stores use rax)
;; it goes through the call-target temporary. Its table can hold only the module's own
;; functions (docs/backend.md "call_indirect of a module's own code"): the call loads
;; no instance into rdi and tests no callee_pops.
;; The last function's exit returns a block result that has two definitions (the
;; constant on the exit, the sum on the other side): the register-allocation checker
;; replays the exit, constant included (WASMC_VERIFY, docs/backend.md "Frames and
;; calls"). `zeroed` is SQLite's function 690 reduced: two locals zeroed on entry, both
;; defined again in the body, the exit returning one of them as the immediate 0; the
;; checker holds both constants at once (it once kept only the last: a false alarm).
;; `redef` (QuickJS's function 572 on AArch64, reduced) defines its param again before
;; the branch: the path's new value takes a fresh register and the prologue still finds
;; the incoming one in esi (the checker once looked there for the newer value).
;; RUN: env WASMC_VERIFY=1 %wasmc --emit=asm %s -o - | FileCheck %s
(module
  (global $g (mut i32) (i32.const 0))
  (memory 1)
  (type $t (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (func $sub (export "sub") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "glob") (param i32) (result i32) (i32.add (global.get $g) (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $rec (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0) (local.get 1)))
  (func (export "ci9") (param i32) (result i64)
    (call_indirect (param i64 i64 i64 i64 i64 i64) (result i64)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (local.get 0)))
  ;; Shrink-wrapped early exits (backend/codegen/early_exit.h): the exit on the entry
  ;; branch's taken side returns out of line before any frame; the body does not test
  ;; again. On the fall-through side: the bare `ret` right after the branch.
  (func $fib (export "fib") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (loop $l
        (local.set $acc (i32.add (local.get $acc) (call $fib (i32.sub (local.get $n) (i32.const 1)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br_if $l (i32.gt_u (local.get $n) (i32.const 1)))))
    (i32.add (local.get $n) (local.get $acc)))
  (func $bump (export "bump") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (return)))
    (global.set $g (i32.add (global.get $g) (local.get $n)))
    (call $bump (i32.sub (local.get $n) (i32.const 1))))
  (func $one (export "one") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (i32.const 1))
      (else (i32.add (call $one (i32.sub (local.get 0) (i32.const 1))) (local.get 0)))))
  (func $zeroed (export "zeroed") (param $p i32) (param $n i32) (result i32)
    (local $r i32) (local $i i32)
    (block $out
      (br_if $out (i32.eqz (local.get $n)))
      (loop $l
        (i32.store (local.get $i) (local.get $p))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
      (local.set $r (local.get $i)))
    (local.get $r))
  (func $redef (export "redef") (param $n i32) (result i32)
    (block $out
      (br_if $out (i32.eqz (local.tee $n (i32.add (local.get $n) (i32.const 5)))))
      (local.set $n (call $redef (i32.sub (local.get $n) (i32.const 7)))))
    (local.get $n)))
;; CHECK-LABEL: sub (func 0):
;; CHECK-NEXT:  ; entry
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub esi, edx
;; CHECK:       mov eax, esi
;; CHECK-NEXT:  ret
;; CHECK-LABEL: load (func 1):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NOT:   r15
;; CHECK:       [r14+
;; CHECK-NOT:   r15
;; CHECK:       pop rbp
;; CHECK-NEXT:  ret
;; CHECK-LABEL: glob (func 2):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NEXT:  ; entry
;; CHECK:       mov edi, [r15+0x80]
;; CHECK-LABEL: div (func 3):
;; CHECK-NOT:   [r15+0x58]
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x02
;; CHECK-LABEL: rec (func 4):
;; CHECK:       mov rbp, rsp
;; CHECK-NEXT:  cmp rsp, [r15+0x58]
;; CHECK-NEXT:  jb
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x09
;; CHECK-LABEL: ci (func 5):
;; CHECK:       ; call_indirect
;; CHECK:       cmp dword ptr [rax+0x10], {{0x[0-9A-F]+}}
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov edx, esi
;; CHECK-NEXT:  mov esi, edi
;; CHECK-NEXT:  call [rax]
;; CHECK-LABEL: ci9 (func 6):
;; CHECK:       cmp ecx, [rax+0x10]
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  mov [rsp+0x08], rax
;; CHECK:       mov rax, [rsp+0x08]
;; CHECK-NEXT:  call [rax]
;; CHECK-LABEL: fib (func 7):
;; CHECK-NEXT:  cmp esi, 0x02
;; CHECK-NEXT:  jb
;; CHECK-NEXT:  push rbp
;; CHECK:       cmp rsp, [r15+0x58]
;; CHECK:       ; i32.lt_u
;; CHECK-NEXT:  ; br_if
;; CHECK-NEXT:  ; loop
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  mov eax, esi
;; CHECK-NEXT:  ret
;; CHECK-LABEL: bump (func 8):
;; CHECK-NEXT:  test esi, esi
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  ret
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-LABEL: one (func 9):
;; CHECK-NEXT:  cmp esi, 0x02
;; CHECK-NEXT:  jnb
;; CHECK-NEXT:  mov eax, 0x01
;; CHECK-NEXT:  ret
;; CHECK-NEXT:  push rbp
;; CHECK-LABEL: zeroed (func 10):
;; CHECK-NEXT:  test edx, edx
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  push rbp
;; CHECK:       ; out-of-line
;; CHECK-NEXT:  xor eax, eax
;; CHECK-NEXT:  ret
;; CHECK-LABEL: redef (func 11):
;; CHECK-NEXT:  lea r8d, [rsi+0x05]
;; CHECK-NEXT:  test r8d, r8d
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  push rbp
