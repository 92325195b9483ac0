#include "backend/regalloc/regalloc.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "backend/regalloc/call_split.h"
#include "backend/regalloc/liveness.h"
#include "backend/regalloc/op_flags.h"
#include "backend/regalloc/sink_const.h"
#include "backend/regalloc/split.h"
#include "backend/regalloc/webs.h"
#include "backend/diag.h"
#include "backend/kept_vectors.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Opcode;
using ir::VReg;

// UsesWasmConvention(fn) and CallsCCode(fn) in one walk over the instructions, or from
// the function's liveness (whether it has a kEhEdge, and its calls), without one.
struct ConventionFacts {
  bool wasm_convention = true;  // no kEhEdge
  bool calls_c = false;
  explicit ConventionFacts(const Function& fn) {
    for (const ir::Inst& in : fn.insts) wasm_convention &= in.op != Opcode::kEhEdge;
    for (const ir::Inst& in : fn.insts) NoteCall(in);
    Finish();
  }
  ConventionFacts(const Function& fn, const Intervals& iv) : wasm_convention(!iv.liveness.eh_edges) {
    for (uint32_t i : iv.call_positions) NoteCall(fn.insts[i]);  // (every ir::IsCall)
    Finish();
  }

 private:
  void NoteCall(const ir::Inst& in) {
    if (ir::IsCall(in.op) && in.op != Opcode::kReturnCall) {
      any_call_ = true;
      c_call_ |= !WasmConventionCall(in, true);
    }
  }
  void Finish() { calls_c = wasm_convention ? c_call_ : any_call_; }
  bool any_call_ = false, c_call_ = false;  // c_call_: under the wasm convention
};

// Linear scan over live ranges with holes (Poletto/Sarkar order, Wimmer-style
// active/inactive sets, no splitting): an interval keeps one location for its life.
// `temps_after` (the -O1 tier): the scan places only the values that are not
// temporaries (Intervals::temps), then FillTemporaries fits those into what it left.
class LinearScan {
  auto Kept();  // the vectors kept per thread (backend/kept_vectors.h; defined below)
  void TakeSpare();

 public:
  LinearScan(Function& fn, const RegisterInfo& regs, const Intervals& iv, Allocation& out,
             const std::vector<int>* preferred, bool reclaim, bool temps_after = false)
      : fn_(fn), regs_(regs), iv_(iv), out_(out), preferred_(preferred), reclaim_(reclaim),
        temps_after_(temps_after) {
    TakeSpare();
  }
  ~LinearScan();

  void Run() {
    const uint32_t nv = fn_.NumVRegs();
    out_.locs.assign(nv, Location{});
    if (regs_.fpr_wasm_saved) {  // the wasm-internal convention (regalloc.h)
      const ConventionFacts facts(fn_, iv_);
      out_.wasm_convention = facts.wasm_convention;
      for (uint32_t i : iv_.call_positions)
        if (!WasmConventionCall(fn_.insts[i], facts.wasm_convention)) c_calls_.push_back(i);
      if (facts.calls_c) out_.fpr_callee_saved_used |= regs_.fpr_wasm_saved;
    }
    // Values defined exactly once by kConst need no storage (but RegisterInfo::
    // const_in_register: those the target keeps in a register for the loops they leave).
    std::vector<uint8_t>& use_depth = use_depth_;
    use_depth.clear();
    if (regs_.const_in_register) {
      use_depth.assign(nv, 0);
      for (const ir::Inst& in : fn_.insts)
        ir::ForEachUse(fn_, in, [&](VReg v) { use_depth[v] = std::max(use_depth[v], in.loop_depth); });
    }
    // (The move hints in the same walk, and the instructions that may clobber
    // registers: RegisterInfo::clobbers is asked of those once the walk has found
    // the constants, which it needs for the operand b.)
    std::vector<VReg>& reg_consts = reg_consts_;
    reg_consts.clear();
    hint_.assign(nv, ir::kNoVReg);
    const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
    const ir::Inst* const insts = fn_.insts.data();
    // (Through local copies: the stores may alias any member under -fno-strict-aliasing.)
    const uint8_t may_clobber = regs_.clobbers != nullptr ? kMayClobber : 0;
    const uint8_t* const op_bits = OpBits(regs_);
    VReg* const hint = hint_.data();
    const uint32_t* const num_defs = iv_.num_defs.data();
    Location* const locs = out_.locs.data();
    for (uint32_t i = 0; i < n; ++i) {
      const ir::Inst& in = insts[i];
      const uint8_t bits = op_bits[static_cast<uint8_t>(in.op)];
      if (bits & may_clobber) clobbers_.push_back({i, 0});
      if (!(bits & (kMovHint | kArithHint | kConstOp)) || in.dst == ir::kNoVReg) continue;
      if (bits & (kMovHint | kArithHint)) {
        NoteHint(in, bits, hint);
        continue;
      }
      if (num_defs[in.dst] != 1) continue;  // (a kConst)
      if (!use_depth.empty() && use_depth[in.dst] > in.loop_depth &&
          regs_.const_in_register(in.imm, in.type))
        reg_consts.push_back(in.dst);
      else
        locs[in.dst].kind = Location::kConst;
    }
    // Per-instruction clobbers (ClobbersOf), once the constants (immediates) are known:
    // those that clobber nothing leave the list.
    size_t kept = 0;
    for (size_t k = 0; k < clobbers_.size(); ++k) {
      const uint32_t i = clobbers_[k].first;
      if (const uint32_t m = ClobbersOf(regs_, insts[i], out_.locs)) {
        clobbers_[kept++] = {i, m};
        all_clobbered_ |= m;
      }
    }
    clobbers_.resize(kept);
    const uint32_t num_positions = 2 * n;
    WASMC_CHECK(num_positions < kNever);
    call_at_ = iv_.call_positions.empty() ? kNever : 2 * iv_.call_positions[0];
    clobber_at_ = clobbers_.empty() ? kNever : 2 * clobbers_[0].first + 1;
    num_preferred_ = preferred_ ? static_cast<uint32_t>(std::min<size_t>(preferred_->size(), nv)) : 0;
    cursor_.assign(iv_.range_begin.begin(), iv_.range_begin.end() - 1);
    p_ = {iv_.start.data(), iv_.end.data(), iv_.ranges.data(), iv_.range_begin.data(), cursor_.data(),
          out_.locs.data(), hint_.data(), fn_.vreg_types.data(), iv_.weight.data()};
    // The values with ranges (the temporaries, at -O1, have none: Intervals::temps) in
    // start order, ties by number (a stable sort of the ascending list). With values
    // enough for the positions, a counting sort over blocks of 8 positions (every start
    // is a position, below 2 x the instructions), then an insertion sort by start, which
    // moves a value only within its block: measured cheaper from about one value per 24
    // positions (SQLite -O2 has one per 9, -O1 far fewer). (One bucket per position
    // cost a pass over every position.) The blocks are counted as the values are listed.
    std::vector<VReg>& order = order_;
    order.resize(nv);
    size_t num_order = 0;
    constexpr uint32_t kBlockShift = 3;
    const uint32_t num_blocks = (num_positions >> kBlockShift) + 1;
    std::vector<uint32_t>& at = start_at_;  // per block: where its values go next
    at.assign(num_blocks + 1, 0);
    uint32_t* const at_p = at.data();
    const uint32_t* const start = iv_.start.data();
    {
      VReg* const o = order.data();
      const uint32_t* const range_begin = iv_.range_begin.data();
      const Location* const locs = out_.locs.data();
      for (VReg v = 0; v < nv; ++v)
        if (range_begin[v] < range_begin[v + 1] && locs[v].kind != Location::kConst) {
          o[num_order++] = v;
          WASMC_CHECK(start[v] < num_positions);
          ++at_p[(start[v] >> kBlockShift) + 1];
        }
    }
    order.resize(num_order);
    if (order.size() * kCountingSortRatio < num_positions) {
      std::stable_sort(order.begin(), order.end(), [&](VReg a, VReg b) { return start[a] < start[b]; });
    } else {
      for (uint32_t b = 0, sum = 0; b <= num_blocks; ++b) sum = at_p[b] += sum;
      std::vector<VReg>& sorted = sorted_;
      sorted.resize(order.size());
      VReg* const so = sorted.data();
      for (VReg v : order) so[at_p[start[v] >> kBlockShift]++] = v;
      // (Stable: a value passes only larger starts. `last`: the largest start so far, that
      // of so[i - 1], which most values, in order already, only compare with.)
      for (size_t i = 1, last = sorted.empty() ? 0 : start[so[0]]; i < sorted.size(); ++i) {
        const VReg v = so[i];
        const uint32_t s = start[v];
        if (s >= last) {
          last = s;
          continue;
        }
        size_t j = i;
        for (; j > 0 && start[so[j - 1]] > s; --j) so[j] = so[j - 1];
        so[j] = v;
      }
      order.swap(sorted);
    }
    if (reclaim_) {
      slotted_.clear();
      for (std::vector<VReg>& h : Holders()) h.clear();
    }
    for (VReg v : order) Allocate(v);
    if (temps_after_) FillTemporaries();
    if (reclaim_) ReclaimCalleeSaved();
    // A constant that found no register stays an immediate: rebuilding it at each use
    // costs no more than reloading it from a slot (its slot is left unused).
    for (VReg v : reg_consts)
      if (p_.locs[v].kind == Location::kSlot) p_.locs[v] = Location{Location::kConst};
  }

