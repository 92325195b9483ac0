#include "backend/regalloc/split.h"

#include <algorithm>
#include <type_traits>
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
  // Nests (outers_): the innermost loops inside, [child, child_end) of loops_, and the
  // (variable, nest vreg) pairs. Innermost loops of a nest: the nest's pairs, reloaded
  // on the exits into the nest's range [outer_h, outer_e].
  uint32_t child = 0, child_end = 0;
  std::vector<std::pair<VReg, VReg>> pairs, reloads;
  uint32_t outer_h = 0, outer_e = 0;
  // Nests: the cold regions, disjoint and sorted; inner loops: their nest (nests_), or ~0u.
  std::vector<std::pair<uint32_t, uint32_t>> holes;
  uint32_t nest = ~0u;
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
    auto ok = [](const Loop& l) { return l.ok; };
    if (std::none_of(loops_.begin(), loops_.end(), ok) && std::none_of(nests_.begin(), nests_.end(), ok))
      return 0;
    RegionLiveness own;
    if (!lv_) own = RegionLiveness(fn_);
    const RegionLiveness& lv = lv_ ? *lv_ : own;
    ChooseVariables();
    for (Loop& l : nests_)
      if (l.ok) FindHoles(l);
    ChooseNestVariables(lv);
    if (hooks_) {
      std::vector<LoopPart> parts;
      for (const Loop& l : loops_)
        for (VReg v : l.split) parts.push_back({v, l.h, l.e, {}});
      for (const Loop& l : nests_) {
        if (l.pairs.empty()) continue;
        const std::vector<std::pair<uint32_t, uint32_t>> live = NestPositions(l);
        for (auto [v, w] : l.pairs) parts.push_back({v, l.h, l.e, live});
      }
      if (parts.empty()) return 0;
      hooks_->place(parts);
      hooks_->placed = true;
      // Nests only where their parts found registers left free by the scan: without
      // them the first scan's choice stands (a second scan with the nest vregs gave
      // zstd +5% instructions: their reloads on the inner loops' exits, where the inner
      // loops' results are live, pushed other values to slots).
      // The loops only for the parts that found a register (the others keep their
      // variables' slots there).
      size_t k = 0;
      for (Loop& l : loops_) {
        if (l.split.empty()) continue;
        size_t w = 0;
        for (VReg v : l.split)
          if (!hooks_->dropped[k++]) l.split[w++] = v;
        l.split.resize(w);
        if (w == 0) entry_of_[fn_.insts[l.h].index] = ~0u;  // (no entry moves)
      }
      for (Loop& l : nests_) {
        size_t w = 0;
        for (auto p : l.pairs)
          if (!hooks_->dropped[k++]) l.pairs[w++] = p;
        l.pairs.resize(w);
      }
    }
    MakeNestVRegs();
    uint32_t done = 0;
    for (Loop& l : loops_)
      if (!l.split.empty() || !l.reloads.empty()) Rewrite(l, lv), done += l.split.empty() ? 0 : 1;
    for (Loop& l : nests_)
      if (!l.pairs.empty()) RewriteNest(l, lv), ++done;
    // (Placed: the hooks' insertions go in even when every nest part was dropped.)
    if (done == 0 && !(hooks_ && hooks_->placed)) return 0;
    RedirectEntries();
    Rebuild();
    return done;
  }

 private:
  // Innermost loops: a label targeted by a later branch, whose range holds no other
  // such label. They are disjoint and sorted by header.
  bool FindLoops() {
    if (facts_ && fn_.label_block.size() == fn_.num_labels) {
      // The caller's lists: no walk over every instruction. (A label that no branch
      // targets may have a stale label_block entry; only targets are looked up.)
      label_pos_.assign(fn_.label_block.begin(), fn_.label_block.end());
      const std::vector<uint32_t>& br = *facts_->branches;
      const std::vector<uint32_t>& eh = *facts_->eh_edges;
      targets_.reserve(br.size() + eh.size());
      for (size_t a = 0, b = 0; a < br.size() || b < eh.size();) {
        const uint32_t i = b == eh.size() || (a < br.size() && br[a] < eh[b]) ? br[a++] : eh[b++];
        ir::ForEachTarget(fn_, fn_.insts[i], [&](uint32_t l) { targets_.push_back({i, l}); });
      }
    } else {
      label_pos_.assign(fn_.num_labels, ~0u);
      for (uint32_t i = 0; i < n_; ++i) {
        const Inst& in = fn_.insts[i];
        if (in.op == Opcode::kLabel) label_pos_[in.index] = i;
        else ir::ForEachTarget(fn_, in, [&](uint32_t l) { targets_.push_back({i, l}); });
      }
    }
    // (These lists kept per thread: no allocations per function.)
    thread_local std::vector<std::pair<uint32_t, uint32_t>> back, all;  // (header, branch); (h, e)
    thread_local std::vector<uint32_t> index;
    back.clear();
    for (auto [i, l] : targets_)
      if (label_pos_[l] <= i) back.push_back({label_pos_[l], i});
    if (back.empty()) return false;
    std::sort(back.begin(), back.end());
    // (h, e) per loop; Loops (with their vectors) only for those kept.
    all.clear();
    for (auto [h, i] : back) {
      if (all.empty() || all.back().first != h) all.push_back({h, 0});
      all.back().second = std::max(all.back().second, i);
    }
    auto innermost = [&](size_t k) { return k + 1 == all.size() || all[k + 1].first > all[k].second; };
    auto make = [&](size_t k) {
      Loop l;
      l.h = all[k].first, l.e = all[k].second;
      return l;
    };
    index.assign(all.size(), ~0u);  // all -> loops_
    size_t inner = 0;
    for (size_t k = 0; k < all.size(); ++k) inner += innermost(k);
    loops_.reserve(inner);
    nests_.reserve(all.size() - inner);
    for (size_t k = 0; k < all.size(); ++k)
      if (innermost(k)) index[k] = static_cast<uint32_t>(loops_.size()), loops_.push_back(make(k));
    // Nests: loops whose inner loops are all innermost and end before their last back
    // edge (then they are disjoint too, and the inner loops are consecutive in loops_).
    for (size_t k = 0; k < all.size(); ++k) {
      if (innermost(k)) continue;
      size_t j = k + 1;
      bool fits = true;
      for (; j < all.size() && all[j].first <= all[k].second; ++j)
        fits &= index[j] != ~0u && all[j].second < all[k].second;
      if (!fits) continue;
      Loop l = make(k);
      l.child = index[k + 1], l.child_end = index[j - 1] + 1;
      nests_.push_back(std::move(l));
    }
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

  // The loop of `ls` (disjoint, sorted) containing instruction i, or nullptr.
  static Loop* LoopOf(std::vector<Loop>& ls, uint32_t i) {
    auto it = std::upper_bound(ls.begin(), ls.end(), i, [](uint32_t x, const Loop& l) { return x < l.h; });
    if (it == ls.begin()) return nullptr;
    --it;
    return i <= it->e ? &*it : nullptr;
  }

  // A loop is entered from outside only at its header, and holds no kEhEdge (its
  // landing pads must stay where the runtime delivers exceptions) and no call (its
  // vregs would cross the call and compete for the few callee-saved registers: on
  // SQLite that left a third of them in slots, each entry and exit then a memory copy).
  // The same for the nests.
  void CheckEntries() {
    // One walk over each loop and nest: a kEhEdge or a call makes it not ok; its labels
    // (up to there) note it, so a branch's target loop is a table lookup. (The labels of
    // a loop left not ok need no note: entering it elsewhere changes nothing.)
    std::vector<uint32_t>& loop_at = loop_at_;
    loop_at.assign(2 * label_pos_.size(), ~0u);  // per label id: its loop, then its nest
    auto walk = [&](std::vector<Loop>& ls, uint32_t* at) {
      for (uint32_t k = 0; k < ls.size(); ++k) {
        Loop& l = ls[k];
        for (uint32_t i = l.h; i <= l.e; ++i) {
          const Inst& in = fn_.insts[i];
          if (in.op == Opcode::kLabel && in.index < label_pos_.size()) {
            at[in.index] = k;
          } else if (in.op == Opcode::kEhEdge || ir::IsCall(in.op)) {
            l.ok = false;
            break;
          }
        }
      }
    };
    walk(loops_, loop_at.data());
    walk(nests_, loop_at.data() + label_pos_.size());
    const uint32_t* nest_at = loop_at.data() + label_pos_.size();
    LoopSweep sweep(loops_), nest_sweep(nests_);
    for (auto [i, l] : targets_) {
      const uint32_t t = label_pos_[l];
      const bool eh = fn_.insts[i].op == Opcode::kEhEdge;
      Loop* from = sweep.At(i);
      Loop* to = loop_at[l] != ~0u ? &loops_[loop_at[l]] : nullptr;
      if (to && to != from && (t != to->h || eh)) to->ok = false;
      if (nests_.empty()) continue;
      Loop* nest = nest_sweep.At(i);
      Loop* to_nest = nest_at[l] != ~0u ? &nests_[nest_at[l]] : nullptr;
      if (to_nest && to_nest != nest && (t != to_nest->h || eh)) to_nest->ok = false;
    }
  }

  // Per loop: the wanted variables that occur in it and outside it (or are params), except
  // constants (used as immediates; a copy would cost a register) and the results
  // pointer (tail calls keep it live by name).
  // The counts of the wanted variables (occurrences, definitions, a kConst definition):
  // the caller's (LoopSplitFacts), else from a walk over the function.
  void CountOccurrences() {
    if (occ_) return;
    if (facts_) {
      occ_ = facts_->occurrences, defs_ = facts_->defs, const_def_ = facts_->const_def;
      return;
    }
    const uint32_t nv = fn_.NumVRegs();
    occ_own_.assign(nv, 0);
    defs_own_.assign(nv, 0);
    const_def_own_.assign(nv, 0);
    for (const Inst& in : fn_.insts) {
      ir::ForEachUse(fn_, in, [&](VReg v) { ++occ_own_[v]; });
      ir::ForEachDef(fn_, in, [&](VReg v) {
        ++occ_own_[v];
        ++defs_own_[v];
        if (in.op == Opcode::kConst) const_def_own_[v] = 1;
      });
    }
    occ_ = occ_own_.data(), defs_ = defs_own_.data(), const_def_ = const_def_own_.data();
  }

  bool Wanted(VReg v) const { return v < want_.size() && want_[v]; }

  void ChooseVariables() {
    entry_of_.assign(label_pos_.size(), ~0u);
    const uint32_t nv = fn_.NumVRegs();
    std::vector<uint32_t> in_loop(nv, 0);
    std::vector<VReg> seen;
    for (Loop& l : loops_) {
      if (!l.ok) continue;
      seen.clear();
      // (Only the wanted variables are candidates; most occurrences are of others.)
      auto note = [&](VReg v) {
        if (Wanted(v) && in_loop[v]++ == 0) seen.push_back(v);
      };
      for (uint32_t i = l.h; i <= l.e; ++i) {
        ir::ForEachUse(fn_, fn_.insts[i], note);
        ir::ForEachDef(fn_, fn_.insts[i], note);
      }
      if (!seen.empty()) CountOccurrences();
      std::sort(seen.begin(), seen.end());
      for (VReg v : seen) {
        const bool param = v < fn_.num_params;
        const bool constant = !param && defs_[v] == 1 && const_def_[v];
        if ((param || occ_[v] > in_loop[v]) && !constant && v != fn_.results_ptr)
          l.split.push_back(v);
        in_loop[v] = 0;
      }
      if (!l.split.empty()) l.entry = fn_.num_labels++;
    }
    for (const Loop& l : loops_)
      if (!l.split.empty()) entry_of_[fn_.insts[l.h].index] = l.entry;
  }

  // Is instruction i in a hole of nest l?
  static bool InHole(const Loop& l, uint32_t i) {
    for (auto [a, b] : l.holes)
      if (i >= a && i <= b) return true;
    return false;
  }

  // The cold regions of a nest: around each inner loop C, the largest range [a, b] of
  // the nest that is the fall-through side of a conditional branch at a - 1 to the
  // label at b + 1 (an `if` without else, or the match path of zstd's candidate loop)
  // and is entered only from a - 1: every branch to a label in [a, b] is in [a, b].
  // A nest whose regions overlap in part, or with an inner loop in no such region, is
  // not split (ok = false): that loop runs in every iteration of the nest, so a reload
  // on its exits costs what the split saves (with C itself as the region, coremark_like
  // +0.17% and SQLite +0.015% instructions; zstd 1217.0 M against 1215.0 M without).
  void FindHoles(Loop& l) {
    std::vector<std::pair<uint32_t, uint32_t>> branches;  // (instruction, target) in the nest
    for (uint32_t i = l.h; i <= l.e; ++i)
      ir::ForEachTarget(fn_, fn_.insts[i], [&](uint32_t t) { branches.push_back({i, label_pos_[t]}); });
    auto entered = [&](uint32_t a, uint32_t b) {
      for (auto [i, t] : branches)
        if (t >= a && t <= b && (i < a || i > b)) return true;
      return false;
    };
    for (uint32_t k = l.child; k < l.child_end; ++k) {
      uint32_t a = loops_[k].h, b = loops_[k].e, tries = 0;
      for (bool grown = true; grown && tries < 16;) {
        grown = false;
        for (uint32_t p = a - 1; p > l.h && tries < 16; --p) {
          const Inst& in = fn_.insts[p];
          if (in.op != Opcode::kBrIf && in.op != Opcode::kBrCmp) continue;
          const uint32_t q = label_pos_[in.index];
          if (q <= b || q > l.e || (p + 1 == a && q == b + 1)) continue;
          ++tries;
          if (!entered(p + 1, q - 1)) {
            a = p + 1, b = q - 1, grown = true;
            break;
          }
        }
      }
      if (a == loops_[k].h && b == loops_[k].e) {
        l.ok = false;
        l.holes.clear();
        return;
      }
      if (!l.holes.empty() && a <= l.holes.back().second) {
        if (a != l.holes.back().first || b != l.holes.back().second) {
          if (a <= l.holes.back().first && b >= l.holes.back().second) {
            l.holes.back() = {a, b};
            continue;
          }
          l.ok = false;
          l.holes.clear();
          return;
        }
        continue;
      }
      l.holes.push_back({a, b});
    }
  }

  // Per nest: the wanted variables read in it, outside its inner loops only, never
  // written in it (loop invariants; constants and the results pointer aside) and live
  // into its header. Each gets a nest vreg w: `w = mov v` before the header and on every
  // exit of an inner loop into the nest, w for the reads. w is dead in the inner loops
  // (they do not read it, and every way back into the nest defines it again), so the
  // scan may give its register to their values there while v keeps its slot: a reload
  // per inner-loop exit instead of one per iteration of the nest. The nest never
  // writes v, so its slot stays current and nothing is stored.
  void ChooseNestVariables(const RegionLiveness& lv) {
    nest_entry_of_.assign(label_pos_.size(), ~0u);
    std::vector<uint8_t> state(fn_.NumVRegs(), 0);  // 1: read in the nest, 2: not a candidate
    std::vector<uint8_t> plain(fn_.NumVRegs(), 0);  // read other than as a second operand
    std::vector<VReg> seen;
    for (Loop& l : nests_) {
      if (!l.ok) continue;
      seen.clear();
      auto note = [&](VReg v, bool out) {
        if (state[v] == 0) seen.push_back(v), state[v] = 1;
        if (!out) state[v] = 2;
      };
      size_t c = 0;
      for (uint32_t i = l.h; i <= l.e; ++i) {
        while (c < l.holes.size() && l.holes[c].second < i) ++c;
        const bool inner = c < l.holes.size() && l.holes[c].first <= i;
        const Inst& in = fn_.insts[i];
        ir::ForEachUse(fn_, in, [&](VReg v) {
          note(v, !inner);
          if (!inner && !SecondOperand(in, v)) plain[v] = 1;
        });
        ir::ForEachDef(fn_, fn_.insts[i], [&](VReg v) { note(v, false); });
      }
      std::sort(seen.begin(), seen.end());
      for (VReg v : seen) {
        if (state[v] == 1 && Wanted(v)) {
          CountOccurrences();
          const bool constant = v >= fn_.num_params && defs_[v] == 1 && const_def_[v];
          if (!constant && v != fn_.results_ptr && lv.LiveInAt(v, l.h)) l.pairs.push_back({v, ir::kNoVReg});
        }
        state[v] = 0;
      }
      // The parts are placed in this order and the last ones may find no register:
      // those read only as second operands last (x86-64 reads those from the slot
      // without an instruction more: `cmp edx, [rsp+0x80]`, docs/backend.md).
      std::stable_partition(l.pairs.begin(), l.pairs.end(), [&](auto p) { return plain[p.first] != 0; });
      for (VReg v : seen) plain[v] = 0;
    }
  }

  // Does `in` read v only as its second operand, where a memory operand may stand?
  static bool SecondOperand(const Inst& in, VReg v) {
    switch (in.op) {
      case Opcode::kBrCmp: case Opcode::kCmp: case Opcode::kAdd: case Opcode::kSub:
      case Opcode::kAnd: case Opcode::kOr: case Opcode::kXor:
        return in.b == v && in.a != v;
      default:
        return false;
    }
  }

  // The nest vregs and entry labels, once the hooks have seen the function as it was;
  // the inner loops get the pairs to reload.
  void MakeNestVRegs() {
    for (Loop& l : nests_) {
      if (l.pairs.empty()) continue;
      l.entry = fn_.num_labels++;
      nest_entry_of_[fn_.insts[l.h].index] = l.entry;
      for (auto& [v, w] : l.pairs) w = fn_.NewVReg(fn_.vreg_types[v]);
      for (uint32_t k = l.child; k < l.child_end; ++k) {
        Loop& in = loops_[k];
        in.reloads = l.pairs;
        in.outer_h = l.h, in.outer_e = l.e;
        in.nest = static_cast<uint32_t>(&l - nests_.data());
      }
    }
  }

  // Where a nest vreg may be live (LoopPart::live): from its entry moves to its last
  // back edge, but not inside the inner loops (from their header labels to their last
  // back edges; their entry moves and the reloads after their fall-through exits are
  // outside), except before a kJump from an inner loop into the nest (the reloads go
  // there).
  std::vector<std::pair<uint32_t, uint32_t>> NestPositions(const Loop& l) {
    std::vector<std::pair<uint32_t, uint32_t>> live;
    uint32_t start = l.h > 0 ? 2 * l.h - 1 : 0;
    for (auto [a, b] : l.holes) {
      live.push_back({start, 2 * a - 1});
      for (uint32_t j = a; j <= b; ++j) {
        if (fn_.insts[j].op != Opcode::kJump) continue;
        const uint32_t t = label_pos_[fn_.insts[j].index];
        if (t >= l.h && t <= l.e && !InHole(l, t)) live.push_back({2 * j - 1, 2 * j + 1});
      }
      start = 2 * b + 1;
    }
    live.push_back({start, 2 * l.e + 2});
    return live;
  }

  // Where a branch from outside the loop headed by label l must go.
  uint32_t Entry(uint32_t l) const { return entry_of_[l] != ~0u ? entry_of_[l] : l; }
  // The same from inner loop `from` (an edge block's jump): a nest's entry, unless the
  // nest is the one around `from` (a branch back to its header).
  uint32_t EntryFrom(uint32_t l, const Loop& from) const {
    if (entry_of_[l] != ~0u) return entry_of_[l];
    if (nest_entry_of_[l] == ~0u || (!from.reloads.empty() && label_pos_[l] == from.outer_h)) return l;
    return nest_entry_of_[l];
  }

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
    if (!pairs.empty()) EntryMoves(l, pairs, lv);
    // Exits: moves back into the outer vregs live at the target; on an exit into the
    // nest around the loop (not into another inner loop, where the nest vregs are dead
    // too), the reloads of the nest's vregs.
    auto exit_moves = [&](uint32_t pos, const Inst& near, std::vector<Inst>& out) {
      for (auto [v, w] : pairs)
        if (lv.LiveInAt(v, pos)) out.push_back(Mov(v, w, near));
      if (!l.reloads.empty() && pos >= l.outer_h && pos <= l.outer_e && !InHole(nests_[l.nest], pos))
        for (auto [v, w] : l.reloads)
          if (lv.LiveInAt(v, pos)) out.push_back(Mov(w, v, near));
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
        const uint32_t x = AppendEdgeBlock(in, t, moves, EntryFrom(label, l));
        edge_label.push_back({label, x});
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

  // An edge block after the function, `x: moves; jump to`, for a branch of `in` to the
  // label at instruction t (at t's depth): returns x.
  uint32_t AppendEdgeBlock(const Inst& in, uint32_t t, const std::vector<Inst>& moves, uint32_t to) {
    const uint32_t x = fn_.num_labels++;
    const uint8_t depth = fn_.insts[t].loop_depth;
    appended_.push_back(Inst{.op = Opcode::kLabel, .loop_depth = depth, .index = x, .marker = in.marker});
    appended_.insert(appended_.end(), moves.begin(), moves.end());
    appended_.push_back(Inst{.op = Opcode::kJump, .loop_depth = depth, .index = to, .marker = in.marker});
    return x;
  }

  // The new label before the header, then `w = mov v` for the pairs live there (at the
  // depth outside the loop).
  void EntryMoves(const Loop& l, const std::vector<std::pair<VReg, VReg>>& pairs, const RegionLiveness& lv) {
    Inst at = fn_.insts[l.h];
    at.loop_depth = at.loop_depth > 0 ? at.loop_depth - 1 : 0;
    inserts_.push_back({l.h, Inst{.op = Opcode::kLabel, .loop_depth = at.loop_depth,
                                  .index = l.entry, .marker = at.marker}});
    for (auto [v, w] : pairs)
      if (lv.LiveInAt(v, l.h)) inserts_.push_back({l.h, Mov(w, v, at)});
  }

  // A nest: its entry moves, and its reads outside the inner loops (the only ones) read
  // the nest vregs. (The inner loops' exits got the reloads in Rewrite.)
  void RewriteNest(const Loop& l, const RegionLiveness& lv) {
    EntryMoves(l, l.pairs, lv);
    // The exits of the cold regions into the rest of the nest, from outside the inner
    // loops (Rewrite did theirs): the reloads, before a kJump, else in an edge block.
    std::vector<Inst> moves;
    auto reloads = [&](uint32_t pos, const Inst& near) {
      moves.clear();
      for (auto [v, w] : l.pairs)
        if (lv.LiveInAt(v, pos)) moves.push_back(Mov(w, v, near));
    };
    for (auto [a, b] : l.holes) {
      std::vector<std::pair<uint32_t, uint32_t>> edge_label;  // (target label, edge label)
      for (uint32_t i = a; i <= b; ++i) {
        if (Loop* c = LoopOf(loops_, i)) {
          i = c->e;
          continue;
        }
        Inst& in = fn_.insts[i];
        ForEachTargetRef(fn_, in, [&](uint32_t& label) {
          const uint32_t t = label_pos_[label];
          if (t < l.h || t > l.e || InHole(l, t)) return;
          auto it = std::find_if(edge_label.begin(), edge_label.end(), [&](auto& p) { return p.first == label; });
          if (it != edge_label.end()) {
            label = it->second;
            return;
          }
          reloads(t, fn_.insts[t]);
          if (moves.empty()) return;
          if (in.op == Opcode::kJump) {
            for (const Inst& m : moves) inserts_.push_back({i, m});
            return;
          }
          const uint32_t x = AppendEdgeBlock(in, t, moves, label);
          edge_label.push_back({label, x});
          label = x;
        });
      }
      if (!LoopOf(loops_, b) && !ir::IsTerminator(fn_.insts[b].op) && !InHole(l, b + 1)) {
        reloads(b + 1, fn_.insts[b + 1]);
        for (const Inst& m : moves) inserts_.push_back({b + 1, m});
      }
    }
    if (inner_.size() < fn_.NumVRegs()) inner_.resize(fn_.NumVRegs(), ir::kNoVReg);
    for (auto [v, w] : l.pairs) {
      inner_[v] = w;
      if (hooks_) hooks_->inner.push_back(w);
    }
    uint32_t c = l.child;
    for (uint32_t i = l.h; i <= l.e; ++i) {
      while (c < l.child_end && loops_[c].e < i) ++c;
      if (c < l.child_end && loops_[c].h <= i) {
        i = loops_[c].e;
        continue;
      }
      ir::ForEachUse(fn_, fn_.insts[i], [&](VReg& v) {
        if (v < inner_.size() && inner_[v] != ir::kNoVReg) v = inner_[v];
      });
    }
    for (auto [v, w] : l.pairs) inner_[v] = ir::kNoVReg;
  }

  // Branches from outside a split loop to its header go to its entry label instead.
  // So do those from outside a nest to its header.
  void RedirectEntries() {
    LoopSweep sweep(loops_), nest_sweep(nests_);
    uint32_t last = ~0u;
    for (auto [i, l] : targets_) {
      if (i == last) continue;  // (a br_table: all its targets at once)
      last = i;
      Loop* from = sweep.At(i);
      Loop* nest = nest_sweep.At(i);
      ForEachTargetRef(fn_, fn_.insts[i], [&](uint32_t& label) {
        if (label >= entry_of_.size()) return;
        if (entry_of_[label] != ~0u) {
          if (from && fn_.insts[from->h].index == label) return;  // a back edge
          label = entry_of_[label];
        } else if (nest_entry_of_[label] != ~0u) {
          if (nest && fn_.insts[nest->h].index == label) return;
          label = nest_entry_of_[label];
        }
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
  std::vector<std::pair<uint32_t, uint32_t>> targets_;  // (branch, label), ascending
  std::vector<Loop> loops_;
  std::vector<Loop> nests_;          // loops around innermost loops only (disjoint, sorted)
  std::vector<uint32_t> entry_of_;   // header label -> its loop's entry label, or ~0u
  std::vector<uint32_t> nest_entry_of_;  // the same for the nests
  std::vector<uint32_t> loop_at_;    // CheckEntries': per label id, its loop; its nest
  const LoopSplitFacts* facts_ = hooks_ ? hooks_->facts : nullptr;
  // Per wanted vreg (CountOccurrences): occurrences, definitions, defined by a kConst;
  // null until counted. The _own vectors hold them when there are no facts.
  const uint32_t* occ_ = nullptr;
  const uint32_t* defs_ = nullptr;
  const uint8_t* const_def_ = nullptr;
  std::vector<uint32_t> occ_own_, defs_own_;
  std::vector<uint8_t> const_def_own_;
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
  auto before = [](const auto& x, const auto& y) { return x.first < y.first; };
  if (!std::is_sorted(inserts.begin(), inserts.end(), before))  // (the use splitter's are)
    std::stable_sort(inserts.begin(), inserts.end(), before);
  // (An insertion after the end, at i > n, is dropped.)
  const size_t m = std::upper_bound(inserts.begin(), inserts.end(), n,
                                    [](uint32_t p, const auto& x) { return p < x.first; }) -
                   inserts.begin();
  // Old instruction j goes to j + (the insertions at or before j), and new_pos[j], where
  // j's marker goes, to j + (the insertions before j): those at j go with j's marker.
  thread_local std::vector<uint32_t> new_pos;  // (kept per thread: no allocation per call)
  new_pos.resize(n + 1);
  size_t k = 0;
  for (uint32_t i = 0;;) {
    const uint32_t stop = k < m ? inserts[k].first : n;
    for (uint32_t j = i; j < stop; ++j) new_pos[j] = j + static_cast<uint32_t>(k);
    i = stop;
    new_pos[i] = i + static_cast<uint32_t>(k);
    for (; k < m && inserts[k].first == i; ++k) {
    }
    if (i == n) break;
    ++i;
  }
  std::vector<Inst>& insts = fn.insts;
  // label_block: an old label moves with its instruction (to new_pos[j + 1] - 1); an
  // inserted or appended one goes where it is put. (Only the entries that name their
  // label's instruction move, as the IR verifier keeps them; a stale entry of a label
  // without one stays. Without a label_block at all, one walk fills it.)
  std::vector<uint32_t>& label_block = fn.label_block;
  const bool had_labels = !label_block.empty() || fn.num_labels == 0;
  const uint32_t old_labels = static_cast<uint32_t>(std::min<size_t>(label_block.size(), fn.num_labels));
  label_block.resize(fn.num_labels, ~0u);
  for (uint32_t id = 0; id < old_labels; ++id) {
    const uint32_t j = label_block[id];
    if (j < n && insts[j].op == Opcode::kLabel && insts[j].index == id) label_block[id] = new_pos[j + 1] - 1;
  }
  auto placed = [&](const Inst& in, size_t at) {
    if (in.op == Opcode::kLabel && in.index < label_block.size()) label_block[in.index] = static_cast<uint32_t>(at);
  };
  // In place, from the back: each run of instructions after an insertion point moves up
  // (one memmove: Inst is trivially copyable), then the insertions there go below it.
  static_assert(std::is_trivially_copyable_v<Inst>);
  insts.resize(n + m + appended.size());
  size_t w = n + m;  // [w, n + m) is written
  uint32_t hi = n;   // [hi, n) of the old instructions is moved
  for (size_t q = m; q > 0;) {
    const uint32_t at = inserts[q - 1].first;
    std::copy_backward(insts.begin() + at, insts.begin() + hi, insts.begin() + w);
    w -= hi - at;
    hi = at;
    for (; q > 0 && inserts[q - 1].first == at; --q) {
      insts[--w] = inserts[q - 1].second;
      placed(insts[w], w);
    }
  }
  std::copy(appended.begin(), appended.end(), insts.begin() + n + m);
  for (size_t a = 0; a < appended.size(); ++a) placed(appended[a], n + m + a);
  for (ir::Marker& mk : fn.markers) mk.first_inst = new_pos[std::min(mk.first_inst, n)];
  if (!had_labels)
    for (uint32_t i = 0; i < insts.size(); ++i)
      if (insts[i].op == Opcode::kLabel) label_block[insts[i].index] = i;
}

uint32_t SplitLoopLiveRanges(Function& fn, const std::vector<uint8_t>& want,
                             const RegionLiveness* liveness, LoopSplitHooks* hooks) {
  return Splitter(fn, want, liveness, hooks).Run();
}

}  // namespace wasmc::regalloc
