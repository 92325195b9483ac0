// A C program written with wasm_simd128.h (clang-16 -msimd128) must print exactly
// what its scalar build (the same source without -msimd128, where SIMD_SCALAR picks
// the plain loops) prints: integer and float lanes, saturating, shuffles, lane
// access, conversions, loads/stores, compares and bitmasks.
//
// RUN: %clang-wasm -msimd128 %s -o %t.simd.wasm
// RUN: %clang-wasm -DSIMD_SCALAR %s -o %t.scalar.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.simd.wasm -o %t.simd
// RUN: %wasmc --target=%target %wasi-flags %t.scalar.wasm -o %t.scalar
// RUN: %run %t.scalar > %t.want
// RUN: %run %t.simd > %t.got
// RUN: diff %t.want %t.got
// RUN: FileCheck %s < %t.got
//
// CHECK: dot: {{-?[0-9]+}}
// CHECK: sat: {{[0-9a-f ]+}}
// CHECK: checksum: {{[0-9a-f]+}}
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifndef SIMD_SCALAR
#include <wasm_simd128.h>
#endif

enum { N = 1024 };
static int32_t a[N], b[N];
static float fa[N], fb[N];
static uint8_t bytes[N];

static uint32_t hash(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u; }

static int64_t dot(void) {
  int64_t s = 0;
#ifdef SIMD_SCALAR
  for (int i = 0; i < N; ++i) s += (int64_t)a[i] * b[i];
#else
  v128_t acc = wasm_i64x2_splat(0);
  for (int i = 0; i < N; i += 4) {
    v128_t x = wasm_v128_load(&a[i]), y = wasm_v128_load(&b[i]);
    acc = wasm_i64x2_add(acc, wasm_i64x2_extmul_low_i32x4(x, y));
    acc = wasm_i64x2_add(acc, wasm_i64x2_extmul_high_i32x4(x, y));
  }
  s = wasm_i64x2_extract_lane(acc, 0) + wasm_i64x2_extract_lane(acc, 1);
#endif
  return s;
}

// Saturating byte arithmetic, min/max, average, abs.
static void sat(uint8_t* out) {
#ifdef SIMD_SCALAR
  for (int i = 0; i < 16; ++i) {
    int x = bytes[i], y = bytes[i + 16];
    int s = x + y > 255 ? 255 : x + y;
    int d = x - y < 0 ? 0 : x - y;
    int sx = (int8_t)bytes[i], sy = (int8_t)bytes[i + 32];
    int ss = sx + sy > 127 ? 127 : sx + sy < -128 ? -128 : sx + sy;
    out[i] = (uint8_t)(s ^ d ^ (x < y ? x : y) ^ ((x + y + 1) >> 1) ^ (uint8_t)ss ^
                       (uint8_t)(sx < 0 ? -sx : sx));
  }
#else
  v128_t x = wasm_v128_load(bytes), y = wasm_v128_load(bytes + 16), z = wasm_v128_load(bytes + 32);
  v128_t r = wasm_u8x16_add_sat(x, y);
  r = wasm_v128_xor(r, wasm_u8x16_sub_sat(x, y));
  r = wasm_v128_xor(r, wasm_u8x16_min(x, y));
  r = wasm_v128_xor(r, wasm_u8x16_avgr(x, y));
  r = wasm_v128_xor(r, wasm_i8x16_add_sat(x, z));
  r = wasm_v128_xor(r, wasm_i8x16_abs(x));
  wasm_v128_store(out, r);
#endif
}

static uint32_t floats(void) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < N; i += 4) {
    float r[4];
    int32_t t[4];
#ifdef SIMD_SCALAR
    for (int k = 0; k < 4; ++k) {
      float x = fa[i + k], y = fb[i + k];
      r[k] = (x * y + x) / (y == 0 ? 1.0f : y);
      r[k] = x < r[k] ? x : r[k];  // pmin(q, x)
      float c = r[k] > 2147483520.0f ? 2147483520.0f : r[k] < -2147483648.0f ? -2147483648.0f : r[k];
      t[k] = (int32_t)c;
    }
#else
    v128_t x = wasm_v128_load(&fa[i]), y = wasm_v128_load(&fb[i]);
    v128_t zero = wasm_f32x4_eq(y, wasm_f32x4_splat(0));
    v128_t div = wasm_v128_bitselect(wasm_f32x4_splat(1.0f), y, zero);
    v128_t q = wasm_f32x4_div(wasm_f32x4_add(wasm_f32x4_mul(x, y), x), div);
    q = wasm_f32x4_pmin(q, x);
    wasm_v128_store(r, q);
    wasm_v128_store(t, wasm_i32x4_trunc_sat_f32x4(q));
#endif
    for (int k = 0; k < 4; ++k) {
      uint32_t bits;
      memcpy(&bits, &r[k], 4);
      h = hash(h, bits);
      h = hash(h, (uint32_t)t[k]);
    }
  }
  return h;
}

static uint32_t lanes(void) {
  uint32_t h = 2166136261u;
  for (int i = 0; i + 16 <= N; i += 16) {
    uint8_t out[16];
    int mask = 0;
#ifdef SIMD_SCALAR
    for (int k = 0; k < 16; ++k) out[k] = bytes[i + 15 - k];
    for (int k = 0; k < 16; ++k) mask |= (int8_t)bytes[i + k] > 10 ? 1 << k : 0;
    uint16_t w = (uint16_t)(bytes[i + 2] | bytes[i + 3] << 8);
    w = (uint16_t)(w << 3);
    out[2] = (uint8_t)w;
    out[3] = (uint8_t)(w >> 8);
#else
    v128_t v = wasm_v128_load(&bytes[i]);
    v128_t rev = wasm_i8x16_shuffle(v, v, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    mask = wasm_i8x16_bitmask(wasm_i8x16_gt(v, wasm_i8x16_splat(10)));
    uint16_t w = (uint16_t)(wasm_u16x8_extract_lane(v, 1) << 3);
    rev = wasm_i16x8_replace_lane(rev, 1, (int16_t)w);
    wasm_v128_store(out, rev);
#endif
    for (int k = 0; k < 16; ++k) h = hash(h, out[k]);
    h = hash(h, (uint32_t)mask);
  }
  return h;
}

int main(void) {
  uint32_t x = 12345;
  for (int i = 0; i < N; ++i) {
    x = x * 1103515245u + 12345u;
    a[i] = (int32_t)x >> 3;
    b[i] = (int32_t)(x * 2654435761u) >> 5;
    bytes[i] = (uint8_t)(x >> 13);
    fa[i] = (float)((int32_t)x >> 8) / 64.0f;
    fb[i] = (float)((int32_t)(x * 7u) >> 20);
  }
  printf("dot: %lld\n", (long long)dot());
  uint8_t s[16];
  sat(s);
  printf("sat:");
  for (int i = 0; i < 16; ++i) printf(" %02x", s[i]);
  printf("\n");
  printf("checksum: %08x %08x\n", floats(), lanes());
  return 0;
}
