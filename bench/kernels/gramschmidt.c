/* Float: QR decomposition of an m x k matrix by modified Gram-Schmidt (PolyBench's
 * `gramschmidt` computes the same thing; written here from the algorithm): for each column,
 * its norm (sqrt of a dot product), the normalised column into Q, then for every later column
 * j its projection R[c][j] = Q[:,c] . A[:,j] and the update A[:,j] -= Q[:,c] * R[c][j]. f64,
 * row-major, so both inner loops walk columns with a stride of k doubles: one dot-product
 * reduction and one axpy per (c, j). */
#include <math.h>
#include "bench.h"

int main(int argc, char **argv) {
  long m = BenchReps(argc, argv, 1200); /* rows */
  long k = m < 450 ? m : 450;          /* columns; never more than rows (full rank) */
  double *a = malloc(sizeof(double) * (size_t)m * (size_t)k);
  double *q = malloc(sizeof(double) * (size_t)m * (size_t)k);
  double *r = calloc((size_t)k * (size_t)k, sizeof(double));
  uint32_t s = bench_seed;
  for (long i = 0; i < m; i++)
    for (long j = 0; j < k; j++)
      a[i * k + j] = (double)(BenchRand(&s) % 2001) / 1000.0 - 1.0 + (i == j ? 4.0 : 0.0);

  for (long c = 0; c < k; c++) {
    double nrm = 0.0;
    for (long i = 0; i < m; i++) nrm += a[i * k + c] * a[i * k + c];
    double rcc = sqrt(nrm);
    r[c * k + c] = rcc;
    for (long i = 0; i < m; i++) q[i * k + c] = a[i * k + c] / rcc;
    for (long j = c + 1; j < k; j++) {
      double dot = 0.0;
      for (long i = 0; i < m; i++) dot += q[i * k + c] * a[i * k + j];
      r[c * k + j] = dot;
      for (long i = 0; i < m; i++) a[i * k + j] -= q[i * k + c] * dot;
    }
  }

  uint64_t h = 0;
  double rdiag = 0.0;
  for (long c = 0; c < k; c++) {
    rdiag += r[c * k + c];
    h = BenchMixDouble(h, r[c * k + (c * 7 + 1) % k]);
    h = BenchMixDouble(h, q[((c * 13) % m) * k + c]);
  }
  printf("gramschmidt: %ld x %ld, sum of diag(R) %.9f\n", m, k, rdiag);
  free(a);
  free(q);
  free(r);
  return BenchReport(BenchMixDouble(h, rdiag));
}
