;; Compare-and-branch fusion across the instructions between a compare and the br_if
;; that reads its result (backend/opt/sink_cmp.cc), the result on the stack or in a
;; local read once: other locals set in between, an
;; operand of the compare redefined in between by a local.set of another local (the
;; old value is what is compared), either or both operands so, eqz of an i64; and what
;; the pass must leave alone: a result read again, an operand redefined by an
;; arithmetic operation, a call in between.
(module
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $id)
  (func $id (type $t) (local.get 0))
  ;; a walk 0, 1, ..., n: the exit test compares a before it advances
  (func (export "redef") (param $n i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32)
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (local.get $a)))
      local.get $a
      local.get $n
      i32.ne
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; the same with the compare's result in a local (zstd's candidate loop), read once
  (func (export "in_local") (param $n i32) (result i32)
    (local $a i32) (local $x i32) (local $c i32) (local $s i32)
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (local.get $a)))
      (local.set $c (i32.ne (local.get $a) (local.get $n)))
      (local.set $a (local.get $x))
      (br_if $l (local.get $c)))
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; the second operand advances
  (func (export "redef_b") (param $n i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32)
    (local.set $a (local.get $n))
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const -1)))
      (local.set $s (i32.add (local.get $s) (local.get $a)))
      i32.const 0
      local.get $a
      i32.lt_s
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; both operands advance (unsigned compare)
  (func (export "both") (param $p i32) (param $q i32) (result i32)
    (local $x i32) (local $y i32) (local $s i32)
    (loop $l
      (local.set $x (i32.add (local.get $p) (i32.const 1)))
      (local.set $y (i32.add (local.get $q) (i32.const -1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      local.get $p
      local.get $q
      i32.lt_u
      local.get $x
      local.set $p
      local.get $y
      local.set $q
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $p)))
  (func (export "gap") (param $a i32) (param $b i32) (result i32)
    (local $k i32)
    (block $out
      local.get $a
      local.get $b
      i32.lt_s
      i32.const 7
      local.set $k
      br_if $out
      (local.set $k (i32.const 9)))
    local.get $k)
  (func (export "eqz_gap") (param $a i64) (param $b i32) (result i32)
    (local $k i32)
    (block $out
      local.get $a
      i64.eqz
      local.get $b
      local.set $k
      br_if $out
      (local.set $k (i32.const -1)))
    local.get $k)
  (func (export "wide") (param $a i64) (param $b i64) (result i64)
    (local $x i64)
    (block $out
      local.get $a
      local.get $b
      i64.gt_u
      (local.set $x (i64.const 0x100000000))
      local.get $x
      local.set $a
      br_if $out
      (local.set $a (i64.const 3)))
    local.get $a)
  ;; kept: the result is read again
  (func (export "twice") (param $a i32) (param $b i32) (result i32)
    (local $c i32) (local $k i32)
    (block $out
      local.get $a
      local.get $b
      i32.gt_u
      local.tee $c
      local.get $b
      local.set $k
      br_if $out
      (local.set $k (i32.const 5)))
    (i32.add (local.get $k) (i32.mul (local.get $c) (i32.const 100))))
  ;; kept: the operand is redefined by an add
  (func (export "add_between") (param $a i32) (param $b i32) (result i32)
    (block $out
      local.get $a
      local.get $b
      i32.eq
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      br_if $out
      (local.set $a (i32.const 100)))
    local.get $a)
  ;; kept: a call in between (call_indirect: not inlined)
  (func (export "call_between") (param $a i32) (param $b i32) (result i32)
    (local $k i32)
    (block $out
      local.get $a
      local.get $b
      i32.ge_u
      (local.set $k (call_indirect (type $t) (local.get $b) (i32.const 0)))
      br_if $out
      (local.set $k (i32.const 100)))
    local.get $k)
  ;; The advanced operand (eq / ne, the local advanced by a constant): the branch tests
  ;; the advanced value against the other operand plus that constant. Against a
  ;; constant: 10 + 1 = 11.
  (func (export "adv_const") (param $p i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32)
    (local.set $a (local.get $p))
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      local.get $a
      i32.const 10
      i32.ne
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; ... -1 + 1 wraps to 0
  (func (export "adv_wrap") (param $p i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32)
    (local.set $a (local.get $p))
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      local.get $a
      i32.const -1
      i32.ne
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; a limit set to n - 1 before the loop (zstd's candidate loop): n itself
  (func (export "adv_sub") (param $n i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32) (local $lim i32)
    (local.set $lim (i32.sub (local.get $n) (i32.const 1)))
    (loop $l
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      local.get $a
      local.get $lim
      i32.ne
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a)))
  ;; i64, the local advanced by a sub of 2: the limit - 2, computed before the loop
  (func (export "adv_wide") (param $n i64) (result i64)
    (local $a i64) (local $x i64) (local $s i64)
    (loop $l
      (local.set $x (i64.sub (local.get $a) (i64.const 2)))
      (local.set $s (i64.add (local.get $s) (i64.const 1)))
      local.get $a
      local.get $n
      i64.ne
      local.get $x
      local.set $a
      br_if $l)
    (i64.add (i64.mul (local.get $s) (i64.const 1000)) (local.get $a)))
  ;; kept (the copy): the loop's header has a second branch to it, so no place before
  ;; it runs once per entry for the limit + 1
  (func (export "adv_two") (param $n i32) (result i32)
    (local $a i32) (local $x i32) (local $s i32)
    (loop $l
      (if (i32.eq (local.get $a) (i32.const 1000))
        (then (local.set $a (i32.const 2000)) (br $l)))
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (local.get $a)))
      local.get $a
      local.get $n
      i32.ne
      local.get $x
      local.set $a
      br_if $l)
    (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $a))))

