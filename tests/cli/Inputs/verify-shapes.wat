;; Shapes for tests/cli/verify-codegen.test: joins with values, a loop around a call,
;; br_table, call_indirect, stack-passed params, floats and multi-value results.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $add $mul)
  (memory 1)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $bin) (i32.mul (local.get 0) (local.get 1)))
  (func $many (param i32 i64 f64 i32 i32 i32 i32 i64 f32) (result i64)
    (i64.add
      (i64.add (local.get 1) (local.get 7))
      (i64.extend_i32_u
        (i32.add (i32.add (local.get 0) (local.get 3))
                 (i32.add (i32.add (local.get 4) (local.get 5))
                          (i32.add (local.get 6) (i32.trunc_f64_s (f64.add (local.get 2) (f64.promote_f32 (local.get 8))))))))))
  (func $pair (param i32) (result i32 i64)
    (local.get 0) (i64.extend_i32_s (local.get 0)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $x i64)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $b2 (block $b1 (block $b0
          (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
          (local.set $acc (call_indirect (type $bin) (local.get $acc) (local.get $i) (i32.const 0)))
          (br $b2))
          (local.set $acc (call $mul (local.get $acc) (i32.const 3))))
        (local.set $x (call $many (local.get $i) (local.get $x) (f64.const 1.5) (local.get $acc)
                                  (i32.const 1) (i32.const 2) (local.get $n) (i64.const 7) (f32.const 2.5)))
        (i32.store (i32.const 16) (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (call $pair (local.get $acc))
    (drop) (drop)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.wrap_i64 (local.get $x)))
      (else (i32.add (i32.load (i32.const 16)) (i32.wrap_i64 (local.get $x)))))))
