// DebugInfo::At with a hint (compiler/debug_info.h): the same row as the plain binary
// search for every offset, whatever order the offsets come in and whatever the hint
// was left at.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "compiler/debug_info.h"

namespace wasmc {
namespace {

// Rows at increasing offsets with repeats (a sequence end and a row starting at one
// offset) and line-0 rows, like a DWARF line program's.
DebugInfo MakeInfo(uint32_t n, std::mt19937& rng) {
  DebugInfo info;
  info.files = {"a.c", "b.c"};
  uint64_t offset = 5;
  for (uint32_t k = 0; k < n; ++k) {
    offset += rng() % 4;  // 0: the same offset as the row before
    info.rows.push_back({offset, static_cast<uint32_t>(rng() % 2), rng() % 5 == 0 ? 0u : 1 + k});
  }
  return info;
}

void ExpectSameAsBinarySearch(const DebugInfo& info, const std::vector<uint64_t>& offsets) {
  size_t hint = 0;
  for (uint64_t o : offsets) {
    const SourceLine* want = info.At(o);
    const SourceLine* got = info.At(o, hint);
    EXPECT_EQ(got, want) << "offset " << o;
    EXPECT_LT(hint, info.rows.empty() ? 1 : info.rows.size());
  }
}

TEST(DebugInfoAt, AscendingOffsets) {
  std::mt19937 rng(1);
  DebugInfo info = MakeInfo(2000, rng);
  std::vector<uint64_t> offsets;
  for (uint64_t o = 0; o < info.rows.back().offset + 10; o += 1 + rng() % 3) offsets.push_back(o);
  ExpectSameAsBinarySearch(info, offsets);
}

TEST(DebugInfoAt, JumpsBackAndFar) {
  std::mt19937 rng(2);
  DebugInfo info = MakeInfo(5000, rng);
  const uint64_t end = info.rows.back().offset + 10;
  std::vector<uint64_t> offsets;
  for (int k = 0; k < 20000; ++k) {
    // Mostly ascending runs (a function's markers), with jumps backwards and forwards
    // (inlined bodies: another function's offsets) and offsets before the first row.
    if (k % 50 == 0 || offsets.empty()) offsets.push_back(rng() % end);
    else offsets.push_back(offsets.back() + rng() % 6);
    if (k % 333 == 0) offsets.push_back(rng() % 6);
  }
  ExpectSameAsBinarySearch(info, offsets);
}

TEST(DebugInfoAt, EveryRowOffsetAndItsNeighbours) {
  std::mt19937 rng(3);
  DebugInfo info = MakeInfo(300, rng);
  std::vector<uint64_t> offsets;
  for (const SourceLine& r : info.rows) offsets.insert(offsets.end(), {r.offset - 1, r.offset, r.offset + 1});
  ExpectSameAsBinarySearch(info, offsets);
  std::vector<uint64_t> reversed(offsets.rbegin(), offsets.rend());
  ExpectSameAsBinarySearch(info, reversed);
}

TEST(DebugInfoAt, NoRows) {
  DebugInfo info;
  size_t hint = 0;
  EXPECT_EQ(info.At(10, hint), nullptr);
  EXPECT_EQ(hint, 0u);
}

}  // namespace
}  // namespace wasmc
