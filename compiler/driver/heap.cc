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
// The same for the heap of each thread that called TuneThreadHeap.
[[maybe_unused]] thread_local void* volatile thread_heap_filler = nullptr;
}  // namespace

bool TuneHeap() {
#if defined(__GLIBC__)
  // Other threads keep glibc's default: an arena of their own each (compiling threads
  // advise theirs in TuneThreadHeap). One arena shared by two compiling threads cost
  // -O1 -j2 a third more CPU than -j1 (the lock and its cache line, taken for every
  // block the per-thread caches do not hold).
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

void TuneThreadHeap() {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  // A thread's arena (not the main one) lives in heaps glibc maps itself: reservations
  // of 64 MB (HEAP_MAX_SIZE on 64-bit: twice the largest mmap threshold), each aligned
  // to its size, the arena's header at the start, grown by changing the protection of
  // what follows. The first block this thread takes creates (or reuses) its arena; the
  // heap holding it starts at the block's address rounded down to 64 MB.
  void* const probe = std::malloc(64);
  if (probe == nullptr) return;
  const uintptr_t at = reinterpret_cast<uintptr_t>(probe);
  std::free(probe);
  // The main arena's blocks lie below the break; the mappings of the others far above.
  if (at < reinterpret_cast<uintptr_t>(sbrk(0))) return;
  constexpr uintptr_t kHeapMax = uintptr_t{64} << 20;
  // Advice only: where glibc's layout differs, it applies to whatever is mapped there,
  // or fails (ENOMEM over a hole), harmlessly either way.
  if (madvise(reinterpret_cast<void*>(at & ~(kHeapMax - 1)), kHeapMax, MADV_HUGEPAGE) != 0) return;
  // The heap's first 2 MB holds the arena's header, touched already in 4 KB pages, so
  // the kernel backs the rest of it in 4 KB pages too (~370 faults more per thread on
  // SQLite): as in TuneHeap, a block up to the next 2 MB boundary is taken and kept
  // (never touched). A new small block comes from the top of the heap: where that begins.
  void* const top_probe = std::malloc(16);
  if (top_probe == nullptr) return;
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t top = reinterpret_cast<uintptr_t>(top_probe) + 16;  // past its 32-byte chunk
  const uintptr_t boundary = (top + kHuge - 1) & ~(kHuge - 1);
  if (boundary - top >= 64 && boundary - top < kHuge) thread_heap_filler = std::malloc(boundary - top - 8);
  std::free(top_probe);
#endif
}

}  // namespace wasmc::driver
