// SIMD128 against scalar C: each vector operation (wasm_simd128.h) runs on
// pseudo-random inputs with edge cases mixed in and is compared lane by lane with a
// scalar computation of the same wasm semantics. The reference is built with
// -fno-vectorize -fno-slp-vectorize so that it stays scalar. Prints the failing lanes
// and a summary; the exit status is the failure count. (This C file passes on V8.)
//
// RUN: %clang-wasm -msimd128 -fno-vectorize -fno-slp-vectorize %s -o %t.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
// RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
// CHECK-NOT: FAIL
// CHECK: 2700 checks, 0 failures
// CHECK-NEXT: status 0
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasm_simd128.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  return state;
}
typedef union { v128_t v; int8_t i8[16]; uint8_t u8[16]; int16_t i16[8]; uint16_t u16[8];
                int32_t i32[4]; uint32_t u32[4]; int64_t i64[2]; uint64_t u64[2];
                float f32[4]; double f64[2]; } lanes;
static int fails, checks;

// Random lanes with edge cases mixed in.
static lanes rnd(void) {
  lanes l;
  for (int k = 0; k < 2; ++k) l.u64[k] = next();
  switch (next() % 6) {
    case 0: l.u8[next() % 16] = 0x80; l.u8[next() % 16] = 0x7f; break;
    case 1: l.u16[next() % 8] = 0x8000; l.u16[next() % 8] = 0xffff; break;
    case 2: l.f32[next() % 4] = (float)(int32_t)next() / 65536.0f; l.f32[next() % 4] = -0.0f; break;
    case 3: l.f64[next() % 2] = (double)(int64_t)next() / 4294967296.0; break;
    case 4: l.f32[next() % 4] = 2147483648.0f; l.f32[next() % 4] = -2147483904.0f; break;
    default: break;
  }
  return l;
}
static void expect(const char* what, int lane, uint64_t got, uint64_t want) {
  ++checks;
  if (got != want) {
    ++fails;
    if (fails < 30) printf("FAIL %s lane %d: got %llx want %llx\n", what, lane,
                           (unsigned long long)got, (unsigned long long)want);
  }
}
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static int8_t sat8(int v) { return v > 127 ? 127 : v < -128 ? -128 : (int8_t)v; }
static uint8_t satu8(int v) { return v > 255 ? 255 : v < 0 ? 0 : (uint8_t)v; }
static int16_t sat16(int v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : (int16_t)v; }
static uint16_t satu16(int v) { return v > 65535 ? 65535 : v < 0 ? 0 : (uint16_t)v; }
static int32_t satf32(double v) { return v != v ? 0 : v >= 2147483647.0 ? 2147483647 : v <= -2147483648.0 ? (-2147483647 - 1) : (int32_t)v; }
static uint32_t satfu32(double v) { return v != v ? 0 : v >= 4294967295.0 ? 4294967295u : v <= 0 ? 0 : (uint32_t)v; }

#define LOOP(n) for (int i = 0; i < n; ++i)
#define BIN(name, F, n, expr, want)                                  \
  { lanes a = rnd(), b = rnd(), r; r.v = expr;                       \
    LOOP(n) expect(name, i, (uint64_t)r.F[i], (uint64_t)(__typeof__(r.F[0]))(want)); }
