;; --emit=wasm writes the same bytes as wat2wasm for SIMD: v128.const in every lane
;; shape, shuffles, lanes, memory lanes with memarg.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wat2wasm --enable-all %s -o %t.ref.wasm
;; RUN: cmp %t.wasm %t.ref.wasm
(module
  (memory 1)
  (func $simd (export "simd") (result v128)
    (v128.load32_lane offset=4 1 (i32.const 0)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
        (v128.const i32x4 1 -2 0xffff_ffff 3)
        (f64x2.replace_lane 1 (v128.const f32x4 1.5 -inf nan:0x200000 0x1p-149) (f64.const 2.5)))))
  (func (param v128) (result i32 i64 f32 f64 v128)
    (i8x16.extract_lane_s 15 (local.get 0))
    (i64x2.extract_lane 1 (v128.const i64x2 -1 0xffff_ffff_ffff_ffff))
    (f32x4.extract_lane 3 (v128.const f32x4 0x1.fffffep127 -0 1e-45 inf))
    (f64x2.extract_lane 0 (v128.const f64x2 nan -nan:0x1))
    (v128.store8_lane align=1 0 (i32.const 0) (v128.const i16x8 -32768 65535 1 2 3 4 5 6))
    (v128.load64_splat offset=8 (i32.const 0))))
