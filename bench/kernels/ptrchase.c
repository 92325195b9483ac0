/* Memory-bound: random access. Pointer chasing through a random single-cycle
 * permutation of 4M uint32 indices (16 MB: latency bound, one dependent load per step),
 * then random read-modify-write increments into a 16 MB table (throughput bound). */
#include "bench.h"

#define N (4 * 1024 * 1024)

int main(int argc, char **argv) {
  long steps = BenchReps(argc, argv, 3500000);
  uint32_t *next = malloc(N * sizeof *next), *perm = malloc(N * sizeof *perm);
  uint32_t s = bench_seed;
  for (uint32_t i = 0; i < N; i++) perm[i] = i;
  for (uint32_t i = N - 1; i > 0; i--) {  /* Fisher-Yates */
    uint32_t j = BenchRand(&s) % (i + 1), t = perm[i];
    perm[i] = perm[j]; perm[j] = t;
  }
  for (uint32_t i = 0; i < N; i++) next[perm[i]] = perm[(i + 1) % N];  /* one cycle */
  uint32_t p = perm[0];
  uint64_t acc = 0;
  for (long k = 0; k < steps; k++) { p = next[p]; acc += p; }
  uint64_t h = BenchMix(acc, p);
  uint32_t *counts = perm;  /* reuse as a histogram */
  memset(counts, 0, N * sizeof *counts);
  for (long k = 0; k < steps; k++) counts[BenchRand(&s) & (N - 1)] += (uint32_t)k;
  for (uint32_t i = 0; i < N; i += 997) h = BenchMix(h, counts[i]);
  return BenchReport(h);
}
