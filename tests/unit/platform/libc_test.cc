// The freestanding runtime's memcpy/memmove/memset/memcmp/strlen/strcmp
// (runtime-support/freestanding/libc.c), compiled natively under other names,
// against the host libc on random sizes, offsets and overlaps.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>

extern "C" {
void* wasmc_test_memcpy(void*, const void*, size_t);
void* wasmc_test_memmove(void*, const void*, size_t);
void* wasmc_test_memset(void*, int, size_t);
int wasmc_test_memcmp(const void*, const void*, size_t);
size_t wasmc_test_strlen(const char*);
int wasmc_test_strcmp(const char*, const char*);
}

namespace {

int Sign(int v) { return (v > 0) - (v < 0); }

TEST(FreestandingLibc, MatchesHostLibc) {
  std::mt19937 rng(12345);
  static unsigned char mine[4096], ref[4096];
  for (int it = 0; it < 20000; ++it) {
    for (size_t i = 0; i < sizeof mine; ++i) mine[i] = ref[i] = static_cast<unsigned char>(rng());
    size_t n = rng() % 1500, d = rng() % 1500, s = rng() % 1500;
    switch (rng() % 3) {
      case 0:
        wasmc_test_memmove(mine + d, mine + s, n);
        std::memmove(ref + d, ref + s, n);
        break;
      case 1: {
        int c = static_cast<int>(rng());
        wasmc_test_memset(mine + d, c, n);
        std::memset(ref + d, c, n);
        break;
      }
      case 2:
        if (d + n <= s || s + n <= d) {
          wasmc_test_memcpy(mine + d, mine + s, n);
          std::memcpy(ref + d, ref + s, n);
        }
        break;
    }
    ASSERT_EQ(std::memcmp(mine, ref, sizeof mine), 0) << "iteration " << it;
    size_t k = rng() % 64;
    ASSERT_EQ(Sign(wasmc_test_memcmp(mine + d, mine + s, k)), Sign(std::memcmp(ref + d, ref + s, k)));
  }
}

TEST(FreestandingLibc, Strings) {
  EXPECT_EQ(wasmc_test_strlen(""), 0u);
  EXPECT_EQ(wasmc_test_strlen("wasi_snapshot_preview1"), 22u);
  EXPECT_EQ(wasmc_test_strcmp("_start", "_start"), 0);
  EXPECT_LT(wasmc_test_strcmp("_star", "_start"), 0);
  EXPECT_GT(wasmc_test_strcmp("b", "a"), 0);
  EXPECT_GT(wasmc_test_strcmp("\xff", "a"), 0);  // compares as unsigned char
}

}  // namespace
