// DebugInfo::At with a hint (compiler/debug_info.h): the same row as the plain binary
// search for every offset, whatever order the offsets come in and whatever the hint
// was left at. DebugInfo::AnyLineIn: false only for ranges where At finds no line.
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

// AnyLineIn against At at every offset of the range: never false when At finds a line
// there; and without repeated row offsets, true exactly when it does.
void ExpectAnyLineInAgreesWithAt(const DebugInfo& info, uint64_t end, std::mt19937& rng, bool exact) {
  for (int k = 0; k < 3000; ++k) {
    const uint64_t lo = rng() % end, hi = lo + (k % 3 == 0 ? 0 : rng() % (k % 2 ? 8 : 200));
    bool found = false;
    for (uint64_t o = lo; o <= hi && !found; ++o) found = info.At(o) != nullptr;
    if (found || exact) {
      EXPECT_EQ(info.AnyLineIn(lo, hi), found) << "range " << lo << ".." << hi;
    }
  }
}

TEST(DebugInfoAnyLineIn, RangesAgainstEveryOffset) {
  std::mt19937 rng(4);
  DebugInfo info = MakeInfo(3000, rng);
  info.IndexLines();
  ExpectAnyLineInAgreesWithAt(info, info.rows.back().offset + 20, rng, /*exact=*/false);
}

TEST(DebugInfoAnyLineIn, SparseLinesDistinctOffsets) {
  // As in a module whose DWARF covers a few functions: long runs of line-0 rows.
  std::mt19937 rng(5);
  DebugInfo info;
  info.files = {"a.c"};
  uint64_t offset = 100;
  for (uint32_t k = 0; k < 2000; ++k) {
    offset += 1 + rng() % 5;
    info.rows.push_back({offset, 0, rng() % 40 == 0 ? 1 + k : 0u});
  }
  info.IndexLines();
  ExpectAnyLineInAgreesWithAt(info, offset + 20, rng, /*exact=*/true);
  EXPECT_FALSE(info.AnyLineIn(0, 99));  // before the first row
  EXPECT_FALSE(info.AnyLineIn(7, 3));   // an empty range
}

TEST(DebugInfoAnyLineIn, NotIndexedOrNoRows) {
  std::mt19937 rng(6);
  DebugInfo info = MakeInfo(10, rng);
  EXPECT_TRUE(info.AnyLineIn(0, 1));  // without IndexLines: no claim
  DebugInfo none;
  none.IndexLines();
  EXPECT_FALSE(none.AnyLineIn(0, 1000));
}

}  // namespace
}  // namespace wasmc
