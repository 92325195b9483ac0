;; Scaled memory indexes (backend/opt/scaled_index.cc, x86-64): an access whose address
;; is (x << k) + C, or x * (q << k) + C, takes x (or x * q) scaled by 2^k when x's bound
;; proves the 32-bit sum cannot wrap; and the cases that must keep the wrapping sum (a
;; 32-bit value as x, a C near 2^32, a local written twice, stores too), each with an
;; input whose address wraps, so a lost wrap reads elsewhere or traps.
(module
  (memory 1)
  (data (i32.const 0) "\03\ff\05\00\ff\ff\08\00")          ;; bytes 3, 255; u16 5, 0xffff; byte 8
  (data (i32.const 8) "\01\00\00\40")                      ;; u32 0x40000001
  (data (i32.const 0x10) "\11\11\11\11")
  (data (i32.const 0x104) "\22\22\22\22")
  (data (i32.const 0x10c) "\03\00\cd\ab")
  (data (i32.const 0x4fc) "\ff\00\cd\ab")
  (data (i32.const 0x23d) "\77")
  ;; a byte as the index, scaled by 4: [r14 + x*4 + 0x100]
  (func (export "byte_idx") (param i32) (result i32)
    (i32.load (i32.add (i32.const 0x100) (i32.shl (i32.load8_u (local.get 0)) (i32.const 2)))))
  ;; a 16-bit value times 12 plus C: lea x*3, then [r14 + t*4 + 0x201]
  (func (export "half_mul12") (param i32) (result i32)
    (i32.load8_u offset=1 (i32.add (i32.mul (i32.load16_u (local.get 0)) (i32.const 12)) (i32.const 0x200))))
  ;; a masked parameter, the shift alone: [r14 + x*8]
  (func (export "masked") (param i32) (result i64)
    (i64.load (i32.shl (i32.and (local.get 0) (i32.const 0xff)) (i32.const 3))))
  ;; a store through a byte index scaled by 8
  (func (export "store_byte_idx") (param i32 i32) (result i32)
    (i32.store offset=4 (i32.add (i32.const 0x300) (i32.shl (i32.load8_u (local.get 0)) (i32.const 3)))
      (local.get 1))
    (i32.load (i32.const 0x31c)))
  ;; must not fold: a 32-bit value as x ((0x40000001 << 2) + 0x100 wraps to 0x104)
  (func (export "word_idx") (param i32) (result i32)
    (i32.load (i32.add (i32.const 0x100) (i32.shl (i32.load (local.get 0)) (i32.const 2)))))
  ;; must not fold: 255 * 4 + 0xfffffff0 does not fit 32 bits (8 * 4 + C wraps to 0x10)
  (func (export "near_top") (param i32) (result i32)
    (i32.load (i32.add (i32.const 0xfffffff0) (i32.shl (i32.load8_u (local.get 0)) (i32.const 2)))))
  ;; must not fold: x is a local written twice (a byte, or a 32-bit value)
  (func (export "multi_def") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load8_u (local.get 0)))
    (if (local.get 1) (then (local.set 2 (i32.load (i32.const 8)))))
    (i32.load (i32.add (i32.const 0x100) (i32.shl (local.get 2) (i32.const 2)))))
  ;; must not fold: a store through a 32-bit x ((0x40000001 << 3) + 0x300 wraps to 0x308)
  (func (export "store_wrap") (param i32 i32) (result i32)
    (i32.store (i32.add (i32.const 0x300) (i32.shl (i32.load (local.get 0)) (i32.const 3))) (local.get 1))
    (i32.load (i32.const 0x308)))
  ;; must not fold: x * 12 of a 32-bit x wraps (0x40000001 * 12 + 0x200 = 0x20c mod 2^32)
  (func (export "word_mul12") (param i32) (result i32)
    (i32.load8_u offset=0x31 (i32.add (i32.mul (i32.load (local.get 0)) (i32.const 12)) (i32.const 0x200))))
  ;; x is a byte loaded in another block: the IR folds, the code cannot bound x there,
  ;; so x * 4 goes through a 32-bit lea into the scratch, and the access is unscaled
  (func (export "other_block") (param i32 i32) (result i32)
    (i32.load8_u (local.get 0))
    (block (br_if 0 (local.get 1)) (nop))
    (i32.const 2)
    (i32.shl)
    (i32.const 0x100)
    (i32.add)
    (i32.load))
  ;; multiplies by q * 2^s as lea (+ shl), wrapping like imul at both widths
  (func (export "mul3") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "mul12") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 12)))
  (func (export "mul72") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 72)))
  (func (export "mul5") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 5))))

(assert_return (invoke "byte_idx" (i32.const 0)) (i32.const 0xabcd0003))
(assert_return (invoke "byte_idx" (i32.const 1)) (i32.const 0xabcd00ff))
(assert_return (invoke "half_mul12" (i32.const 2)) (i32.const 0x77))
(assert_trap (invoke "half_mul12" (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "masked" (i32.const 0x102)) (i64.const 0x11111111))
(assert_return (invoke "masked" (i32.const 0x100)) (i64.const 0x0008ffff0005ff03))
(assert_return (invoke "store_byte_idx" (i32.const 0) (i32.const 1234)) (i32.const 1234))
(assert_return (invoke "word_idx" (i32.const 8)) (i32.const 0x22222222))
(assert_return (invoke "near_top" (i32.const 6)) (i32.const 0x11111111))
(assert_trap (invoke "near_top" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "multi_def" (i32.const 0) (i32.const 0)) (i32.const 0xabcd0003))
(assert_return (invoke "multi_def" (i32.const 0) (i32.const 1)) (i32.const 0x22222222))
(assert_return (invoke "store_wrap" (i32.const 8) (i32.const 99)) (i32.const 99))
(assert_return (invoke "word_mul12" (i32.const 8)) (i32.const 0x77))
(assert_return (invoke "other_block" (i32.const 1) (i32.const 0)) (i32.const 0xabcd00ff))
(assert_return (invoke "other_block" (i32.const 0) (i32.const 1)) (i32.const 0xabcd0003))
(assert_return (invoke "mul3" (i32.const 7)) (i32.const 21))
(assert_return (invoke "mul3" (i32.const 0x60000000)) (i32.const 0x20000000))
(assert_return (invoke "mul12" (i32.const -1)) (i32.const -12))
(assert_return (invoke "mul12" (i32.const 0x20000001)) (i32.const 0x8000000c))
(assert_return (invoke "mul72" (i64.const 0x0400000000000001)) (i64.const 0x2000000000000048))
(assert_return (invoke "mul5" (i64.const -3)) (i64.const -15))
