#include "backend/regalloc/split.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "backend/regalloc/liveness.h"

namespace wasmc::regalloc {
namespace {

using ir::Inst;
using ir::Opcode;
using ir::VReg;
using Function = ir::Function;

// Calls f(uint32_t& label) for every branch target of the instruction (ir.h ForEachTarget).
template <typename F>
void ForEachTargetRef(Function& fn, Inst& in, F&& f) {
  if (in.op == Opcode::kBrTable) {
    for (uint32_t k = 0; k < in.extra_count; ++k) f(fn.extra[in.extra_begin + k]);
    return;
  }
  bool branches = false;
  ir::ForEachTarget(fn, in, [&](uint32_t) { branches = true; });
  if (branches) f(in.index);  // kJump, kBrIf, kBrCmp, kEhEdge: the one label in `index`
}

struct Loop {
  uint32_t h = 0, e = 0;        // instruction range [h, e]: header label .. last back edge
  bool ok = true;               // single entry, no kEhEdge inside
  uint32_t entry = ~0u;         // the label just before the entry moves (when split)
  std::vector<VReg> split;      // the variables given a loop-local vreg
};

class Splitter {
 public:
  Splitter(Function& fn, const std::vector<uint8_t>& want, const RegionLiveness* lv,
           LoopSplitHooks* hooks)
      : fn_(fn), want_(want), lv_(lv), hooks_(hooks), n_(static_cast<uint32_t>(fn.insts.size())) {}

  uint32_t Run() {
    if (n_ == 0 || !ir::IsTerminator(fn_.insts.back().op)) return 0;
    if (!FindLoops()) return 0;
    CheckEntries();
    if (std::none_of(loops_.begin(), loops_.end(), [](const Loop& l) { return l.ok; })) return 0;
    RegionLiveness own;
    if (!lv_) own = RegionLiveness(fn_);
    const RegionLiveness& lv = lv_ ? *lv_ : own;
    ChooseVariables();
    if (hooks_) {
      std::vector<LoopPart> parts;
      for (const Loop& l : loops_)
        for (VReg v : l.split) parts.push_back({v, l.h, l.e});
      if (parts.empty()) return 0;
      hooks_->placed = hooks_->place(parts);
    }
    uint32_t done = 0;
    for (Loop& l : loops_)
      if (!l.split.empty()) Rewrite(l, lv), ++done;
    if (done == 0) return 0;
    RedirectEntries();
    Rebuild();
    return done;
  }

 private:
  // Innermost loops: a label targeted by a later branch, whose range holds no other
  // such label. They are disjoint and sorted by header.
  bool FindLoops() {
    label_pos_.assign(fn_.num_labels, ~0u);
    for (uint32_t i = 0; i < n_; ++i)
      if (fn_.insts[i].op == Opcode::kLabel) label_pos_[fn_.insts[i].index] = i;
    std::vector<std::pair<uint32_t, uint32_t>> back;  // (header, branch)
    for (uint32_t i = 0; i < n_; ++i)
      ir::ForEachTarget(fn_, fn_.insts[i], [&](uint32_t l) {
        if (label_pos_[l] <= i) back.push_back({label_pos_[l], i});
      });
    if (back.empty()) return false;
    std::sort(back.begin(), back.end());
    std::vector<Loop> all;
    for (auto [h, i] : back) {
      if (all.empty() || all.back().h != h) all.push_back({h, i, true, ~0u, {}});
      all.back().e = std::max(all.back().e, i);
    }
    for (size_t k = 0; k < all.size(); ++k)
      if (k + 1 == all.size() || all[k + 1].h > all[k].e) loops_.push_back(all[k]);
    return !loops_.empty();
  }

  // LoopOf for ascending instructions, without a search per instruction (the loops are
  // disjoint and sorted): At(i) for i = 0, 1, 2...
  class LoopSweep {
   public:
    explicit LoopSweep(std::vector<Loop>& loops) : loops_(loops) {}
    Loop* At(uint32_t i) {
      while (k_ < loops_.size() && loops_[k_].e < i) ++k_;
      return k_ < loops_.size() && loops_[k_].h <= i ? &loops_[k_] : nullptr;
    }

   private:
    std::vector<Loop>& loops_;
    size_t k_ = 0;  // the first loop that ends at or after the last i asked
  };

  // The candidate loop containing instruction i, or nullptr.
  Loop* LoopOf(uint32_t i) {
    auto it = std::upper_bound(loops_.begin(), loops_.end(), i,
                               [](uint32_t x, const Loop& l) { return x < l.h; });
    if (it == loops_.begin()) return nullptr;
    --it;
    return i <= it->e ? &*it : nullptr;
  }