  // With `reclaim`, after Run: every value with a slot, among others (slotted_).
  const std::vector<VReg>& MaySlotted() const { return slotted_; }

 private:
  // A register class's values live at the scan's position. Active ones (covering the
  // position) per register: no two active values share one (a value takes a register
  // no active value holds, and no inactive one whose ranges meet its own), so each is
  // found by its register's bit in `busy`, with `until` the end of the range that covers
  // the position (nothing to test for it before then) and `stamp` its place in the
  // order of entry into the active set (eviction's ties go to the earliest, as in a
  // list). Inactive values (in a hole) in a list, in the order they became inactive,
  // with `wake` the lowest start of their next ranges: none covers a position or meets a
  // range before it (nothing to test for them before then).
  struct Set {
    uint64_t busy = 0;  // the registers of the active values
    uint32_t until[64], stamp[64];
    VReg who[64];
    uint32_t soonest = ~0u;  // at most the lowest `until` of the active values
    std::vector<VReg> inactive;
    uint32_t wake = ~0u;
  };

  // Per opcode, what Run's first walk does with an instruction (a byte to load, not a
  // bit to extract and a switch): kMayClobber unless RegisterInfo::NeverClobbers (kept
  // per thread for the last set), the kind of move hint (NoteHint), kConstOp for kConst.
  static constexpr uint8_t kMayClobber = 1, kMovHint = 2, kArithHint = 4, kConstOp = 8;
  static const uint8_t* OpBits(const RegisterInfo& regs) {
    thread_local std::array<uint64_t, 4> ops{};
    thread_local std::array<uint8_t, 256> bits{};
    thread_local bool made = false;
    if (!made || ops != regs.clobber_free_ops) {
      ops = regs.clobber_free_ops;
      for (uint32_t k = 0; k < 256; ++k) {
        const Opcode op = static_cast<Opcode>(k);
        bits[k] = regs.NeverClobbers(op) ? 0 : kMayClobber;
        switch (op) {
          case Opcode::kMov: bits[k] |= kMovHint; break;
          case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
          case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
          case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kFAdd:
          case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
            bits[k] |= kArithHint;
            break;
          case Opcode::kConst: bits[k] |= kConstOp; break;
          default: break;
        }
      }
      made = true;
    }
    return bits.data();
  }

  // The move hints of an instruction with a result (its OpBits `bits` have kMovHint or
  // kArithHint), in instruction order (into `hint`: hint_'s).
  void NoteHint(const ir::Inst& in, uint8_t bits, VReg* hint) const {
    if (bits & kMovHint) {
      hint[in.dst] = in.a;
      if (hint[in.a] == ir::kNoVReg) hint[in.a] = in.dst;
    } else if (in.a != ir::kNoVReg && ir::IsFpr(fn_.vreg_types[in.a]) == ir::IsFpr(in.type)) {
      hint[in.dst] = in.a;  // (two-address arithmetic: dst <- a)
    }
  }

