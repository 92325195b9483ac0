/* Byte search like memchr: 16 bytes per step (i8x16.eq + i8x16.bitmask + ctz), in a 1 MB
 * text-like buffer where the searched bytes are rare (~one per 4 KB each). */
#include "bench.h"
#include "simd128.h"

enum { N = 1 << 20, kValues = 16, kPlanted = 256 };
static uint8_t buf[N + 16];

static int64_t FindByte(const uint8_t *p, int64_t n, uint8_t c) {
  int64_t i = 0;
#ifndef SIMD_SCALAR
  v128_t needle = wasm_i8x16_splat((int8_t)c);
  for (; i + 16 <= n; i += 16) {
    uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p + i), needle));
    if (m) return i + __builtin_ctz(m);
  }
#endif
  for (; i < n; i++)
    if (p[i] == c) return i;
  return -1;
}

int main(int argc, char **argv) {
  long searches = BenchReps(argc, argv, 1500000);
  uint32_t s = bench_seed;
  for (int64_t i = 0; i < N; i++) buf[i] = (uint8_t)('a' + BenchRand(&s) % 26);
  for (int v = 0; v < kValues; v++)
    for (int k = 0; k < kPlanted; k++) buf[BenchRand(&s) % N] = (uint8_t)(0x80 + v);
  uint64_t h = 0;
  for (long q = 0; q < searches; q++) {
    uint32_t start = BenchRand(&s) % N;
    int64_t at = FindByte(buf + start, N - start, (uint8_t)(0x80 + q % kValues));
    h = BenchMix(h, (uint64_t)at);
  }
  return BenchReport(h);
}
