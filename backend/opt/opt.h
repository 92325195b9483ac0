// The mid-end: cheap passes over the IR between the builder and register allocation
// (docs/backend.md "The mid-end"). Every pass keeps the IR valid for backend/ir/verify.h.
//
// The IR is not SSA (backend/ir/ir.h): the passes only reason about *single-definition*
// values (one defining instruction, or a param never written again). Such a value is
// defined on every path to each of its uses (the builder's IR passes the verifier's
// definedness check), so its definition dominates its uses and it holds the same value
// wherever it is read. Variables with several definitions are never propagated.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::opt {

// What the target lowers, which decides what the mid-end may make (filled by the
// target: MacroAssembler::OptCapabilities).
// `const_in_register` (the target's RegisterInfo::const_in_register, may be null):
// constants worth a register, which LICM moves out of loops even when nothing else moves.
// `vectors`: the target lowers vector operations at its CPU level (MacroAssembler::
// HasVectors), so the loop vectorizer may make them. `shifted_operands`: the target
// lowers kOpShifted (AArch64), so FoldShiftedOperands runs. `multiply_add`: the target
// lowers the multiply-accumulate VecOps (AArch64), so FoldMultiplyAdds runs.
struct TargetCapabilities {
  bool (*const_in_register)(uint64_t bits, ir::Type type) = nullptr;
  bool vectors = false;
  bool shifted_operands = false;
  bool multiply_add = false;
  // Memory accesses take `base + index * 2^k + offset` (k = 1..3; x86-64): the mid-end's
  // FoldScaledIndexes (scaled_index.cc) may give kLoad / kStore a scaled index.
  bool scaled_index = false;
};

// Runs the mid-end on `fn` at -O`opt_level`: nothing below 2, and only the passes
// `target` allows. Requires the loop depths as the builder sets them: a loop's header
// label and body have depth >= 1, so a function whose instructions all have depth 0
// has no back branch and skips the loop passes (checked under WASMC_VERIFY). With the environment variable WASMC_OPT_TIMES set, the time spent per
// pass is summed over the process and printed to stderr at exit.
void OptimizeFunction(ir::Function& fn, int opt_level, const TargetCapabilities& target = {});

// How many instructions define each vreg (a param and the results pointer count one for
// the entry: util.h CountDefs), shared by the passes of one OptimizeFunction: counted
// when a pass first asks, kept while the passes after it change nothing (Changed after
// a pass that changed the function). Each pass below also has a form without it, which
// counts for itself.
//
// A pass that changes the function may keep the counts exact itself instead (no walk to
// count them again): while they are Valid, it takes one definition away from each vreg
// whose definition it deletes (Removed) and then calls Kept, which gives each vreg made
// since one definition: its new vregs must have exactly one each. OptimizeFunction
// checks kept counts under WASMC_VERIFY.
class DefCounts {
 public:
  const std::vector<uint32_t>& Of(const ir::Function& fn);
  void Changed() { valid_ = false; }
  bool Valid() const { return valid_; }
  void Removed(ir::VReg v) {
    if (valid_) --counts_[v];
  }
  void Kept(const ir::Function& fn) {
    if (!valid_) return;
    counts_.resize(fn.NumVRegs(), 1);
    kept_ = true;
  }
  // Whether the last pass kept them (Kept since the last call).
  bool TakeKept() { return std::exchange(kept_, false); }

 private:
  std::vector<uint32_t> counts_;
  bool valid_ = false;
  bool kept_ = false;
};

// The loops as HoistLoopInvariants found them before it changed anything: per label
// some branch at or after it targets, its kLabel's and that last branch's instruction
// indices, in increasing header order. The loop rewriters after it (VectorizeLoops,
// WidenByteCompares), whose candidates start at such a label, scan from these instead of
// walking the function while `valid`: OptimizeFunction clears it after any pass that
// changed the function (the indices move).
struct LoopHeaders {
  std::vector<std::pair<uint32_t, uint32_t>> list;
  bool valid = false;
};

struct FoldFacts;  // (util.h)

// Constant folding of single-definition values, algebraic simplification, copy
// propagation and strength reduction (fold.cc). Returns whether it changed anything.
bool FoldConstants(ir::Function& fn);
bool FoldConstants(ir::Function& fn, DefCounts& defs);
// The same, and `*walked` says whether what its walk found (the single-definition
// constants, each label's kLabel, the branches, the calls) still holds afterwards (it
// inserted nothing): FoldBranches(fn, defs, true) right after it then takes those
// instead of walking the function again (util.h FoldFacts).
bool FoldConstants(ir::Function& fn, DefCounts& defs, bool* walked);

// Branch folding (kBrIf / kBrCmp / kBrTable on constants), jump threading (a branch to
// a block that only jumps goes straight to the final target) and removal of the blocks
// no path reaches (branches.cc). Returns whether it changed anything.
bool FoldBranches(ir::Function& fn);
bool FoldBranches(ir::Function& fn, DefCounts& defs, bool after_fold = false);

