// For c-trap-dwarf.test: a trap three calls deep, in a program built with -g.
// The line numbers below are checked by the test: keep them where they are.
#include <stdio.h>

volatile int zero = 0;

__attribute__((noinline)) int ratio(int total, int count) {
  return total / count;  // line 8: divides by zero
}

__attribute__((noinline)) int mean(const int* values, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) total += values[i];
  return ratio(total, n);  // line 14
}

int main(void) {
  int values[3] = {4, 8, 15};
  printf("mean of 3: %d\n", mean(values, 3));
  fflush(stdout);
  return mean(values, zero);  // line 21
}
