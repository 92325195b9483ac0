;; Register allocation in a loop (docs/backend.md, "Register allocation"): nine values
;; carried around a loop whose body rotates and shifts them by constants and stores.
;; Each value dies where it is read and is written again later in the same block, so
;; its live range has a hole there (liveness.cc) and the rotate's result takes its
;; register: no copies. Shifts and rotates by a constant and stores below 2^31 leave rcx
;; alone (InstClobbers, macro_assembler_x64.cc), so a value lives in ecx through the
;; loop. No spill slot is touched inside it.
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
;; CHECK-NOT:   {{rsp|mov [er][a-z0-9]+, [er]}}
;; CHECK:       rol [[A:e[a-z0-9]+]], 0x03
;; CHECK-NOT:   {{rsp|mov [er][a-z0-9]+, [er]}}
;; CHECK:       add [[A]], ecx
;; CHECK-NOT:   {{rsp|mov [er][a-z0-9]+, [er]}}
;; CHECK:       rol ecx, 0x05
;; CHECK-NOT:   {{rsp|mov [er][a-z0-9]+, [er]}}
;; CHECK:       jnz
