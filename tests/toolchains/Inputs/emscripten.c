// For emscripten.test: stdio, the heap, arguments, the environment and the exit
// status through Emscripten's standalone WASI runtime.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Compare(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

int main(int argc, char** argv) {
  printf("args:");
  for (int i = 1; i < argc; ++i) printf(" %s", argv[i]);
  printf("\n");
  const char* mode = getenv("EM_MODE");
  printf("EM_MODE=%s\n", mode ? mode : "unset");
  int* v = malloc(1000 * sizeof *v);
  unsigned seed = 12345;
  for (int i = 0; i < 1000; ++i) v[i] = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 10000;
  qsort(v, 1000, sizeof *v, Compare);
  long sum = 0;
  for (int i = 0; i < 1000; ++i) sum += v[i];
  printf("min %d max %d sum %ld\n", v[0], v[999], sum);
  char buf[64];
  snprintf(buf, sizeof buf, "%.3f %e %x", 3.14159, 12345.678, 0xbeef);
  puts(buf);
  free(v);
  return argc;
}
