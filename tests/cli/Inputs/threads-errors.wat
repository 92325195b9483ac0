;; Two functions the code generator refuses (a v128 exception payload), at indices 1
;; and 3: with any number of threads the diagnostic is the first one's (tests/cli/threads.test).
(module
  (tag $t (param v128))
  (func $ok0 (result i32) (i32.const 1))
  (func $bad1 (v128.const i64x2 1 2) (throw $t))
  (func $ok2 (result i32) (i32.const 2))
  (func $bad3 (v128.const i64x2 3 4) (throw $t)))
