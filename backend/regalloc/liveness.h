// Liveness and live intervals for the linear-scan allocator (regalloc.h).
//
// Regions: the function is cut into regions that start at a kLabel or after a
// conditional branch and end at a terminator/branch, so each region has only
// end-of-region successors. Values used in more than one region ("global") get
// bit-vector dataflow; region-local values get their interval from their positions.
// Provides: the live ranges of every vreg (with holes where it is dead) and their hull,
// and removes dead pure instructions (a backward walk per region).
#pragma once

#include <cstdint>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

// A live range [start, end], both inclusive, in positions (2i use, 2i+1 def).
struct Range {
  uint32_t start = 0, end = 0;
};

struct Intervals {
  // Per vreg: its ranges are ranges[range_begin[v] .. range_begin[v+1]), sorted and
  // disjoint; start/end are the hull (start > end: the vreg is never live).
  std::vector<Range> ranges;
  std::vector<uint32_t> range_begin;
  std::vector<uint32_t> start, end;
  std::vector<uint32_t> num_defs;    // per vreg
  std::vector<float> weight;         // per vreg: uses+defs weighted by loop depth
  std::vector<uint32_t> call_positions;  // instruction indices of calls, ascending
};

Intervals ComputeIntervals(ir::Function& fn);

}  // namespace wasmc::regalloc
