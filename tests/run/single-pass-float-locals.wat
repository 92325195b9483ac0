;; The -O0 single-pass tier's f32/f64 locals in registers (docs/backend.md "-O0: the
;; single-pass tier"): the first float locals that are not params, then the float
;; params, live in the FPRs calls of wasm code keep (x86-64 xmm8-xmm14, the wasm
;; convention's; AArch64 v8-v15), the others in slots. Checked against known values:
;; across direct, indirect and import calls and memory.grow (x86-64 stores them
;; around C code and loads them back), recursion, loops, merges (block results, br_if
;; and br_table carrying float values), local.tee of an operator's result and of a
;; load, and more float locals than registers. The exit status is the number of wrong
;; results (0); the same program at -O1 (the IR path) agrees.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory (export "memory") 1)
  (global $errors (mut i32) (i32.const 0))
  (type $ff (func (param f64) (result f64)))
  (table 2 funcref)
  (elem (i32.const 0) $half $clobber)

  (func $check (param $got f64) (param $want f64)
    (if (f64.ne (local.get $got) (local.get $want))
      (then (global.set $errors (i32.add (global.get $errors) (i32.const 1))))))
  (func $half (param $x f64) (result f64) (f64.mul (local.get $x) (f64.const 0.5)))
  ;; Writes all of its own float locals (their registers are the caller's too).
  (func $clobber (param $x f64) (result f64)
    (local $a f64) (local $b f64) (local $c f64) (local $d f64) (local $e f32) (local $f f32) (local $g f64)
    (local.set $a (f64.add (local.get $x) (f64.const 1)))
    (local.set $b (f64.add (local.get $a) (f64.const 1)))
    (local.set $c (f64.add (local.get $b) (f64.const 1)))
    (local.set $d (f64.add (local.get $c) (f64.const 1)))
    (local.set $e (f32.const 100))
    (local.set $f (f32.const 200))
    (local.set $g (f64.add (local.get $d) (f64.const 1)))
    (f64.add (local.get $g) (f64.promote_f32 (f32.add (local.get $e) (local.get $f)))))

  ;; Float params and locals live across a direct call, an indirect one, an import
  ;; call and memory.grow.
  (func $across (param $p f64) (param $q f32) (result f64)
    (local $x f64) (local $y f32) (local $z f64) (local $i i32)
    (local.set $x (f64.add (local.get $p) (f64.const 3)))
    (local.set $y (f32.mul (local.get $q) (f32.const 2)))
    (local.set $z (call $clobber (local.get $x)))          ;; x + 5 + 300
    (local.set $z (f64.add (local.get $z) (call_indirect (type $ff) (local.get $x) (i32.const 0))))
    (drop (call $yield))
    (drop (memory.grow (i32.const 0)))
    (local.set $z (f64.add (local.get $z) (call_indirect (type $ff) (local.get $p) (i32.const 1))))
    ;; z = (x + 305) + x / 2 + (p + 305)
    (f64.add (f64.add (local.get $z) (local.get $x))
             (f64.add (local.get $p) (f64.promote_f32 (f32.add (local.get $y) (local.get $q))))))

  ;; Recursion: the float param must survive the calls.
  (func $fsum (param $n f64) (result f64)
    (if (result f64) (f64.lt (local.get $n) (f64.const 1))
      (then (local.get $n))
      (else (f64.add (local.get $n) (call $fsum (f64.sub (local.get $n) (f64.const 1)))))))

  ;; Ten float locals (more than the registers), a loop, a merge with a float result,
  ;; br_if and br_table carrying floats, tees of an operator and of a load.
  (func $loop (param $n i32) (result f64)
    (local $a f64) (local $b f64) (local $c f64) (local $d f64) (local $e f64)
    (local $f f64) (local $g f64) (local $h f64) (local $s f32) (local $t f64) (local $i i32)
    (f64.store (i32.const 64) (f64.const 0.25))
    (local.set $a (f64.const 1))
    (loop $l
      (local.set $b (f64.add (local.get $b) (local.get $a)))
      (local.set $c (f64.add (local.get $c) (local.tee $d (f64.mul (local.get $a) (f64.const 2)))))
      (local.set $e (f64.add (local.get $e) (local.tee $f (f64.load (i32.const 64)))))
      (local.set $g (f64.add (local.get $g) (local.get $d)))
      (local.set $h (f64.add (local.get $h) (f64.const 1)))
      (local.set $s (f32.add (local.get $s) (f32.const 0.5)))
      (local.set $t
        (block $out (result f64)
          (drop (block $two (result f64)
            (drop (block $one (result f64)
              (br_table $one $two $out (local.get $h) (i32.and (local.get $i) (i32.const 3)))))
            (br $out (f64.add (local.get $t) (f64.const 1)))))
          (br_if $out (f64.add (local.get $t) (f64.const 2)) (i32.const 1))
          (drop)
          (f64.const -1000)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    ;; n = 10: b 10, c 20, e 2.5, g 20, h 10, s 5,
    ;; t: i%4 = 0 -> +1, 1 -> +2, 2 -> h, 3 -> h (the last of i = 2, 3, 6, 7: h = 8)
    (f64.add
      (f64.add (f64.add (local.get $b) (local.get $c)) (f64.add (local.get $e) (local.get $g)))
      (f64.add (f64.add (local.get $h) (f64.promote_f32 (local.get $s)))
               (f64.mul (local.get $t) (f64.const 1000)))))

  ;; An f32 local in a register and an f64 one: the merge of an if with float results.
  (func $merge (param $c i32) (result f32)
    (local $x f32) (local $y f64)
    (local.set $x (f32.const 1.5))
    (local.set $y (f64.const 2.5))
    (local.set $x
      (if (result f32) (local.get $c)
        (then (f32.add (local.get $x) (f32.demote_f64 (local.get $y))))
        (else (local.get $x))))
    (f32.mul (local.get $x) (f32.const 2)))

  ;; An operator's result written straight to a local in a register that is also its
  ;; second operand (or first): x = y - x, y / x, ..., each with known values.
  (func $alias (param $y f64) (result f64)
    (local $x f64) (local $r f64) (local $s f32) (local $t f32)
    (local.set $x (f64.const 4))
    (local.set $x (f64.sub (local.get $y) (local.get $x)))       ;; 10 - 4 = 6
    (local.set $r (local.get $x))
    (local.set $x (f64.div (local.get $y) (local.get $x)))       ;; 10 / 6
    (local.set $r (f64.add (local.get $r) (f64.mul (local.get $x) (f64.const 3))))  ;; 6 + 5
    (local.set $x (f64.const -2))
    (local.set $x (f64.copysign (local.get $y) (local.get $x)))  ;; -10
    (local.set $r (f64.add (local.get $r) (local.get $x)))       ;; 1
    (local.set $x (f64.min (local.get $y) (local.get $x)))       ;; -10
    (local.set $x (f64.max (local.get $y) (local.get $x)))       ;; 10
    (local.set $r (f64.add (local.get $r) (local.get $x)))       ;; 11
    (local.set $x (f64.sub (local.get $x) (local.get $x)))       ;; 0
    (local.set $r (f64.add (local.get $r) (local.get $x)))       ;; 11
    (local.set $s (f32.const 3))
    (local.set $t (f32.const 2))
    (local.set $t (f32.sub (local.get $s) (local.get $t)))       ;; 1
    (local.set $s (f32.div (local.get $t) (local.get $s)))       ;; 1/3
    (local.set $s (f32.sqrt (f32.mul (local.get $s) (f32.const 12))))  ;; 2
    (local.set $t (f32.convert_i32_s (i32.trunc_f32_s (local.get $s))))  ;; 2
    (local.set $x (f64.promote_f32 (f32.neg (f32.add (local.get $s) (local.get $t)))))  ;; -4
    (f64.add (local.get $r) (f64.abs (local.get $x))))                  ;; 15

  (func (export "_start")
    (call $check (call $across (f64.const 1) (f32.const 3))
                 ;; x = 4: clobber 309, half 2, clobber(p) 306; z = 617; + 4 + 1 + 9
                 (f64.const 631))
    (call $check (call $fsum (f64.const 10)) (f64.const 55))
    ;; t: i = 0..9 -> 1, 3, 3 (h), 4 (h), 5, 7, 7 (h), 8 (h), 9, 11: 11
    (call $check (call $loop (i32.const 10)) (f64.const 11067.5))
    (call $check (f64.promote_f32 (call $merge (i32.const 1))) (f64.const 8))
    (call $check (f64.promote_f32 (call $merge (i32.const 0))) (f64.const 3))
    (call $check (call $alias (f64.const 10)) (f64.const 15))
    (call $exit (global.get $errors))))
