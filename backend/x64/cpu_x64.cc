// x86-64 CPU levels (--cpu): names, and the host's level for --cpu=native. The
// executable checks the same features at start-up (runtime-support/freestanding/start.c).
#include <string>
#include <string_view>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::x64 {
namespace {

// The highest level whose features this machine has (1 when not on x86-64).
int HostLevel() {
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 1;
  const unsigned c1 = c;
  auto bit = [](unsigned w, int k) { return (w >> k) & 1; };
  if (!(bit(c1, 0) && bit(c1, 9) && bit(c1, 19) && bit(c1, 20) && bit(c1, 23))) return 1;
  unsigned b7 = 0, ext = 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) b7 = b;
  if (__get_cpuid(0x80000001u, &a, &b, &c, &d)) ext = c;
  unsigned xcr0 = 0;
  if (bit(c1, 27)) {
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = lo;
  }
  const bool v3 = bit(c1, 28) && bit(c1, 12) && bit(c1, 22) && bit(b7, 5) && bit(b7, 3) &&
                  bit(b7, 8) && bit(ext, 5) && (xcr0 & 6) == 6;
  if (!v3) return 2;
  const bool v4 = bit(b7, 16) && bit(b7, 17) && bit(b7, 28) && bit(b7, 30) && bit(b7, 31) &&
                  (xcr0 & 0xe6) == 0xe6;
  return v4 ? 4 : 3;
#else
  return 1;
#endif
}

}  // namespace

int ParseLevel(std::string_view name) {
  if (name.empty()) return 0;
  if (name == "native") return HostLevel();
  for (int level = 1; level <= 4; ++level)
    if (name == LevelName(level)) return level;
  return -1;
}

std::string LevelName(int level) {
  return level <= 1 ? "x86-64" : "x86-64-v" + std::to_string(level);
}

}  // namespace wasmc::x64
