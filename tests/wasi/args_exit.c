// WASI end to end: arguments, stdout/stderr, exit status through proc_exit.
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t
// RUN: %run %t one "two words" | FileCheck %s
// RUN: not %run %t exit 2>&1 | FileCheck %s --check-prefix=EXIT
// CHECK: argc=3
// CHECK-NEXT: argv[1]=one
// CHECK-NEXT: argv[2]=two words
// CHECK-NEXT: done
// EXIT: to stderr
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "exit") == 0) {
    fprintf(stderr, "to stderr\n");
    exit(3);
  }
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  puts("done");
  return 0;
}
