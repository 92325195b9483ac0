;; Slots shared across a move (backend/regalloc/regalloc.cc, CoalesceSlots; docs/backend.md,
;; "Register allocation"): $d and $s live across calls, lighter than $k1..$k4, which take
;; the callee-saved registers, so both get frame slots. $s is computed early and dies at
;; `local.set $d (local.get $s)`; $d's first value is dead by then (a hole), but $d is live
;; again after the move, so the scan could not hand it $s's slot. No value of the one is
;; live where the other is: they share one slot, and the move is no code. Before, it was a
;; load and a store through rax (`mov rax, [rsp+0x18]` / `mov [rsp+0x10], rax`), the
;; memory-to-memory copies of pcre2's match() (docs/performance.md, "pcre2's slots").
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
;; CHECK-LABEL: i32.mul @0x46
;; CHECK: mov [[SLOT:\[rsp\+0x[0-9a-f]+\]]], rax
;; CHECK: local.set @0xa8
;; CHECK-NOT: rsp
;; CHECK: local.get @0xaa
;; CHECK: i32.add @0x105
;; CHECK-NEXT: mov {{[a-z0-9]+}}, [[SLOT]]
(module
  (import "env" "g" (func $g (param i32) (result i32)))
  (func $f (export "f") (param $a i32) (param $b i32) (result i32)
    (local $d i32) (local $s i32) (local $x i32) (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32)
    (local.set $d (call $g (local.get $a)))
    (local.set $x (i32.add (local.get $d) (local.get $b)))
    (local.set $s (i32.mul (local.get $x) (local.get $b)))
    (local.set $k1 (call $g (local.get $a)))
    (local.set $k2 (call $g (local.get $k1)))
    (local.set $k3 (call $g (local.get $k2)))
    (local.set $k4 (call $g (local.get $k3)))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (local.set $d (local.get $s))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (drop (call $g (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4)))))
    (i32.add (local.get $d) (i32.add (i32.add (i32.add (local.get $k1) (i32.mul (local.get $k2) (local.get $k2))) (i32.mul (local.get $k3) (local.get $k3))) (i32.mul (local.get $k4) (local.get $k4))))))
