// readdir over a directory larger than one host getdents buffer and one guest
// buffer: every entry exactly once (cookies resume where the last call ended).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: python3 -c "import os; [open(os.path.join('%t.d', 'file_with_a_long_name_%%04d' %% i), 'w').close() for i in range(600)]"
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t --dir-ro=%t.d::/big
// RUN: %run %t | FileCheck %s
// CHECK: entries 600, distinct 600, first file_with_a_long_name_0000, last file_with_a_long_name_0599
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  DIR* d = opendir("/big");
  if (!d) {
    perror("opendir");
    return 1;
  }
  static char* names[1000];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 1000)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], Cmp);
  int distinct = n > 0;
  for (int i = 1; i < n; ++i) distinct += strcmp(names[i], names[i - 1]) != 0;
  printf("entries %d, distinct %d, first %s, last %s\n", n, distinct, n ? names[0] : "-", n ? names[n - 1] : "-");
  return 0;
}
