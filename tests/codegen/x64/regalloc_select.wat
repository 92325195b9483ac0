;; Register allocation across a select (docs/backend.md, "x86-64"): the select's condition
;; goes through r11, and its constant operand too (loaded after the `test`: a mov keeps
;; the flags), so a select writes no allocatable register but its result's and rcx and
;; rdx stay allocatable for the values live across it (InstClobbers,
;; macro_assembler_x64.cc). Nine values carried around a loop with a select in its body
;; all stay in registers: no spill slot is touched inside it (six slot accesses per
;; iteration when the select took rcx and rdx).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $mix (export "mix") (param $n i32) (param $a i32) (param $b i32) (param $c i32)
        (param $d i32) (param $e i32) (result i32)
    (local $f i32) (local $g i32) (local $h i32)
    (local.set $f (i32.add (local.get $a) (i32.const 1)))
    (local.set $g (i32.add (local.get $b) (i32.const 2)))
    (local.set $h (i32.add (local.get $c) (i32.const 3)))
    (loop $l
      (local.set $a (i32.add (i32.rotl (local.get $a) (i32.const 3)) (local.get $b)))
      (local.set $b (i32.xor (i32.rotl (local.get $b) (i32.const 5)) (local.get $c)))
      (local.set $c (i32.add (i32.shl (local.get $c) (i32.const 7)) (local.get $d)))
      (local.set $d (i32.xor (i32.shr_u (local.get $d) (i32.const 9)) (local.get $e)))
      (local.set $e (select (i32.const 12345) (local.get $e) (i32.and (local.get $a) (i32.const 4))))
      (local.set $e (i32.add (i32.rotr (local.get $e) (i32.const 11)) (local.get $f)))
      (i32.store (i32.const 64) (local.get $e))
      (local.set $f (i32.xor (i32.rotl (local.get $f) (i32.const 13)) (local.get $g)))
      (local.set $g (i32.add (i32.rotl (local.get $g) (i32.const 15)) (local.get $h)))
      (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 17)) (local.get $a)))
      (i32.store offset=4 (local.get $n) (local.get $h))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.xor (i32.xor (i32.xor (local.get $a) (local.get $b)) (i32.xor (local.get $c) (local.get $d)))
             (i32.xor (i32.xor (local.get $e) (local.get $f)) (i32.xor (local.get $g) (local.get $h))))))
;; CHECK-LABEL: mix (func 0):
;; CHECK:       ; loop
;; CHECK-NOT:   rsp
;; CHECK:       ; select
;; CHECK-NOT:   rsp
;; CHECK:       test [[C:r[0-9a-z]+]], [[C]]
;; CHECK-NEXT:  mov r11d, 0x3039
;; CHECK-NEXT:  cmovnz e{{[a-z0-9]+}}, r11d
;; CHECK-NOT:   rsp
;; CHECK:       jnz