  const Range* RangesBegin(VReg v) const { return p_.ranges + p_.range_begin[v]; }
  const Range* RangesEnd(VReg v) const { return p_.ranges + p_.range_begin[v + 1]; }

  // Advances v's cursor past ranges ending before pos; true if a range covers pos.
  bool Covers(VReg v, uint32_t pos) {
    uint32_t& c = p_.cursor[v];
    const uint32_t e = p_.range_begin[v + 1];
    while (c < e && p_.ranges[c].end < pos) ++c;
    return c < e && p_.ranges[c].start <= pos;
  }
  // The same for a value not ended at pos (p_.end[v] >= pos: some range of v ends at
  // or after pos, so the cursor stops before the last).
  bool CoversBeforeEnd(VReg v, uint32_t pos) {
    uint32_t& c = p_.cursor[v];
    while (p_.ranges[c].end < pos) ++c;
    return p_.ranges[c].start <= pos;
  }

  // Do v's ranges (from its cursor on) intersect cur's?
  bool Intersects(VReg v, VReg cur) const {
    const Range* a = p_.ranges + p_.cursor[v];
    const Range* ae = RangesEnd(v);
    const Range* b = RangesBegin(cur);
    const Range* be = RangesEnd(cur);
    while (a < ae && b < be) {
      if (a->end < b->start) ++a;
      else if (b->end < a->start) ++b;
      else return true;
    }
    return false;
  }

  // Is v live across one of `calls` (instruction indices, ascending)? `from`: no call
  // before calls[from] is at or after v's start (Allocate's cursors; 0 always holds).
  // Each range's search starts where the one before ended (the ranges ascend).
  bool CrossesCall(VReg v, const std::vector<uint32_t>& calls, size_t from = 0) const {
    auto it = calls.begin() + from;
    for (const Range* r = RangesBegin(v); r < RangesEnd(v); ++r) {
      if (it != calls.end() && 2 * *it < r->start)  // (else `it` is the answer already)
        it = std::lower_bound(it + 1, calls.end(), r->start, [](uint32_t i, uint32_t s) { return 2 * i < s; });
      if (it == calls.end()) return false;
      if (2 * *it + 2 <= r->end) return true;
    }
    return false;
  }

  // The GPRs written as scratch by an instruction v's ranges touch (at 2i or 2i+1).
  // (Done as soon as all the registers any instruction clobbers are in: x86-64 has two.)
  // `from` as for CrossesCall, over clobbers_.
  uint32_t Clobbered(VReg v, size_t from = 0) const {
    uint32_t m = 0;
    auto it = clobbers_.begin() + from;
    for (const Range* r = RangesBegin(v); r < RangesEnd(v) && m != all_clobbered_; ++r) {
      if (it != clobbers_.end() && 2 * it->first + 1 < r->start)  // (else `it` is the answer)
        it = std::lower_bound(it + 1, clobbers_.end(), r->start,
                              [](const std::pair<uint32_t, uint32_t>& c, uint32_t s) {
                                return 2 * c.first + 1 < s;
                              });
      for (auto c = it; c != clobbers_.end() && 2 * c->first <= r->end && m != all_clobbered_; ++c)
        m |= c->second;
    }
    return m;
  }

  // The active value v in register r, at `pos`, which it covers (the cursor's range).
  void Activate(Set& set, uint8_t r, VReg v) {
    WASMC_CHECK(r < 64 && !((set.busy >> r) & 1));
    set.busy |= uint64_t{1} << r;
    set.who[r] = v;
    set.until[r] = p_.ranges[p_.cursor[v]].end;
    set.soonest = std::min(set.soonest, set.until[r]);
    set.stamp[r] = stamp_++;
  }

  // Returns the registers of the active values (those live at pos).
  uint64_t Advance(Set& set, uint32_t pos) {
    // Active values whose covering range ended before pos: ended (dropped) or in a hole
    // (inactive, in their order of entry into the active set), or covering pos again.
    uint32_t holed[64], holed_stamp[64];
    uint32_t num_holed = 0;
    if (set.soonest < pos) {  // (else every active value covers pos still)
      uint64_t busy = set.busy;  // (locals: the stores below may alias any member)
      uint32_t soonest = ~0u;
      for (uint64_t x = busy; x; x &= x - 1) {
        const uint32_t r = static_cast<uint32_t>(__builtin_ctzll(x));
        if (set.until[r] >= pos) {
          soonest = std::min(soonest, set.until[r]);
          continue;
        }
        const VReg v = set.who[r];
        if (p_.end[v] < pos) {
          busy &= ~(uint64_t{1} << r);  // handled
        } else if (CoversBeforeEnd(v, pos)) {
          set.until[r] = p_.ranges[p_.cursor[v]].end;
          soonest = std::min(soonest, set.until[r]);
        } else {  // in a hole
          busy &= ~(uint64_t{1} << r);
          uint32_t k = num_holed++;
          for (; k > 0 && holed_stamp[k - 1] > set.stamp[r]; --k) holed[k] = holed[k - 1], holed_stamp[k] = holed_stamp[k - 1];
          holed[k] = v, holed_stamp[k] = set.stamp[r];
          set.wake = std::min(set.wake, p_.ranges[p_.cursor[v]].start);  // (its next range)
        }
      }
      set.busy = busy;
      set.soonest = soonest;
    }
    auto& inact = set.inactive;
    for (uint32_t k = 0; k < num_holed; ++k) inact.push_back(holed[k]);
    if (set.wake > pos) return set.busy;  // (no inactive value ends or covers pos yet)
    size_t w = 0;
    uint32_t wake = ~0u;
    const size_t n_inact = inact.size();
    for (size_t k = 0; k < n_inact; ++k) {
      VReg v = inact[k];
      if (p_.end[v] < pos) continue;
      if (CoversBeforeEnd(v, pos)) {
        Activate(set, p_.locs[v].reg, v);
      } else {
        inact[w++] = v;
        wake = std::min(wake, p_.ranges[p_.cursor[v]].start);
      }
    }
    inact.resize(w);
    set.wake = wake;
    return set.busy;
  }

