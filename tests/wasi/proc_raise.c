// proc_raise applies the signal's default action to the program itself: $term
// ends it by SIGTERM (status 143), $chld is ignored, an unknown signal is inval.
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t
// RUN: sh -c '%run %t; echo status=$?' 2>&1 | FileCheck %s
// CHECK: chld=0
// CHECK-NEXT: bad=28
// CHECK: status=143
// CHECK-NOT: after
#include <stdint.h>
#include <stdio.h>

// wasi-libc no longer declares proc_raise: import it directly (signal 16 = $chld,
// 15 = $term in the witx signal enum).
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t sig);

int main(void) {
  fprintf(stderr, "chld=%d\n", raw_proc_raise(16));
  fprintf(stderr, "bad=%d\n", raw_proc_raise(99));
  raw_proc_raise(15);
  fprintf(stderr, "after\n");
  return 0;
}
