// CompileOrder (compiler/lower/compile_order.h): the large bodies first, largest first,
// then every other body in index order, so results can be added to the object as they
// come instead of all at the end.
#include "compiler/lower/compile_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace wasmc {
namespace {

TEST(CompileOrder, LargeBodiesFirstThenIndexOrder) {
  // 1000 bytes in all; on 2 threads a body is large above 1000 / 64 = 15 bytes.
  std::vector<uint64_t> sizes = {5, 300, 10, 16, 400, 15, 1, 253};
  std::vector<uint32_t> order = CompileOrder(sizes, 2);
  EXPECT_EQ(order, (std::vector<uint32_t>{4, 1, 7, 3, 0, 2, 5, 6}));
}

TEST(CompileOrder, TiesAmongLargeBodiesInIndexOrder) {
  std::vector<uint64_t> sizes = {100, 1, 100, 1, 100};
  EXPECT_EQ(CompileOrder(sizes, 2), (std::vector<uint32_t>{0, 2, 4, 1, 3}));
}

TEST(CompileOrder, MoreThreadsMoreLargeBodies) {
  // 640 bytes: large above 10 bytes on 2 threads, above 5 on 4.
  std::vector<uint64_t> sizes = {8, 600, 4, 7, 6, 15};
  EXPECT_EQ(CompileOrder(sizes, 2), (std::vector<uint32_t>{1, 5, 0, 2, 3, 4}));
  EXPECT_EQ(CompileOrder(sizes, 4), (std::vector<uint32_t>{1, 5, 0, 3, 4, 2}));
}

TEST(CompileOrder, EveryFunctionOnce) {
  std::vector<uint64_t> sizes;
  for (uint64_t i = 0; i < 500; ++i) sizes.push_back((i * 7919) % 997 + (i % 50 == 0 ? 20000 : 0));
  for (unsigned threads : {1u, 2u, 3u, 16u}) {
    std::vector<uint32_t> order = CompileOrder(sizes, threads);
    ASSERT_EQ(order.size(), sizes.size());
    std::vector<uint32_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(sorted[i], i);
  }
}

TEST(CompileOrder, EmptyAndZeroSizes) {
  EXPECT_TRUE(CompileOrder({}, 2).empty());
  std::vector<uint64_t> zeros = {0, 0, 0};
  EXPECT_EQ(CompileOrder(zeros, 2), (std::vector<uint32_t>{0, 1, 2}));
}

}  // namespace
}  // namespace wasmc
