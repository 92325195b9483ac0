;; The instance registers pinned through all wasm code (docs/backend.md, "Calls between
;; wasm functions"): in an executable (this listing) r15 = the instance and r14 =
;; memory 0's base hold on entry to every function, so none saves or sets them: fib
;; pushes only the callee-saved registers it allocates, checks the stack against
;; [r15+stack_limit] and calls itself without passing the instance in rdi; a memory
;; access reads r14 as it is. A runtime helper (memory.grow) and an import still get
;; the instance in rdi. $leaf touches no memory and calls nothing, so it may take r14
;; for a value (saved and restored around it); $calls touches no memory but calls, so
;; it leaves r14 alone.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (import "env" "h" (func $h (param i32)))
  (memory 1)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32)
    (call $h (local.get 0))
    (memory.grow (local.get 0)))
  (func $leaf (export "leaf") (param $a i64) (param $b i64) (result i64)
    (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (local $i i64) (local $j i64) (local $k i64) (local $l i64) (local $m i64) (local $n i64)
    (local $o i64)
    (local.set $c (i64.mul (local.get $a) (i64.const 0x9e3779b97f4a7c15)))
    (local.set $d (i64.xor (local.get $b) (i64.const 0x5555)))
    (local.set $e (i64.add (local.get $a) (i64.mul (local.get $b) (i64.const 7))))
    (local.set $f (i64.sub (local.get $a) (i64.const 77)))
    (local.set $g (i64.rotl (local.get $b) (i64.const 13)))
    (local.set $h (i64.or (local.get $a) (i64.const 0x100)))
    (local.set $i (i64.shr_u (local.get $b) (i64.const 1)))
    (local.set $j (i64.add (local.get $c) (local.get $d)))
    (local.set $k (i64.mul (local.get $e) (local.get $f)))
    (local.set $l (i64.xor (local.get $g) (local.get $h)))
    (local.set $m (i64.add (local.get $i) (i64.mul (local.get $a) (local.get $a))))
    (local.set $n (i64.mul (local.get $j) (local.get $b)))
    (local.set $o (i64.add (local.get $k) (local.get $l)))
    (i64.xor
      (i64.xor (i64.xor (i64.add (local.get $c) (local.get $d)) (i64.add (local.get $e) (local.get $f)))
               (i64.xor (i64.add (local.get $g) (local.get $h)) (i64.add (local.get $i) (local.get $j))))
      (i64.xor (i64.xor (i64.add (local.get $k) (local.get $l)) (i64.add (local.get $m) (local.get $n)))
               (i64.mul (local.get $o) (local.get $a)))))
  (func (export "calls") (param $a i64) (param $b i64) (result i64)
    (i64.add (call $leaf (local.get $a) (local.get $b)) (call $leaf (local.get $b) (local.get $a)))))
;; CHECK-LABEL: fib (func 1):
;; CHECK-NOT:   r15
;; CHECK:       push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NEXT:  push rbx
;; CHECK-NEXT:  push r12
;; CHECK-NEXT:  cmp rsp, [r15+0x58]
;; CHECK-NOT:   rdi
;; CHECK:       ; call
;; CHECK-NEXT:  call
;; CHECK-NOT:   rdi
;; CHECK:       ; call
;; CHECK-NOT:   rdi
;; CHECK:       call
;; CHECK-NOT:   r15
;; CHECK:       pop r12
;; CHECK-NEXT:  pop rbx
;; CHECK-NEXT:  pop rbp
;; CHECK-NEXT:  ret
;; CHECK-LABEL: load (func 2):
;; CHECK-NEXT:  push rbp
;; CHECK-NEXT:  mov rbp, rsp
;; CHECK-NOT:   r14,
;; CHECK:       [r14+
;; CHECK-NOT:   r14
;; CHECK:       ret
;; CHECK-LABEL: grow (func 3):
;; CHECK:       cmp rsp, [r15+0x58]
;; CHECK:       ; call
;; CHECK:       mov rdi, [rax+0x08]
;; CHECK-NEXT:  call [rax]
;; CHECK:       ; memory.grow
;; CHECK:       mov rdi, r15
;; CHECK-NEXT:  call
;; CHECK-LABEL: leaf (func 4):
;; CHECK:       push r14
;; CHECK:       pop r14
;; CHECK:       pop rbp
;; CHECK-LABEL: calls (func 5):
;; CHECK-NOT:   r14
;; CHECK:       ret
