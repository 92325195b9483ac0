/* Float: sample covariance matrix of NV variables over n observations, the statistics of
 * PolyBench's `covariance` written here from the definition: the column means are subtracted
 * from the data in place, then cov[i][j] = sum over rows of x[row][i] * x[row][j] / (n - 1) for
 * the upper triangle, mirrored to the lower one. Same walk as `correlation` (two columns of a
 * row-major array), but the sum accumulates in the output element in memory, as PolyBench
 * writes it, on differently distributed data. */
#include "bench.h"

#define NV 800 /* variables = columns */

static double Sample(uint32_t *s, long row, int col) {
  /* Three groups of columns driven by shared row factors, so the matrix is not diagonal. */
  double f = (double)((row * 13 + col / 100) % 41) - 20.0;
  return f * (double)(col % 3 + 1) + (double)(int32_t)(BenchRand(s) & 0xffff) / 4096.0;
}

int main(int argc, char **argv) {
  long n = BenchReps(argc, argv, 1000); /* observations = rows */
  if (n < 2) n = 2;
  double *x = malloc(sizeof(double) * (size_t)n * NV);
  double *cov = malloc(sizeof(double) * NV * NV);
  double colmean[NV];
  uint32_t s = bench_seed ^ 0x5bd1e995u;
  for (long r = 0; r < n; r++)
    for (int c = 0; c < NV; c++) x[r * NV + c] = Sample(&s, r, c);

  for (int c = 0; c < NV; c++) colmean[c] = 0.0;
  for (long r = 0; r < n; r++)
    for (int c = 0; c < NV; c++) colmean[c] += x[r * NV + c];
  for (int c = 0; c < NV; c++) colmean[c] /= (double)n;
  for (long r = 0; r < n; r++)
    for (int c = 0; c < NV; c++) x[r * NV + c] -= colmean[c];

  double inv = 1.0 / (double)(n - 1);
  /* The products are summed straight into the output element, as PolyBench writes it: the
   * compilers must keep cov[i][j] in a register themselves (cov may alias x for them). */
  for (int i = 0; i < NV; i++)
    for (int j = i; j < NV; j++) {
      cov[i * NV + j] = 0.0;
      for (long r = 0; r < n; r++) cov[i * NV + j] += x[r * NV + i] * x[r * NV + j];
      cov[i * NV + j] *= inv;
      cov[j * NV + i] = cov[i * NV + j];
    }

  uint64_t h = 0;
  double diag = 0.0;
  for (int i = 0; i < NV; i++) {
    diag += cov[i * NV + i];
    h = BenchMixDouble(h, cov[((i * 37) % NV) * NV + (i * 11 + 3) % NV]);
  }
  printf("covariance: %d x %d over %ld rows, trace %.6f\n", NV, NV, n, diag);
  free(x);
  free(cov);
  return BenchReport(BenchMixDouble(h, diag));
}