  void ExpireSlots(uint32_t pos) {
    while (!spilled_.empty() && spilled_.front().first < pos) {
      const uint32_t s = spilled_.front().second;
      (s & kPairBit ? free_pairs_ : free_slots_).push_back(s & ~kPairBit);
      std::pop_heap(spilled_.begin(), spilled_.end(), std::greater<>());
      spilled_.pop_back();
    }
  }

  // v128 values take an even pair of 8-byte slots, from their own free list.
  void Spill(VReg v, bool reuse) {
    const bool pair = ir::IsV128(p_.types[v]);
    std::vector<uint32_t>& free = pair ? free_pairs_ : free_slots_;
    uint32_t s;
    if (reuse && !free.empty()) {
      s = free.back();
      free.pop_back();
    } else if (pair) {
      s = (out_.num_slots + 1) & ~1u;
      out_.num_slots = s + 2;
    } else {
      s = out_.num_slots++;
    }
    p_.locs[v] = Location::Slot(s);
    if (reclaim_) slotted_.push_back(v);
    spilled_.push_back({p_.end[v], s | (pair ? kPairBit : 0)});
    std::push_heap(spilled_.begin(), spilled_.end(), std::greater<>());
  }

  float Weight(VReg v) const {
    uint32_t len = 0;
    for (const Range* r = RangesBegin(v); r < RangesEnd(v); ++r) len += r->end - r->start + 1;
    return p_.weight[v] / static_cast<float>(len + 1);
  }

  __attribute__((always_inline)) void Allocate(VReg v) {
    const uint32_t pos = p_.start[v];
    const bool fp = ir::IsFpr(p_.types[v]);
    Set& set = fp ? fpr_ : gpr_;
    const uint64_t busy = Advance(set, pos);  // held now
    if (!spilled_.empty() && spilled_.front().first < pos) ExpireSlots(pos);
    const std::vector<uint8_t>& pool = fp ? regs_.fprs : regs_.gprs;
    // The cursors: values come in start order.
    const std::vector<uint32_t>& calls = iv_.call_positions;
    while (call_at_ < pos) call_at_ = ++call_from_ < calls.size() ? 2 * calls[call_from_] : kNever;
    while (clobber_at_ < pos)
      clobber_at_ = ++clobber_from_ < clobbers_.size() ? 2 * clobbers_[clobber_from_].first + 1 : kNever;
    // (A value that ends before the first call or clobber from its start, most of them,
    // crosses none and touches none: no walk over its ranges.)
    const uint32_t v_end = p_.end[v];
    const bool crosses = call_at_ + 2 <= v_end && CrossesCall(v, calls, call_from_);
    // Across calls to wasm code only, the wasm convention's FPRs keep values too; they
    // cost a save (unless the prologue saves them all anyway), like callee-saved ones.
    bool wasm_calls_only = false;
    if (fp && regs_.fpr_wasm_saved) {  // (its cursor moved here only: a lower bound is enough)
      while (c_call_from_ < c_calls_.size() && 2 * c_calls_[c_call_from_] < pos) ++c_call_from_;
      wasm_calls_only = !CrossesCall(v, c_calls_, c_call_from_);
    }
    const uint32_t callee_saved =
        (fp ? FprsKeptAcross(regs_, wasm_calls_only, ir::IsV128(p_.types[v]))
            : regs_.gpr_callee_saved);
    const uint32_t costly = callee_saved & ~(fp ? out_.fpr_callee_saved_used & regs_.fpr_wasm_saved : 0);
    uint64_t blocked = 0;  // held later in v's life
    // (An inactive value's cursor is at its next range, which starts after pos: one
    // starting after v's end cannot meet v.)
    if (set.wake <= v_end)  // (else no inactive value's next range meets v's)
      for (VReg a : set.inactive)  // (also for busy registers: eviction must know)
        if (!((blocked >> p_.locs[a].reg) & 1) && p_.ranges[p_.cursor[a]].start <= v_end && Intersects(a, v))
          blocked |= 1ull << p_.locs[a].reg;
    const uint64_t taken = busy | blocked;
    const uint32_t clobbered =
        fp || clobber_at_ - 1 > v_end
            ? 0
            : Clobbered(v, clobber_from_);
    auto allowed = [&](uint8_t r) {
      return (!crosses || ((callee_saved >> r) & 1)) && !((clobbered >> r) & 1);
    };
    int chosen = -1;
    if (v < num_preferred_ && preferred_->data()[v] >= 0) {
      uint8_t r = static_cast<uint8_t>((*preferred_)[v]);
      bool in_pool = std::find(pool.begin(), pool.end(), r) != pool.end();
      if (in_pool && !((taken >> r) & 1) && allowed(r)) chosen = r;
    }
    VReg h = p_.hint[v];
    if (chosen < 0 && h != ir::kNoVReg && p_.locs[h].kind == Location::kReg &&
        ir::IsFpr(p_.types[h]) == fp) {
      uint8_t r = p_.locs[h].reg;
      if (!((taken >> r) & 1) && allowed(r)) chosen = r;
    }
    if (chosen < 0) {
      // Prefer caller-saved registers for values that do not cross calls, so the
      // callee-saved ones (which cost a save/restore) stay free for those that do.
      // (The first register of the pool in each pass's mask: free and allowed; in the
      // first pass, not costly.)
      const uint64_t free = ~taken & ((crosses ? callee_saved : ~0u) & ~clobbered);
      const uint64_t masks[2] = {crosses ? free : free & ~uint64_t{costly}, free};
      for (int pass = 0; pass < 2 && chosen < 0; ++pass)
        if (const uint64_t m = masks[pass])
          for (uint8_t r : pool)
            if ((m >> r) & 1) {
              chosen = r;
              break;
            }
    }
    if (chosen < 0) {
      // Evict the cheapest active value (by Weight) whose register is otherwise free for
      // v. Not a value whose slot accesses (uses and defs, x10 per loop level) would
      // cost kKeepFactor times v's or more: the state of an interpreter's loop is live
      // around the whole loop (its handlers call), so its uses per unit of length are
      // few, and each handler's short value crossing a call used to evict it from the
      // callee-saved register; so did, once the handlers had one more caller-saved
      // register (x86-64's rax), a light value with holes all over the loop that
      // crosses no call (pcre2's match(): +4.8% instructions; docs/backend.md).
      // (Of equal weights, the value that entered the active set first wins, as in a
      // walk in that order: the lowest stamp.)
      int victim = -1;
      float victim_w = Weight(v);
      for (uint64_t x = set.busy; x; x &= x - 1) {
        const uint8_t r = static_cast<uint8_t>(__builtin_ctzll(x));
        const VReg a = set.who[r];
        if (!allowed(r) || ((blocked >> r) & 1)) continue;
        if (p_.weight[a] >= kKeepFactor * p_.weight[v]) continue;
        float w = Weight(a);
        if (w < victim_w || (victim >= 0 && w == victim_w && set.stamp[r] < set.stamp[victim]))
          victim = r, victim_w = w;
      }
      if (victim < 0) { Spill(v, true); return; }
      chosen = victim;
      Spill(set.who[victim], false);  // it started earlier: a fresh slot
      set.busy &= ~(uint64_t{1} << victim);
    }
    p_.locs[v] = Location::Reg(static_cast<uint8_t>(chosen));
    // (A value of one range, most, covers pos: its start.)
    if (p_.range_begin[v + 1] - p_.range_begin[v] == 1 || Covers(v, pos)) {
      Activate(set, static_cast<uint8_t>(chosen), v);
    } else {
      set.inactive.push_back(v);
      set.wake = std::min(set.wake, p_.ranges[p_.cursor[v]].start);
    }
    const uint32_t saved = fp ? regs_.fpr_callee_saved | regs_.fpr_wasm_saved : regs_.gpr_callee_saved;
    if ((saved >> chosen) & 1) {
      (fp ? out_.fpr_callee_saved_used : out_.gpr_callee_saved_used) |= 1u << chosen;
      if (reclaim_ && !fp) Holders()[chosen].push_back(v);
    }
  }

