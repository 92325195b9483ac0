/* Float: spectral norm of an infinite matrix (Benchmarks Game), n=2000: f64 divide,
 * integer-to-float conversion, nested loops with small calls that should inline. */
#include <math.h>
#include "bench.h"

static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void MulAv(int n, const double *v, double *av) {
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int j = 0; j < n; j++) s += A(i, j) * v[j];
    av[i] = s;
  }
}

static void MulAtv(int n, const double *v, double *atv) {
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int j = 0; j < n; j++) s += A(j, i) * v[j];
    atv[i] = s;
  }
}

static void MulAtAv(int n, const double *v, double *out, double *tmp) {
  MulAv(n, v, tmp);
  MulAtv(n, tmp, out);
}

int main(int argc, char **argv) {
  int n = 2000;
  long iters = BenchReps(argc, argv, 16);
  double *u = malloc(n * sizeof *u), *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *tmp);
  for (int i = 0; i < n; i++) u[i] = 1.0 + (bench_seed & 0);
  for (long i = 0; i < iters; i++) {
    MulAtAv(n, u, v, tmp);
    MulAtAv(n, v, u, tmp);
  }
  double vbv = 0, vv = 0;
  for (int i = 0; i < n; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
  double norm = sqrt(vbv / vv);
  printf("norm: %.9f\n", norm);
  uint64_t h = BenchMixDouble(0, norm);
  for (int i = 0; i < n; i++) h = BenchMixDouble(h, u[i]);
  return BenchReport(h);
}