(assert_return (invoke "redef" (i32.const 5)) (i32.const 15006))
(assert_return (invoke "redef" (i32.const 0)) (i32.const 1))
(assert_return (invoke "redef" (i32.const 1)) (i32.const 1002))
(assert_return (invoke "in_local" (i32.const 5)) (i32.const 15006))
(assert_return (invoke "in_local" (i32.const 0)) (i32.const 1))
(assert_return (invoke "redef_b" (i32.const 4)) (i32.const 9999))
(assert_return (invoke "redef_b" (i32.const 0)) (i32.const -1))
(assert_return (invoke "redef_b" (i32.const -3)) (i32.const -3004))
(assert_return (invoke "both" (i32.const 0) (i32.const 10)) (i32.const 6006))
(assert_return (invoke "both" (i32.const 10) (i32.const 0)) (i32.const 1011))
(assert_return (invoke "both" (i32.const 0xfffffffe) (i32.const 0xffffffff)) (i32.const 2000))
(assert_return (invoke "gap" (i32.const 1) (i32.const 2)) (i32.const 7))
(assert_return (invoke "gap" (i32.const 2) (i32.const 2)) (i32.const 9))
(assert_return (invoke "gap" (i32.const -1) (i32.const 0)) (i32.const 7))
(assert_return (invoke "eqz_gap" (i64.const 0) (i32.const 42)) (i32.const 42))
(assert_return (invoke "eqz_gap" (i64.const 0x100000000) (i32.const 42)) (i32.const -1))
(assert_return (invoke "wide" (i64.const 0x100000001) (i64.const 1)) (i64.const 0x100000000))
(assert_return (invoke "wide" (i64.const 1) (i64.const 0x100000001)) (i64.const 3))
(assert_return (invoke "wide" (i64.const -1) (i64.const 1)) (i64.const 0x100000000))
(assert_return (invoke "twice" (i32.const 3) (i32.const 2)) (i32.const 102))
(assert_return (invoke "twice" (i32.const 2) (i32.const 3)) (i32.const 5))
(assert_return (invoke "twice" (i32.const -1) (i32.const 3)) (i32.const 103))
(assert_return (invoke "add_between" (i32.const 4) (i32.const 4)) (i32.const 5))
(assert_return (invoke "add_between" (i32.const 4) (i32.const 5)) (i32.const 100))
(assert_return (invoke "call_between" (i32.const 5) (i32.const 4)) (i32.const 4))
(assert_return (invoke "call_between" (i32.const 3) (i32.const 4)) (i32.const 100))
(assert_return (invoke "adv_const" (i32.const 0)) (i32.const 11011))
(assert_return (invoke "adv_const" (i32.const 10)) (i32.const 1011))
(assert_return (invoke "adv_wrap" (i32.const -3)) (i32.const 3000))
(assert_return (invoke "adv_wrap" (i32.const -1)) (i32.const 1000))
(assert_return (invoke "adv_sub" (i32.const 5)) (i32.const 5005))
(assert_return (invoke "adv_sub" (i32.const 1)) (i32.const 1001))
(assert_return (invoke "adv_wide" (i64.const -6)) (i64.const 3992))
(assert_return (invoke "adv_wide" (i64.const 0)) (i64.const 998))
(assert_return (invoke "adv_two" (i32.const 4)) (i32.const 10005))
(assert_return (invoke "adv_two" (i32.const 0)) (i32.const 1))