  // -O1 (temps_after_): after the scan of the other values, the temporaries
  // (Intervals::temps: values of one region with one range, not a param nor the results
  // pointer; nearly every value of the wasm operand stack, the others being the wasm
  // locals and the block results) in start order, each into a register free over its range
  // (the scan's rules: not clobbered there, callee-saved when it crosses a call, the
  // preferred register, then the move hint, then caller-saved first), else a slot of
  // their own (the scan's slots are free only from positions the scan passed). None is
  // evicted. What holds a register: per register, the scan's values' ranges in start
  // order with a cursor, and the end of the last temporary put there. Cheaper than the
  // scan (no active or inactive set to walk per value, no interval intersections) and
  // measured as good (docs/backend.md "Register allocation").
  // FillTemporaries' state: per register (GPR r, FPR 32 + r) the scan's values' ranges
  // (held[next[r] .. stop[r]), sorted; next moves forward) and the end + 1 of the last
  // temporary put there; cursors into the calls and clobbers.
  struct Range3 { uint32_t reg, start, end; };
  struct Fill {
    std::vector<Range3> held;
    uint32_t next[64] = {}, stop[64] = {}, until[64] = {};
    size_t call_from = 0, c_call_from = 0, clobber_from = 0;
  };

  void FillTemporaries() {
    Fill f;
    f.held.swap(held_);  // (empty: its capacity kept per thread)
    // The temporaries' slots are their own: the scan's free slots are free only from
    // the positions the scan had reached, so they are forgotten (Spill takes new ones).
    free_slots_.clear();
    free_pairs_.clear();
    spilled_.clear();
    const uint32_t nv = fn_.NumVRegs();
    for (VReg v = 0; v < nv; ++v)
      if (p_.locs[v].kind == Location::kReg) {  // (the scan's: no temporary is placed yet)
        const uint32_t reg = (ir::IsFpr(p_.types[v]) ? 32u : 0u) + p_.locs[v].reg;
        for (const Range* r = RangesBegin(v); r < RangesEnd(v); ++r) f.held.push_back({reg, r->start, r->end});
      }
    std::sort(f.held.begin(), f.held.end(),
              [](const Range3& a, const Range3& b) { return a.reg != b.reg ? a.reg < b.reg : a.start < b.start; });
    for (uint32_t k = 0; k < f.held.size(); ++k) {
      if (k == 0 || f.held[k - 1].reg != f.held[k].reg) f.next[f.held[k].reg] = k;
      f.stop[f.held[k].reg] = k + 1;
    }
    for (VReg v : iv_.temps)
      if (p_.locs[v].kind == Location::kNone) FillOne(f, v, p_.start[v]);  // (not a constant)
    f.held.clear();
    f.held.swap(held_);
  }

  // Is register `reg` (FPRs: 32 + r) free over [s, e]: no scan value's range on it meets
  // [s, e] (they are disjoint and sorted on one register, so the first ending at or
  // after s decides), no temporary holds it at s? (Temporaries come in start order: the
  // cursors only move forward.)
  static bool FreeOver(Fill& f, uint32_t reg, uint32_t s, uint32_t e) {
    if (f.until[reg] > s) return false;
    uint32_t& c = f.next[reg];
    while (c < f.stop[reg] && f.held[c].end < s) ++c;
    return c == f.stop[reg] || f.held[c].start > e;
  }

