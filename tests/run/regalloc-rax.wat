;; rax allocatable on x86-64 (branch gpr11; docs/backend.md, x86-64): the lowerings
;; that leave rax to the allocator take r11 as their only scratch, so spilled operands
;; meet there: a store of a slot value to a slot address (4 and 8 bytes through xmm0;
;; 1 and 2 bytes with rax as the address's scratch, InstClobbers), 64-bit constants
;; against spilled values (the constant pool), a scaled add of two spilled operands,
;; selects of constants into a slot; $mix's loop keeps its nine values and counter in
;; registers, rax among them (tests/codegen/x64/regalloc_rax.wat has the listing).
;; Results are those of wabt's wasm-interp; exit 0 when both agree.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t-O0.exe
;; RUN: sh -c '%run %t-O0.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $fill
    (local $i i32)
    (loop $l
      (i32.store (i32.shl (local.get $i) (i32.const 2))
                 (i32.mul (i32.add (local.get $i) (i32.const 7)) (i32.const 0x9e3779b1)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4096)))))
  (func $mix (param $p i32) (param $n i32) (result i32)
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
             (i32.add (i32.add (local.get $e) (local.get $f)) (i32.add (local.get $g) (local.get $h)))))
  ;; More values than registers: spilled operands meet r11 as the only scratch (stores
  ;; of a slot value to a slot address at every width, 64-bit constants against spilled
  ;; values, scaled adds of two spilled operands, selects of constants).
  (func $press (param $n i32) (result i64)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $q4 i32)
    (local $q5 i32) (local $q6 i32) (local $q7 i32)
    (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $x3 i64) (local $x4 i64)
    (local $x5 i64) (local $x6 i64) (local $x7 i64) (local $s i64)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $r4 i32) (local $r5 i32)
    (local.set $q0 (i32.const 1)) (local.set $q1 (i32.const 2)) (local.set $q2 (i32.const 3))
    (local.set $q3 (i32.const 4)) (local.set $q4 (i32.const 5)) (local.set $q5 (i32.const 6))
    (local.set $q6 (i32.const 7)) (local.set $q7 (i32.const 8))
    (local.set $x0 (i64.const 0x0123456789abcdef)) (local.set $x1 (i64.const -3))
    (loop $l
      (local.set $q0 (i32.and (i32.add (local.get $q0) (i32.load (i32.shl (local.get $q7) (i32.const 2)))) (i32.const 0x3ff)))
      (local.set $q1 (i32.and (i32.add (local.get $q1) (i32.shl (local.get $q0) (i32.const 3))) (i32.const 0xfff)))
      (local.set $q2 (i32.xor (local.get $q2) (i32.add (local.get $q1) (i32.shl (local.get $q3) (i32.const 2)))))
      (local.set $q3 (i32.and (i32.add (local.get $q3) (local.get $q2)) (i32.const 0x3ff)))
      (local.set $q4 (i32.add (local.get $q4) (i32.mul (local.get $q3) (i32.const 3))))
      (local.set $q5 (i32.and (i32.xor (local.get $q5) (local.get $q4)) (i32.const 0xfff)))
      (local.set $q6 (i32.add (local.get $q6) (i32.rotl (local.get $q5) (local.get $q0))))
      (local.set $q7 (i32.and (i32.add (local.get $q7) (i32.const 1)) (i32.const 0x3ff)))
      (local.set $x0 (i64.add (local.get $x0) (i64.const 0x7654321012345678)))
      (local.set $x1 (i64.sub (local.get $x1) (i64.const 0x1122334455)))
      (local.set $x2 (i64.xor (local.get $x2) (i64.mul (local.get $x0) (i64.const 0xcf1bbcdcbb000000))))
      (local.set $x3 (select (i64.const 0x1000000000) (i64.const -0x2000000000)
                             (i64.lt_u (local.get $x2) (i64.const 0x8000000000000000))))
      (local.set $x4 (i64.add (local.get $x4) (local.get $x3)))
      (local.set $x5 (i64.add (local.get $x5) (i64.extend_i32_u (local.get $q6))))
      (local.set $x6 (i64.rotr (i64.xor (local.get $x6) (local.get $x1)) (i64.const 17)))
      (local.set $x7 (i64.add (local.get $x7) (i64.extend_i32_s (local.get $q4))))
      (local.set $r0 (i32.add (local.get $r0) (local.get $q6)))
      (local.set $r1 (i32.and (i32.xor (local.get $r1) (local.get $r0)) (i32.const 0x7fe)))
      (local.set $r2 (i32.add (local.get $r2) (i32.rotl (local.get $r1) (i32.const 3))))
      (local.set $r3 (i32.and (i32.add (local.get $r3) (local.get $r2)) (i32.const 0xffc)))
      (local.set $r4 (i32.xor (local.get $r4) (i32.add (local.get $r3) (local.get $q2))))
      (local.set $r5 (i32.and (i32.add (local.get $r5) (i32.const 8)) (i32.const 0xff8)))
      (i32.store8 offset=16384 (local.get $q1) (local.get $q6))
      (i32.store8 offset=17408 (local.get $r1) (local.get $r4))
      (i32.store16 offset=18432 (local.get $r1) (local.get $r2))
      (i32.store offset=32768 (local.get $r3) (local.get $r2))
      (i64.store offset=36864 (local.get $r5) (local.get $x7))
      (i32.store16 offset=20480 (local.get $q5) (local.get $q4))
      (i32.store offset=24576 (i32.and (local.get $q2) (i32.const 0xffc)) (local.get $q0))
      (i64.store offset=28672 (i32.shl (local.get $q3) (i32.const 3)) (local.get $x6))
      (i64.store offset=40960 (i32.shl (local.get $q7) (i32.const 3)) (i64.const 0x5555aaaa5555aaaa))
      (if (i64.gt_u (local.get $x5) (i64.const 0x123456789))
        (then (local.set $x5 (i64.sub (local.get $x5) (i64.const 0x100000000)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.set $s (i64.add (i64.add (local.get $x0) (local.get $x1)) (i64.add (local.get $x2) (local.get $x4))))
    (local.set $s (i64.add (local.get $s) (i64.add (i64.add (local.get $x5) (local.get $x6)) (local.get $x7))))
    (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.add (i32.add (local.get $q0) (local.get $q1))
                                                   (i32.add (local.get $q2) (local.get $q6))))))
    (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.add (i32.add (local.get $r0) (local.get $r2))
                                                   (i32.add (local.get $r4) (local.get $r5))))))
    ;; what the stores wrote
    (local.set $q0 (i32.const 16384))
    (loop $sum
      (local.set $s (i64.add (i64.rotl (local.get $s) (i64.const 1)) (i64.load (local.get $q0))))
      (br_if $sum (i32.lt_u (local.tee $q0 (i32.add (local.get $q0) (i32.const 8))) (i32.const 49152))))
    (local.get $s))
  (func (export "_start")
    (local $bad i32)
    (call $fill)
    (local.set $bad (i32.ne (call $mix (i32.const 64) (i32.const 1000)) (i32.const 4178907177)))
    (call $fill)
    (local.set $bad (i32.or (local.get $bad)
                            (i32.shl (i64.ne (call $press (i32.const 3000)) (i64.const -5616245537927746701)) (i32.const 1))))
    (call $exit (local.get $bad))))
