// The order in which the -j threads take a module's function bodies
// (compile_functions.cc, FunctionsCompiler::RunParallel).
//
// The calling thread adds each compiled function to the object in function order, so a
// result waits until every function before it is done. Two orders pull against each
// other: taking the largest bodies first lets the threads finish together (in index
// order one of them may start a large function when the rest is done: zstd and pcre2
// would end ~14% over the ideal on 2 threads), but then the small functions, most of
// them, are compiled last, and nearly every result waits for the end (SQLite: 932 of
// its 1021 functions, 98% of the body bytes), all of them added to the object at the
// end, one after the other, while the other threads have nothing left to do. So only
// the large bodies go first; the rest follow in index order and are added to the object
// as they come (docs/performance.md, "Compile throughput").
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace wasmc {

// The defined functions' indexes (0 .. body_sizes.size() - 1) in the order to compile
// them on `threads` threads: first the bodies larger than 1/(32 x threads) of all body
// bytes, largest first (ties in index order), then all others in index order.
std::vector<uint32_t> CompileOrder(std::span<const uint64_t> body_sizes, unsigned threads);

}  // namespace wasmc
