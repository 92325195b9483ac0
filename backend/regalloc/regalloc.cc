#include "backend/regalloc/regalloc.h"

#include <algorithm>
#include <queue>
#include <string>

#include "backend/regalloc/liveness.h"
#include "compiler/diag.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Opcode;
using ir::VReg;

struct Active {
  VReg v;
  uint32_t end;
  uint8_t reg;
};

class LinearScan {
 public:
  LinearScan(Function& fn, const RegisterInfo& regs, const Intervals& iv, Allocation& out)
      : fn_(fn), regs_(regs), iv_(iv), out_(out) {}

  void Run() {
    const uint32_t nv = fn_.NumVRegs();
    out_.locs.assign(nv, Location{});
    ComputeHints();
    // Values defined exactly once by kConst need no storage.
    for (const ir::Inst& in : fn_.insts)
      if (in.op == Opcode::kConst && iv_.num_defs[in.dst] == 1)
        out_.locs[in.dst].kind = Location::kConst;
    // Order by start position (counting sort: positions are small).
    std::vector<VReg> order;
    order.reserve(nv);
    for (VReg v = 0; v < nv; ++v)
      if (iv_.start[v] <= iv_.end[v] && out_.locs[v].kind != Location::kConst) order.push_back(v);
    std::stable_sort(order.begin(), order.end(),
                     [&](VReg a, VReg b) { return iv_.start[a] < iv_.start[b]; });
    for (VReg v : order) Allocate(v);
  }

 private:
  void ComputeHints() {
    hint_.assign(fn_.NumVRegs(), ir::kNoVReg);
    for (const ir::Inst& in : fn_.insts) {
      if (in.dst == ir::kNoVReg) continue;
      switch (in.op) {
        case Opcode::kMov:
          hint_[in.dst] = in.a;
          if (hint_[in.a] == ir::kNoVReg) hint_[in.a] = in.dst;
          break;
        case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
        case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
        case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kFAdd:
        case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
          if (in.a != ir::kNoVReg && ir::IsFloat(fn_.vreg_types[in.a]) == ir::IsFloat(in.type))
            hint_[in.dst] = in.a;
          break;
        default: break;
      }
    }
  }

  bool CrossesCall(VReg v) const {
    const auto& calls = iv_.call_positions;
    // First call i with 2i >= start.
    auto it = std::lower_bound(calls.begin(), calls.end(), iv_.start[v],
                               [](uint32_t i, uint32_t s) { return 2 * i < s; });
    return it != calls.end() && 2 * *it + 2 <= iv_.end[v];
  }

  void ExpireUpTo(uint32_t pos) {
    for (auto* act : {&gpr_active_, &fpr_active_}) {
      auto& a = *act;
      a.erase(std::remove_if(a.begin(), a.end(), [&](const Active& x) { return x.end < pos; }),
              a.end());
    }
    while (!spilled_.empty() && spilled_.top().first < pos) {
      free_slots_.push_back(spilled_.top().second);
      spilled_.pop();
    }
  }

  uint32_t NewSlot(bool reuse) {
    if (reuse && !free_slots_.empty()) {
      uint32_t s = free_slots_.back();
      free_slots_.pop_back();
      return s;
    }
    return out_.num_slots++;
  }

  void Spill(VReg v, bool reuse) {
    uint32_t s = NewSlot(reuse);
    out_.locs[v] = Location::Slot(s);
    spilled_.push({iv_.end[v], s});
  }

  float Weight(VReg v) const {
    return iv_.weight[v] / static_cast<float>(iv_.end[v] - iv_.start[v] + 2);
  }