  // A loop is entered from outside only at its header, and holds no kEhEdge (its
  // landing pads must stay where the runtime delivers exceptions) and no call (its
  // vregs would cross the call and compete for the few callee-saved registers: on
  // SQLite that left a third of them in slots, each entry and exit then a memory copy).
  void CheckEntries() {
    LoopSweep sweep(loops_);
    for (uint32_t i = 0; i < n_; ++i) {
      const Inst& in = fn_.insts[i];
      Loop* from = sweep.At(i);
      if (from && (in.op == Opcode::kEhEdge || ir::IsCall(in.op))) from->ok = false;
      ir::ForEachTarget(fn_, in, [&](uint32_t l) {
        Loop* to = LoopOf(label_pos_[l]);
        if (to && to != from && (label_pos_[l] != to->h || in.op == Opcode::kEhEdge)) to->ok = false;
      });
    }
  }

  // Per loop: the wanted variables that occur in it and outside it (or are params), except
  // constants (used as immediates; a copy would cost a register) and the results
  // pointer (tail calls keep it live by name).
  void ChooseVariables() {
    const uint32_t nv = fn_.NumVRegs();
    std::vector<uint32_t> occ(nv, 0), defs(nv, 0);
    std::vector<uint8_t> const_def(nv, 0);
    for (const Inst& in : fn_.insts) {
      ir::ForEachUse(fn_, in, [&](VReg v) { ++occ[v]; });
      ir::ForEachDef(fn_, in, [&](VReg v) {
        ++occ[v];
        ++defs[v];
        if (in.op == Opcode::kConst) const_def[v] = 1;
      });
    }
    std::vector<uint32_t> in_loop(nv, 0);
    std::vector<VReg> seen;
    for (Loop& l : loops_) {
      if (!l.ok) continue;
      seen.clear();
      auto note = [&](VReg v) {
        if (in_loop[v]++ == 0) seen.push_back(v);
      };
      for (uint32_t i = l.h; i <= l.e; ++i) {
        ir::ForEachUse(fn_, fn_.insts[i], note);
        ir::ForEachDef(fn_, fn_.insts[i], note);
      }
      std::sort(seen.begin(), seen.end());
      for (VReg v : seen) {
        const bool param = v < fn_.num_params;
        const bool constant = !param && defs[v] == 1 && const_def[v];
        const bool wanted = v < want_.size() && want_[v];
        if ((param || occ[v] > in_loop[v]) && wanted && !constant && v != fn_.results_ptr)
          l.split.push_back(v);
        in_loop[v] = 0;
      }
      if (!l.split.empty()) l.entry = fn_.num_labels++;
    }
    entry_of_.assign(label_pos_.size(), ~0u);
    for (const Loop& l : loops_)
      if (!l.split.empty()) entry_of_[fn_.insts[l.h].index] = l.entry;
  }

  // Where a branch from outside the loop headed by label l must go.
  uint32_t Entry(uint32_t l) const { return entry_of_[l] != ~0u ? entry_of_[l] : l; }

  Inst Mov(VReg dst, VReg src, const Inst& near) const { return MovInst(fn_, dst, src, near); }

  void Rewrite(Loop& l, const RegionLiveness& lv) {
    const uint32_t nv = fn_.NumVRegs();
    if (inner_.size() < nv) inner_.resize(nv, ir::kNoVReg);
    std::vector<std::pair<VReg, VReg>> pairs;  // (outer, inner)
    for (VReg v : l.split) {
      VReg w = fn_.NewVReg(fn_.vreg_types[v]);
      inner_[v] = w;
      if (hooks_) hooks_->inner.push_back(w);
      pairs.push_back({v, w});
    }
    // Entry: the new label, then the moves into the loop's vregs (at the outer depth).
    Inst at = fn_.insts[l.h];
    at.loop_depth = at.loop_depth > 0 ? at.loop_depth - 1 : 0;
    inserts_.push_back({l.h, Inst{.op = Opcode::kLabel, .loop_depth = at.loop_depth,
                                  .index = l.entry, .marker = at.marker}});
    for (auto [v, w] : pairs)
      if (lv.LiveInAt(v, l.h)) inserts_.push_back({l.h, Mov(w, v, at)});
    // Exits: moves back into the outer vregs live at the target.
    auto exit_moves = [&](uint32_t pos, const Inst& near, std::vector<Inst>& out) {
      for (auto [v, w] : pairs)
        if (lv.LiveInAt(v, pos)) out.push_back(Mov(v, w, near));
    };
    std::vector<std::pair<uint32_t, uint32_t>> edge_label;  // (target label, edge block label)
    std::vector<Inst> moves;
    for (uint32_t i = l.h; i <= l.e; ++i) {
      Inst& in = fn_.insts[i];
      auto rename = [&](VReg& v) {
        if (v < inner_.size() && inner_[v] != ir::kNoVReg) v = inner_[v];
      };
      ir::ForEachDef(fn_, in, rename);
      ir::ForEachUse(fn_, in, rename);
      ForEachTargetRef(fn_, in, [&](uint32_t& label) {
        const uint32_t t = label_pos_[label];
        if (t >= l.h && t <= l.e) return;
        auto it = std::find_if(edge_label.begin(), edge_label.end(),
                               [&](auto& p) { return p.first == label; });
        if (it != edge_label.end()) {
          if (it->second != ~0u) label = it->second;
          return;
        }
        moves.clear();
        exit_moves(t, fn_.insts[t], moves);
        if (moves.empty() || in.op == Opcode::kJump) {
          for (const Inst& m : moves) inserts_.push_back({i, m});
          if (in.op != Opcode::kJump) edge_label.push_back({label, ~0u});
          return;
        }
        const uint32_t x = fn_.num_labels++;
        edge_label.push_back({label, x});
        const Inst& tl = fn_.insts[t];
        appended_.push_back(Inst{.op = Opcode::kLabel, .loop_depth = tl.loop_depth, .index = x,
                                 .marker = in.marker});
        appended_.insert(appended_.end(), moves.begin(), moves.end());
        appended_.push_back(Inst{.op = Opcode::kJump, .loop_depth = tl.loop_depth,
                                 .index = Entry(label), .marker = in.marker});
        label = x;
      });
    }
    if (!ir::IsTerminator(fn_.insts[l.e].op)) {
      moves.clear();
      exit_moves(l.e + 1, fn_.insts[l.e + 1], moves);
      for (const Inst& m : moves) inserts_.push_back({l.e + 1, m});
    }
    for (VReg v : l.split) inner_[v] = ir::kNoVReg;
  }

