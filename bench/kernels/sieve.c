/* Integer: sieve of Eratosthenes over an 8 MB byte array (byte loads/stores, strided
 * inner loops, bounds-check pressure on wasm). */
#include "bench.h"

#define N (8 * 1024 * 1024)
static uint8_t flags[N];

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 10);
  uint64_t h = bench_seed;
  for (long r = 0; r < reps; r++) {
    long limit = N - (long)(r & 7);
    memset(flags, 1, (size_t)limit);
    flags[0] = flags[1] = 0;
    for (long i = 2; i * i < limit; i++)
      if (flags[i])
        for (long j = i * i; j < limit; j += i) flags[j] = 0;
    int64_t count = 0, sum = 0;
    for (long i = 0; i < limit; i++)
      if (flags[i]) { count++; sum += i; }
    h = BenchMix(h, (uint64_t)count);
    h = BenchMix(h, (uint64_t)sum);
  }
  return BenchReport(h);
}
