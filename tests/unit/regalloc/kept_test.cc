// The allocator's vectors kept per thread from one function to the next (liveness's
// RegionLiveness and Intervals, the scan's; backend/kept_vectors.h; docs/performance.md
// "Session 17", o1t): a thread's second allocation of the same function takes fewer
// blocks than its first, and an object that never held anything does not take away the
// capacity another gave back. (That reused vectors carry nothing from one function to
// the next is what liveness_test.cc's sequences of random functions check.)
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "backend/kept_vectors.h"
#include "backend/regalloc/regalloc.h"
#include "tests/unit/counting_new.h"
#include "tests/unit/regalloc/random_ir.h"

namespace wasmc::regalloc {
namespace {

// -O1 (split_loops false). The second allocation still takes what it returns or keeps
// nowhere: the Allocation's vectors, AllocateRegisters' `spilled`, the scan's spill queue
// (9 blocks here); without the kept vectors it also took liveness's and the scan's (30
// and more: 71 blocks the first time).
TEST(Kept, ASecondAllocationOnAThreadTakesOnlyItsResultsBlocks) {
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  const ir::Function f = RandomFunction(7);
  int first = 0, second = 0;
  std::thread([&] {  // a new thread: nothing spare yet
    ir::Function a = f, b = f;
    first = test::large_blocks.Count(1, [&] { AllocateRegisters(a, regs, nullptr, /*split_loops=*/false); });
    second = test::large_blocks.Count(1, [&] { AllocateRegisters(b, regs, nullptr, /*split_loops=*/false); });
  }).join();
  EXPECT_GT(first, 40);
  EXPECT_LE(second, 12);
}

// As Intervals: filled only after it takes the spare set (TakeSpare), given back at
// destruction, whether it took it or not (moved from, default-constructed).
struct Holder {
  std::vector<uint32_t> v;
  auto Kept() { return std::tie(v); }
  void TakeSpare() { TakeSpareVectors(Kept()); }
  ~Holder() { GiveBackLargerVectors(Kept()); }
};

TEST(Kept, AnObjectThatTookNothingLeavesTheSpareCapacity) {
  size_t capacity = 0;
  std::thread([&] {
    {
      Holder full;
      full.TakeSpare();
      full.v.assign(1000, 1);
    }
    { Holder idle; }  // never took the spare set: holds nothing
    Holder next;
    next.TakeSpare();
    capacity = next.v.capacity();
    EXPECT_TRUE(next.v.empty());
  }).join();
  EXPECT_GE(capacity, 1000u);
}

}  // namespace
}  // namespace wasmc::regalloc