  // The temporary v, which starts at s.
  void FillOne(Fill& f, VReg v, uint32_t s) {
    const uint32_t e = p_.end[v];
    ExpireSlots(s);
    const std::vector<uint32_t>& calls = iv_.call_positions;
    while (f.call_from < calls.size() && 2 * calls[f.call_from] < s) ++f.call_from;
    while (f.clobber_from < clobbers_.size() && 2 * clobbers_[f.clobber_from].first + 1 < s) ++f.clobber_from;
    // (One range: the first call at or after s decides, as in CrossesCall.)
    const bool crosses = f.call_from < calls.size() && 2 * calls[f.call_from] + 2 <= e;
    const bool fp = ir::IsFpr(p_.types[v]);
    bool wasm_calls_only = false;
    if (fp && regs_.fpr_wasm_saved) {
      while (f.c_call_from < c_calls_.size() && 2 * c_calls_[f.c_call_from] < s) ++f.c_call_from;
      wasm_calls_only = !(f.c_call_from < c_calls_.size() && 2 * c_calls_[f.c_call_from] + 2 <= e);
    }
    const uint32_t callee_saved =
        fp ? FprsKeptAcross(regs_, wasm_calls_only, ir::IsV128(p_.types[v])) : regs_.gpr_callee_saved;
    const uint32_t costly = callee_saved & ~(fp ? out_.fpr_callee_saved_used & regs_.fpr_wasm_saved : 0);
    uint32_t clobbered = 0;
    if (!fp)
      for (size_t k = f.clobber_from; k < clobbers_.size() && 2 * clobbers_[k].first <= e; ++k)
        clobbered |= clobbers_[k].second;
    const uint32_t allowed = (crosses ? callee_saved : ~0u) & ~clobbered;
    const std::vector<uint8_t>& pool = fp ? regs_.fprs : regs_.gprs;
    const uint32_t base = fp ? 32 : 0;
    int chosen = -1;
    if (preferred_ && v < preferred_->size() && (*preferred_)[v] >= 0) {
      const uint8_t r = static_cast<uint8_t>((*preferred_)[v]);
      if (((allowed >> r) & 1) && std::find(pool.begin(), pool.end(), r) != pool.end() && FreeOver(f, base + r, s, e))
        chosen = r;
    }
    const VReg h = p_.hint[v];
    if (chosen < 0 && h != ir::kNoVReg && p_.locs[h].kind == Location::kReg && ir::IsFpr(p_.types[h]) == fp) {
      const uint8_t r = p_.locs[h].reg;
      if (((allowed >> r) & 1) && FreeOver(f, base + r, s, e)) chosen = r;
    }
    // Caller-saved registers first for a value that crosses no call (as in Allocate).
    for (int pass = 0; pass < 2 && chosen < 0; ++pass) {
      const uint32_t mask = pass == 0 && !crosses ? allowed & ~costly : allowed;
      for (uint8_t r : pool)
        if (((mask >> r) & 1) && FreeOver(f, base + r, s, e)) {
          chosen = r;
          break;
        }
    }
    if (chosen < 0) {  // a slot (no eviction)
      Spill(v, true);
      return;
    }
    p_.locs[v] = Location::Reg(static_cast<uint8_t>(chosen));
    f.until[base + chosen] = e + 1;
    const uint32_t saved = fp ? regs_.fpr_callee_saved | regs_.fpr_wasm_saved : regs_.gpr_callee_saved;
    if ((saved >> chosen) & 1) (fp ? out_.fpr_callee_saved_used : out_.gpr_callee_saved_used) |= 1u << chosen;
  }

  // Do a's and b's ranges intersect (from their first ranges on)?
  bool IntersectsAll(VReg x, VReg y) const {
    const Range *a = RangesBegin(x), *ae = RangesEnd(x), *b = RangesBegin(y), *be = RangesEnd(y);
    while (a < ae && b < be) {
      if (a->end < b->start) ++a;
      else if (b->end < a->start) ++b;
      else return true;
    }
    return false;
  }

  // Per vreg of `cand`: the weight (as Intervals::weight: occurrences, x10 per loop
  // level) of its occurrences outside innermost loops without calls. Inside such a loop
  // a value in a slot gets a register of its own from the loop splitter (split.h), so
  // those occurrences cost it no slot access. A loop here: a maximal run of
  // instructions at depth >= k, innermost when none is deeper (what split.cc takes,
  // approximately). (Other vregs' entries are left meaningless.)
  std::vector<float> WeightOutsideCallFreeLoops(const std::vector<VReg>& cand) const {
    static const float kDepthWeight[] = {1.f, 10.f, 100.f, 1000.f, 10000.f};  // liveness.cc's
    // Most instructions are outside such loops: the weight is Intervals::weight less
    // the occurrences inside them, exactly when the candidates' weights are below 2^24
    // (integers, as liveness sums them: docs/backend.md; every partial float sum is
    // exact, so the difference is the float sum of the others in order). Else the
    // others are summed in instruction order.
    bool inside = true;
    for (VReg v : cand) inside &= p_.weight[v] < static_cast<float>(1 << 24);
    // Such a loop (a maximal run at depth >= k with none deeper) is a maximal run of
    // instructions at one depth k >= 1 whose neighbours are shallower: one pass over
    // the runs of equal depth finds them all, and sums the occurrences in order.
    // (The opcode table for the operands: no switch each. The calls: the intervals'
    // list of them, every ir::IsCall in order, with a cursor.)
    const ir::Inst* const insts = fn_.insts.data();
    const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
    const OpFlags& flags = OpcodeFlags();
    std::vector<float> w(fn_.NumVRegs(), 0.f);
    float* const wp = w.data();
    const uint32_t* call = iv_.call_positions.data();
    const uint32_t* const calls_end = call + iv_.call_positions.size();
    for (uint32_t i = 0, j; i < n; i = j) {
      const uint8_t depth = insts[i].loop_depth;
      j = i + 1;  // (four at a time first: fewer loop tests)
      while (j + 4 <= n && insts[j].loop_depth == depth && insts[j + 1].loop_depth == depth &&
             insts[j + 2].loop_depth == depth && insts[j + 3].loop_depth == depth)
        j += 4;
      while (j < n && insts[j].loop_depth == depth) ++j;
      while (call < calls_end && *call < i) ++call;
      const bool calls = call < calls_end && *call < j;  // (a call in [i, j))
      const bool call_free_loop = depth >= 1 && !calls && (i == 0 || insts[i - 1].loop_depth < depth) &&
                                  (j == n || insts[j].loop_depth < depth);  // an innermost loop without calls
      if (call_free_loop != inside) continue;
      const float d = kDepthWeight[std::min<int>(depth, 4)];
      for (uint32_t k = i; k < j; ++k) {
        const uint8_t f = flags[static_cast<uint8_t>(insts[k].op)];
        Uses(fn_, insts[k], f, [&](VReg v) __attribute__((always_inline)) { wp[v] += d; });
        Defs(fn_, insts[k], f, [&](VReg v) __attribute__((always_inline)) { wp[v] += d; });
      }
    }
    if (inside)
      for (VReg v : cand) wp[v] = p_.weight[v] - wp[v];
    return w;
  }

