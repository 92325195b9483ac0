// The C library's heap, set up for the way wasmc allocates (docs/performance.md,
// "Compile throughput"): one short process that builds up tens of MB (IR, allocation
// tables, code buffers, the object, the linked file) and exits.
//
// By default glibc's malloc takes every block of 128 KB or more from its own mmap, a
// second thread gets an arena of its own, and all of it is faulted in 4 KB pages: on
// this project's machine (a VM with page-table isolation) compiling SQLite at -O2 took
// ~6,200 page faults on one thread and ~9,000 on two, a fifth of its CPU time. Here the
// heap is one arena, grown in large steps, never given back before exit, and the kernel
// is asked to back it with transparent huge pages (2 MB), where it offers them
// (`madvise` mode, the default of most distributions), its blocks starting at the first
// 2 MB boundary of that part (before it, only 4 KB pages are possible; a fault there
// costs microseconds on that machine). Measured on 2 cores only: with
// many `-j` threads the one arena's lock (taken for blocks the per-thread caches do
// not hold) may become a point of contention.
#pragma once

namespace wasmc::driver {

// Sets the heap up as above; call once, early in main (before threads start).
// True when the heap's new part was advised to use huge pages (false where the C
// library or the kernel offers no such thing; the allocator settings still apply).
bool TuneHeap();

}  // namespace wasmc::driver
