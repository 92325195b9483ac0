// WASI end to end, no manifest: least authority. Clocks and randomness work;
// no file, directory or environment variable of the host is reachable.
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t
// RUN: env HOME=/root SECRET=x %run %t | FileCheck %s
// CHECK: clock ok
// CHECK-NEXT: random ok
// CHECK-NEXT: env: HOME unset, SECRET unset
// CHECK-NEXT: open /etc/passwd: denied
// CHECK-NEXT: open passwd: denied
// CHECK-NEXT: create x.txt: denied
// CHECK-NEXT: opendir /: denied
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static const char* Try(FILE* f) { return f ? "OPENED" : "denied"; }

int main(void) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_MONOTONIC, &b);
  struct timespec r;
  clock_gettime(CLOCK_REALTIME, &r);
  puts(b.tv_sec >= a.tv_sec && r.tv_sec > 1600000000 ? "clock ok" : "clock BAD");
  unsigned char buf[32] = {0};
  int nonzero = 0;
  if (getentropy(buf, sizeof buf) == 0)
    for (int i = 0; i < 32; ++i) nonzero += buf[i] != 0;
  puts(nonzero > 16 ? "random ok" : "random BAD");
  printf("env: HOME %s, SECRET %s\n", getenv("HOME") ? "SET" : "unset", getenv("SECRET") ? "SET" : "unset");
  printf("open /etc/passwd: %s\n", Try(fopen("/etc/passwd", "r")));
  printf("open passwd: %s\n", Try(fopen("passwd", "r")));
  printf("create x.txt: %s\n", Try(fopen("x.txt", "w")));
  printf("opendir /: %s\n", opendir("/") ? "OPENED" : "denied");
  return 0;
}
