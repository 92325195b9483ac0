;; Two pages of memory and an invalid body (tests/cli/validate-in-compile.test).
(module
  (memory 2)
  (func $ok (result i32) (i32.const 1))
  (func $bad (result i32) (i64.const 1)))
