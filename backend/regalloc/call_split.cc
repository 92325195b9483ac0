#include "backend/regalloc/call_split.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "backend/regalloc/split.h"

namespace wasmc::regalloc {
namespace {

using ir::Opcode;
using ir::VReg;

// The occurrences of one spilled value in one segment.
struct Group {
  VReg v = ir::kNoVReg;
  uint32_t seg = 0;
  uint32_t first = 0, last = 0;   // instructions
  bool first_use = false;         // the first occurrence reads v (a reload is needed)
  bool last_def = false;          // the last occurrence writes v
  uint32_t uses = 0;
  float gain = 0;                 // memory reads saved, weighted by loop depth
  VReg w = ir::kNoVReg;           // the register copy, once chosen
};

float DepthWeight(uint8_t depth) {
  static const float kDepthWeight[] = {1.f, 10.f, 100.f, 1000.f, 10000.f};
  return kDepthWeight[std::min<int>(depth, 4)];
}

// Walks the instructions with their segment numbers: f(i, use_segment, def_segment).
// A label starts a segment; a call ends one after its arguments (its results open the
// next); a terminator or kEhEdge ends one.
template <typename F>
void ForEachSegmented(const ir::Function& fn, F&& f) {
  uint32_t seg = 0;
  for (uint32_t i = 0; i < fn.insts.size(); ++i) {
    const Opcode op = fn.insts[i].op;
    if (op == Opcode::kLabel) ++seg;
    const uint32_t def_seg = seg + (ir::IsCall(op) ? 1 : 0);
    f(i, seg, def_seg);
    seg = def_seg;
    if (ir::IsTerminator(op) || op == Opcode::kEhEdge) ++seg;
  }
}

// The registers of one class with the ranges (old positions) the allocation gives
// them: sorted, disjoint.
class Occupancy {
 public:
  void Add(uint8_t r, Range x) { regs_[r].push_back(x); }
  void Normalize() {
    for (auto& l : regs_) {
      std::sort(l.begin(), l.end(), [](Range a, Range b) { return a.start < b.start; });
      size_t w = 0;
      for (size_t k = 0; k < l.size(); ++k) {
        if (w > 0 && l[k].start <= l[w - 1].end) l[w - 1].end = std::max(l[w - 1].end, l[k].end);
        else l[w++] = l[k];
      }
      l.resize(w);
    }
  }
  // Takes r for [x.start, x.end] if nothing holds it there.
  bool Take(uint8_t r, Range x) {
    std::vector<Range>& l = regs_[r];
    auto it = std::upper_bound(l.begin(), l.end(), x.end,
                               [](uint32_t e, const Range& a) { return e < a.start; });
    if (it != l.begin() && std::prev(it)->end >= x.start) return false;
    l.insert(it, x);
    return true;
  }

 private:
  std::vector<Range> regs_[64];
};

class UseSplitter {
 public:
  UseSplitter(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs, Allocation& alloc)
      : fn_(fn), iv_(iv), regs_(regs), alloc_(alloc), nv_(fn.NumVRegs()) {}

  // Without loop parts: splits and applies. With: first a register for every part (all
  // or none: false, nothing changed), then the segments, whose insertions go to hooks.
  bool Run(const std::vector<LoopPart>* parts, LoopSplitHooks* hooks) {
    if (parts) {
      BuildOccupancy();
      if (!PlaceParts(*parts)) return false;
    }
    if (Collect(parts)) {
      if (!parts) BuildOccupancy();
      if (Choose() > 0) Rename();
    }
    if (!hooks) {
      if (!stores_.empty()) InsertInstructions(fn_, stores_, {});
      return true;
    }
    hooks->before = std::move(stores_);
    hooks->after = std::move(reloads_);
    return true;
  }

  const std::vector<uint8_t>& part_regs() const { return part_regs_; }

 private:
  bool Spilled(VReg v) const {
    return v < alloc_.locs.size() && alloc_.locs[v].kind == Location::kSlot && v != fn_.results_ptr;
  }

