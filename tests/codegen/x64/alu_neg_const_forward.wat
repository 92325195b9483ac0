;; x86-64 emitter peepholes (backend/x64/x64_int.cc IntArith, macro_assembler_x64.cc
;; Forwarded; docs/backend.md, x86-64); tests/run/alu-neg-const-forward.wat runs them:
;; - `0 - x` into x's own register: `neg` (was `mov r11, x; xor x, x; sub x, r11d`);
;; - a commutative i64 operation with a constant that no immediate takes, into a
;;   register other than its operand's: `mov d, C; op d, a` (was `mov d, a; mov r11, C;
;;   op d, r11`): zstd's hash multiplies;
;; - a slot read right after its store: a register move (was `mov r11d, [slot]`, a
;;   load waiting on the store): $fwd's loop keeps its loaded bytes in slots (12
;;   accumulators over one base: with four bases, Session 21's o2fast leaves them in
;;   slots and a base's reload comes between the store and the read); since rax is
;;   allocatable (branch gpr11) the spilled load's result is computed in r11, so the
;;   read is `mov r11d, r11d` (an i32's zero-extension).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $neg (export "neg") (param $x i32) (param $y i64) (result i64)
    (local.set $x (i32.sub (i32.const 0) (local.get $x)))
    (local.set $y (i64.sub (i64.const 0) (local.get $y)))
    (i64.add (i64.extend_i32_u (local.get $x)) (local.get $y)))
  (func $hash (export "hash") (param $x i64) (result i64)
    (i64.add
      (i64.add (i64.shr_u (i64.mul (local.get $x) (i64.const 0xcf1bbcdcbb000000)) (i64.const 40))
               (i64.xor (local.get $x) (i64.const 0x123456789)))
      (i64.add (i64.and (local.get $x) (i64.const 0xff00ff00ff00ff00))
               (i64.or (local.get $x) (i64.const 0x0f0f0f0f0f0f0f0f)))))
  (func $fwd (export "fwd") (param $p i32) (param $n i32) (param $b0 i32) (param $b1 i32) (param $b2 i32) (param $b3 i32) (result i32)
    (local $a0 i32) (local $t0 i32) (local $a1 i32) (local $t1 i32) (local $a2 i32) (local $t2 i32) (local $a3 i32) (local $t3 i32) (local $a4 i32) (local $t4 i32) (local $a5 i32) (local $t5 i32) (local $a6 i32) (local $t6 i32) (local $a7 i32) (local $t7 i32) (local $a8 i32) (local $t8 i32) (local $a9 i32) (local $t9 i32) (local $a10 i32) (local $t10 i32) (local $a11 i32) (local $t11 i32)
    (loop $l
      (local.set $t0 (i32.load8_u offset=0 (local.get $p)))
      (local.set $a0 (i32.add (local.get $a0) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t0) (i32.const 3))))))
      (local.set $t1 (i32.load8_u offset=1 (local.get $p)))
      (local.set $a1 (i32.add (local.get $a1) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t1) (i32.const 3))))))
      (local.set $t2 (i32.load8_u offset=2 (local.get $p)))
      (local.set $a2 (i32.add (local.get $a2) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t2) (i32.const 3))))))
      (local.set $t3 (i32.load8_u offset=3 (local.get $p)))
      (local.set $a3 (i32.add (local.get $a3) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t3) (i32.const 3))))))
      (local.set $t4 (i32.load8_u offset=4 (local.get $p)))
      (local.set $a4 (i32.add (local.get $a4) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t4) (i32.const 3))))))
      (local.set $t5 (i32.load8_u offset=5 (local.get $p)))
      (local.set $a5 (i32.add (local.get $a5) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t5) (i32.const 3))))))
      (local.set $t6 (i32.load8_u offset=6 (local.get $p)))
      (local.set $a6 (i32.add (local.get $a6) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t6) (i32.const 3))))))
      (local.set $t7 (i32.load8_u offset=7 (local.get $p)))
      (local.set $a7 (i32.add (local.get $a7) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t7) (i32.const 3))))))
      (local.set $t8 (i32.load8_u offset=8 (local.get $p)))
      (local.set $a8 (i32.add (local.get $a8) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t8) (i32.const 3))))))
      (local.set $t9 (i32.load8_u offset=9 (local.get $p)))
      (local.set $a9 (i32.add (local.get $a9) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t9) (i32.const 3))))))
      (local.set $t10 (i32.load8_u offset=10 (local.get $p)))
      (local.set $a10 (i32.add (local.get $a10) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t10) (i32.const 3))))))
      (local.set $t11 (i32.load8_u offset=11 (local.get $p)))
      (local.set $a11 (i32.add (local.get $a11) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t11) (i32.const 3))))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.const 0) (i32.xor (local.get $a0) (local.get $t0))) (i32.xor (local.get $a1) (local.get $t1))) (i32.xor (local.get $a2) (local.get $t2))) (i32.xor (local.get $a3) (local.get $t3))) (i32.xor (local.get $a4) (local.get $t4))) (i32.xor (local.get $a5) (local.get $t5))) (i32.xor (local.get $a6) (local.get $t6))) (i32.xor (local.get $a7) (local.get $t7))) (i32.xor (local.get $a8) (local.get $t8))) (i32.xor (local.get $a9) (local.get $t9))) (i32.xor (local.get $a10) (local.get $t10))) (i32.xor (local.get $a11) (local.get $t11))))
)
;; CHECK-LABEL: neg (func 0):
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  neg [[X:e[a-z0-9]+|r[0-9]+d]]
;; CHECK-NEXT:  ; local.set
;; CHECK-LABEL: hash (func 1):
;; CHECK:       ; i64.mul
;; CHECK-NEXT:  mov [[M:r[a-z0-9]+]], 0xCF1BBCDCBB000000
;; CHECK-NEXT:  imul [[M]], r{{[a-z0-9]+}}
;; CHECK:       ; i64.xor
;; CHECK-NEXT:  mov [[R:r[a-z0-9]+]], 0x123456789
;; CHECK-NEXT:  xor [[R]], r{{[a-z0-9]+}}
;; CHECK:       ; i64.and
;; CHECK-NEXT:  mov [[A:r[a-z0-9]+]], 0xFF00FF00FF00FF00
;; CHECK-NEXT:  and [[A]], r{{[a-z0-9]+}}
;; CHECK-LABEL: fwd (func 2):
;; CHECK:       ; i32.load8_u
;; CHECK-NEXT:  movzx r11d, byte ptr [r14+{{.*}}]
;; CHECK-NEXT:  mov [rsp+0x{{[0-9A-F]+}}], r11
;; CHECK:       ; i32.add
;; CHECK-NEXT:  mov r11d, r11d
;; CHECK-NEXT:  lea {{e[a-z0-9]+|r[0-9]+d}}, [{{[a-z0-9]+}}+r11*8]
