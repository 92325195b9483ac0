(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "crash") (result i32) (i32.const 2)))
(assert_return (invoke "one") (i32.const 1))
(assert_return (invoke "crash") (i32.const 2))
(assert_return (invoke "one") (i32.const 1))
