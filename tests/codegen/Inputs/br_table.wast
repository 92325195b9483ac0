;; br_table edge cases (tests/codegen/br_table.test): every index class against the
;; table's size, an index whose register may carry upper bits (i32.wrap_i64), one
;; from a call, an empty table, one target repeated, values carried, a dispatch loop.
(module
  (func $ext (param $x i64) (result i64) (local.get $x))
  ;; Four targets and a default: 10 + the target taken.
  (func (export "four") (param $i i32) (result i32)
    (block $d
      (block $t3
        (block $t2
          (block $t1
            (block $t0
              (br_table $t0 $t1 $t2 $t3 $d (local.get $i)))
            (return (i32.const 10)))
          (return (i32.const 11)))
        (return (i32.const 12)))
      (return (i32.const 13)))
    (i32.const 99))
  ;; The index is the low half of an i64 (its register's upper half is not zero).
  (func (export "wrapped") (param $x i64) (result i32)
    (block $d
      (block $t1
        (block $t0
          (br_table $t0 $t1 $d (i32.wrap_i64 (call $ext (i64.add (local.get $x) (i64.const 0))))))
        (return (i32.const 20)))
      (return (i32.const 21)))
    (i32.const 29))
  ;; Only a default: every index goes there.
  (func (export "empty") (param $i i32) (result i32)
    (block $d
      (br_table $d (local.get $i))
      (return (i32.const 0)))
    (i32.const 30))
  ;; One target repeated, then the default.
  (func (export "repeat") (param $i i32) (result i32)
    (block $d
      (block $a
        (br_table $a $a $a $a $a $d (local.get $i)))
      (return (i32.const 40)))
    (i32.const 41))
  ;; Values carried to the targets.
  (func (export "value") (param $i i32) (param $v i32) (result i32)
    (block $d (result i32)
      (block $t1 (result i32)
        (block $t0 (result i32)
          (br_table $t0 $t1 $d (local.get $v) (local.get $i)))
        (return (i32.add (i32.const 1000))))
      (return (i32.add (i32.const 2000))))
    (i32.add (i32.const 3000)))
  ;; An interpreter's loop: opcodes in memory, dispatched until the halt (3):
  ;; 0 adds 1, 1 doubles, 2 subtracts 3, anything else above 3 adds 100.
  (memory 1)
  (data (i32.const 0) "\00\01\00\01\02\07\01\ff\00\03")
  (func (export "interp") (result i32)
    (local $pc i32) (local $acc i32)
    (loop $next
      (block $other
        (block $halt
          (block $sub
            (block $dbl
              (block $inc
                (br_table $inc $dbl $sub $halt $other (i32.load8_u (local.get $pc))))
              (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
              (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
              (br $next))
            (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
            (br $next))
          (local.set $acc (i32.sub (local.get $acc) (i32.const 3)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
        (return (local.get $acc)))
      (local.set $acc (i32.add (local.get $acc) (i32.const 100)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
    (unreachable)))

(assert_return (invoke "four" (i32.const 0)) (i32.const 10))
(assert_return (invoke "four" (i32.const 1)) (i32.const 11))
(assert_return (invoke "four" (i32.const 3)) (i32.const 13))
(assert_return (invoke "four" (i32.const 4)) (i32.const 99))
(assert_return (invoke "four" (i32.const 5)) (i32.const 99))
(assert_return (invoke "four" (i32.const 0x7fffffff)) (i32.const 99))
(assert_return (invoke "four" (i32.const 0x80000000)) (i32.const 99))
(assert_return (invoke "four" (i32.const 0xffffffff)) (i32.const 99))
(assert_return (invoke "wrapped" (i64.const 0)) (i32.const 20))
(assert_return (invoke "wrapped" (i64.const 0x100000001)) (i32.const 21))
(assert_return (invoke "wrapped" (i64.const 0xffffffff00000000)) (i32.const 20))
(assert_return (invoke "wrapped" (i64.const 0x0000000100000002)) (i32.const 29))
(assert_return (invoke "wrapped" (i64.const -1)) (i32.const 29))
(assert_return (invoke "empty" (i32.const 0)) (i32.const 30))
(assert_return (invoke "empty" (i32.const 1)) (i32.const 30))
(assert_return (invoke "empty" (i32.const 0xffffffff)) (i32.const 30))
(assert_return (invoke "repeat" (i32.const 0)) (i32.const 40))
(assert_return (invoke "repeat" (i32.const 4)) (i32.const 40))
(assert_return (invoke "repeat" (i32.const 5)) (i32.const 41))
(assert_return (invoke "repeat" (i32.const 0xffffffff)) (i32.const 41))
(assert_return (invoke "value" (i32.const 0) (i32.const 7)) (i32.const 1007))
(assert_return (invoke "value" (i32.const 1) (i32.const 7)) (i32.const 2007))
(assert_return (invoke "value" (i32.const 2) (i32.const 7)) (i32.const 3007))
(assert_return (invoke "value" (i32.const 0xffffffff) (i32.const 7)) (i32.const 3007))
(assert_return (invoke "interp") (i32.const 307))
