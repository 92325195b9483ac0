// Liveness and live intervals for the linear-scan allocator (regalloc.h).
//
// Regions: the function is cut into regions that start at a kLabel or after a
// conditional branch and end at a terminator/branch, so each region has only
// end-of-region successors. Values used in more than one region ("global") get
// bit-vector dataflow; region-local values get their interval from their positions.
// Provides: the interval hull [start, end] of every vreg (start > end: never used),
// and removes dead pure instructions (a backward walk per region).
#pragma once

#include <cstdint>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

struct Intervals {
  std::vector<uint32_t> start, end;  // per vreg, in positions (2i use, 2i+1 def)
  std::vector<uint32_t> num_defs;    // per vreg
  std::vector<float> weight;         // per vreg: uses+defs weighted by loop depth
  std::vector<uint32_t> call_positions;  // instruction indices of calls, ascending
};

Intervals ComputeIntervals(ir::Function& fn);

}  // namespace wasmc::regalloc
