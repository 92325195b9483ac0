/* Prints which CPU features glibc uses for its IFUNC choices (memcpy, strlen, ...):
 * `<name> present=<0|1> active=<0|1>`. bench-glibc-cap.test runs it as bench/run.py runs
 * its native builds. */
#include <stdio.h>
#include <sys/platform/x86.h>

#define SHOW(f) printf(#f " present=%d active=%d\n", CPU_FEATURE_PRESENT(f) ? 1 : 0, \
                       CPU_FEATURE_ACTIVE(f) ? 1 : 0)

int main(void) {
  SHOW(SSE2);
  SHOW(SSE4_2);
  SHOW(POPCNT);
  SHOW(AVX);
  SHOW(AVX2);
  SHOW(BMI2);
  SHOW(AVX512F);
  SHOW(AVX512VL);
  return 0;
}
