;; x86-64 emitter peepholes (backend/x64/x64_int.cc, macro_assembler_x64.cc;
;; tests/codegen/x64/alu_neg_const_forward.wat has the listings), run on the lit target
;; at -O2 and -O1: `0 - x` in x's register as `neg`; a commutative i64 operation with a
;; constant no immediate takes, into another register than its operand's (`mov d, C;
;; op d, a`); a slot reloaded into another register right after its store (a register
;; move: the 12 accumulators of $fwd's loop leave some loads in slots). Results are
;; compared with values computed outside wasmc; exit 0 when all agree.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $neg (param $x i32) (param $y i64) (result i64)
    (local.set $x (i32.sub (i32.const 0) (local.get $x)))
    (local.set $y (i64.sub (i64.const 0) (local.get $y)))
    (i64.add (i64.extend_i32_u (local.get $x)) (local.get $y)))
  (func $hash (param $x i64) (result i64)
    (i64.add
      (i64.add (i64.shr_u (i64.mul (local.get $x) (i64.const 0xcf1bbcdcbb000000)) (i64.const 40))
               (i64.xor (local.get $x) (i64.const 0x123456789)))
      (i64.add (i64.and (local.get $x) (i64.const 0xff00ff00ff00ff00))
               (i64.or (local.get $x) (i64.const 0x0f0f0f0f0f0f0f0f)))))
  (func $fwd (param $p i32) (param $n i32) (param $b0 i32) (param $b1 i32) (param $b2 i32) (param $b3 i32) (result i32)
    (local $a0 i32) (local $t0 i32) (local $a1 i32) (local $t1 i32) (local $a2 i32) (local $t2 i32) (local $a3 i32) (local $t3 i32) (local $a4 i32) (local $t4 i32) (local $a5 i32) (local $t5 i32) (local $a6 i32) (local $t6 i32) (local $a7 i32) (local $t7 i32) (local $a8 i32) (local $t8 i32) (local $a9 i32) (local $t9 i32) (local $a10 i32) (local $t10 i32) (local $a11 i32) (local $t11 i32)
    (loop $l
      (local.set $t0 (i32.load8_u offset=0 (local.get $p)))
      (local.set $a0 (i32.add (local.get $a0) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t0) (i32.const 3))))))
      (local.set $t1 (i32.load8_u offset=1 (local.get $p)))
      (local.set $a1 (i32.add (local.get $a1) (i32.load (i32.add (local.get $b1) (i32.shl (local.get $t1) (i32.const 3))))))
      (local.set $t2 (i32.load8_u offset=2 (local.get $p)))
      (local.set $a2 (i32.add (local.get $a2) (i32.load (i32.add (local.get $b2) (i32.shl (local.get $t2) (i32.const 3))))))
      (local.set $t3 (i32.load8_u offset=3 (local.get $p)))
      (local.set $a3 (i32.add (local.get $a3) (i32.load (i32.add (local.get $b3) (i32.shl (local.get $t3) (i32.const 3))))))
      (local.set $t4 (i32.load8_u offset=4 (local.get $p)))
      (local.set $a4 (i32.add (local.get $a4) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t4) (i32.const 3))))))
      (local.set $t5 (i32.load8_u offset=5 (local.get $p)))
      (local.set $a5 (i32.add (local.get $a5) (i32.load (i32.add (local.get $b1) (i32.shl (local.get $t5) (i32.const 3))))))
      (local.set $t6 (i32.load8_u offset=6 (local.get $p)))
      (local.set $a6 (i32.add (local.get $a6) (i32.load (i32.add (local.get $b2) (i32.shl (local.get $t6) (i32.const 3))))))
      (local.set $t7 (i32.load8_u offset=7 (local.get $p)))
      (local.set $a7 (i32.add (local.get $a7) (i32.load (i32.add (local.get $b3) (i32.shl (local.get $t7) (i32.const 3))))))
      (local.set $t8 (i32.load8_u offset=8 (local.get $p)))
      (local.set $a8 (i32.add (local.get $a8) (i32.load (i32.add (local.get $b0) (i32.shl (local.get $t8) (i32.const 3))))))
      (local.set $t9 (i32.load8_u offset=9 (local.get $p)))
      (local.set $a9 (i32.add (local.get $a9) (i32.load (i32.add (local.get $b1) (i32.shl (local.get $t9) (i32.const 3))))))
      (local.set $t10 (i32.load8_u offset=10 (local.get $p)))
      (local.set $a10 (i32.add (local.get $a10) (i32.load (i32.add (local.get $b2) (i32.shl (local.get $t10) (i32.const 3))))))
      (local.set $t11 (i32.load8_u offset=11 (local.get $p)))
      (local.set $a11 (i32.add (local.get $a11) (i32.load (i32.add (local.get $b3) (i32.shl (local.get $t11) (i32.const 3))))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.const 0) (i32.xor (local.get $a0) (local.get $t0))) (i32.xor (local.get $a1) (local.get $t1))) (i32.xor (local.get $a2) (local.get $t2))) (i32.xor (local.get $a3) (local.get $t3))) (i32.xor (local.get $a4) (local.get $t4))) (i32.xor (local.get $a5) (local.get $t5))) (i32.xor (local.get $a6) (local.get $t6))) (i32.xor (local.get $a7) (local.get $t7))) (i32.xor (local.get $a8) (local.get $t8))) (i32.xor (local.get $a9) (local.get $t9))) (i32.xor (local.get $a10) (local.get $t10))) (i32.xor (local.get $a11) (local.get $t11))))
  (func (export "_start")
    (local $k i32) (local $bad i32)
    ;; bytes 0..63: (k * 7) & 31; words at 1024 + 4k: k * 2654435761 + 12345
    (loop $l
      (i32.store8 (local.get $k) (i32.and (i32.mul (local.get $k) (i32.const 7)) (i32.const 31)))
      (br_if $l (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 64))))
    (local.set $k (i32.const 0))
    (loop $l
      (i32.store (i32.add (i32.const 1024) (i32.shl (local.get $k) (i32.const 2)))
                 (i32.add (i32.mul (local.get $k) (i32.const 2654435761)) (i32.const 12345)))
      (br_if $l (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 1024))))
    (local.set $bad (i32.ne (call $fwd (i32.const 0) (i32.const 20) (i32.const 1024) (i32.const 1280)
                                       (i32.const 1536) (i32.const 1792)) (i32.const 0x3a48f7aa)))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $hash (i64.const 0)) (i64.const 1085102597457868440))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $hash (i64.const 1)) (i64.const 1085102597471441491))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $hash (i64.const -9223372036854775808)) (i64.const -8138269439396907368))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $hash (i64.const 81985529216486895)) (i64.const 1248299563164691793))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $hash (i64.const -1)) (i64.const -71777219178103880))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $neg (i32.const 0) (i64.const 0)) (i64.const 0))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $neg (i32.const 1) (i64.const 1)) (i64.const 4294967294))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $neg (i32.const -2147483648) (i64.const -9223372036854775808)) (i64.const -9223372034707292160))))
    (local.set $bad (i32.or (local.get $bad) (i64.ne (call $neg (i32.const -559038737) (i64.const 81985529216486895)) (i64.const -81985528657448158))))
    (call $exit (local.get $bad))))
