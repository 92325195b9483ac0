/* Float: Pearson correlation matrix of NV variables over n observations, the statistics of
 * PolyBench's `correlation` written here from the definition: per-column mean and standard
 * deviation, the data centred and scaled in place, then the symmetric NV x NV matrix of column
 * dot products. The hot loop walks two columns of a row-major array (stride NV doubles) with
 * one f64 accumulator; the index arithmetic and the column bases are loop-invariant. */
#include <math.h>
#include "bench.h"

#define NV 800 /* variables = columns */

int main(int argc, char **argv) {
  long n = BenchReps(argc, argv, 1000); /* observations = rows */
  double *data = malloc(sizeof(double) * (size_t)n * NV);
  double *corr = malloc(sizeof(double) * NV * NV);
  double mean[NV], stddev[NV];
  uint32_t s = bench_seed;
  for (long r = 0; r < n; r++)
    for (int c = 0; c < NV; c++) {
      /* A shared trend per row makes neighbouring columns correlate, plus noise. */
      double trend = (double)(r % 97) * 0.25;
      data[r * NV + c] = trend * (double)(c % 7) + (double)(BenchRand(&s) % 20000) * 0.001;
    }

  for (int c = 0; c < NV; c++) {
    double sum = 0.0;
    for (long r = 0; r < n; r++) sum += data[r * NV + c];
    mean[c] = sum / (double)n;
  }
  for (int c = 0; c < NV; c++) {
    double ss = 0.0;
    for (long r = 0; r < n; r++) {
      double d = data[r * NV + c] - mean[c];
      ss += d * d;
    }
    double sd = sqrt(ss / (double)n);
    stddev[c] = sd <= 0.1 ? 1.0 : sd; /* near-constant columns: avoid dividing by ~0 */
  }
  double root_n = sqrt((double)n);
  for (long r = 0; r < n; r++)
    for (int c = 0; c < NV; c++) data[r * NV + c] = (data[r * NV + c] - mean[c]) / (root_n * stddev[c]);

  for (int a = 0; a < NV; a++) {
    corr[a * NV + a] = 1.0;
    for (int b = a + 1; b < NV; b++) {
      double acc = 0.0;
      for (long r = 0; r < n; r++) acc += data[r * NV + a] * data[r * NV + b];
      corr[a * NV + b] = acc;
      corr[b * NV + a] = acc;
    }
  }

  uint64_t h = 0;
  double trace_off = 0.0;
  for (int a = 0; a < NV; a++) {
    h = BenchMixDouble(h, corr[a * NV + (a * 31 + 7) % NV]);
    trace_off += corr[a * NV + (a + 1) % NV];
  }
  printf("correlation: %d x %d over %ld rows, sum of c[a][a+1] %.9f\n", NV, NV, n, trace_off);
  free(data);
  free(corr);
  return BenchReport(BenchMixDouble(h, trace_off));
}
