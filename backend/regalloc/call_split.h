// Splitting of spilled values at their uses between calls: an IR rewrite after the
// scan that changes no other value's location (regalloc.h).
//
// A value the scan put in a frame slot (it crosses a call and no callee-saved register
// was free, or pressure evicted it) is read from and written to memory at every
// occurrence. SplitAtUses gives it, within one *segment* (straight-line code: from a
// label, a call or a block end to the next; a conditional branch does not end one), a
// register copy v' when that saves memory reads:
//   - before the first use in the segment: v' = mov v (the reload);
//     a first occurrence that is a definition writes v' directly;
//   - every use and def of v in the segment reads / writes v' instead;
//   - after each def, v = mov v' while v is live (the store), so v's slot is always
//     current and code outside the segment (branch targets, later segments, landing
//     pads) keeps reading v as before.
// A call's arguments belong to the segment before it, its results to the one after, so
// v' never lives across a call and may take a caller-saved register.
// Segments of one value join into one group, one copy, across labels: a run of its
// segments between two calls (no call, no kEhEdge inside) whose labels are entered only
// from inside the run's instruction range [first, last]. Every path to an occurrence
// then passes the first occurrence (the reload or the first def) and stays in the range
// where the copy's register is free, whatever the branches in between do. A def is
// stored where v is read outside the group: past its last occurrence, or at a branch
// leaving it for a label where v is live (a later branch; any, when one goes back).
// A joined group that finds no register falls back to its segments.
// v' gets a register only where the final allocation leaves one free over v''s whole
// range (no other value in it, in old positions), chosen greedily by the memory reads
// saved (weighted by loop depth); caller-saved registers first, then callee-saved ones
// the function saves anyway. A segment whose v' finds no register is left unchanged,
// so nothing is re-allocated and liveness is not recomputed: old locations stay valid
// because inserted instructions only touch v (in its own slot, while live) and v'.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/ir/ir.h"
#include "backend/regalloc/liveness.h"
#include "backend/regalloc/regalloc.h"

namespace wasmc::regalloc {

// Rewrites fn and extends alloc.locs with the new vregs' registers. `iv`: the
// intervals the allocation was made from (positions of fn as it is).
void SplitAtUses(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs, Allocation& alloc);

// The loop splitting of split.h and SplitAtUses in one rewrite, without a second scan:
// each loop vreg (a loop's or a nest's part) takes a register left free over its loop
// (its entry and exit moves included) where there is one; a part that finds none is
// dropped, its variable keeps its slot in that loop. `want`: the vregs the loops may
// split (those in slots).
void SplitAtUsesAndLoops(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs,
                         Allocation& alloc, const std::vector<uint8_t>& want);

}  // namespace wasmc::regalloc
