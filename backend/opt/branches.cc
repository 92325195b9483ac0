// Branch folding, jump threading and unreachable-block removal (backend/opt/opt.h).
//
// Removed instructions become kNop, so instruction indices (markers, label_block) stay.
// Taking edges away only removes predecessors from joins, which never makes a value
// undefined on a path that is still there.
#include <algorithm>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

using ir::Cond;
using ir::Inst;
using ir::Opcode;

class BranchFolder {
 public:
  // (Its vectors are the thread's FoldFacts.)
  BranchFolder(ir::Function& fn, DefCounts& counts, FoldFacts& sc = ThreadFoldFacts())
      : fn_(fn), counts_(counts), known_(sc.known), val_(sc.val), label_inst_(sc.label_inst),
        branches_(sc.branches), calls_(sc.calls) {}

  // `walked`: the vectors hold what the fold just before found (opt.h), no walk needed.
  bool Run(const std::vector<uint32_t>& defs, bool walked) {
    std::vector<uint32_t>& branches = branches_;
    if (!walked) Walk(defs);
    // (The builder leaves no unreachable blocks: only a folded or threaded branch
    // makes some.)
    for (uint32_t i : branches) FoldBranch(i);
    if (changed_) RemoveUnreachable();
    const bool folded = changed_;
    for (uint32_t i : branches) Thread(i);
    if (changed_ != folded) RemoveUnreachable();  // blocks only reached through a threaded jump
    return changed_;
  }

  // One walk: the constants, the labels and the branches, the only instructions the
  // folds below look at (folding makes jumps and nops of them, removal nops).
  void Walk(const std::vector<uint32_t>& defs) {
    known_.assign(fn_.NumVRegs(), 0);
    val_.assign(fn_.NumVRegs(), 0);
    label_inst_.assign(fn_.num_labels, ~0u);
    std::vector<uint32_t>& branches = branches_;
    branches.clear();
    calls_.clear();
    for (uint32_t i = 0; i < fn_.insts.size(); ++i) {
      const Inst& in = fn_.insts[i];
      switch (in.op) {
        case Opcode::kConst:
          if (defs[in.dst] == 1) known_[in.dst] = 1, val_[in.dst] = in.imm;
          break;
        case Opcode::kLabel: label_inst_[in.index] = i; break;
        case Opcode::kJump: case Opcode::kBrIf: case Opcode::kBrCmp: case Opcode::kBrTable: case Opcode::kEhEdge:
          branches.push_back(i);  // (kEhEdge: for LICM, util.h FoldFacts; no fold takes it)
          break;
        default:
          if (ir::IsCall(in.op)) calls_.push_back(i);
          break;
      }
    }
  }

 private:
  bool Known(ir::VReg v) const { return v != ir::kNoVReg && known_[v]; }
  void Set(Inst& in, Inst with) {
    with.marker = in.marker;
    with.loop_depth = in.loop_depth;
    in = with;
    changed_ = true;
  }

  void FoldBranch(uint32_t i) {
    Inst& in = fn_.insts[i];
    int taken = -1;
    if (in.op == Opcode::kBrIf && Known(in.a)) taken = ir::BrIfTaken(in, val_[in.a]);
    if (in.op == Opcode::kBrCmp) {
      if (Known(in.a) && Known(in.b)) taken = EvalCond(in.cond, in.type, val_[in.a], val_[in.b]);
      else if (in.a == in.b) taken = EvalCond(in.cond, in.type, 0, 0);
    }
    if (in.op == Opcode::kBrTable && Known(in.a)) {
      return Set(in, {.op = Opcode::kJump, .index = fn_.extra[in.extra_begin + ir::BrTableTargetIndex(in, val_[in.a])]});
    }
    if (taken == 1) Set(in, {.op = Opcode::kJump, .index = in.index});
    if (taken == 0) Set(in, {.op = Opcode::kNop});
  }

  // The first instruction control reaches from inst i on, past labels and nops.
  uint32_t NextReal(uint32_t i) const {
    while (i < fn_.insts.size() && (fn_.insts[i].op == Opcode::kLabel || fn_.insts[i].op == Opcode::kNop)) ++i;
    return i;
  }
  // Where a branch to `label` ends up: through blocks that only jump (at most a few
  // hops; a cycle of such blocks is an empty infinite loop and stays).
  uint32_t Final(uint32_t label) const {
    for (int hops = 0; hops < 8; ++hops) {
      const uint32_t j = NextReal(label_inst_[label] + 1);
      if (j >= fn_.insts.size() || fn_.insts[j].op != Opcode::kJump || fn_.insts[j].index == label) break;
      label = fn_.insts[j].index;
    }
    return label;
  }
  void Retarget(uint32_t& label) {
    const uint32_t to = Final(label);
    if (to != label) label = to, changed_ = true;
  }
  void Thread(uint32_t i) {
    Inst& in = fn_.insts[i];
    switch (in.op) {
      case Opcode::kJump: case Opcode::kBrIf: case Opcode::kBrCmp:
        Retarget(in.index);
        // A branch to where control falls through anyway (past labels and removed code).
        if (NextReal(i + 1) == NextReal(label_inst_[in.index] + 1)) Set(in, {.op = Opcode::kNop});
        return;
      case Opcode::kBrTable:
        for (uint32_t k = 0; k < in.extra_count; ++k) Retarget(fn_.extra[in.extra_begin + k]);
        return;
      default: return;
    }
  }

  void RemoveUnreachable() {
    const std::vector<uint8_t> reached = ReachableInsts(fn_);
    for (uint32_t i = 0; i < fn_.insts.size(); ++i) {
      if (reached[i] || fn_.insts[i].op == Opcode::kNop) continue;
      ir::ForEachDef(fn_, fn_.insts[i], [&](ir::VReg v) { counts_.Removed(v); });
      Set(fn_.insts[i], {.op = Opcode::kNop});
    }
  }

  ir::Function& fn_;
  DefCounts& counts_;  // kept exact (opt.h): Run's definition counts are its
  std::vector<uint8_t>& known_;
  std::vector<uint64_t>& val_;
  std::vector<uint32_t>& label_inst_;
  std::vector<uint32_t>& branches_;  // (Run's)
  std::vector<uint32_t>& calls_;     // (Walk notes them for LICM)
  bool changed_ = false;
};

}  // namespace

bool FoldBranches(ir::Function& fn, DefCounts& defs, bool after_fold) {
  if (!BranchFolder(fn, defs).Run(defs.Of(fn), after_fold)) return false;
  defs.Kept(fn);  // (no new vregs; the deleted instructions' definitions taken away)
  return true;
}
bool FoldBranches(ir::Function& fn) {
  DefCounts defs;
  return FoldBranches(fn, defs);
}

}  // namespace wasmc::opt
