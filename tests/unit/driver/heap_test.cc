// TuneHeap (compiler/driver/heap.h): large blocks come from the main heap, whose mapping
// carries the kernel's huge-page advice ("hg" in /proc/self/smaps), and its blocks start
// at a huge-page boundary; glibc's default makes a 4 MB block an mmap of its own, not
// advised. TuneThreadHeap: another thread allocates from an arena of its own (not the
// main heap: no shared lock), advised too; glibc alone leaves that heap unadvised.
#include "compiler/driver/heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace wasmc::driver {
namespace {

// The VmFlags of the mapping that holds `p` ("" if none does).
std::string FlagsOfMappingAt(const void* p) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (line.find(':') > line.find(' ') && (head >> std::hex >> lo >> dash >> hi) && dash == '-') {
      inside = lo <= at && at < hi;
      continue;
    }
    if (inside && line.starts_with("VmFlags:")) return line.substr(8) + " ";
  }
  return "";
}

bool HugePagesOffered() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(f, mode);
  return !mode.empty() && mode.find("[never]") == std::string::npos;
}

TEST(TuneHeap, LargeAndOtherThreadsBlocksInTheAdvisedHeap) {
  if (!HugePagesOffered()) GTEST_SKIP() << "the kernel offers no transparent huge pages";
  ASSERT_TRUE(TuneHeap());
  void* large = std::malloc(4 << 20);
  ASSERT_NE(large, nullptr);
  EXPECT_NE(FlagsOfMappingAt(large).find(" hg "), std::string::npos) << FlagsOfMappingAt(large);
  // The first block after TuneHeap starts at a 2 MB boundary (past its chunk header), so
  // huge pages back it from its first byte; glibc alone puts it where the heap's free top
  // happens to start, inside a 2 MB part only 4 KB pages can back.
  EXPECT_LT(reinterpret_cast<uintptr_t>(large) % (uintptr_t{2} << 20), 4096u) << large;
  std::free(large);
}

TEST(TuneHeap, AnotherThreadsArenaAdvisedToo) {
  if (!HugePagesOffered()) GTEST_SKIP() << "the kernel offers no transparent huge pages";
  TuneHeap();  // (done already by the test above when both run: then it finds nothing to do)
  void* mine = std::malloc(1 << 20);
  void* theirs = nullptr;
  std::thread([&] {
    TuneThreadHeap();
    theirs = std::malloc(1 << 20);
  }).join();
  ASSERT_NE(mine, nullptr);
  ASSERT_NE(theirs, nullptr);
  // Its own arena: another mapping than the main heap's.
  EXPECT_NE(FlagsOfMappingAt(theirs), "");
  const uintptr_t a = reinterpret_cast<uintptr_t>(mine), b = reinterpret_cast<uintptr_t>(theirs);
  EXPECT_GT(a > b ? a - b : b - a, uintptr_t{64} << 20) << mine << " " << theirs;
  EXPECT_NE(FlagsOfMappingAt(theirs).find(" hg "), std::string::npos) << FlagsOfMappingAt(theirs);
  std::free(theirs);
  std::free(mine);
}

}  // namespace
}  // namespace wasmc::driver
