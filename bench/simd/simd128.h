/* The few wasm_simd128.h intrinsics used by the bench/simd programs, for every build of the same source:
 *   - wasm32 with -msimd128: the real <wasm_simd128.h> (what wasmc compiles);
 *   - native x86-64 (gcc -O2 -march=x86-64-v2 or higher): each intrinsic is one SSE2..SSE4.1
 *     intrinsic (or a short exact sequence where SSE has no single instruction);
 *   - native AArch64: the NEON equivalents;
 *   - SIMD_SCALAR defined: nothing; the programs take their plain C loops (the scalar builds).
 * Every mapping has the exact wasm semantics for all inputs, so all builds print one checksum. */
#ifndef WASMC_BENCH_SIMD128_H
#define WASMC_BENCH_SIMD128_H

#include <stdint.h>

#if defined(SIMD_SCALAR)
/* scalar build: no vector types */
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__x86_64__)
#if !defined(__SSE4_1__)
#error "bench/simd needs x86-64-v2 (SSE4.1) natively: build with -march=x86-64-v2"
#endif
#include <immintrin.h>
typedef __m128i v128_t;
static inline v128_t wasm_v128_load(const void *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void wasm_v128_store(void *p, v128_t v) { _mm_storeu_si128((__m128i *)p, v); }
static inline v128_t wasm_v128_or(v128_t a, v128_t b) { return _mm_or_si128(a, b); }
static inline v128_t wasm_i8x16_splat(int8_t x) { return _mm_set1_epi8(x); }
static inline v128_t wasm_i8x16_eq(v128_t a, v128_t b) { return _mm_cmpeq_epi8(a, b); }
static inline uint32_t wasm_i8x16_bitmask(v128_t a) { return (uint32_t)_mm_movemask_epi8(a); }
static inline v128_t wasm_u8x16_sub_sat(v128_t a, v128_t b) { return _mm_subs_epu8(a, b); }
/* u8 * (signed) 1, pairwise added: at most 510, so pmaddubsw never saturates. */
static inline v128_t wasm_u16x8_extadd_pairwise_u8x16(v128_t a) {
  return _mm_maddubs_epi16(a, _mm_set1_epi8(1));
}
static inline v128_t wasm_i16x8_add(v128_t a, v128_t b) { return _mm_add_epi16(a, b); }
/* pmaddwd is signed: split the u16 halves instead, exact for every input. */
static inline v128_t wasm_u32x4_extadd_pairwise_u16x8(v128_t a) {
  return _mm_add_epi32(_mm_srli_epi32(a, 16), _mm_and_si128(a, _mm_set1_epi32(0xffff)));
}
static inline v128_t wasm_i32x4_add(v128_t a, v128_t b) { return _mm_add_epi32(a, b); }
#define wasm_i32x4_extract_lane(a, i) _mm_extract_epi32((a), (i))
static inline v128_t wasm_f32x4_splat(float x) { return _mm_castps_si128(_mm_set1_ps(x)); }
static inline v128_t wasm_f32x4_add(v128_t a, v128_t b) {
  return _mm_castps_si128(_mm_add_ps(_mm_castsi128_ps(a), _mm_castsi128_ps(b)));
}
static inline v128_t wasm_f32x4_mul(v128_t a, v128_t b) {
  return _mm_castps_si128(_mm_mul_ps(_mm_castsi128_ps(a), _mm_castsi128_ps(b)));
}
#elif defined(__aarch64__)
#include <arm_neon.h>
typedef uint8x16_t v128_t;
static inline v128_t wasm_v128_load(const void *p) { return vld1q_u8((const uint8_t *)p); }
static inline void wasm_v128_store(void *p, v128_t v) { vst1q_u8((uint8_t *)p, v); }
static inline v128_t wasm_v128_or(v128_t a, v128_t b) { return vorrq_u8(a, b); }
static inline v128_t wasm_i8x16_splat(int8_t x) { return vdupq_n_u8((uint8_t)x); }
static inline v128_t wasm_i8x16_eq(v128_t a, v128_t b) { return vceqq_u8(a, b); }
/* Top bit of each byte, shifted to its lane number within each half, then summed per half. */
static inline uint32_t wasm_i8x16_bitmask(v128_t a) {
  static const int8_t kShift[16] = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};
  uint8x16_t b = vshlq_u8(vshrq_n_u8(a, 7), vld1q_s8(kShift));
  return (uint32_t)vaddv_u8(vget_low_u8(b)) | ((uint32_t)vaddv_u8(vget_high_u8(b)) << 8);
}
static inline v128_t wasm_u8x16_sub_sat(v128_t a, v128_t b) { return vqsubq_u8(a, b); }
static inline v128_t wasm_u16x8_extadd_pairwise_u8x16(v128_t a) {
  return vreinterpretq_u8_u16(vpaddlq_u8(a));
}
static inline v128_t wasm_i16x8_add(v128_t a, v128_t b) {
  return vreinterpretq_u8_u16(vaddq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
}
static inline v128_t wasm_u32x4_extadd_pairwise_u16x8(v128_t a) {
  return vreinterpretq_u8_u32(vpaddlq_u16(vreinterpretq_u16_u8(a)));
}
static inline v128_t wasm_i32x4_add(v128_t a, v128_t b) {
  return vreinterpretq_u8_u32(vaddq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)));
}
#define wasm_i32x4_extract_lane(a, i) ((int32_t)vgetq_lane_u32(vreinterpretq_u32_u8(a), (i)))
static inline v128_t wasm_f32x4_splat(float x) { return vreinterpretq_u8_f32(vdupq_n_f32(x)); }
static inline v128_t wasm_f32x4_add(v128_t a, v128_t b) {
  return vreinterpretq_u8_f32(vaddq_f32(vreinterpretq_f32_u8(a), vreinterpretq_f32_u8(b)));
}
static inline v128_t wasm_f32x4_mul(v128_t a, v128_t b) {
  return vreinterpretq_u8_f32(vmulq_f32(vreinterpretq_f32_u8(a), vreinterpretq_f32_u8(b)));
}
#else
#error "bench/simd: no SIMD mapping for this target (define SIMD_SCALAR for the scalar build)"
#endif

#endif
