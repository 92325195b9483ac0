/* Motion search as in video encoders: for each 16x16 block of frame 2, the sum of absolute
 * differences (SAD) against every position of a +-16 pixel window in frame 1; keeps the best.
 * |a-b| per byte = sub_sat(a,b) | sub_sat(b,a); rows summed with the pairwise extending adds. */
#include "bench.h"
#include "simd128.h"

enum { W = 256, H = 256, B = 16, R = 16 };
static uint8_t f1[H][W], f2[H][W];

static uint32_t Sad16(const uint8_t *p, const uint8_t *q) {
#ifndef SIMD_SCALAR
  v128_t s16 = wasm_i8x16_splat(0);
  for (int y = 0; y < B; y++) {
    v128_t x = wasm_v128_load(p + y * W), z = wasm_v128_load(q + y * W);
    v128_t d = wasm_v128_or(wasm_u8x16_sub_sat(x, z), wasm_u8x16_sub_sat(z, x));
    s16 = wasm_i16x8_add(s16, wasm_u16x8_extadd_pairwise_u8x16(d));  /* <= 16*510: no wrap */
  }
  v128_t s32 = wasm_u32x4_extadd_pairwise_u16x8(s16);
  return (uint32_t)(wasm_i32x4_extract_lane(s32, 0) + wasm_i32x4_extract_lane(s32, 1) +
                    wasm_i32x4_extract_lane(s32, 2) + wasm_i32x4_extract_lane(s32, 3));
#else
  uint32_t s = 0;
  for (int y = 0; y < B; y++)
    for (int x = 0; x < B; x++) {
      int d = p[y * W + x] - q[y * W + x];
      s += (uint32_t)(d < 0 ? -d : d);
    }
  return s;
#endif
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 100);
  uint32_t s = bench_seed;
  /* Smooth-ish frame 1; frame 2 = frame 1 moved by (3, -5) plus noise. */
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) f1[y][x] = (uint8_t)((x * 3 + y * 5 + (BenchRand(&s) & 31)) & 255);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      f2[y][x] = (uint8_t)(f1[(y + 5) & (H - 1)][(x + W - 3) & (W - 1)] + (BenchRand(&s) & 7));
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    int shift = (int)(r % 4);  /* a slightly different block grid each rep */
    for (int by = R + shift; by + B + R <= H; by += B)
      for (int bx = R + shift; bx + B + R <= W; bx += B) {
        uint32_t best = 0xffffffffu;
        int best_at = 0;
        for (int dy = -R; dy <= R; dy++)
          for (int dx = -R; dx <= R; dx++) {
            uint32_t sad = Sad16(&f2[by][bx], &f1[by + dy][bx + dx]);
            if (sad < best) best = sad, best_at = dy * 64 + dx;
          }
        h = BenchMix(h, ((uint64_t)best << 16) ^ (uint64_t)(best_at & 0xffff));
      }
  }
  return BenchReport(h);
}