  // Groups of occurrences of spilled values per segment; none for a variable in a
  // segment that overlaps a loop where it gets a loop vreg ([h, e + 1]: the exit moves
  // after e).
  bool Collect(const std::vector<LoopPart>* parts) {
    bool any = false;
    for (VReg v = 0; v < nv_ && !any; ++v) any = Spilled(v);
    if (!any) return false;
    std::vector<uint32_t> cur(nv_, ~0u);
    auto occ = [&](VReg v, uint32_t seg, uint32_t i, bool use) {
      if (!Spilled(v)) return;
      uint32_t g = cur[v];
      if (g == ~0u || groups_[g].seg != seg) {
        g = cur[v] = static_cast<uint32_t>(groups_.size());
        groups_.push_back({.v = v, .seg = seg, .first = i, .last = i, .first_use = use});
      }
      Group& G = groups_[g];
      G.last = i;
      G.last_def = !use;
      if (use) {
        G.uses++;
        G.gain += DepthWeight(fn_.insts[i].loop_depth);
      }
    };
    ForEachSegmented(fn_, [&](uint32_t i, uint32_t seg, uint32_t def_seg) {
      const ir::Inst& in = fn_.insts[i];
      if (in.op == Opcode::kBrIf || in.op == Opcode::kBrCmp) branches_.push_back(i);
      const size_t before = groups_.size();
      bool seen = false;
      ir::ForEachUse(fn_, in, [&](VReg v) { seen |= Spilled(v); occ(v, seg, i, true); });
      ir::ForEachDef(fn_, in, [&](VReg v) { seen |= Spilled(v); occ(v, def_seg, i, false); });
      if (seen || groups_.size() != before) occurs_.push_back({i, seg, def_seg});
    });
    std::vector<LoopPart> by_v;
    if (parts) {
      by_v = *parts;
      std::sort(by_v.begin(), by_v.end(), [](const LoopPart& a, const LoopPart& b) { return a.v < b.v; });
    }
    auto in_split_loop = [&](const Group& G) {
      auto it = std::lower_bound(by_v.begin(), by_v.end(), G.v,
                                 [](const LoopPart& p, VReg v) { return p.v < v; });
      for (; it != by_v.end() && it->v == G.v; ++it)
        if (G.first <= it->e + 1 && it->h <= G.last) return true;
      return false;
    };
    std::erase_if(groups_, [&](Group& G) {
      if (G.first_use) G.gain -= DepthWeight(fn_.insts[G.first].loop_depth);
      return G.uses <= (G.first_use ? 1u : 0u) || G.gain <= 0 || in_split_loop(G);
    });
    return !groups_.empty();
  }

  void BuildOccupancy() {
    for (VReg v = 0; v < nv_; ++v) {
      if (alloc_.locs[v].kind != Location::kReg) continue;
      Occupancy& o = occ_[ir::IsFpr(fn_.vreg_types[v])];
      for (uint32_t k = iv_.range_begin[v]; k < iv_.range_begin[v + 1]; ++k)
        o.Add(alloc_.locs[v].reg, iv_.ranges[k]);
    }
    // A GPR an instruction's lowering writes as scratch (RegisterInfo::clobbers) is taken
    // at that instruction, as the scan treats it (regalloc.cc, Clobbered).
    if (regs_.clobbers)
      for (uint32_t i = 0; i < fn_.insts.size(); ++i)
        for (uint32_t m = regs_.clobbers(fn_.insts[i]); m != 0; m &= m - 1)
          occ_[0].Add(static_cast<uint8_t>(__builtin_ctz(m)), Range{2 * i, 2 * i + 1});
    occ_[0].Normalize();
    occ_[1].Normalize();
  }

