/* Memory/call-bound: libc qsort of 1M int32 keys with a comparator called through a
 * function pointer (call_indirect in wasm), plus a hand-written merge sort of the same
 * keys (branchy compares, sequential memory traffic). */
#include "bench.h"

#define N (1024 * 1024)

static int Cmp(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void MergeSort(int32_t *a, int32_t *tmp, long n) {
  for (long width = 1; width < n; width *= 2) {
    for (long lo = 0; lo < n; lo += 2 * width) {
      long mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      long i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    int32_t *t = a; a = tmp; tmp = t;
    memcpy(tmp, a, n * sizeof *a);  /* keep the result in both buffers */
  }
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 2);
  int32_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *tmp = malloc(N * sizeof *tmp);
  uint32_t s = bench_seed;
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    for (long i = 0; i < N; i++) a[i] = b[i] = (int32_t)BenchRand(&s);
    qsort(a, N, sizeof *a, Cmp);
    MergeSort(b, tmp, N);
    for (long i = 0; i < N; i += 1021) h = BenchMix(h, (uint32_t)a[i]);
    h = BenchMix(h, memcmp(a, b, N * sizeof *a) == 0 ? 1 : 0);
    h = BenchMix(h, (uint32_t)tmp[N / 2]);
  }
  return BenchReport(h);
}
