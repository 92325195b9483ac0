#include "compiler/driver/heap.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace wasmc::driver {
namespace {
// The block before the first huge page of the heap (TuneHeap), held until exit.
// (volatile: the compiler may drop a malloc whose block is never read)
[[maybe_unused]] void* volatile heap_filler = nullptr;
}  // namespace

bool TuneHeap() {
#if defined(__GLIBC__)
  // Every thread allocates from the one (main) arena: a second arena is a heap of its
  // own, faulted in separately and not advised below. The threads' small blocks come
  // from their per-thread caches, so they rarely meet at the arena's lock.
  mallopt(M_ARENA_MAX, 1);
  // Blocks up to 32 MB (glibc's upper bound for this setting) from the heap, not from an
  // mmap each that is faulted in again at every reallocation.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // Never return the top of the heap to the kernel: the process ends soon anyway.
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(1u << 30));
  // Grow the heap by 64 MB at a time, so one advice below covers all of a compile.
  constexpr size_t kStep = size_t{64} << 20;
  mallopt(M_TOP_PAD, static_cast<int>(kStep));
#if defined(MADV_HUGEPAGE)
  // Make the heap grow now: a block larger than all of its free space together.
  char* const before = static_cast<char*>(sbrk(0));
  const struct mallinfo2 info = mallinfo2();
  // (volatile: a malloc whose block is only freed may be left out by the compiler)
  void* volatile p = std::malloc(info.fordblks + 4096);
  char* const after = static_cast<char*>(sbrk(0));
  std::free(p);  // back into the top of the heap (not trimmed)
  if (before == reinterpret_cast<char*>(-1) || after == reinterpret_cast<char*>(-1) || after <= before)
    return false;  // the block came from elsewhere (no brk heap)
  // From the start of the free top of the heap (the next blocks come from there) to
  // the new end; the kernel uses huge pages for the 2 MB-aligned parts not yet touched.
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t lo = (reinterpret_cast<uintptr_t>(before) - info.keepcost) & ~(page - 1);
  const uintptr_t hi = reinterpret_cast<uintptr_t>(after) & ~(page - 1);
  if (hi <= lo) return false;
  if (madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE) != 0) return false;
  // Huge pages back only the 2 MB-aligned parts: the free top of the heap starts inside
  // one such part, in 4 KB pages, and the next blocks (the input file, 1 MB for SQLite)
  // would come from there, one fault per 4 KB (~250 faults; `wasmc -v` read 1-9 ms, not
  // 0.2 ms, on this project's VM).
  // So the heap's blocks start at the next 2 MB boundary: a block up to there is taken
  // and kept (never touched but for its header: no memory, only addresses).
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const struct mallinfo2 now = mallinfo2();
  const uintptr_t top = reinterpret_cast<uintptr_t>(sbrk(0)) - now.keepcost;  // the top chunk
  const uintptr_t boundary = (top + kHuge - 1) & ~(kHuge - 1);
  // A block of n bytes from the top chunk takes n + 8 rounded up to 16 (its header and
  // the alignment of chunks): n = boundary - top - 8 ends exactly at the boundary.
  if (boundary - top >= 64 && boundary - top < now.keepcost) heap_filler = std::malloc(boundary - top - 8);
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace wasmc::driver
