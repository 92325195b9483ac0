;; Commands wasmc-spec checks without running code.
(module
  (func (export "f") (result i32) (i32.const 1)))
(assert_invalid
  (module (func (result i32) (i64.const 1)))
  "type mismatch")
(assert_malformed
  (module binary "\00asm" "\02\00\00\00")
  "unknown binary version")
(assert_malformed
  (module quote "(func (result i32) (i32.const nope))")
  "unknown operator")
