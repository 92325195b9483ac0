// The second wall is up in a real executable before wasm code runs: the kernel
// reports no_new_privs and a seccomp filter for the running program.
// REQUIRES: native
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t
// RUN: sh -c '%t & sleep 0.5; grep -E "^(NoNewPrivs|Seccomp):" /proc/$!/status; wait' | FileCheck %s
// CHECK: started
// CHECK: NoNewPrivs: 1
// CHECK: Seccomp: 2
#include <stdio.h>
#include <unistd.h>

int main(void) {
  puts("started");
  fflush(stdout);
  sleep(1);  // poll_oneoff with a clock subscription
  return 0;
}
