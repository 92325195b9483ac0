#include "backend/regalloc/checker.h"

#include <algorithm>

#include "backend/ir/printer.h"

namespace wasmc::regalloc {
namespace {

using ir::VReg;

// Location ids: GPR r -> r, FPR r -> 32 + r, slot s -> 64 + s.
constexpr uint32_t kFprBase = 32, kSlotBase = 64;
constexpr uint32_t kConstFactBase = 0x80000000u;  // Checker::ConstId

std::string LocName(uint32_t id) {
  if (id < kFprBase) return "gpr" + std::to_string(id);
  if (id < kSlotBase) return "fpr" + std::to_string(id - kFprBase);
  return "slot" + std::to_string(id - kSlotBase);
}

// The facts "location L holds vreg v" as sorted keys (L << 32 | v): copies and
// intersections are one pass over a short vector.
class State {
 public:
  static uint64_t Key(uint32_t loc, VReg v) { return (static_cast<uint64_t>(loc) << 32) | v; }
  bool Holds(uint32_t loc, VReg v) const {
    return std::binary_search(facts_.begin(), facts_.end(), Key(loc, v));
  }
  std::vector<VReg> Contents(uint32_t loc) const {
    std::vector<VReg> out;
    for (auto it = std::lower_bound(facts_.begin(), facts_.end(), Key(loc, 0));
         it != facts_.end() && (*it >> 32) == loc; ++it)
      out.push_back(static_cast<VReg>(*it));
    return out;
  }
  // loc := {v}.
  void SetOne(uint32_t loc, VReg v) {
    auto lo = std::lower_bound(facts_.begin(), facts_.end(), Key(loc, 0));
    auto hi = lo;
    while (hi != facts_.end() && (*hi >> 32) == loc) ++hi;
    if (lo == hi) {
      facts_.insert(lo, Key(loc, v));
    } else {
      *lo = Key(loc, v);
      facts_.erase(lo + 1, hi);
    }
  }
  // loc := set (sorted).
  void Set(uint32_t loc, const std::vector<VReg>& set) {
    auto lo = std::lower_bound(facts_.begin(), facts_.end(), Key(loc, 0));
    auto hi = lo;
    while (hi != facts_.end() && (*hi >> 32) == loc) ++hi;
    lo = facts_.erase(lo, hi);
    std::vector<uint64_t> keys;
    for (VReg v : set) keys.push_back(Key(loc, v));
    facts_.insert(lo, keys.begin(), keys.end());
  }
  template <typename Pred>
  void EraseIf(Pred p) {
    facts_.erase(std::remove_if(facts_.begin(), facts_.end(),
                                [&](uint64_t k) { return p(static_cast<uint32_t>(k >> 32), static_cast<VReg>(k)); }),
                 facts_.end());
  }
  // this &= o; true when something changed.
  bool IntersectWith(const State& o) {
    std::vector<uint64_t> out;
    out.reserve(std::min(facts_.size(), o.facts_.size()));
    std::set_intersection(facts_.begin(), facts_.end(), o.facts_.begin(), o.facts_.end(),
                          std::back_inserter(out));
    bool changed = out.size() != facts_.size();
    facts_ = std::move(out);
    return changed;
  }

 private:
  std::vector<uint64_t> facts_;
};

class Checker {
 public:
  Checker(const ir::Function& fn, const RegisterInfo& regs, const std::vector<CheckStep>& p,
          const CheckFrame& frame)
      : fn_(fn), regs_(regs), p_(p), frame_(frame), const_def_(fn.NumVRegs(), 0), is_const_(fn.NumVRegs(), 0),
        wasm_convention_(UsesWasmConvention(fn)) {
    for (uint8_t r : regs.gprs) allocatable_[r] = true;
    for (uint8_t r : regs.fprs) allocatable_[kFprBase + r] = true;
    // A vreg may be an immediate only if it has exactly one definition, a kConst.
    std::vector<uint32_t> defs(fn.NumVRegs(), 0);
    for (VReg v = 0; v < fn.num_params && v < fn.NumVRegs(); ++v) defs[v]++;
    if (fn.results_ptr < fn.NumVRegs()) defs[fn.results_ptr]++;
    for (const ir::Inst& in : fn.insts) {
      ir::ForEachDef(fn, in, [&](VReg v) { if (v < defs.size()) defs[v]++; });
      if (in.op == ir::Opcode::kConst && in.dst < fn.NumVRegs()) const_imm_.push_back({in.dst, in.imm});
    }
    for (auto [v, imm] : const_imm_)
      if (defs[v] == 1) const_def_[v] = imm, is_const_[v] = 1;
  }