__attribute__((noinline)) static void integer(int shift) {
  BIN("i8x16.add", u8, 16, wasm_i8x16_add(a.v, b.v), a.u8[i] + b.u8[i]);
  BIN("i8x16.sub", u8, 16, wasm_i8x16_sub(a.v, b.v), a.u8[i] - b.u8[i]);
  BIN("i8x16.add_sat_s", i8, 16, wasm_i8x16_add_sat(a.v, b.v), sat8(a.i8[i] + b.i8[i]));
  BIN("i8x16.add_sat_u", u8, 16, wasm_u8x16_add_sat(a.v, b.v), satu8(a.u8[i] + b.u8[i]));
  BIN("i8x16.sub_sat_s", i8, 16, wasm_i8x16_sub_sat(a.v, b.v), sat8(a.i8[i] - b.i8[i]));
  BIN("i8x16.sub_sat_u", u8, 16, wasm_u8x16_sub_sat(a.v, b.v), satu8(a.u8[i] - b.u8[i]));
  BIN("i8x16.min_s", i8, 16, wasm_i8x16_min(a.v, b.v), a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i]);
  BIN("i8x16.max_u", u8, 16, wasm_u8x16_max(a.v, b.v), a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i]);
  BIN("i8x16.avgr_u", u8, 16, wasm_u8x16_avgr(a.v, b.v), (a.u8[i] + b.u8[i] + 1) >> 1);
  BIN("i8x16.abs", u8, 16, wasm_i8x16_abs(a.v), a.i8[i] < 0 ? -a.i8[i] : a.i8[i]);
  BIN("i8x16.neg", u8, 16, wasm_i8x16_neg(a.v), -a.u8[i]);
  BIN("i8x16.popcnt", u8, 16, wasm_i8x16_popcnt(a.v), __builtin_popcount(a.u8[i]));
  BIN("i8x16.shl", u8, 16, wasm_i8x16_shl(a.v, shift), a.u8[i] << (shift & 7));
  BIN("i8x16.shr_s", i8, 16, wasm_i8x16_shr(a.v, shift), a.i8[i] >> (shift & 7));
  BIN("i8x16.shr_u", u8, 16, wasm_u8x16_shr(a.v, shift), a.u8[i] >> (shift & 7));
  BIN("i8x16.lt_s", u8, 16, wasm_i8x16_lt(a.v, b.v), a.i8[i] < b.i8[i] ? 0xff : 0);
  BIN("i8x16.ge_u", u8, 16, wasm_u8x16_ge(a.v, b.v), a.u8[i] >= b.u8[i] ? 0xff : 0);
  BIN("i8x16.ne", u8, 16, wasm_i8x16_ne(a.v, b.v), a.u8[i] != b.u8[i] ? 0xff : 0);
  BIN("i8x16.swizzle", u8, 16, wasm_i8x16_swizzle(a.v, wasm_u8x16_min(b.v, wasm_u8x16_splat(20))),
      (b.u8[i] < 20 ? b.u8[i] : 20) < 16 ? a.u8[b.u8[i] < 20 ? b.u8[i] : 20] : 0);
  BIN("i8x16.shuffle", u8, 16, wasm_i8x16_shuffle(a.v, b.v, 0, 17, 2, 19, 31, 30, 5, 4, 16, 8, 9, 27, 12, 13, 1, 15),
      ((const uint8_t[]){0, 17, 2, 19, 31, 30, 5, 4, 16, 8, 9, 27, 12, 13, 1, 15})[i] < 16
          ? a.u8[((const uint8_t[]){0, 17, 2, 19, 31, 30, 5, 4, 16, 8, 9, 27, 12, 13, 1, 15})[i]]
          : b.u8[((const uint8_t[]){0, 17, 2, 19, 31, 30, 5, 4, 16, 8, 9, 27, 12, 13, 1, 15})[i] - 16]);
  BIN("i8x16.narrow_i16x8_s", i8, 16, wasm_i8x16_narrow_i16x8(a.v, b.v), sat8(i < 8 ? a.i16[i] : b.i16[i - 8]));
  BIN("i8x16.narrow_i16x8_u", u8, 16, wasm_u8x16_narrow_i16x8(a.v, b.v), satu8(i < 8 ? a.i16[i] : b.i16[i - 8]));
  BIN("i16x8.mul", u16, 8, wasm_i16x8_mul(a.v, b.v), a.u16[i] * b.u16[i]);
  BIN("i16x8.q15mulr_sat_s", i16, 8, wasm_i16x8_q15mulr_sat(a.v, b.v), sat16((a.i16[i] * b.i16[i] + 0x4000) >> 15));
  BIN("i16x8.extmul_high_i8x16_u", u16, 8, wasm_u16x8_extmul_high_u8x16(a.v, b.v), a.u8[i + 8] * b.u8[i + 8]);
  BIN("i16x8.extmul_low_i8x16_s", i16, 8, wasm_i16x8_extmul_low_i8x16(a.v, b.v), a.i8[i] * b.i8[i]);
  BIN("i16x8.extadd_pairwise_i8x16_s", i16, 8, wasm_i16x8_extadd_pairwise_i8x16(a.v), a.i8[2 * i] + a.i8[2 * i + 1]);
  BIN("i16x8.extadd_pairwise_i8x16_u", u16, 8, wasm_u16x8_extadd_pairwise_u8x16(a.v), a.u8[2 * i] + a.u8[2 * i + 1]);
  BIN("i16x8.extend_high_i8x16_s", i16, 8, wasm_i16x8_extend_high_i8x16(a.v), a.i8[i + 8]);
  BIN("i16x8.shr_s", i16, 8, wasm_i16x8_shr(a.v, shift), a.i16[i] >> (shift & 15));
  BIN("i16x8.narrow_i32x4_u", u16, 8, wasm_u16x8_narrow_i32x4(a.v, b.v), satu16(i < 4 ? a.i32[i] : b.i32[i - 4]));
  BIN("i16x8.gt_u", u16, 8, wasm_u16x8_gt(a.v, b.v), a.u16[i] > b.u16[i] ? 0xffff : 0);
  BIN("i16x8.le_s", u16, 8, wasm_i16x8_le(a.v, b.v), a.i16[i] <= b.i16[i] ? 0xffff : 0);
  BIN("i32x4.mul", u32, 4, wasm_i32x4_mul(a.v, b.v), a.u32[i] * b.u32[i]);
  BIN("i32x4.dot_i16x8_s", u32, 4, wasm_i32x4_dot_i16x8(a.v, b.v),
      (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]));
  BIN("i32x4.min_u", u32, 4, wasm_u32x4_min(a.v, b.v), a.u32[i] < b.u32[i] ? a.u32[i] : b.u32[i]);
  BIN("i32x4.shl", u32, 4, wasm_i32x4_shl(a.v, shift), a.u32[i] << (shift & 31));
  BIN("i32x4.shr_u", u32, 4, wasm_u32x4_shr(a.v, shift), a.u32[i] >> (shift & 31));
  BIN("i32x4.extend_low_i16x8_u", u32, 4, wasm_u32x4_extend_low_u16x8(a.v), a.u16[i]);
  BIN("i32x4.extmul_high_i16x8_s", u32, 4, wasm_i32x4_extmul_high_i16x8(a.v, b.v), (uint32_t)(a.i16[i + 4] * b.i16[i + 4]));
  BIN("i32x4.lt_u", u32, 4, wasm_u32x4_lt(a.v, b.v), a.u32[i] < b.u32[i] ? ~0u : 0);
  BIN("i64x2.mul", u64, 2, wasm_i64x2_mul(a.v, b.v), a.u64[i] * b.u64[i]);
  BIN("i64x2.add", u64, 2, wasm_i64x2_add(a.v, b.v), a.u64[i] + b.u64[i]);
  BIN("i64x2.abs", u64, 2, wasm_i64x2_abs(a.v), a.i64[i] < 0 ? -a.u64[i] : a.u64[i]);
  BIN("i64x2.shr_s", u64, 2, wasm_i64x2_shr(a.v, shift), (uint64_t)(a.i64[i] >> (shift & 63)));
  BIN("i64x2.shr_u", u64, 2, wasm_u64x2_shr(a.v, shift), a.u64[i] >> (shift & 63));
  BIN("i64x2.gt_s", u64, 2, wasm_i64x2_gt(a.v, b.v), a.i64[i] > b.i64[i] ? ~0ull : 0);
  BIN("i64x2.le_s", u64, 2, wasm_i64x2_le(a.v, b.v), a.i64[i] <= b.i64[i] ? ~0ull : 0);
  BIN("i64x2.extend_high_i32x4_s", u64, 2, wasm_i64x2_extend_high_i32x4(a.v), (uint64_t)(int64_t)a.i32[i + 2]);
  BIN("i64x2.extmul_low_i32x4_u", u64, 2, wasm_u64x2_extmul_low_u32x4(a.v, b.v), (uint64_t)a.u32[i] * b.u32[i]);
  { lanes a = rnd(), b = rnd(), c = rnd(), r; r.v = wasm_v128_bitselect(a.v, b.v, c.v);
    LOOP(2) expect("v128.bitselect", i, r.u64[i], (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i])); }
  BIN("v128.andnot", u64, 2, wasm_v128_andnot(a.v, b.v), a.u64[i] & ~b.u64[i]);
  BIN("v128.not", u64, 2, wasm_v128_not(a.v), ~a.u64[i]);
}
__attribute__((noinline)) static void reductions(void) {
  for (int round = 0; round < 4; ++round) {
    lanes a = rnd();
    if (round == 1) a.v = wasm_i8x16_splat(-1);
    if (round == 2) a.v = wasm_i64x2_make(0, 5);
    int m8 = 0, m16 = 0, m32 = 0, m64 = 0, all8 = 1, all16 = 1, all32 = 1, all64 = 1, any = 0;
    LOOP(16) { m8 |= (a.i8[i] < 0) << i; all8 &= a.u8[i] != 0; any |= a.u8[i] != 0; }
    LOOP(8) { m16 |= (a.i16[i] < 0) << i; all16 &= a.u16[i] != 0; }
    LOOP(4) { m32 |= (a.i32[i] < 0) << i; all32 &= a.u32[i] != 0; }
    LOOP(2) { m64 |= (a.i64[i] < 0) << i; all64 &= a.u64[i] != 0; }
    expect("i8x16.bitmask", round, wasm_i8x16_bitmask(a.v), m8);
    expect("i16x8.bitmask", round, wasm_i16x8_bitmask(a.v), m16);
    expect("i32x4.bitmask", round, wasm_i32x4_bitmask(a.v), m32);
    expect("i64x2.bitmask", round, wasm_i64x2_bitmask(a.v), m64);
    expect("i8x16.all_true", round, wasm_i8x16_all_true(a.v), all8);
    expect("i16x8.all_true", round, wasm_i16x8_all_true(a.v), all16);
    expect("i32x4.all_true", round, wasm_i32x4_all_true(a.v), all32);
    expect("i64x2.all_true", round, wasm_i64x2_all_true(a.v), all64);
    expect("v128.any_true", round, wasm_v128_any_true(a.v), any);
    expect("i8x16.extract_lane_s", round, (uint32_t)wasm_i8x16_extract_lane(a.v, 13), (uint32_t)a.i8[13]);
    expect("i16x8.extract_lane_u", round, wasm_u16x8_extract_lane(a.v, 5), a.u16[5]);
    expect("i64x2.extract_lane", round, (uint64_t)wasm_i64x2_extract_lane(a.v, 1), a.u64[1]);
    expect("f32x4.extract_lane", round, fbits(wasm_f32x4_extract_lane(a.v, 2)), a.u32[2]);
    lanes r;
    r.v = wasm_i16x8_replace_lane(a.v, 6, (int16_t)round);
    LOOP(8) expect("i16x8.replace_lane", i, r.u16[i], i == 6 ? (uint16_t)round : a.u16[i]);
    r.v = wasm_f64x2_replace_lane(a.v, 1, 1.5);
    expect("f64x2.replace_lane", 0, r.u64[0], a.u64[0]);
    expect("f64x2.replace_lane", 1, r.u64[1], dbits(1.5));
    r.v = wasm_i8x16_splat(a.i8[3]);
    LOOP(16) expect("i8x16.splat", i, r.u8[i], a.u8[3]);
    r.v = wasm_f32x4_splat(a.f32[1]);
    LOOP(4) expect("f32x4.splat", i, r.u32[i], a.u32[1]);
  }
}
#define FBIN(name, n, expr, want) { lanes a = rnd(), b = rnd(), r; r.v = expr; \
    LOOP(n) { if (n == 4) expect(name, i, r.u32[i], fbits(want)); else expect(name, i, r.u64[i], dbits(want)); } }