// Common-subexpression elimination of pure single-definition computations over the
// dominator tree (cse.cc). Returns whether it changed anything.
bool EliminateCommonSubexpressions(ir::Function& fn);
bool EliminateCommonSubexpressions(ir::Function& fn, DefCounts& defs);

// Loop-invariant code motion of pure, non-trapping single-definition computations
// into a preheader before the loop's header label (licm.cc). Returns whether it moved
// anything. Constants move with the computations that move, and on their own when
// `const_in_register` (may be null) says they are worth a register (regalloc.h).
bool HoistLoopInvariants(ir::Function& fn,
                         bool (*const_in_register)(uint64_t bits, ir::Type type) = nullptr);
// With `facts` (util.h; OptimizeFunction: what the fold or branch folding found, when no
// pass changed the function since), it takes the labels, branches, calls and constants
// from there instead of walking the function.
bool HoistLoopInvariants(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
    DefCounts& defs, LoopHeaders* found = nullptr, const FoldFacts* facts = nullptr);

// Compare-and-branch fusion across the instructions between them (sink_cmp.cc): a
// kCmp / kEqz result (a temporary, or a local) read only by a kBrIf later in the block
// (no label, branch or call between) becomes that branch's kBrCmp / kBrIf of the
// compare's operands; an operand a kMov in between redefines is copied to a new
// temporary just before that move. Returns whether it fused anything.
// With `facts` (util.h, as for LICM) it looks at their branches and labels only.
bool FuseCompareBranches(ir::Function& fn);
bool FuseCompareBranches(ir::Function& fn, DefCounts& defs, const FoldFacts* facts = nullptr);

// Vectorization of innermost counted loops over i32 / i64 elements (vectorize.cc): a
// 128-bit loop in front of the scalar one, taken when run-time checks prove it runs
// what the scalar loop would (trip count, no wrap of addresses, in bounds, stored
// ranges disjoint from the others); the scalar loop runs the rest. Returns whether it
// vectorized a loop.
bool VectorizeLoops(ir::Function& fn);
bool VectorizeLoops(ir::Function& fn, DefCounts& defs, const LoopHeaders* loops = nullptr);

// Byte-compare loops (byte_compare.cc): a loop that loads a byte of each of two ranges,
// leaves on the first difference and counts gets a loop in front of it that compares 8
// bytes of both at a time while both blocks are inside the memory's current size and
// the count allows; the byte loop then finds the exact difference. Returns whether it
// changed a loop.
bool WidenByteCompares(ir::Function& fn);
bool WidenByteCompares(ir::Function& fn, DefCounts& defs, const LoopHeaders* loops = nullptr);

// `x + (y << k)`, k = 1..3, whose shift has no other reader -> one kAddShl (scaled_add.cc);
// then `(x + y) +/- C` and `kAddShl +/- C`, whose sum has no other reader -> a kAddShl
// with C in its displacement, unless `const_in_register` (may be null) keeps C in a
// register. Must run last: the other passes do not know kAddShl. Returns whether it
// changed anything.
bool FoldScaledAdds(ir::Function& fn,
                    bool (*const_in_register)(uint64_t bits, ir::Type type) = nullptr);
bool FoldScaledAdds(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
    DefCounts& defs, bool scaled_index = false);

// A wasm32 access whose address is `(x << k) + C` (or `x * (q << k) + C`, q = 3, 5,
// 9), x's bound proving the 32-bit sum cannot wrap -> the access with x (or x * q, a
// kAddShl) as its index scaled by 2^k and C in its offset, for targets with scaled
// indexes: FoldScaledAdds does it at its end (scaled_index = true) from its own walk's
// facts (util.h FoldScaledIndexes, scaled_index.cc).

// `x OP (y SHIFT k)` (OP add, sub, and, or, xor; SHIFT shl, shr_u, shr_s, and rotl/rotr
// under and/or/xor; k a constant, not 0 modulo the width), whose shift has no other
// reader and whose y is unchanged up to OP in the same block -> one kOpShifted
// (shifted_operand.cc), for targets with shifted-register operands. Runs after
// FoldScaledAdds; no pass after it knows kOpShifted. x may be a constant only where
// `const_in_register` (may be null) keeps it in a register. Returns whether it changed
// anything.
bool FoldShiftedOperands(ir::Function& fn,
                         bool (*const_in_register)(uint64_t bits, ir::Type type) = nullptr);
bool FoldShiftedOperands(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
    DefCounts& defs);

// An i32x4 / i16x8 add of a multiply (either operand) or sub of one (the right), whose
// product has no other reader and whose operands are unchanged up to the add in the
// same block -> one kVec I32x4MulAdd / I32x4MulSub / I16x8MulAdd / I16x8MulSub
// (multiply_add.cc; vec_ops.def, wasmc's own), for targets with multiply-accumulate.
// Returns whether it changed anything.
bool FoldMultiplyAdds(ir::Function& fn);
bool FoldMultiplyAdds(ir::Function& fn, DefCounts& defs);

}  // namespace wasmc::opt
