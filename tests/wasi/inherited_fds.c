// Descriptors the parent leaves open (here 7 and 9, a secret file and a
// directory outside every grant) are closed before the program runs: the only
// fds >= 3 of the running process are its grants (issue 15).
// REQUIRES: native
// RUN: rm -rf %t.d && mkdir -p %t.d/granted %t.d/outside && echo secret > %t.d/outside/secret.txt
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t --dir=%t.d/granted::/g
// RUN: sh -c 'exec 7<%t.d/outside/secret.txt 9<%t.d/outside; %t & sleep 0.5; ls -l /proc/$!/fd | sed -n "s/.* \([0-9][0-9]*\) -> \(.*\)/fd \1 \2/p"; wait' | FileCheck %s --implicit-check-not=outside
// CHECK: started
// CHECK-DAG: fd 3 {{.*}}/granted
// CHECK-NOT: fd 7
// CHECK-NOT: fd 9
#include <stdio.h>
#include <unistd.h>

int main(void) {
  puts("started");
  fflush(stdout);
  sleep(1);
  return 0;
}
