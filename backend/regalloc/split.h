// Live-range splitting at innermost loops, an IR rewrite before liveness (regalloc.h).
//
// The allocator gives a vreg one location for its whole life. A variable that lives
// through a loop, used in it and around it, competes for a register over its whole
// life: where it also crosses a call before or after the loop, or where pressure is
// high somewhere else, it gets a frame slot and the loop reads and writes memory.
// SplitLoopLiveRanges gives each such variable v a fresh vreg v' inside the loop:
//   - before the loop header (on every entry edge): v' = mov v, where v is live;
//   - inside the loop every use and def of v reads / writes v';
//   - on every exit edge into code where v is live: v = mov v'.
// So v is dead inside the loop (its interval has a hole there) and v' is short and
// dense: it wins a register over the long outer range, which may spill. The moves are
// kMov, whose hints (regalloc.cc) put v and v' in one register when that is free.
//
// Which loops: a kLabel h that a later branch e targets (the last such branch ends
// the range [h, e]), containing no other loop header, entered from outside only at h
// (fall-through from h-1, or branches to h, which are redirected to a new label just
// before the entry moves), and with no kEhEdge and no call inside. The allocator runs
// it after a first scan, on the vregs that got slots, then scans again (regalloc.cc). Exits: branches from the range
// to labels outside it, and the fall-through past e. Moves on an exit go before a
// kJump, or into a new edge block appended after the function's last instruction
// (`X: moves; jump T`) for a conditional branch or br_table. The rewrite needs no
// change in the allocator, the IR verifier (apart from temporaries being defined
// again: a split temporary gets a def per exit) or the checker.
//
// Nests: a loop N whose inner loops are all innermost (N's range holds them whole), with
// no call, no kEhEdge and one entry, like the loops above. A wanted variable v that N
// reads only outside its inner loops and never writes (an invariant: a base, a limit, a
// pointer) gets a nest vreg w: `w = mov v` before N's header (a new label, as above) and
// on every exit of an inner loop into N (with the inner loop's own exit moves), w for
// N's reads. w is dead in the inner loops, whose values may then take its register
// there, and v keeps its slot, which stays current (N writes no v): one reload per
// inner-loop exit instead of one per iteration of N, where an inner loop that uses
// every register put v in a slot for all of N (zstd's candidate loop around
// ZSTD_count, docs/performance.md). The return value counts the nests rewritten too.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

struct RegionLiveness;

// Splits only the vregs v with want[v] != 0 (the allocator passes those it put in a
// frame slot). `liveness` (optional): the function's, when already computed (the
// allocator's, from before its dead-code removal: a superset, and the definitions it
// keeps are those of values it says are live). Returns the number of loops rewritten.
// One planned split: variable v gets a loop vreg in the loop [h, e] (instructions of
// the function as it is before the rewrite).
struct LoopPart {
  ir::VReg v = ir::kNoVReg;
  uint32_t h = 0, e = 0;
  // A nest's part: the positions (2i reads, 2i+1 writes, as liveness.h) where its vreg
  // may be live, [2h - 1, 2e + 2] without the inner loops; empty: all of that.
  std::vector<std::pair<uint32_t, uint32_t>> live;
};

// What the caller's own walk over the function already found (call_split.cc: the use
// splitter's), so the loop splitter need not walk every instruction again for it.
struct LoopSplitFacts {
  // The branches (kJump, kBrIf, kBrCmp, kBrTable) and the kEhEdges, each ascending.
  const std::vector<uint32_t>* branches = nullptr;
  const std::vector<uint32_t>* eh_edges = nullptr;
  // Per vreg v with want[v] != 0 (other entries are not read): its occurrences (uses
  // and definitions, as ir::ForEachUse / ForEachDef list them), its definitions, and
  // whether a kConst defines it.
  const uint32_t* occurrences = nullptr;
  const uint32_t* defs = nullptr;
  const uint8_t* const_def = nullptr;
};

// Lets the allocator place the loop vregs itself (regalloc.cc: in registers left free
// by the scan, instead of scanning again) and add its own insertions to the rewrite.
struct LoopSplitHooks {
  // Called once with every planned part before anything changes: gives each a
  // register or drops it (`dropped`) and fills before / after.
  std::function<void(const std::vector<LoopPart>&)> place;
  // More insertions (before original instruction i), placed first / last among those
  // at one place.
  std::vector<std::pair<uint32_t, ir::Inst>> before, after;
  bool placed = false;  // out: `place` was called (there were parts)
  // Out, per part: a part left out (no register for it); the loops and nests are
  // rewritten only for the parts placed.
  std::vector<uint8_t> dropped;
  std::vector<ir::VReg> inner;  // out: the loop vregs, in the order of the parts
  // Optional: the facts of the function as it is (fn.label_block must be current).
  const LoopSplitFacts* facts = nullptr;
};

uint32_t SplitLoopLiveRanges(ir::Function& fn, const std::vector<uint8_t>& want,
                             const RegionLiveness* liveness = nullptr,
                             LoopSplitHooks* hooks = nullptr);

// Helpers of the IR rewrites (this file and call_split.h).

// `dst = mov src` at the loop depth and wasm operator of `near`.
ir::Inst MovInst(const ir::Function& fn, ir::VReg dst, ir::VReg src, const ir::Inst& near);

// Inserts each (i, inst) before original instruction i (i = size: at the end, in order)
// and `appended` after everything; moves the markers and label_block along.
void InsertInstructions(ir::Function& fn, std::vector<std::pair<uint32_t, ir::Inst>>& inserts,
                        const std::vector<ir::Inst>& appended);

}  // namespace wasmc::regalloc
