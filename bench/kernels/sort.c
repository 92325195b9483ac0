/* Memory/call-bound: qsort of 1M int32 keys with a comparator called through a function
 * pointer (call_indirect in wasm), plus a bottom-up merge sort of the same keys (branchy
 * compares, sequential memory traffic).
 *
 * The qsort is our own libc-style generic one (void *, element size, comparator), not the
 * C library's: glibc's qsort is a merge sort and wasi-libc's (musl) a smoothsort, so calling
 * libc would compare two algorithms instead of two compilers. */
#include "bench.h"

#define N (1024 * 1024)

static int Cmp(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void Swap(char *a, char *b, size_t size) {
  char tmp[16];
  while (size > 0) {
    size_t n = size < sizeof tmp ? size : sizeof tmp;
    memcpy(tmp, a, n); memcpy(a, b, n); memcpy(b, tmp, n);
    a += n; b += n; size -= n;
  }
}

/* Quicksort, median of three, insertion sort below 16 elements, recursion on the smaller
 * side: the shape of a typical libc qsort. */
static void Qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  char *a = base;
  while (n > 16) {
    char *lo = a, *mid = a + (n / 2) * size, *hi = a + (n - 1) * size;
    if (cmp(mid, lo) < 0) Swap(mid, lo, size);
    if (cmp(hi, mid) < 0) { Swap(hi, mid, size); if (cmp(mid, lo) < 0) Swap(mid, lo, size); }
    Swap(mid, a, size);  /* pivot to the front */
    char *i = a, *j = a + n * size;
    for (;;) {
      do i += size; while (i < hi && cmp(i, a) < 0);
      do j -= size; while (cmp(a, j) < 0);
      if (i >= j) break;
      Swap(i, j, size);
    }
    Swap(a, j, size);
    size_t left = (size_t)(j - a) / size, right = n - left - 1;
    if (left < right) { Qsort(a, left, size, cmp); a = j + size; n = right; }
    else { Qsort(j + size, right, size, cmp); n = left; }
  }
  for (size_t i = 1; i < n; i++)
    for (char *p = a + i * size; p > a && cmp(p - size, p) > 0; p -= size) Swap(p - size, p, size);
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
    Qsort(a, N, sizeof *a, Cmp);
    MergeSort(b, tmp, N);
    for (long i = 0; i < N; i += 1021) h = BenchMix(h, (uint32_t)a[i]);
    h = BenchMix(h, memcmp(a, b, N * sizeof *a) == 0 ? 1 : 0);
    h = BenchMix(h, (uint32_t)tmp[N / 2]);
  }
  return BenchReport(h);
}