  // A register free over x for a value of type t: `hint` first, then caller-saved
  // registers, then callee-saved ones the prologue saves anyway (not for v128 values:
  // a callee-saved FPR may be saved only in part). -1: none.
  int TakeRegister(ir::Type t, Range x, int hint) {
    const bool fp = ir::IsFpr(t);
    const std::vector<uint8_t>& pool = fp ? regs_.fprs : regs_.gprs;
    const uint32_t callee_saved = fp ? regs_.fpr_callee_saved | regs_.fpr_wasm_saved : regs_.gpr_callee_saved;
    const uint32_t used = fp ? alloc_.fpr_callee_saved_used : alloc_.gpr_callee_saved_used;
    auto ok = [&](uint8_t r) {
      return !((callee_saved >> r) & 1) || (((used >> r) & 1) && !ir::IsV128(t));
    };
    if (hint >= 0 && std::find(pool.begin(), pool.end(), hint) != pool.end() && ok(hint) &&
        occ_[fp].Take(static_cast<uint8_t>(hint), x))
      return hint;
    for (int pass = 0; pass < 2; ++pass)
      for (uint8_t r : pool)
        if (((callee_saved >> r) & 1) == static_cast<uint32_t>(pass) && ok(r) && occ_[fp].Take(r, x))
          return r;
    return -1;
  }

  // Loop vregs live from the entry moves (before h) to the exit moves (after e, or in
  // edge blocks reached from inside, where only values live in the loop hold registers).
  bool PlaceParts(const std::vector<LoopPart>& parts) {
    for (const LoopPart& p : parts) {
      const Range x{p.h > 0 ? 2 * p.h - 1 : 0, 2 * p.e + 2};
      const int r = TakeRegister(fn_.vreg_types[p.v], x, -1);
      if (r < 0) return false;
      part_regs_.push_back(static_cast<uint8_t>(r));
    }
    return true;
  }

  // Registers for the groups, the most profitable first, where the allocation leaves
  // one free over the whole group.
  uint32_t Choose() {
    std::vector<uint32_t> order(groups_.size());
    for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return groups_[a].gain > groups_[b].gain; });
    uint32_t chosen = 0;
    for (uint32_t k : order) {
      Group& G = groups_[k];
      const ir::Type t = fn_.vreg_types[G.v];
      const Range x{G.first_use ? (G.first > 0 ? 2 * G.first - 1 : 0) : 2 * G.first + 1,
                    G.last_def ? 2 * G.last + 1 : 2 * G.last};
      // A first def by a mov from a register tries that register first (the mov is then
      // elided).
      int hint = -1;
      const ir::Inst& def = fn_.insts[G.first];
      if (!G.first_use && def.op == Opcode::kMov && alloc_.locs[def.a].kind == Location::kReg &&
          ir::IsFpr(fn_.vreg_types[def.a]) == ir::IsFpr(t))
        hint = alloc_.locs[def.a].reg;
      const int reg = TakeRegister(t, x, hint);
      if (reg < 0) continue;
      G.w = fn_.NewVReg(t);
      alloc_.locs.resize(fn_.NumVRegs());
      alloc_.locs[G.w] = Location::Reg(static_cast<uint8_t>(reg));
      ++chosen;
    }
    std::erase_if(groups_, [](const Group& G) { return G.w == ir::kNoVReg; });
    return chosen;
  }

  // Must the def of G.v at instruction i be stored to its slot? Only if v is read
  // outside the segment: after its last occurrence in it, or where a branch between
  // leaves it.
  // (A branch that is the last occurrence leaves with v live at 2*last+1, the end of
  // its region.)
  bool NeedsStore(const Group& G, uint32_t i) const {
    if (!LiveAt(G.v, 2 * i + 2)) return false;
    if (LiveAt(G.v, G.last_def ? 2 * G.last + 2 : 2 * G.last + 1)) return true;
    auto it = std::upper_bound(branches_.begin(), branches_.end(), i);
    return it != branches_.end() && *it <= G.last;
  }

  bool LiveAt(VReg v, uint32_t pos) const {
    const Range* b = iv_.ranges.data() + iv_.range_begin[v];
    const Range* e = iv_.ranges.data() + iv_.range_begin[v + 1];
    const Range* it = std::upper_bound(b, e, pos, [](uint32_t p, const Range& r) { return p < r.start; });
    return it != b && std::prev(it)->end >= pos;
  }

