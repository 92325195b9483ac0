/* Call-heavy: naive recursive Fibonacci (direct calls, prologue/epilogue and stack-check
 * cost dominate). noinline keeps the recursion real on every compiler. */
#include "bench.h"

__attribute__((noinline)) static uint32_t Fib(uint32_t n) {
  return n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 40);
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) h = BenchMix(h, Fib(32 + (bench_seed & 0) + (uint32_t)(r & 1)));
  return BenchReport(h);
}