  // After the scan (-O2): a GPR value crossing a call that got a slot takes the
  // callee-saved register whose holders over its life weigh least, when they weigh less
  // than it; those holders go to fresh slots. The scan decides at each value's start
  // between the values active there, by weight per unit of length; an interpreter's
  // loop state, live around the whole loop, loses to the handlers' shorter values that
  // cross calls one after another, and each of them may keep the register from it.
  // Weights: a holder's is Intervals::weight (what its slot accesses would cost); a
  // candidate's leaves out its occurrences in innermost loops without calls, which the
  // loop splitter serves (without that, sort's Qsort gave its inner merge loop's
  // temporaries' register to the outer loop counters: +5% instructions). Only locations
  // change: the splitting below and the checker see an allocation like any other.
  void ReclaimCalleeSaved() {
    uint32_t callee_saved = 0;
    for (uint8_t r : regs_.gprs) callee_saved |= regs_.gpr_callee_saved & (1u << r);
    if (!callee_saved || iv_.call_positions.empty()) return;
    // The candidates: the GPR values the scan gave a slot (Spill noted them), in vreg
    // order. The holders: the values the scan gave a callee-saved GPR (Allocate noted
    // them, in its start order; an evicted one has a slot since).
    std::vector<VReg>& cand = cand_;
    cand.clear();
    std::sort(slotted_.begin(), slotted_.end());
    for (VReg v : slotted_)
      if (!ir::IsFpr(p_.types[v]) && CrossesCall(v, iv_.call_positions)) cand.push_back(v);
    if (cand.empty()) return;
    std::array<std::vector<VReg>, 32>& holders = Holders();
    for (uint32_t r = 0; r < 32; ++r) {
      std::vector<VReg>& h = holders[r];
      if (!(callee_saved >> r & 1)) continue;
      size_t w = 0;
      for (VReg u : h)
        if (p_.locs[u].kind == Location::kReg) h[w++] = u;
      h.resize(w);
    }
    const std::vector<float> gain = WeightOutsideCallFreeLoops(cand);
    auto by_start = [&](VReg a, VReg b) { return p_.start[a] < p_.start[b]; };
    for (auto& h : holders)  // (in start order already: the scan's; no two start together)
      if (!std::is_sorted(h.begin(), h.end(), by_start)) std::sort(h.begin(), h.end(), by_start);
    std::stable_sort(cand.begin(), cand.end(), [&](VReg a, VReg b) { return gain[a] > gain[b]; });
    for (VReg v : cand) {  // heaviest first; a register's holders are sorted by start
      const uint32_t clobbered = Clobbered(v);
      int best = -1;
      float best_cost = gain[v];
      for (uint8_t r : regs_.gprs) {
        if (!(callee_saved >> r & 1) || (clobbered >> r & 1)) continue;
        float cost = 0;
        for (VReg u : holders[r]) {
          if (p_.start[u] > p_.end[v]) break;
          if (p_.end[u] < p_.start[v] || !IntersectsAll(u, v)) continue;
          if ((cost += p_.weight[u]) >= best_cost) break;
        }
        if (cost < best_cost) best = r, best_cost = cost;
      }
      if (best < 0) continue;
      std::vector<VReg>& h = holders[best];
      size_t w = 0;
      for (VReg u : h) {
        if (p_.start[u] <= p_.end[v] && p_.end[u] >= p_.start[v] && IntersectsAll(u, v)) {
          p_.locs[u] = Location::Slot(out_.num_slots++);
          slotted_.push_back(u);
        } else {
          h[w++] = u;
        }
      }
      h.resize(w);
      p_.locs[v] = Location::Reg(static_cast<uint8_t>(best));
      h.insert(std::upper_bound(h.begin(), h.end(), v, by_start), v);
      out_.gpr_callee_saved_used |= 1u << best;
    }
  }