  // Branches from outside a split loop to its header go to its entry label instead.
  void RedirectEntries() {
    LoopSweep sweep(loops_);
    for (uint32_t i = 0; i < n_; ++i) {
      Loop* from = sweep.At(i);
      ForEachTargetRef(fn_, fn_.insts[i], [&](uint32_t& label) {
        if (label >= entry_of_.size() || entry_of_[label] == ~0u) return;
        if (from && fn_.insts[from->h].index == label) return;  // a back edge
        label = entry_of_[label];
      });
    }
  }

  void Rebuild() {
    if (hooks_ && hooks_->placed) {
      inserts_.insert(inserts_.begin(), hooks_->before.begin(), hooks_->before.end());
      inserts_.insert(inserts_.end(), hooks_->after.begin(), hooks_->after.end());
    }
    InsertInstructions(fn_, inserts_, appended_);
  }

  Function& fn_;
  const std::vector<uint8_t>& want_;
  const RegionLiveness* lv_;
  LoopSplitHooks* hooks_;
  const uint32_t n_;
  std::vector<uint32_t> label_pos_;  // original label id -> instruction index
  std::vector<Loop> loops_;
  std::vector<uint32_t> entry_of_;   // header label -> its loop's entry label, or ~0u
  std::vector<VReg> inner_;          // while rewriting a loop: outer vreg -> inner vreg
  std::vector<std::pair<uint32_t, Inst>> inserts_;  // (before original inst, new inst)
  std::vector<Inst> appended_;       // edge blocks, after the last instruction
};

}  // namespace

Inst MovInst(const Function& fn, VReg dst, VReg src, const Inst& near) {
  return Inst{.op = Opcode::kMov, .type = fn.vreg_types[dst], .loop_depth = near.loop_depth,
              .dst = dst, .a = src, .marker = near.marker};
}

void InsertInstructions(Function& fn, std::vector<std::pair<uint32_t, Inst>>& inserts,
                        const std::vector<Inst>& appended) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::stable_sort(inserts.begin(), inserts.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Inst> out;
  out.reserve(n + inserts.size() + appended.size());
  std::vector<uint32_t> new_pos(n + 1);
  // The runs of instructions between two insertion points are copied as blocks.
  size_t k = 0;
  for (uint32_t i = 0;;) {
    const uint32_t stop = k < inserts.size() ? std::min(inserts[k].first, n) : n;
    const uint32_t shift = static_cast<uint32_t>(out.size()) - i;
    for (uint32_t j = i; j < stop; ++j) new_pos[j] = j + shift;
    out.insert(out.end(), fn.insts.begin() + i, fn.insts.begin() + stop);
    i = stop;
    new_pos[i] = static_cast<uint32_t>(out.size());  // inserts before i go with i's marker
    for (; k < inserts.size() && inserts[k].first == i; ++k) out.push_back(inserts[k].second);
    if (i == n) break;
    out.push_back(fn.insts[i++]);
  }
  out.insert(out.end(), appended.begin(), appended.end());
  for (ir::Marker& m : fn.markers) m.first_inst = new_pos[std::min(m.first_inst, n)];
  fn.insts = std::move(out);
  fn.label_block.resize(fn.num_labels, ~0u);
  for (uint32_t i = 0; i < fn.insts.size(); ++i)
    if (fn.insts[i].op == Opcode::kLabel) fn.label_block[fn.insts[i].index] = i;
}

uint32_t SplitLoopLiveRanges(Function& fn, const std::vector<uint8_t>& want,
                             const RegionLiveness* liveness, LoopSplitHooks* hooks) {
  return Splitter(fn, want, liveness, hooks).Run();
}

}  // namespace wasmc::regalloc
