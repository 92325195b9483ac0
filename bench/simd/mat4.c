/* 4x4 float matrix products (row-major, C = A * B): each row of C is
 * ((a0*B0 + a1*B1) + a2*B2) + a3*B3 with f32x4 splat/mul/add; the scalar build computes the
 * same sums in the same order per lane, so the f32 results are bit-identical. */
#include "bench.h"
#include "simd128.h"

enum { M = 1024 };
static float a[M][16], b[M][16], c[16], acc[4];

static void Mul4(float *restrict r, const float *x, const float *y) {
#ifndef SIMD_SCALAR
  v128_t y0 = wasm_v128_load(y), y1 = wasm_v128_load(y + 4);
  v128_t y2 = wasm_v128_load(y + 8), y3 = wasm_v128_load(y + 12);
  for (int i = 0; i < 4; i++) {
    const float *xi = x + 4 * i;
    v128_t t = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(xi[0]), y0),
                              wasm_f32x4_mul(wasm_f32x4_splat(xi[1]), y1));
    t = wasm_f32x4_add(t, wasm_f32x4_mul(wasm_f32x4_splat(xi[2]), y2));
    t = wasm_f32x4_add(t, wasm_f32x4_mul(wasm_f32x4_splat(xi[3]), y3));
    wasm_v128_store(r + 4 * i, t);
  }
#else
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      const float *xi = x + 4 * i;
      float t = xi[0] * y[j] + xi[1] * y[4 + j];
      t = t + xi[2] * y[8 + j];
      r[4 * i + j] = t + xi[3] * y[12 + j];
    }
#endif
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 60000);
  uint32_t s = bench_seed;
  for (int m = 0; m < M; m++)
    for (int k = 0; k < 16; k++) {
      a[m][k] = (float)((int32_t)(BenchRand(&s) % 2001) - 1000) / 1000.0f;
      b[m][k] = (float)((int32_t)(BenchRand(&s) % 2001) - 1000) / 1000.0f;
    }
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    for (int m = 0; m < M; m++) {
      Mul4(c, a[m], b[(m + r) & (M - 1)]);
      /* Keep every product live: fold row 0..3 into a 4-lane running sum (same order in all builds). */
      for (int j = 0; j < 4; j++) acc[j] = acc[j] + ((c[j] + c[4 + j]) + (c[8 + j] + c[12 + j]));
    }
    for (int j = 0; j < 4; j++) {
      h = BenchMixDouble(h, acc[j]);
      acc[j] *= 0.5f;  /* bounded: no overflow, and no denormals either */
    }
  }
  return BenchReport(h);
}
