// A trap in a C program compiled to wasm: the executable prints the trap kind and
// a backtrace on stderr, after the output flushed before it, and exits with 134.
//
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
// RUN: sh -c '%run %t.exe > %t.out 2> %t.err; echo "status $?"' | FileCheck %s --check-prefix=STATUS
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
//
// STATUS: status 134
// OUT: before the trap
// OUT-NOT: after
// ERR: wasm trap: integer divide by zero
// ERR-NEXT: #0 {{.+}} (+0x{{[0-9a-f]+}})
#include <stdio.h>

volatile int zero = 0;

int main(void) {
  printf("before the trap\n");
  fflush(stdout);
  printf("after: %d\n", 100 / zero);
  return 0;
}