__attribute__((noinline)) static void floats(void) {
  for (int round = 0; round < 8; ++round) {
    FBIN("f32x4.add", 4, wasm_f32x4_add(a.v, b.v), a.f32[i] + b.f32[i]);
    FBIN("f32x4.mul", 4, wasm_f32x4_mul(a.v, b.v), a.f32[i] * b.f32[i]);
    FBIN("f64x2.div", 2, wasm_f64x2_div(a.v, b.v), a.f64[i] / b.f64[i]);
    FBIN("f32x4.pmin", 4, wasm_f32x4_pmin(a.v, b.v), b.f32[i] < a.f32[i] ? b.f32[i] : a.f32[i]);
    FBIN("f64x2.pmax", 2, wasm_f64x2_pmax(a.v, b.v), a.f64[i] < b.f64[i] ? b.f64[i] : a.f64[i]);
    FBIN("f32x4.floor", 4, wasm_f32x4_floor(a.v), floorf(a.f32[i]));
    FBIN("f64x2.nearest", 2, wasm_f64x2_nearest(a.v), nearbyint(a.f64[i]));
    FBIN("f32x4.abs", 4, wasm_f32x4_abs(a.v), fabsf(a.f32[i]));
    FBIN("f32x4.convert_i32x4_u", 4, wasm_f32x4_convert_u32x4(a.v), (float)a.u32[i]);
    FBIN("f64x2.convert_low_i32x4_s", 2, wasm_f64x2_convert_low_i32x4(a.v), (double)a.i32[i]);
    FBIN("f64x2.promote_low_f32x4", 2, wasm_f64x2_promote_low_f32x4(a.v), (double)a.f32[i]);
    FBIN("f32x4.demote_f64x2_zero", 4, wasm_f32x4_demote_f64x2_zero(a.v), i < 2 ? (float)a.f64[i] : 0.0f);
    { lanes a = rnd(), r; r.v = wasm_i32x4_trunc_sat_f32x4(a.v);
      LOOP(4) expect("i32x4.trunc_sat_f32x4_s", i, r.u32[i], (uint32_t)satf32(a.f32[i])); }
    { lanes a = rnd(), r; r.v = wasm_u32x4_trunc_sat_f32x4(a.v);
      LOOP(4) expect("i32x4.trunc_sat_f32x4_u", i, r.u32[i], satfu32(a.f32[i])); }
    { lanes a = rnd(), r; r.v = wasm_i32x4_trunc_sat_f64x2_zero(a.v);
      LOOP(4) expect("i32x4.trunc_sat_f64x2_s_zero", i, r.u32[i], i < 2 ? (uint32_t)satf32(a.f64[i]) : 0); }
    { lanes a = rnd(), b = rnd(), r; r.v = wasm_f32x4_lt(a.v, b.v);
      LOOP(4) expect("f32x4.lt", i, r.u32[i], a.f32[i] < b.f32[i] ? ~0u : 0); }
    { lanes a = rnd(), b = rnd(), r; r.v = wasm_f64x2_ne(a.v, b.v);
      LOOP(2) expect("f64x2.ne", i, r.u64[i], a.f64[i] != b.f64[i] ? ~0ull : 0); }
  }
}
__attribute__((noinline)) static void memory(void) {
  static uint8_t buf[64];
  for (int i = 0; i < 64; ++i) buf[i] = (uint8_t)next();
  for (int off = 0; off < 8; ++off) {
    lanes r, x = rnd();
    r.v = wasm_v128_load(buf + off);
    LOOP(16) expect("v128.load", i, r.u8[i], buf[off + i]);
    r.v = wasm_i16x8_load8x8(buf + off);
    LOOP(8) expect("v128.load8x8_s", i, (uint16_t)r.i16[i], (uint16_t)(int8_t)buf[off + i]);
    r.v = wasm_u64x2_load32x2(buf + off);
    LOOP(2) { uint32_t w; memcpy(&w, buf + off + 4 * i, 4); expect("v128.load32x2_u", i, r.u64[i], w); }
    r.v = wasm_v128_load16_splat(buf + off);
    LOOP(8) { uint16_t h; memcpy(&h, buf + off, 2); expect("v128.load16_splat", i, r.u16[i], h); }
    r.v = wasm_v128_load64_zero(buf + off);
    { uint64_t d; memcpy(&d, buf + off, 8); expect("v128.load64_zero", 0, r.u64[0], d); expect("v128.load64_zero", 1, r.u64[1], 0); }
    r.v = wasm_v128_load8_lane(buf + off, x.v, 11);
    LOOP(16) expect("v128.load8_lane", i, r.u8[i], i == 11 ? buf[off] : x.u8[i]);
    r.v = wasm_v128_load32_lane(buf + off, x.v, 2);
    LOOP(4) { uint32_t w; memcpy(&w, buf + off, 4); expect("v128.load32_lane", i, r.u32[i], i == 2 ? w : x.u32[i]); }
    wasm_v128_store(buf + 40 + off % 4, x.v);
    LOOP(16) expect("v128.store", i, buf[40 + off % 4 + i], x.u8[i]);
    wasm_v128_store16_lane(buf + 32 + off, x.v, 5);
    { uint16_t h; memcpy(&h, buf + 32 + off, 2); expect("v128.store16_lane", 5, h, x.u16[5]); }
    wasm_v128_store64_lane(buf + 16 + off, x.v, 1);
    { uint64_t d; memcpy(&d, buf + 16 + off, 8); expect("v128.store64_lane", 1, d, x.u64[1]); }
  }
}
int main(int argc, char** argv) {
  integer(argc + 2);
  integer(argc + 16);
  integer(argc * 37);
  reductions();
  floats();
  memory();
  printf("%d checks, %d failures\n", checks, fails);
  return fails;
}
