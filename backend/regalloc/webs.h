// Webs: one vreg per independent value of a variable (an IR rewrite before liveness).
//
// A web is a set of definitions of a variable and the uses they reach, joined when one
// use is reached by several definitions. Two webs of one variable never meet: no use
// reads both, so they need not share a location. The wasm that LLVM emits reuses a
// local for unrelated values (its register colouring merges virtual registers), and
// the allocator gives a vreg one location for its whole life: a local that holds a
// loop counter in one place and a value live across a call in another had to take a
// callee-saved register or a slot everywhere (lz's `cand`, docs/performance.md).
// SplitWebs gives every web but the first of each variable a fresh vreg of the same
// type. No instruction is added or moved, so code that never reads two webs of one
// variable in one place is unchanged but for vreg numbers.
//
// The first web of a variable (the one with its lowest node: a param's entry value, as
// region 0's live-in nodes come first) keeps the old number; so do the results
// pointer and every vreg of a function with exception edges (kEhEdge: the landing
// pads' values are left exactly as they were) or with an operand in Function::extra
// that two instructions share (renaming it for one would rename it for both).
//
// Requires: the IR verifier's definedness (every use reached by a definition on each
// path) and the function's region liveness. Provides: the same program with more
// vregs, and its region liveness, derived without a second dataflow: the regions are
// the same, and a web is live into a region exactly where its variable was and the
// variable's value there belongs to the web (a path from the region to a use of the
// web that passed another web's definition would carry that web's value to the use).
// A new web is global when it is live into some region (the others occur in one region
// only); a variable's first web keeps its global index, perhaps with no bit left (like
// a param never read). live_out is the union of the successors' live_in again.
#pragma once

#include <cstdint>

#include "backend/ir/ir.h"
#include "backend/regalloc/liveness.h"

namespace wasmc::regalloc {

// `lv`: RegionLiveness(fn), updated to the result's. Returns the number of vregs added.
uint32_t SplitWebs(ir::Function& fn, RegionLiveness& lv);

}  // namespace wasmc::regalloc
