// Constants of a dispatch moved onto the br_table edges that read them (-O2, before the
// webs; docs/backend.md "Register allocation", "Constants of a dispatch").
#pragma once

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

// In the block of each kBrTable in a loop, `v = const K` where v is a variable (several
// definitions) that nothing after it in the block reads or writes moves onto the
// table's edges into the targets where v is live (a dataflow over those variables
// only): into the target itself when that block is its only way in, else into an edge
// block right after the br_table (`L: v = K; jump T`, the table's entries for T
// retargeted to L). Returns whether it changed fn.
bool SinkDispatchConstants(ir::Function& fn);

}  // namespace wasmc::regalloc
