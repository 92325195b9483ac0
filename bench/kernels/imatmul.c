/* Integer: 320x320 uint32 matrix multiply (i-k-j order, wrapping arithmetic): tight
 * multiply-add loops over rows, address arithmetic, loop-invariant hoisting. */
#include "bench.h"

#define N 320
static uint32_t a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 40);
  uint32_t s = bench_seed;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { a[i][j] = BenchRand(&s) & 0xffff; b[i][j] = BenchRand(&s) & 0xffff; }
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    memset(c, 0, sizeof c);
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        uint32_t aik = a[i][k] + (uint32_t)r;
        for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
      }
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) h = BenchMix(h, c[i][j]);
  }
  return BenchReport(h);
}