  Function& fn_;
  const RegisterInfo& regs_;
  const Intervals& iv_;
  Allocation& out_;
  const std::vector<int>* preferred_;
  const bool reclaim_;  // ReclaimCalleeSaved after the scan (-O2: with splitting)
  const bool temps_after_;  // FillTemporaries after the scan (-O1)
  std::vector<VReg> hint_;
  std::vector<uint32_t> cursor_;
  // The arrays the scan reads per value, as plain pointers (Run sets them once they are
  // sized): through the vectors, each access loads the vector's base again after any
  // store (which may alias it under -fno-strict-aliasing).
  struct Arrays {
    const uint32_t* start;
    const uint32_t* end;
    const Range* ranges;
    const uint32_t* range_begin;
    uint32_t* cursor;
    Location* locs;
    const VReg* hint;
    const ir::Type* types;
    const float* weight;
  } p_{};
  std::vector<std::pair<uint32_t, uint32_t>> clobbers_;  // (instruction, clobbers mask)
  uint32_t all_clobbered_ = 0;                           // their masks together
  // Allocate's cursors: the first call at or after its position (2i >= pos) and the
  // first clobber whose result position is (2i + 1 >= pos), with those positions (kNever
  // after the last).
  size_t call_from_ = 0, c_call_from_ = 0, clobber_from_ = 0;
  uint32_t call_at_ = 0, clobber_at_ = 0;
  static constexpr uint32_t kNever = 0x7fffffff;  // (above every position, and + 2 too)
  uint32_t num_preferred_ = 0;  // preferred_'s size (0 without)
  std::vector<uint32_t> c_calls_;  // calls that may reach C code (fpr_wasm_saved targets only)
  Set gpr_, fpr_;
  uint32_t stamp_ = 0;  // the next entry into an active set (Set::stamp)
  // (slot's end, slot): a min-heap (std::push_heap / pop_heap with std::greater, as
  // std::priority_queue, in a vector kept per thread)
  std::vector<std::pair<uint32_t, uint32_t>> spilled_;
  std::vector<uint32_t> free_slots_;
  std::vector<uint32_t> free_pairs_;             // even first slots of free v128 pairs
  std::vector<VReg> order_;                      // Run's: the scan's values in start order
  std::vector<uint32_t> start_at_;               // Run's counting sort: per position
  std::vector<VReg> sorted_;                     // Run's counting sort: its result
  static constexpr size_t kCountingSortRatio = 24;  // positions per value, see Run
  std::vector<Range3> held_;                     // FillTemporaries' Fill::held
  std::vector<uint8_t> use_depth_;               // Run's: per vreg, its uses' deepest loop
  std::vector<VReg> reg_consts_;                 // Run's: constants that may take a register
  std::vector<VReg> cand_;                       // ReclaimCalleeSaved's candidates
  // (reclaim_) the values Spill or ReclaimCalleeSaved gave a slot (some may have a
  // register or be constants since, some listed twice): AllocateRegisters' spilled ones.
  std::vector<VReg> slotted_;
  // (reclaim_) per GPR: the values the scan gave it, if callee-saved, in start order
  // (kept per thread from one function to the next).
  static std::array<std::vector<VReg>, 32>& Holders() {
    thread_local std::array<std::vector<VReg>, 32> holders;
    return holders;
  }
  static constexpr uint32_t kPairBit = 1u << 31;  // in spilled_: the slot is a v128 pair
  // Measured (docs/backend.md): 1 and 2 also keep values that sort's Qsort wants for its
  // inner loops (+11% / +7% instructions), 8 does as 4.
  static constexpr float kKeepFactor = 4.f;
};

auto LinearScan::Kept() {
  return std::tie(hint_, cursor_, clobbers_, c_calls_, gpr_.inactive, fpr_.inactive, free_slots_, free_pairs_, order_, start_at_, sorted_, held_, spilled_,
                  use_depth_, reg_consts_, cand_, slotted_);
}
void LinearScan::TakeSpare() { TakeSpareVectors(Kept()); }
LinearScan::~LinearScan() { GiveBackLargerVectors(Kept()); }

}  // namespace

bool UsesWasmConvention(const Function& fn) {
  for (const ir::Inst& in : fn.insts)
    if (in.op == Opcode::kEhEdge) return false;
  return true;
}

bool CallsCCode(const Function& fn) { return ConventionFacts(fn).calls_c; }

std::array<uint64_t, 4> ClobberFreeOps(uint32_t (*clobbers)(const ir::Inst& in, bool b_const)) {
  std::array<uint64_t, 4> ops{};
  for (uint32_t k = 0; k < 256; ++k) {
    ir::Inst in;
    in.op = static_cast<Opcode>(k);
    bool any = false;
    for (uint64_t imm : {uint64_t{0}, uint64_t{0x7fffffff}, uint64_t{0x80000000}, ~uint64_t{0}}) {
      in.imm = imm;
      any |= clobbers(in, false) || clobbers(in, true);
    }
    if (!any) ops[k >> 6] |= uint64_t{1} << (k & 63);
  }
  return ops;
}

RegisterInfo WithMemoryBaseFree(const RegisterInfo& regs) {
  RegisterInfo r = regs;
  if (regs.memory_base_gpr >= 0) {
    r.gprs.push_back(static_cast<uint8_t>(regs.memory_base_gpr));
    r.gpr_callee_saved |= 1u << regs.memory_base_gpr;
    // Pinned (the wasm convention keeps it through every function): lent to this one,
    // which must then make no call (its callees expect the base there).
    const uint32_t bit = 1u << regs.memory_base_gpr;
    if (regs.gpr_pinned & bit) r.gpr_pinned &= ~bit, r.gpr_pinned_lent |= bit;
    r.memory_base_gpr = -1;
  }
  return r;
}

Allocation AllocateRegisters(Function& fn, const RegisterInfo& regs,
                             const std::vector<int>* preferred, bool split_loops, bool split_webs) {
  // -O2: one vreg per web of each variable first (webs.h), from the liveness that the
  // intervals are then computed from. -O1 (no loop splitting): the temporaries apart.
  Intervals iv;
  if (split_loops && split_webs) {
    SinkDispatchConstants(fn);
    RegionLiveness lv(fn);
    SplitWebs(fn, lv);
    iv = ComputeIntervals(fn, std::move(lv));
  } else {
    iv = ComputeIntervals(fn, /*temps_apart=*/!split_loops);
  }
  Allocation out;
  // Values that got a frame slot: split them at innermost loops and nests (split.h)
  // and between calls (call_split.h), in registers the scan left free (a loop part
  // that finds none is dropped: no second scan). (The scan lists them, among others.)
  thread_local std::vector<uint8_t> spilled;  // (kept per thread, sized here)
  spilled.assign(fn.NumVRegs(), 0);
  bool any = false;
  {
    LinearScan scan(fn, regs, iv, out, preferred, split_loops, /*temps_after=*/!split_loops);
    scan.Run();
    if (split_loops)
      for (VReg v : scan.MaySlotted())
        if (out.locs[v].kind == Location::kSlot) spilled[v] = 1, any = true;
  }
  if (any) SplitAtUsesAndLoops(fn, iv, regs, out, spilled);
  // Live at entry = live into the first region, whose ranges start at position 0
  // (a value first defined in it starts at a def position, 2i+1 >= 1).
  auto entry = [&](VReg v) {
    bool live = iv.start[v] <= iv.end[v] && iv.start[v] == 0;
    return live ? out.locs[v] : Location{};
  };
  out.entry_locs.reserve(fn.num_params + 1);
  for (VReg p = 0; p < fn.num_params; ++p) out.entry_locs.push_back(entry(p));
  if (fn.results_ptr != ir::kNoVReg) out.entry_locs.push_back(entry(fn.results_ptr));
  return out;
}

}  // namespace wasmc::regalloc
