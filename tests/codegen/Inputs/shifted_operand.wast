;; x OP (y SHIFT k) as one kOpShifted on targets with shifted-register operands
;; (AArch64; backend/opt/shifted_operand.cc): every operation, shift kind and width,
;; rotates both ways, amounts taken modulo the width; and the cases the pass must leave
;; alone. Each result is checked against the value the separate shift and operation give.
(module
  (func (export "xor_shr_u") (param i32 i32) (result i32)
    (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 8))))
  (func (export "or_shl_left") (param i32 i32) (result i32)
    (i32.or (i32.shl (local.get 1) (i32.const 12)) (local.get 0)))
  (func (export "and_shr_s") (param i32 i32) (result i32)
    (i32.and (local.get 0) (i32.shr_s (local.get 1) (i32.const 4))))
  (func (export "add_shr_u") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shr_u (local.get 1) (i32.const 24))))
  (func (export "sub_shr_s") (param i64 i64) (result i64)
    (i64.sub (local.get 0) (i64.shr_s (local.get 1) (i64.const 7))))
  (func (export "xor_shr_u64") (param i64) (result i64)
    (i64.xor (local.get 0) (i64.shr_u (local.get 0) (i64.const 33))))
  (func (export "or_rotl") (param i32 i32) (result i32)
    (i32.or (local.get 0) (i32.rotl (local.get 1) (i32.const 5))))
  (func (export "xor_rotr64") (param i64 i64) (result i64)
    (i64.xor (local.get 0) (i64.rotr (local.get 1) (i64.const 100))))
  (func (export "add_shl_mod") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 37))))
  ;; left alone: a shift by 0 (mod the width), a rotate under add, a shift read twice,
  ;; the shifted value on the left of a sub, a constant other operand, y written
  ;; between the shift and the operation
  (func (export "by0") (param i32 i32) (result i32)
    (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 32))))
  (func (export "add_rotl") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.rotl (local.get 1) (i32.const 3))))
  (func (export "twice") (param i32 i32) (result i32)
    (local $t i32)
    (local.set $t (i32.shr_u (local.get 1) (i32.const 3)))
    (i32.mul (i32.xor (local.get 0) (local.get $t)) (local.get $t)))
  (func (export "sub_left") (param i32 i32) (result i32)
    (i32.sub (i32.shr_u (local.get 1) (i32.const 3)) (local.get 0)))
  (func (export "const_other") (param i32) (result i32)
    (i32.xor (i32.const 0x55) (i32.shr_u (local.get 0) (i32.const 3))))
  (func (export "redefined") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.const 4
    i32.shr_u
    i32.const 0x1234
    local.set 1
    i32.xor
    local.get 1
    i32.add)
  ;; a table-driven CRC-32 loop: crc = table[(crc ^ byte) & 0xff] ^ (crc >> 8)
  (memory 1)
  (func (export "crc") (param $p i32) (param $n i32) (result i32)
    (local $c i32)
    (local.set $c (i32.const -1))
    (loop $l
      (local.set $c
        (i32.xor
          (i32.load offset=1024 (i32.shl (i32.and (i32.xor (local.get $c) (i32.load8_u (local.get $p)))
                                                  (i32.const 255))
                                         (i32.const 2)))
          (i32.shr_u (local.get $c) (i32.const 8))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.xor (local.get $c) (i32.const -1)))
  (func (export "crc_init")
    (local $i i32) (local $c i32) (local $k i32)
    (loop $outer
      (local.set $c (local.get $i))
      (local.set $k (i32.const 8))
      (loop $inner
        (local.set $c
          (if (result i32) (i32.and (local.get $c) (i32.const 1))
            (then (i32.xor (i32.const 0xedb88320) (i32.shr_u (local.get $c) (i32.const 1))))
            (else (i32.shr_u (local.get $c) (i32.const 1)))))
        (br_if $inner (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (i32.store offset=1024 (i32.shl (local.get $i) (i32.const 2)) (local.get $c))
      (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 256)))))
  (data (i32.const 0) "123456789"))

(assert_return (invoke "xor_shr_u" (i32.const 0x12345678) (i32.const 0xabcdef01)) (i32.const 0x129f9b97))
(assert_return (invoke "or_shl_left" (i32.const 0x0000000f) (i32.const 0x00fff0ff)) (i32.const 0xff0ff00f))
(assert_return (invoke "and_shr_s" (i32.const -1) (i32.const 0x80000000)) (i32.const 0xf8000000))
(assert_return (invoke "add_shr_u" (i32.const 0xffffffff) (i32.const 0x02000000)) (i32.const 1))
(assert_return (invoke "sub_shr_s" (i64.const 0) (i64.const -256)) (i64.const 2))
(assert_return (invoke "xor_shr_u64" (i64.const 0x123456789abcdef0)) (i64.const 0x1234567893a6f5cc))
(assert_return (invoke "or_rotl" (i32.const 0) (i32.const 0x80000001)) (i32.const 0x00000030))
(assert_return (invoke "xor_rotr64" (i64.const 1) (i64.const 0x10)) (i64.const 0x0000000100000001))
(assert_return (invoke "add_shl_mod" (i32.const 1) (i32.const 3)) (i32.const 97))
(assert_return (invoke "by0" (i32.const 0xff) (i32.const 0x0f)) (i32.const 0xf0))
(assert_return (invoke "add_rotl" (i32.const 1) (i32.const 0x20000001)) (i32.const 10))
(assert_return (invoke "twice" (i32.const 1) (i32.const 24)) (i32.const 6))
(assert_return (invoke "sub_left" (i32.const 1) (i32.const 16)) (i32.const 1))
(assert_return (invoke "const_other" (i32.const 0x2a8)) (i32.const 0))
(assert_return (invoke "redefined" (i32.const 0) (i32.const 0x100)) (i32.const 0x1244))
(invoke "crc_init")
(assert_return (invoke "crc" (i32.const 0) (i32.const 9)) (i32.const 0xcbf43926))
