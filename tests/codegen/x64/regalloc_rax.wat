;; rax is allocatable on x86-64 (branch gpr11; docs/backend.md, x86-64; InstClobbers in
;; macro_assembler_x64.cc): loads, integer arithmetic, shifts and rotates, compares,
;; selects, branches and moves take r11 as their only scratch, so rax holds a value
;; across them. Here nine values and the loop counter are live around a loop whose body
;; touches memory (r14 pinned): eleven GPRs hold them all, no spill slot is touched and
;; the frame has no area (with ten, the counter lived in a slot: `mov edx, [rsp]; sub
;; edx, 1; mov [rsp], rdx` per iteration). tests/run/regalloc-rax.wat runs this loop.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $mix (export "mix") (param $p i32) (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32)
    (local $f i32) (local $g i32) (local $h i32) (local $k i32)
    (loop $l
      (local.set $k (i32.load (local.get $p)))
      (local.set $a (i32.add (local.get $a) (i32.xor (local.get $k) (local.get $h))))
      (local.set $b (i32.xor (local.get $b) (i32.rotl (local.get $a) (i32.const 5))))
      (local.set $c (i32.add (local.get $c) (i32.rotr (local.get $b) (i32.const 7))))
      (local.set $d (i32.xor (local.get $d) (i32.add (local.get $c) (local.get $a))))
      (local.set $e (i32.add (local.get $e) (i32.rotl (local.get $d) (i32.const 11))))
      (local.set $f (i32.xor (local.get $f) (i32.add (local.get $e) (local.get $b))))
      (local.set $g (i32.add (local.get $g) (i32.rotr (local.get $f) (i32.const 13))))
      (local.set $h (i32.xor (local.get $h) (i32.add (local.get $g) (local.get $c))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d)))
             (i32.add (i32.add (local.get $e) (local.get $f)) (i32.add (local.get $g) (local.get $h))))))
;; CHECK-LABEL: mix (func 0):
;; CHECK-NOT:   {{\[rsp|sub rsp}}
;; CHECK:       ; loop
;; CHECK-NOT:   {{\[rsp|sub rsp}}
;; CHECK:       xor eax, {{[a-z0-9]+}}
;; CHECK-NOT:   {{\[rsp|sub rsp}}
;; CHECK:       ; br_if
;; CHECK-NOT:   {{\[rsp|sub rsp}}
;; CHECK:       ret