  CheckResult Run() {
    const uint32_t n = static_cast<uint32_t>(p_.size());
    if (n == 0) return r_;
    // C code may clobber the wasm convention's registers on behalf of our wasm caller.
    if (frame_.known && (frame_.fpr_callee_saved_used & regs_.fpr_wasm_saved) != regs_.fpr_wasm_saved &&
        CallsCCode(fn_))
      return Fail(0, "the function may call C code, but its prologue does not save all of the "
                     "wasm convention's registers (RegisterInfo::fpr_wasm_saved)");
    // Blocks and labels.
    std::vector<uint32_t> block_of(n, 0), starts;
    std::vector<uint32_t> label_step;
    for (uint32_t s = 0; s < n; ++s) {
      const CheckStep& st = p_[s];
      bool after = s > 0 && p_[s - 1].flow >= CheckStep::kJump;
      if (s == 0 || st.flow == CheckStep::kLabel || after) starts.push_back(s);
      block_of[s] = static_cast<uint32_t>(starts.size() - 1);
      if (st.flow == CheckStep::kLabel) {
        if (st.label >= label_step.size()) label_step.resize(st.label + 1, ~0u);
        if (label_step[st.label] != ~0u) return Fail(s, "label L" + std::to_string(st.label) + " bound twice");
        label_step[st.label] = s;
      }
    }
    const uint32_t nb = static_cast<uint32_t>(starts.size());
    std::vector<State> in(nb);
    std::vector<uint8_t> reached(nb, 0), queued(nb, 0);
    std::vector<uint32_t> work{0};
    reached[0] = queued[0] = 1;
    State cur;
    auto flow_to = [&](uint32_t s, uint32_t label) -> bool {
      if (label >= label_step.size() || label_step[label] == ~0u)
        return (void)Fail(s, "branch to label L" + std::to_string(label) + ", never bound"), false;
      uint32_t b = block_of[label_step[label]];
      if (!reached[b]) {
        reached[b] = 1;
        in[b] = cur;
      } else if (!in[b].IntersectWith(cur)) {
        return true;
      }
      if (!queued[b]) queued[b] = 1, work.push_back(b);
      return true;
    };
    while (!work.empty() && r_.ok) {
      auto it = std::min_element(work.begin(), work.end());
      const uint32_t b = *it;
      *it = work.back();
      work.pop_back();
      queued[b] = 0;
      cur = in[b];
      const uint32_t end = b + 1 < nb ? starts[b + 1] : n;
      for (uint32_t s = starts[b]; s < end && r_.ok; ++s) Step(s, cur);
      if (!r_.ok) break;
      const CheckStep& last = p_[end - 1];
      switch (last.flow) {
        case CheckStep::kJump: flow_to(end - 1, last.label); break;
        case CheckStep::kBranch:
          if (!flow_to(end - 1, last.label)) break;
          [[fallthrough]];
        case CheckStep::kNext: case CheckStep::kLabel:
          if (end == n) { Fail(end - 1, "control falls off the end of the code"); break; }
          {
            uint32_t nbk = block_of[end];
            if (!reached[nbk]) { reached[nbk] = 1; in[nbk] = cur; }
            else if (!in[nbk].IntersectWith(cur)) break;
            if (!queued[nbk]) queued[nbk] = 1, work.push_back(nbk);
          }
          break;
        case CheckStep::kTable:
          for (uint32_t l : last.labels)
            if (!flow_to(end - 1, l)) break;
          break;
        case CheckStep::kExit: break;
      }
    }
    return r_;
  }

