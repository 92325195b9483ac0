;; Two invalid bodies, functions 1 and 3: with any number of threads the diagnostic is
;; function 1's (tests/cli/threads.test).
(module
  (func $ok0 (result i32) (i32.const 1))
  (func $bad1 (result i32) (i64.const 1))
  (func $ok2 (result i32) (i32.const 2))
  (func $bad3 (result i32) (f32.const 3)))
