;; SIMD at the edges: the last lane, natural alignment, shuffle lane 31.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && %wasmc --validate %t.wasm
(module
  (memory 1)
  (func (result v128)
    (drop (i8x16.extract_lane_u 15 (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))
    (drop (f64x2.replace_lane 1 (v128.const f64x2 0 0) (f64.const 1)))
    (drop (v128.load64_lane align=8 1 (i32.const 0) (v128.const i64x2 0 0)))
    (v128.store align=16 (i32.const 0) (v128.const i32x4 1 2 3 4))
    (drop (i32x4.dot_i16x8_s (v128.const i64x2 0 0) (v128.const i64x2 0 0)))
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))
)