 private:
  CheckResult Fail(uint32_t s, std::string what) {
    if (r_.ok) r_ = {false, s, s < p_.size() ? p_[s].inst : ~0u, std::move(what)};
    return r_;
  }
  std::string Set(const State& st, uint32_t loc) const {
    std::vector<VReg> c = st.Contents(loc);
    if (c.empty()) return "nothing";
    std::string s = "{";
    for (size_t k = 0; k < c.size(); ++k) s += (k ? ", v" : "v") + std::to_string(c[k]);
    return s + "}";
  }
  static std::string V(VReg v) { return "v" + std::to_string(v); }
  std::string Where(uint32_t s) const {
    return p_[s].inst == ~0u ? std::string("in the prologue") : "at inst " + std::to_string(p_[s].inst);
  }

  // Location id, or ~0u for kConst / kNone.
  static uint32_t Id(const Location& l, bool fp) {
    if (l.kind == Location::kReg) return (fp ? kFprBase : 0) + l.reg;
    if (l.kind == Location::kSlot) return kSlotBase + l.slot;
    return ~0u;
  }

  // A v128 value in a slot: ids id and id + 1 (both halves hold it).
  static bool Pair(const Location& l, bool v128) { return v128 && l.kind == Location::kSlot; }
  // Mirrors the first half's contents into the second half of each v128 slot pair in `ops`.
  template <typename T, typename F>
  static void MirrorPairs(State& st, const std::vector<T>& ops, F&& loc_of) {
    for (const T& o : ops) {
      auto [loc, v128] = loc_of(o);
      if (Pair(loc, v128)) st.Set(kSlotBase + loc.slot + 1, st.Contents(kSlotBase + loc.slot));
    }
  }

  bool IsConstOf(VReg v, uint64_t imm) const {
    return v < const_def_.size() && is_const_[v] && const_def_[v] == imm;
  }
  // The pseudo-location of the facts "v is the constant imm" (unframed steps' constant
  // definitions, of vregs with several definitions), beyond every real location. Unlike
  // a register it holds every vreg whose value is imm (several locals zeroed on entry);
  // a vreg leaves it when it is defined again.
  uint32_t ConstId(uint64_t imm) {
    auto it = std::find(const_ids_.begin(), const_ids_.end(), imm);
    if (it == const_ids_.end()) it = const_ids_.insert(it, imm);
    return kConstFactBase + static_cast<uint32_t>(it - const_ids_.begin());
  }
  bool HoldsConst(const State& st, VReg v, uint64_t imm) const {
    auto it = std::find(const_ids_.begin(), const_ids_.end(), imm);
    return it != const_ids_.end() &&
           st.Holds(kConstFactBase + static_cast<uint32_t>(it - const_ids_.begin()), v);
  }

  // Checks that `loc` (class fp, or a constant imm) holds v's current value.
  bool Read(uint32_t s, const State& st, VReg v, const Location& loc, uint64_t imm, bool fp,
            const char* what, bool v128 = false) {
    if (v >= fn_.NumVRegs()) return Fail(s, std::string(what) + " of " + V(v) + ": no such vreg"), false;
    if (loc.kind == Location::kConst) {
      if (IsConstOf(v, imm) || HoldsConst(st, v, imm)) return true;
      Fail(s, std::string(what) + " of " + V(v) + " as the constant " + std::to_string(imm) + ", but " +
                  (v < const_def_.size() && is_const_[v]
                       ? V(v) + " is the constant " + std::to_string(const_def_[v])
                       : V(v) + " is not defined once by a constant"));
      return false;
    }
    uint32_t id = Id(loc, fp);
    if (id == ~0u) return Fail(s, std::string(what) + " of " + V(v) + " from no location"), false;
    if (Pair(loc, v128) && st.Holds(id, v) && !st.Holds(id + 1, v)) id += 1;  // second half lost
    if (st.Holds(id, v)) return true;
    std::string cause;
    for (const auto& [lost, why] : lost_)
      if (lost == v) cause = " (" + why + ")";
    Fail(s, std::string(what) + " of " + V(v) + " from " + LocName(id) + ", which holds " +
                Set(st, id) + cause);
    return false;
  }

