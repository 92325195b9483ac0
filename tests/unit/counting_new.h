// A replacement global operator new that counts the blocks of at least a given size
// taken while counting is on, for tests of how many large blocks a step allocates
// (tests/unit/link/, tests/unit/lower/compile_arrays_test.cc). It defines the
// replacement functions: include it in one source file of a test executable only.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace wasmc::test {

struct LargeBlockCounter {
  std::atomic<bool> on{false};
  std::atomic<int> blocks{0};
  std::atomic<size_t> at_least{0};

  // Counts the blocks of `size` bytes or more that f() takes (on any thread).
  template <typename F>
  int Count(size_t size, F&& f) {
    at_least = size;
    blocks = 0;
    on = true;
    f();
    on = false;
    return blocks.load();
  }
};
inline LargeBlockCounter large_blocks;

}  // namespace wasmc::test

// (GCC sees the malloc in the replacement and takes the frees below for mismatched.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t n) {
  wasmc::test::LargeBlockCounter& c = wasmc::test::large_blocks;
  if (c.on.load(std::memory_order_relaxed) && n >= c.at_least.load(std::memory_order_relaxed)) c.blocks.fetch_add(1);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
