// Descriptors the parent leaves open (here 7 and 9, a secret file and a
// directory outside every grant) are closed before the program runs: the only
// fds >= 3 of the running process are its grants (issue 15).
// REQUIRES: native
// RUN: rm -rf %t.d && mkdir -p %t.d/granted %t.d/outside && echo secret > %t.d/outside/secret.txt
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t --dir=%t.d/granted::/g
// The fds are listed once the program has printed "started" (its start-up closed them
// by then), polled for up to 30 s, not after a fixed sleep: on a loaded machine the
// program may not have started, or already have exited, after any fixed delay.
// RUN: rm -f %t.out
// RUN: sh -c 'exec 7<%t.d/outside/secret.txt 9<%t.d/outside; %t > %t.out & pid=$!; i=0; while ! grep -q started %t.out && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; cat %t.out; ls -l /proc/$pid/fd | sed -n "s/.* \([0-9][0-9]*\) -> \(.*\)/fd \1 \2/p"; kill $pid; wait $pid; true' | FileCheck %s --implicit-check-not=outside
// CHECK: started
// CHECK-DAG: fd 3 {{.*}}/granted
// CHECK-NOT: fd 7
// CHECK-NOT: fd 9
#include <stdio.h>
#include <unistd.h>

int main(void) {
  puts("started");
  fflush(stdout);
  sleep(60);  // until the test has listed the fds and kills it
  return 0;
}