  // Defines the vregs `vs` at the locations `ids` (~0u: nowhere), with optional
  // extra facts per location (values equal to the new one).
  // `also` may be null: no extra facts.
  void Define(State& st, const std::vector<VReg>& vs, const std::vector<uint32_t>& ids,
              const std::vector<std::vector<VReg>>* also) {
    if (vs.empty()) return;
    if (vs.size() == 1) {
      VReg d = vs[0];
      st.EraseIf([&](uint32_t, VReg v) { return v == d; });
      if (!also || (*also)[0].empty()) {  // the common case: a plain definition
        if (ids[0] != ~0u) st.SetOne(ids[0], d);
        return;
      }
    } else {
      st.EraseIf([&](uint32_t, VReg v) { return std::find(vs.begin(), vs.end(), v) != vs.end(); });
    }
    for (size_t k = 0; k < vs.size(); ++k) {
      if (ids[k] == ~0u) continue;
      std::vector<VReg> set;
      if (also)
        for (VReg v : (*also)[k])
          if (std::find(vs.begin(), vs.end(), v) == vs.end()) set.push_back(v);
      set.push_back(vs[k]);
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      st.Set(ids[k], set);
    }
  }

  void Step(uint32_t s, State& st) {
    const CheckStep& step = p_[s];
    // Allocatable GPRs the instruction's lowering writes as scratch (RegisterInfo::clobbers).
    // Operand b as an immediate: as the step read it.
    const uint32_t clobbers = [&]() -> uint32_t {
      if (!regs_.clobbers || step.inst >= fn_.insts.size()) return 0;
      const ir::Inst& in = fn_.insts[step.inst];
      bool b_const = false;
      for (const CheckOperand& u : step.uses)
        b_const |= in.b != ir::kNoVReg && u.vreg == in.b && u.loc.kind == Location::kConst;
      return regs_.clobbers(in, b_const);
    }();
    auto in_clobbered = [&](const CheckOperand& o, const char* what) {
      if (o.fp || o.loc.kind != Location::kReg || !((clobbers >> o.loc.reg) & 1)) return false;
      return Fail(s, std::string(what) + " " + V(o.vreg) + " in " + LocName(o.loc.reg) +
                         ", which the instruction's lowering uses as scratch"),
             true;
    };
    for (const CheckOperand& u : step.uses)
      if (in_clobbered(u, "read of") || !Read(s, st, u.vreg, u.loc, u.imm, u.fp, "read", u.v128)) return;
    for (const CheckOperand& d : step.defs)
      if (in_clobbered(d, "definition of")) return;
    if (step.unframed) {
      if (step.call) return (void)Fail(s, "a call in code without the frame (a shrink-wrapped exit)");
      for (uint32_t r = 0; r < kFprBase; ++r)
        if (((clobbers >> r) & 1) && !Write(s, r, true)) return;
    }
    if (!step.moves.empty() && !Moves(s, st, step)) return;
    if (clobbers) st.EraseIf([&](uint32_t loc, VReg) { return loc < kFprBase && ((clobbers >> loc) & 1); });
    if (step.call && regs_.gpr_pinned_lent)
      return (void)Fail(s, "a call in a function that allocates the pinned " +
                               LocName(static_cast<uint32_t>(__builtin_ctz(regs_.gpr_pinned_lent))) +
                               " (RegisterInfo::gpr_pinned_lent): the callee expects its pinned value");
    if (step.call) {
      const bool wasm_call =
          step.inst < fn_.insts.size() && WasmConventionCall(fn_.insts[step.inst], wasm_convention_);
      st.EraseIf([&](uint32_t loc, VReg v) {
        if (loc < kFprBase) return !((regs_.gpr_callee_saved >> loc) & 1);
        if (loc < kSlotBase) {  // a v128 keeps its upper half only in fpr_callee_saved_v128
          const uint32_t saved =  // (or fpr_wasm_saved across a call to wasm code)
              FprsKeptAcross(regs_, wasm_call, fn_.vreg_types[v] == ir::Type::kV128);
          return !((saved >> (loc - kFprBase)) & 1);
        }
        return false;
      });
    }
    if (!step.defs.empty()) {
      // Step 0 of unframed code defines the params where they arrive: no code, no write.
      const bool unframed_write = step.unframed && s != 0;
      std::vector<VReg> vs;
      std::vector<uint32_t> ids;
      std::vector<std::vector<VReg>> also;  // per def: a constant fact's other vregs
      bool facts = false;
      for (const CheckOperand& d : step.defs) {
        if (d.vreg >= fn_.NumVRegs()) return (void)Fail(s, "definition of " + V(d.vreg) + ": no such vreg");
        const bool fact = d.loc.kind == Location::kConst;
        if (fact && !step.unframed)
          return (void)Fail(s, "definition of " + V(d.vreg) + " into a constant location");
        // The fact must be the step's instruction: v = Const imm.
        if (fact && (step.inst >= fn_.insts.size() || fn_.insts[step.inst].op != ir::Opcode::kConst ||
                     fn_.insts[step.inst].dst != d.vreg || fn_.insts[step.inst].imm != d.imm))
          return (void)Fail(s, "definition of " + V(d.vreg) + " as the constant " + std::to_string(d.imm) +
                                   ", which is not the instruction's constant");
        const uint32_t id = fact ? ConstId(d.imm) : Id(d.loc, d.fp);
        also.push_back(fact ? st.Contents(id) : std::vector<VReg>{});
        facts |= fact;
        // Two values written to one location at once: one is lost. Harmless when it is
        // dead (e.g. a param never read before its next definition); otherwise its
        // read fails below, and the failure names this step as the cause.
        for (size_t k = 0; k < ids.size(); ++k)
          if (id != ~0u && !fact && ids[k] == id)
            lost_.push_back({vs[k], V(vs[k]) + " and " + V(d.vreg) + " were both written to " +
                                        LocName(id) + " at once, " + Where(s)});
        vs.push_back(d.vreg);
        ids.push_back(id);
        if (!Write(s, id, unframed_write) || (Pair(d.loc, d.v128) && !Write(s, id + 1, unframed_write)))
          return;
      }
      Define(st, vs, ids, facts ? &also : nullptr);
      MirrorPairs(st, step.defs, [](const CheckOperand& d) { return std::pair{d.loc, d.v128}; });
    }
    ClearScratch(st);
  }

