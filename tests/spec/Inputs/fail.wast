;; A valid module asserted invalid: wasmc must accept it, so this command fails.
(module (func))
(assert_invalid
  (module (func (result i32) (i32.const 1)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i64.const 1)))
  "type mismatch")
