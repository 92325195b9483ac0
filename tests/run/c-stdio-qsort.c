// A C program using stdio, malloc/realloc and qsort, compiled to wasm32-wasi and
// then by wasmc, must print exactly what the same program prints when built
// natively (the native build is the oracle; FileCheck only makes sure there was
// output). Also covers stdin, arguments and the exit status.
//
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
// RUN: %run %t.exe alpha beta < %S/Inputs/lines.txt > %t.got
// RUN: %host-clang -O2 %s -o %t.native
// RUN: %t.native alpha beta < %S/Inputs/lines.txt > %t.want
// RUN: diff %t.want %t.got
// RUN: FileCheck %s < %t.got
// RUN: sh -c '%run %t.exe --exit 7 < /dev/null > /dev/null; echo "status $?"' | FileCheck %s --check-prefix=STATUS
//
// CHECK: args: alpha beta
// CHECK: ints: n=5000 min={{-?[0-9]+}} max={{-?[0-9]+}} checksum={{[0-9]+}}
// CHECK: strings: 300 sorted, first={{[a-z]+}}
// CHECK: lines: 5 read
// CHECK: line 0: {{.+}}
// CHECK: heap: ok
// STATUS: status 7
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t Next(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 8;
}

static int CmpInt(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}

static int CmpStr(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv) {
  if (argc == 3 && strcmp(argv[1], "--exit") == 0) return atoi(argv[2]);

  printf("args:");
  for (int i = 1; i < argc; ++i) printf(" %s", argv[i]);
  printf("\n");

  // Integers: qsort, then a position-weighted checksum (64-bit on both sides).
  int n = 5000;
  int* v = malloc(n * sizeof *v);
  for (int i = 0; i < n; ++i) v[i] = (int)(Next() % 2000001) - 1000000;
  qsort(v, n, sizeof *v, CmpInt);
  uint64_t checksum = 0;
  for (int i = 0; i < n; ++i) checksum = checksum * 31 + (uint64_t)(int64_t)v[i] * (uint64_t)(i + 1);
  for (int i = 1; i < n; ++i)
    if (v[i - 1] > v[i]) printf("NOT SORTED at %d\n", i);
  printf("ints: n=%d min=%d max=%d checksum=%llu\n", n, v[0], v[n - 1],
         (unsigned long long)checksum);
  free(v);

  // Strings of random lengths on the heap, sorted with strcmp.
  int count = 300;
  char** words = malloc(count * sizeof *words);
  for (int i = 0; i < count; ++i) {
    int len = 1 + (int)(Next() % 12);
    words[i] = malloc(len + 1);
    for (int j = 0; j < len; ++j) words[i][j] = (char)('a' + Next() % 26);
    words[i][len] = 0;
  }
  qsort(words, count, sizeof *words, CmpStr);
  printf("strings: %d sorted, first=%s last=%s\n", count, words[0], words[count - 1]);
  for (int i = 0; i < count; ++i) free(words[i]);
  free(words);

  // stdin: read lines, growing a buffer with realloc, print them sorted.
  char** lines = NULL;
  int num_lines = 0;
  char buf[256];
  while (fgets(buf, sizeof buf, stdin)) {
    buf[strcspn(buf, "\n")] = 0;
    lines = realloc(lines, (num_lines + 1) * sizeof *lines);
    lines[num_lines++] = strdup(buf);
  }
  qsort(lines, num_lines, sizeof *lines, CmpStr);
  printf("lines: %d read\n", num_lines);
  for (int i = 0; i < num_lines; ++i) printf("line %d: %s\n", i, lines[i]);

  // Formatting: floats, widths, hex, a string built with snprintf.
  char text[128];
  snprintf(text, sizeof text, "[%8.3f|%-6d|%06x|%e|%s]", 3.14159265, -42, 0xbeef, 1e-7, "end");
  puts(text);

  // Many allocations of mixed sizes, freed in a scrambled order.
  enum { kBlocks = 2000 };
  static void* blocks[kBlocks];
  int ok = 1;
  for (int i = 0; i < kBlocks; ++i) {
    size_t size = 1 + Next() % 4096;
    blocks[i] = malloc(size);
    if (!blocks[i]) ok = 0;
    else memset(blocks[i], i & 0xff, size);
  }
  for (int i = 0; i < kBlocks; ++i) {
    int j = (int)((i * 7919u) % kBlocks);
    if (blocks[j] && ((unsigned char*)blocks[j])[0] != (j & 0xff)) ok = 0;
    free(blocks[j]);
  }
  printf("heap: %s\n", ok ? "ok" : "CORRUPT");
  fprintf(stderr, "done\n");
  return 0;
}