  // Renames the groups' occurrences in place; their reloads and stores go to reloads_
  // and stores_.
  void Rename() {
    // groups_ are in order of their first occurrence (collected in one forward walk).
    std::vector<VReg> act_w(nv_, ir::kNoVReg);
    std::vector<uint32_t> act_seg(nv_, 0), act_group(nv_, 0);
    std::vector<std::pair<uint32_t, ir::Inst>>& stores = stores_;
    std::vector<std::pair<uint32_t, ir::Inst>>& reloads = reloads_;
    size_t next = 0;
    uint32_t hi = 0;
    for (const Group& G : groups_) hi = std::max(hi, G.last);
    for (const Occurs& o : occurs_) {
      const uint32_t i = o.i, seg = o.seg, def_seg = o.def_seg;
      if (i < groups_.front().first || i > hi) continue;
      ir::Inst& in = fn_.insts[i];
      size_t k = next;
      for (; k < groups_.size() && groups_[k].first == i; ++k) {
        const Group& G = groups_[k];
        if (!G.first_use) continue;
        act_w[G.v] = G.w, act_seg[G.v] = G.seg, act_group[G.v] = static_cast<uint32_t>(k);
        reloads.push_back({i, MovInst(fn_, G.w, G.v, in)});
      }
      ir::ForEachUse(fn_, in, [&](VReg& v) {
        if (v < nv_ && act_w[v] != ir::kNoVReg && act_seg[v] == seg) v = act_w[v];
      });
      for (; next < k; ++next) {
        const Group& G = groups_[next];
        if (!G.first_use)
          act_w[G.v] = G.w, act_seg[G.v] = G.seg, act_group[G.v] = static_cast<uint32_t>(next);
      }
      ir::ForEachDef(fn_, in, [&](VReg& v) {
        if (v >= nv_ || act_w[v] == ir::kNoVReg || act_seg[v] != def_seg) return;
        const VReg outer = v;
        v = act_w[v];
        if (NeedsStore(groups_[act_group[outer]], i))
          stores.push_back({i + 1, MovInst(fn_, outer, v, in)});
      });
    }
    // A store after instruction i goes before a reload before i + 1.
    stores.insert(stores.end(), reloads.begin(), reloads.end());
    reloads.clear();
  }

  ir::Function& fn_;
  const Intervals& iv_;
  const RegisterInfo& regs_;
  Allocation& alloc_;
  const uint32_t nv_;
  std::vector<Group> groups_;
  std::vector<uint32_t> branches_;  // conditional branches, ascending
  struct Occurs {
    uint32_t i, seg, def_seg;
  };
  std::vector<Occurs> occurs_;      // the instructions where spilled values occur
  Occupancy occ_[2];                // GPRs, FPRs
  std::vector<uint8_t> part_regs_;  // per loop part
  std::vector<std::pair<uint32_t, ir::Inst>> stores_, reloads_;
};

}  // namespace

void SplitAtUses(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs, Allocation& alloc) {
  UseSplitter(fn, iv, regs, alloc).Run(nullptr, nullptr);
}

bool SplitAtUsesAndLoops(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs,
                         Allocation& alloc, const std::vector<uint8_t>& want) {
  std::vector<uint8_t> part_regs;
  LoopSplitHooks hooks;
  hooks.place = [&](const std::vector<LoopPart>& parts) {
    UseSplitter s(fn, iv, regs, alloc);
    if (!s.Run(&parts, &hooks)) return false;
    part_regs = s.part_regs();
    return true;
  };
  if (SplitLoopLiveRanges(fn, want, &iv.liveness, &hooks) == 0) {
    SplitAtUses(fn, iv, regs, alloc);
    return true;
  }
  if (!hooks.placed) return false;
  alloc.locs.resize(fn.NumVRegs());
  for (size_t k = 0; k < hooks.inner.size(); ++k) alloc.locs[hooks.inner[k]] = Location::Reg(part_regs[k]);
  return true;
}

}  // namespace wasmc::regalloc
