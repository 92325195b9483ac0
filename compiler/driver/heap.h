// The C library's heap, set up for the way wasmc allocates (docs/performance.md,
// "Compile throughput"): one short process that builds up tens of MB (IR, allocation
// tables, code buffers, the object, the linked file) and exits.
//
// By default glibc's malloc takes every block of 128 KB or more from its own mmap, a
// second thread gets an arena of its own, and all of it is faulted in 4 KB pages: on
// this project's machine (a VM with page-table isolation) compiling SQLite at -O2 took
// ~6,200 page faults on one thread and ~9,000 on two, a fifth of its CPU time. Here the
// main heap is grown in large steps, never given back before exit, and the kernel
// is asked to back it with transparent huge pages (2 MB), where it offers them
// (`madvise` mode, the default of most distributions), its blocks starting at the first
// 2 MB boundary of that part (before it, only 4 KB pages are possible; a fault there
// costs microseconds on that machine). Each compiling thread has an arena of its own
// (glibc's default), advised the same way when the thread starts (TuneThreadHeap): one
// arena shared by two threads made -O1 -j2 cost a third more CPU than -j1 and gain
// only 1.2x in wall time (docs/performance.md, "Compile throughput").
#pragma once

#include <type_traits>
#include <utility>

namespace wasmc::driver {

// Sets the heap up as above; call once, early in main (before threads start).
// True when the heap's new part was advised to use huge pages (false where the C
// library or the kernel offers no such thing; the allocator settings still apply).
bool TuneHeap();

// Advises the heap of the calling thread's arena to use huge pages, as TuneHeap does for
// the main one; call first on each thread that will allocate much (the compiling
// threads: CompileOptions::thread_start). Nothing on the main thread or without glibc.
void TuneThreadHeap();

// Keeps `value` alive until the process exits, never destroyed: for what a one-shot
// compile built (the module, the compiled object; RunCompile), which the process would
// otherwise free block by block just before exiting, when the kernel takes all of it
// back at once anyway (docs/performance.md, "Session 21", serial). Reachable from a
// static, so LeakSanitizer reports none of it. Main thread only; never in a loop (the
// spec runner, `wasmc run`'s cache: they free as usual).
template <typename T>
void KeepUntilExit(T&& value) {
  struct Kept {
    Kept* next;
    std::remove_cvref_t<T> value;
  };
  static Kept* kept = nullptr;
  kept = new Kept{kept, std::forward<T>(value)};
}

}  // namespace wasmc::driver
