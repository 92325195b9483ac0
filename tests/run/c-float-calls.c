// Float values live across calls in a hot loop (x86-64 keeps them in xmm8-xmm14
// across calls to wasm code: docs/backend.md "Calls between wasm functions"): five
// f64 values survive every call of f and g, which are too big for wasmc's inliner and
// called from two places (so wasm-opt keeps them too). The native build is the
// oracle. `c-float-calls 100` (10 million iterations) is the timing case quoted in
// docs/backend.md; the test runs 50,000.
//
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
// RUN: %run %t.exe 0 > %t.got
// RUN: %host-clang -O2 -ffp-contract=off %s -o %t.native
// RUN: %t.native 0 > %t.want
// RUN: diff %t.want %t.got
// RUN: FileCheck %s < %t.got
// CHECK: {{[0-9]+\.[0-9]+}} {{[0-9]+\.[0-9]+}} {{-?[0-9]+\.[0-9]+}}
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) double f(double x, double y) {
  double p = 0.0;
  for (int k = 0; k < 4; k++) p = p * x + (k + 1) * 0.125;
  if (p > 1e300) p = 1e300;
  return x * y + p / (x + 1.0);
}

__attribute__((noinline)) double g(double x) {
  double r = x * 0.75 - 0.125;
  for (int k = 0; k < 3; k++) r = r * 0.5 + x * 0.25;
  return r;
}

int main(int argc, char **argv) {
  long scale = argc > 1 ? atol(argv[1]) : 100;
  long n = scale > 0 ? scale * 100000 : 50000;
  double a = 1.0, b = 0.5, c = 0.25, d = 2.0, s = 0;
  for (long i = 0; i < n; i++) {
    s += f(a, b);
    a += 1e-7;
    b = b * 0.9999999 + c * 1e-9;
    c -= g(c) * 1e-9;
    d += s * 1e-12;
  }
  printf("%.6f %.6f %.3f\n", s, a + b + c + d, f(d, c) + g(a));
  return 0;
}
