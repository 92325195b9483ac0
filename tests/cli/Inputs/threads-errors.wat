;; Two functions the code generator refuses at --cpu=x86-64 (SIMD needs x86-64-v2), at
;; indices 1 and 3: with any number of threads the diagnostic is the first one's
;; (tests/cli/threads-codegen-errors.test).
(module
  (func $ok0 (result i32) (i32.const 1))
  (func $bad1 (result i32)
    (i32x4.extract_lane 0 (i32x4.add (v128.const i64x2 1 2) (v128.const i64x2 1 2))))
  (func $ok2 (result i32) (i32.const 2))
  (func $bad3 (result i32)
    (i32x4.extract_lane 1 (i32x4.mul (v128.const i64x2 3 4) (v128.const i64x2 1 2)))))
