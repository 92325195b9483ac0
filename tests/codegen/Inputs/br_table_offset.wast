;; br_table on `x - c` (tests/codegen/br_table_offset.test): the mid-end reads x and
;; puts c defaults in front of the table (backend/opt/fold.cc, FoldTableOffset). Every
;; class of x: below c (x - c wraps), the first and last entries, the first past them,
;; 2^31 and 0xffffffff; `x + (-c)`; an offset too large to fold; x written between the
;; subtraction and the branch (must not fold); x - c read again after the branch; a
;; dispatch loop over `op - 1`.
(module
  ;; 10 + (x - 3) for x in 3..6, else 99.
  (func (export "sub3") (param $x i32) (result i32)
    (block $d
      (block $t3
        (block $t2
          (block $t1
            (block $t0
              (br_table $t0 $t1 $t2 $t3 $d (i32.sub (local.get $x) (i32.const 3))))
            (return (i32.const 10)))
          (return (i32.const 11)))
        (return (i32.const 12)))
      (return (i32.const 13)))
    (i32.const 99))
  ;; The same through an add of -3.
  (func (export "addneg") (param $x i32) (result i32)
    (block $d
      (block $t3
        (block $t2
          (block $t1
            (block $t0
              (br_table $t0 $t1 $t2 $t3 $d (i32.add (local.get $x) (i32.const -3))))
            (return (i32.const 10)))
          (return (i32.const 11)))
        (return (i32.const 12)))
      (return (i32.const 13)))
    (i32.const 99))
  ;; An offset of 100 on a table of 2: left as it is (the table would grow 50 times).
  (func (export "big") (param $x i32) (result i32)
    (block $d
      (block $t1
        (block $t0
          (br_table $t0 $t1 $d (i32.sub (local.get $x) (i32.const 100))))
        (return (i32.const 20)))
      (return (i32.const 21)))
    (i32.const 29))
  ;; x set to 0 between the subtraction and the branch: the branch reads the old x - 3.
  (func (export "redef") (param $x i32) (result i32)
    (block $d
      (block $t3
        (block $t2
          (block $t1
            (block $t0
              local.get $x
              i32.const 3
              i32.sub
              i32.const 0
              local.set $x
              br_table $t0 $t1 $t2 $t3 $d)
            (return (i32.add (local.get $x) (i32.const 10))))
          (return (i32.add (local.get $x) (i32.const 11))))
        (return (i32.add (local.get $x) (i32.const 12))))
      (return (i32.add (local.get $x) (i32.const 13))))
    (i32.const 99))
  ;; x - 2 also read after the branch: 100 * entry + (x - 2).
  (func (export "reread") (param $x i32) (result i32)
    (local $i i32)
    (block $d
      (block $t1
        (block $t0
          (br_table $t0 $t1 $d (local.tee $i (i32.sub (local.get $x) (i32.const 2)))))
        (return (local.get $i)))
      (return (i32.add (local.get $i) (i32.const 100))))
    (i32.add (local.get $i) (i32.const 1000)))
  ;; A dispatch loop over the bytes at p (1: add 1, 2: add 10, 3: add 100, else stop).
  (memory 1)
  (data (i32.const 16) "\01\02\03\02\01\01\03\00")
  (func (export "interp") (param $p i32) (result i32)
    (local $acc i32)
    (loop $next
      (block $stop
        (block $op3
          (block $op2
            (block $op1
              (br_table $op1 $op2 $op3 $stop
                (i32.sub (i32.load8_u (local.get $p)) (i32.const 1))))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $next))
          (local.set $acc (i32.add (local.get $acc) (i32.const 10)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next))
        (local.set $acc (i32.add (local.get $acc) (i32.const 100)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)
(assert_return (invoke "sub3" (i32.const 0)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const 2)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const 3)) (i32.const 10))
(assert_return (invoke "sub3" (i32.const 4)) (i32.const 11))
(assert_return (invoke "sub3" (i32.const 6)) (i32.const 13))
(assert_return (invoke "sub3" (i32.const 7)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const 0x80000000)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const 0x80000003)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const -1)) (i32.const 99))
(assert_return (invoke "sub3" (i32.const -3)) (i32.const 99))
(assert_return (invoke "addneg" (i32.const 1)) (i32.const 99))
(assert_return (invoke "addneg" (i32.const 3)) (i32.const 10))
(assert_return (invoke "addneg" (i32.const 5)) (i32.const 12))
(assert_return (invoke "addneg" (i32.const 7)) (i32.const 99))
(assert_return (invoke "addneg" (i32.const -1)) (i32.const 99))
(assert_return (invoke "big" (i32.const 0)) (i32.const 29))
(assert_return (invoke "big" (i32.const 99)) (i32.const 29))
(assert_return (invoke "big" (i32.const 100)) (i32.const 20))
(assert_return (invoke "big" (i32.const 101)) (i32.const 21))
(assert_return (invoke "big" (i32.const 102)) (i32.const 29))
(assert_return (invoke "big" (i32.const -1)) (i32.const 29))
(assert_return (invoke "redef" (i32.const 0)) (i32.const 99))
(assert_return (invoke "redef" (i32.const 3)) (i32.const 10))
(assert_return (invoke "redef" (i32.const 4)) (i32.const 11))
(assert_return (invoke "redef" (i32.const 6)) (i32.const 13))
(assert_return (invoke "redef" (i32.const 7)) (i32.const 99))
(assert_return (invoke "reread" (i32.const 0)) (i32.const 998))
(assert_return (invoke "reread" (i32.const 1)) (i32.const 999))
(assert_return (invoke "reread" (i32.const 2)) (i32.const 0))
(assert_return (invoke "reread" (i32.const 3)) (i32.const 101))
(assert_return (invoke "reread" (i32.const 4)) (i32.const 1002))
(assert_return (invoke "interp" (i32.const 16)) (i32.const 223))
(assert_return (invoke "interp" (i32.const 20)) (i32.const 102))
(assert_return (invoke "interp" (i32.const 23)) (i32.const 0))