  void Allocate(VReg v) {
    ExpireUpTo(iv_.start[v]);
    const bool fp = ir::IsFloat(fn_.vreg_types[v]);
    const std::vector<uint8_t>& pool = fp ? regs_.fprs : regs_.gprs;
    const uint32_t callee_saved = fp ? regs_.fpr_callee_saved : regs_.gpr_callee_saved;
    std::vector<Active>& active = fp ? fpr_active_ : gpr_active_;
    const bool crosses = CrossesCall(v);
    uint64_t busy = 0;
    for (const Active& a : active) busy |= 1ull << a.reg;
    auto allowed = [&](uint8_t r) { return !crosses || ((callee_saved >> r) & 1); };
    int chosen = -1;
    VReg h = hint_[v];
    if (h != ir::kNoVReg && out_.locs[h].kind == Location::kReg &&
        ir::IsFloat(fn_.vreg_types[h]) == fp) {
      uint8_t r = out_.locs[h].reg;
      if (!((busy >> r) & 1) && allowed(r)) chosen = r;
    }
    if (chosen < 0) {
      // Prefer caller-saved registers for values that do not cross calls, so the
      // callee-saved ones (which cost a save/restore) stay free for those that do.
      for (int pass = 0; pass < 2 && chosen < 0; ++pass)
        for (uint8_t r : pool) {
          if ((busy >> r) & 1 || !allowed(r)) continue;
          bool is_cs = (callee_saved >> r) & 1;
          if (pass == 0 && !crosses && is_cs) continue;
          chosen = r;
          break;
        }
    }
    if (chosen < 0) {
      // Evict the cheapest active value that holds an allowed register.
      int victim = -1;
      float victim_w = Weight(v);
      for (size_t i = 0; i < active.size(); ++i) {
        if (!allowed(active[i].reg)) continue;
        float w = Weight(active[i].v);
        if (w < victim_w) victim = static_cast<int>(i), victim_w = w;
      }
      if (victim < 0) { Spill(v, true); return; }
      chosen = active[victim].reg;
      Spill(active[victim].v, false);  // its hull started earlier: a fresh slot
      active.erase(active.begin() + victim);
    }
    out_.locs[v] = Location::Reg(static_cast<uint8_t>(chosen));
    active.push_back({v, iv_.end[v], static_cast<uint8_t>(chosen)});
    if ((callee_saved >> chosen) & 1) {
      (fp ? out_.fpr_callee_saved_used : out_.gpr_callee_saved_used) |= 1u << chosen;
    }
  }

  Function& fn_;
  const RegisterInfo& regs_;
  const Intervals& iv_;
  Allocation& out_;
  std::vector<VReg> hint_;
  std::vector<Active> gpr_active_, fpr_active_;
  std::priority_queue<std::pair<uint32_t, uint32_t>, std::vector<std::pair<uint32_t, uint32_t>>,
                      std::greater<>> spilled_;
  std::vector<uint32_t> free_slots_;
};

}  // namespace

Allocation AllocateRegisters(Function& fn, const RegisterInfo& regs) {
  Intervals iv = ComputeIntervals(fn);
  Allocation out;
  LinearScan(fn, regs, iv, out).Run();
  return out;
}

std::string CheckAllocation(const Function& fn, const RegisterInfo& regs,
                            const Allocation& alloc) {
  Intervals iv = ComputeIntervals(const_cast<Function&>(fn));
  struct Item { uint32_t key, start, end; VReg v; };
  std::vector<Item> items;
  for (VReg v = 0; v < fn.NumVRegs(); ++v) {
    if (iv.start[v] > iv.end[v]) continue;
    const Location& l = alloc.locs[v];
    uint32_t key;
    if (l.kind == Location::kReg) key = (ir::IsFloat(fn.vreg_types[v]) ? 0x100 : 0) + l.reg;
    else if (l.kind == Location::kSlot) key = 0x10000 + l.slot;
    else if (l.kind == Location::kConst) continue;
    else return "vreg " + std::to_string(v) + " is live but has no location";
    items.push_back({key, iv.start[v], iv.end[v], v});
    if (l.kind == Location::kReg) {
      uint32_t cs = ir::IsFloat(fn.vreg_types[v]) ? regs.fpr_callee_saved : regs.gpr_callee_saved;
      if (!((cs >> l.reg) & 1))
        for (uint32_t c : iv.call_positions)
          if (iv.start[v] <= 2 * c && iv.end[v] >= 2 * c + 2)
            return "vreg " + std::to_string(v) + " is live across the call at inst " +
                   std::to_string(c) + " in caller-saved register " + std::to_string(l.reg);
    }
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.key != b.key ? a.key < b.key : a.start < b.start;
  });
  // Per location, intervals sorted by start must not overlap the furthest end so far.
  for (size_t i = 1, last = 0; i < items.size(); ++i) {
    if (items[i].key != items[last].key) { last = i; continue; }
    if (items[i].start <= items[last].end)
      return "vregs " + std::to_string(items[last].v) + " and " + std::to_string(items[i].v) +
             " overlap in location " + std::to_string(items[i].key);
    if (items[i].end > items[last].end) last = i;
  }
  return {};
}

}  // namespace wasmc::regalloc
