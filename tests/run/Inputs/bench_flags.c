// A module for bench-wasm-flags.test: a memset and a memcpy of a size known only at run
// time and a double -> int cast, which clang compiles to memory.fill, memory.copy and
// i32.trunc_sat_f64_s when the bulk-memory and nontrapping-fptoint features are on.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char letters[64] = "abcdefghijklmnopqrstuvwxyz";

int main(int argc, char** argv) {
  char a[64], b[64];
  int n = argc + 10;
  memset(a, 'a' + argc, (size_t)n);
  memcpy(b, letters + argc, (size_t)n);
  double d = atof(argc > 1 ? argv[1] : "3.75");
  printf("%c %c %d\n", a[n - 1], b[n - 1], (int)d);
  return 0;
}