  // A write to location id must stay inside the frame; `unframed`: there is none yet, so
  // no slot, no callee-saved register and no register of unframed_keep(_fpr).
  bool Write(uint32_t s, uint32_t id, bool unframed) {
    if (id == ~0u || id >= kConstFactBase) return true;  // no location (a constant: no code)
    if (id < kFprBase && ((regs_.gpr_pinned >> id) & 1))
      return Fail(s, "write to " + LocName(id) + ", which holds the instance state through all "
                     "wasm code (RegisterInfo::gpr_pinned)"),
             false;
    if (unframed) {
      std::string why;
      if (id >= kSlotBase) {
        why = "the exit has no slots";
      } else if (id >= kFprBase) {
        if ((frame_.unframed_keep_fpr >> (id - kFprBase)) & 1)
          why = "the prologue still reads it";
        else if (((regs_.fpr_callee_saved | regs_.fpr_wasm_saved) >> (id - kFprBase)) & 1)
          why = "a callee-saved register nothing saved";
      } else if ((frame_.unframed_keep >> id) & 1) {
        why = "the prologue still reads it";
      } else if ((regs_.gpr_callee_saved >> id) & 1) {
        why = "a callee-saved register nothing saved";
      }
      if (why.empty()) return true;
      return Fail(s, "write to " + LocName(id) + " in code without the frame (a shrink-wrapped exit: " +
                         why + ")"),
             false;
    }
    if (!frame_.known) return true;
    if (id >= kSlotBase) {
      if (id - kSlotBase < frame_.num_slots) return true;
      return Fail(s, "write to " + LocName(id) + ", beyond the frame's " +
                         std::to_string(frame_.num_slots) + " slots"),
             false;
    }
    if (!allocatable_[id]) return true;  // scratch: the MacroAssembler's own
    const bool fp = id >= kFprBase;
    const uint32_t r = fp ? id - kFprBase : id;
    const uint32_t saved = fp ? regs_.fpr_callee_saved | regs_.fpr_wasm_saved : regs_.gpr_callee_saved;
    const uint32_t used = fp ? frame_.fpr_callee_saved_used : frame_.gpr_callee_saved_used;
    if (!((saved >> r) & 1) || ((used >> r) & 1)) return true;
    return Fail(s, "write to callee-saved " + LocName(id) + ", which the prologue does not save"),
           false;
  }

