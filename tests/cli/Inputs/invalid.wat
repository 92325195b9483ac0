;; i32.add with an i64 operand: well-formed, fails validation.
(module
  (func (export "bad") (param i64) (result i32)
    i32.const 1
    local.get 0
    i32.add))
