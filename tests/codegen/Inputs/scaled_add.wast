;; x + (y << k), k = 1..3, as one kAddShl (backend/opt/scaled_add.cc): results wrap
;; like the add and the shift they replace, on both sides of the add, at both widths,
;; as a wrapping memory address; and the cases the pass must leave alone.
(module
  (memory 1)
  (data (i32.const 4) "\2a\00\00\00")
  (func (export "right2") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))
  (func (export "left3") (param i32 i32) (result i32)
    (i32.add (i32.shl (local.get 1) (i32.const 3)) (local.get 0)))
  (func (export "both") (param i32 i32) (result i32)
    (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.shl (local.get 1) (i32.const 2))))
  (func (export "wide1") (param i64 i64) (result i64)
    (i64.add (local.get 0) (i64.shl (local.get 1) (i64.const 1))))
  (func (export "wide3") (param i64 i64) (result i64)
    (i64.add (local.get 0) (i64.shl (local.get 1) (i64.const 67))))
  (func (export "self") (param i32) (result i32)
    (local.set 0 (i32.add (local.get 0) (i32.shl (local.get 0) (i32.const 3))))
    (local.get 0))
  (func (export "const_base") (param i32) (result i32)
    (i32.add (i32.const -16) (i32.shl (local.get 0) (i32.const 2))))
  (func (export "load") (param i32 i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  ;; y is written between the shift and the add: the add must see the old y's shift
  (func (export "redefined") (param i32 i32) (result i32)
    local.get 1
    i32.const 2
    i32.shl
    i32.const 100
    local.set 1
    local.get 0
    i32.add
    local.get 1
    i32.add)
  ;; the shift is read twice, by 4 (not an address scale)
  (func (export "twice") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.shl (local.get 1) (i32.const 2)))
    (i32.xor (i32.add (local.get 0) (local.get 2)) (local.get 2)))
  (func (export "by4") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 4)))))

(assert_return (invoke "right2" (i32.const 10) (i32.const 3)) (i32.const 22))
(assert_return (invoke "right2" (i32.const -1) (i32.const 0x40000001)) (i32.const 3))
(assert_return (invoke "left3" (i32.const 0x7fffffff) (i32.const 0x20000000)) (i32.const 0x7fffffff))
(assert_return (invoke "left3" (i32.const 1) (i32.const -1)) (i32.const -7))
(assert_return (invoke "both" (i32.const 0x80000001) (i32.const 0x40000001)) (i32.const 6))
(assert_return (invoke "wide1" (i64.const -1) (i64.const 0x8000000000000001)) (i64.const 1))
(assert_return (invoke "wide1" (i64.const 0x100000000) (i64.const 0x80000000)) (i64.const 0x200000000))
(assert_return (invoke "wide3" (i64.const -1) (i64.const 0x2000000000000001)) (i64.const 7))
(assert_return (invoke "self" (i32.const 7)) (i32.const 63))
(assert_return (invoke "self" (i32.const 0x20000000)) (i32.const 0x20000000))
(assert_return (invoke "const_base" (i32.const 5)) (i32.const 4))
(assert_return (invoke "const_base" (i32.const 0)) (i32.const -16))
(assert_return (invoke "load" (i32.const 0xfffffff0) (i32.const 5)) (i32.const 42))
(assert_return (invoke "load" (i32.const 0) (i32.const 1)) (i32.const 42))
(assert_return (invoke "load" (i32.const 4) (i32.const 0x40000000)) (i32.const 42))
(assert_trap (invoke "load" (i32.const 0x10000) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "redefined" (i32.const 1) (i32.const 5)) (i32.const 121))
(assert_return (invoke "twice" (i32.const 1) (i32.const 3)) (i32.const 1))
(assert_return (invoke "twice" (i32.const 0xfffffff4) (i32.const 3)) (i32.const 12))
(assert_return (invoke "by4" (i32.const 1) (i32.const 3)) (i32.const 49))