  void ClearScratch(State& st) {
    st.EraseIf([&](uint32_t loc, VReg) { return loc < kSlotBase && !allocatable_[loc]; });
  }

  bool Moves(uint32_t s, State& st, const CheckStep& step) {
    // Reads: every requested source holds its vreg before the first move.
    for (const Move& m : step.moves)
      if (m.src_vreg != ir::kNoVReg && !Read(s, st, m.src_vreg, m.src, m.imm, m.fp, "move source", m.v128))
        return false;
    // Replay the machine moves location by location.
    const std::vector<Move>& seq = step.sequenced ? step.sequence : step.moves;
    for (const Move& m : seq) {
      uint32_t d = Id(m.dst, m.fp);
      if (d == ~0u) return Fail(s, "a move into no location"), false;
      if (!Write(s, d, step.unframed) || (Pair(m.dst, m.v128) && !Write(s, d + 1, step.unframed)))
        return false;
      std::vector<VReg> val;
      if (m.src.kind == Location::kConst) {
        // The constant stands for the requested move's vreg with this dst.
        for (const Move& r : step.moves)
          if (Id(r.dst, r.fp) == d && r.src.kind == Location::kConst && r.imm == m.imm &&
              r.src_vreg != ir::kNoVReg)
            val.push_back(r.src_vreg);
      } else {
        uint32_t sid = Id(m.src, m.fp);
        if (sid == ~0u) return Fail(s, "a move from no location"), false;
        val = st.Contents(sid);
        if (Pair(m.src, m.v128)) {  // both halves must hold a value for it to move
          std::vector<VReg> hi = st.Contents(sid + 1);
          std::erase_if(val, [&](VReg v) { return std::find(hi.begin(), hi.end(), v) == hi.end(); });
        }
      }
      st.Set(d, val);
      if (Pair(m.dst, m.v128)) st.Set(d + 1, val);
    }
    // Each requested destination now holds its source's value; then the dsts are defined.
    std::vector<VReg> vs;
    std::vector<uint32_t> ids;
    std::vector<std::vector<VReg>> also;
    for (const Move& m : step.moves) {
      uint32_t d = Id(m.dst, m.fp);
      if (m.src_vreg != ir::kNoVReg &&
          (!st.Holds(d, m.src_vreg) || (Pair(m.dst, m.v128) && !st.Holds(d + 1, m.src_vreg))))
        return Fail(s, "after the moves, " + LocName(d) + " should hold " + V(m.src_vreg) +
                           " (for " + V(m.dst_vreg) + ") but holds " + Set(st, d)),
               false;
      if (m.dst_vreg == ir::kNoVReg) continue;
      vs.push_back(m.dst_vreg);
      ids.push_back(d);
      also.push_back(st.Contents(d));
    }
    Define(st, vs, ids, &also);
    MirrorPairs(st, step.moves, [](const Move& m) { return std::pair{m.dst, m.v128}; });
    return true;
  }

  const ir::Function& fn_;
  const RegisterInfo& regs_;
  const std::vector<CheckStep>& p_;
  const CheckFrame frame_;
  std::vector<uint64_t> const_def_;  // valid where is_const_
  std::vector<uint8_t> is_const_;    // defined exactly once, by a kConst
  bool wasm_convention_;             // UsesWasmConvention(fn_)
  std::vector<std::pair<VReg, uint64_t>> const_imm_;
  std::vector<uint64_t> const_ids_;  // ConstId's constants
  bool allocatable_[kSlotBase] = {};
  std::vector<std::pair<VReg, std::string>> lost_;  // values overwritten at once (for reports)
  CheckResult r_;
};

}  // namespace

CheckResult CheckAllocatedCode(const ir::Function& fn, const RegisterInfo& regs,
                               const std::vector<CheckStep>& program, const CheckFrame& frame) {
  return Checker(fn, regs, program, frame).Run();
}

std::string CheckReport(const ir::Function& fn, const CheckResult& r) {
  std::string s = "register allocation checker: func " + std::to_string(fn.func_index) + ", ";
  s += r.inst == ~0u ? std::string("prologue") : "inst " + std::to_string(r.inst);
  s += ": " + r.what + "\n";
  if (r.inst != ~0u) s += ir::PrintAround(fn, r.inst);
  return s;
}

}  // namespace wasmc::regalloc
