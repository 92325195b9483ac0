/* Memory-bound: STREAM-style copy/scale/add/triad over three 2M-element f64 arrays
 * (48 MB, far beyond cache) plus memcpy/memset of the same: sequential bandwidth,
 * load/store addressing, libc memcpy (a loop in wasm unless bulk-memory is enabled). */
#include "bench.h"

#define N (2 * 1024 * 1024)

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 16);
  double *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *c = malloc(N * sizeof *c);
  for (long i = 0; i < N; i++) { a[i] = 1.0 + (double)(i & 1023); b[i] = 2.0; c[i] = 0.0; }
  double q = 3.0 + (bench_seed & 0);
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    for (long i = 0; i < N; i++) c[i] = a[i];             /* copy */
    for (long i = 0; i < N; i++) b[i] = q * c[i];         /* scale */
    for (long i = 0; i < N; i++) c[i] = a[i] + b[i];      /* add */
    for (long i = 0; i < N; i++) a[i] = b[i] + q * c[i];  /* triad */
    memcpy(b, a, N * sizeof *a);                          /* libc memcpy */
    for (long i = 0; i < N; i++) a[i] = b[i] * 0.25;      /* keep values bounded */
    h = BenchMixDouble(h, a[r & (N - 1)] + b[(r * 7919) & (N - 1)] + c[N - 1]);
  }
  memset(c, 0, N * sizeof *c);
  double sum = 0;
  for (long i = 0; i < N; i += 4096) sum += a[i] + b[i] + c[i];
  return BenchReport(BenchMixDouble(h, sum));
}
