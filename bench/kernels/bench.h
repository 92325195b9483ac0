/* Shared helpers for wasmc benchmark kernels.
 *
 * Every kernel is one self-contained C file built three ways from the same source
 * (wasm32-wasi clang-16 -O2, native gcc -O2, native clang-16 -O2). It prints one line
 * "checksum: <16 hex digits>" that the runner compares across builds, so a wrong result is
 * never timed as a win. Optional argv[1] = work scale in percent (default 100); the runner
 * passes it only when asked (--scale), e.g. for quick runs or under qemu.
 *
 * `long` is 32-bit on wasm32 and 64-bit natively: anything that may exceed 2^31 uses
 * int64_t/uint64_t, or the checksums differ (they are there to catch exactly that). */
#ifndef WASMC_BENCH_H
#define WASMC_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scales an iteration count by argv[1] percent; never returns less than 1. */
static inline long BenchReps(int argc, char **argv, long base) {
  int64_t pct = argc > 1 ? atol(argv[1]) : 100;
  if (pct <= 0) pct = 100;
  int64_t r = (int64_t)base * pct / 100;
  if (r > 0x7fffffff) r = 0x7fffffff;  /* long is 32-bit on wasm32 */
  return r < 1 ? 1 : (long)r;
}

/* A seed the optimizer cannot see through, so no kernel folds to a constant. */
static volatile uint32_t bench_seed = 0x9e3779b9u;

static inline uint64_t BenchMix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

static inline uint64_t BenchMixDouble(uint64_t h, double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return BenchMix(h, bits);
}

/* xorshift32: deterministic data generation identical on every target. */
static inline uint32_t BenchRand(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

static inline int BenchReport(uint64_t checksum) {
  printf("checksum: %016llx\n", (unsigned long long)checksum);
  return 0;
}

#endif
