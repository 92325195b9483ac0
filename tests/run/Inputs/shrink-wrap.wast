;; Shrink-wrapped early exits (backend/codegen/early_exit.h): each function starts with a
;; test whose one side returns without calls; that side runs before the frame is built.
(module
  (tag $e (param i32))
  (global $g (mut i32) (i32.const 0))
  ;; The exit is the branch's taken side; a local set to a constant before the branch
  ;; is read on the exit path.
  (func $fib (export "fib") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (loop $l
        (local.set $acc (i32.add (local.get $acc) (call $fib (i32.sub (local.get $n) (i32.const 1)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br_if $l (i32.gt_u (local.get $n) (i32.const 1)))))
    (i32.add (local.get $n) (local.get $acc)))
  ;; The exit is the fall-through side (if/then return).
  (func $count (export "count") (param $n i64) (param $k i64) (result i64)
    (if (i64.ne (local.get $n) (i64.const 0))
      (then (return (i64.add (call $count (i64.sub (local.get $n) (i64.const 1)) (local.get $k))
                             (local.get $k)))))
    (i64.mul (local.get $k) (i64.const 3)))
  ;; Four params (x86-64: rsi rdx rcx r8) with shifts and selects on the exit path
  ;; (scratch rcx / rdx), values computed before the branch used on both sides.
  (func $mix (export "mix") (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
    (local $t i32)
    (local.set $t (i32.xor (local.get $a) (i32.shl (local.get $b) (i32.const 3))))
    (if (i32.gt_s (local.get $d) (i32.const 0))
      (then (return (i32.add (call $mix (local.get $b) (local.get $c) (local.get $t)
                                        (i32.sub (local.get $d) (i32.const 1)))
                             (global.get $g)))))
    (select (i32.rotl (local.get $t) (local.get $c)) (i32.shr_u (local.get $a) (local.get $b))
            (i32.and (local.get $c) (i32.const 1))))
  ;; Exit path without a value, and i32 params whose upper halves the C convention
  ;; leaves undefined (the exit only uses 32-bit operations on them).
  (func $bump (export "bump") (param $n i32)
    (if (i32.eqz (local.get $n)) (then (return)))
    (global.set $g (i32.add (global.get $g) (local.get $n)))
    (call $bump (i32.sub (local.get $n) (i32.const 1))))
  (func (export "g") (result i32) (global.get $g))
  ;; i64 result from i32 params through extend on the exit path.
  (func $wide (export "wide") (param $x i32) (param $y i64) (result i64)
    (if (result i64) (i32.lt_s (local.get $x) (i32.const 0))
      (then (i64.add (i64.extend_i32_s (local.get $x)) (local.get $y)))
      (else (i64.add (call $wide (i32.sub (local.get $x) (i32.const 1)) (local.get $y))
                     (i64.const 1)))))
  ;; Recursion without end through a shrink-wrapped function: the stack check is in the
  ;; framed path.
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 7))))
    (i32.add (call $deep (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  ;; A trap and an exception past the exit.
  (func $div (export "div") (param $n i32) (param $d i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const -1))))
    (i32.add (call $fib (i32.const 3)) (i32.div_u (local.get $n) (local.get $d))))
  (func $thrower (param $n i32) (result i32)  ;; recursive: not inlined
    (if (i32.lt_u (local.get $n) (i32.const 10)) (then (return (local.get $n))))
    (if (i32.gt_u (local.get $n) (i32.const 12))
      (then (return (i32.add (call $thrower (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
    (throw $e (local.get $n)))
  (func (export "catch") (param $n i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (return (i32.add (call $thrower (local.get $n)) (i32.const 1000))))
      (unreachable)))
)
(assert_return (invoke "fib" (i32.const 0)) (i32.const 0))
(assert_return (invoke "fib" (i32.const 1)) (i32.const 1))
(assert_return (invoke "fib" (i32.const 2)) (i32.const 1))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "count" (i64.const 0) (i64.const 5)) (i64.const 15))
(assert_return (invoke "count" (i64.const 4) (i64.const 0x100000000)) (i64.const 0x700000000))
(assert_return (invoke "mix" (i32.const 0x12345678) (i32.const 5) (i32.const 7) (i32.const 0)) (i32.const 0x1a2b2809))
(assert_return (invoke "mix" (i32.const 0x12345678) (i32.const 5) (i32.const 6) (i32.const 0)) (i32.const 0x91a2b3))
(assert_return (invoke "mix" (i32.const 0x12345678) (i32.const 5) (i32.const 7) (i32.const 3)) (i32.const 0x1a2bdc09))
(assert_return (invoke "bump" (i32.const 0)))
(assert_return (invoke "g") (i32.const 0))
(assert_return (invoke "bump" (i32.const 4)))
(assert_return (invoke "g") (i32.const 10))
(assert_return (invoke "wide" (i32.const -5) (i64.const 0x100000000)) (i64.const 0xfffffffb))
(assert_return (invoke "wide" (i32.const 3) (i64.const 0x100000000)) (i64.const 0x100000003))
(assert_return (invoke "deep" (i32.const 0)) (i32.const 7))
(assert_exhaustion (invoke "deep" (i32.const 1)) "call stack exhausted")
(assert_return (invoke "div" (i32.const 0) (i32.const 0)) (i32.const -1))
(assert_return (invoke "div" (i32.const 10) (i32.const 3)) (i32.const 5))
(assert_trap (invoke "div" (i32.const 10) (i32.const 0)) "integer divide by zero")
(assert_return (invoke "catch" (i32.const 4)) (i32.const 1004))
(assert_return (invoke "catch" (i32.const 12)) (i32.const 12))
(assert_return (invoke "catch" (i32.const 15)) (i32.const 12))
