#include "backend/regalloc/call_split.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "backend/regalloc/split.h"
#include "backend/kept_vectors.h"

namespace wasmc::regalloc {
namespace {

using ir::Opcode;
using ir::VReg;

// The occurrences of one spilled value in one segment, or in a run of segments of one
// call-free region (merged: below).
struct Group {
  VReg v = ir::kNoVReg;
  uint32_t seg = 0, seg_hi = 0;   // the segments covered
  uint32_t region = 0;
  uint32_t first = 0, last = 0;   // instructions
  bool first_use = false;         // the first occurrence reads v (a reload is needed)
  bool last_def = false;          // the last occurrence writes v
  uint32_t uses = 0;
  float gain = 0;                 // memory reads saved, weighted by loop depth
  VReg w = ir::kNoVReg;           // the register copy, once chosen
  // Merged groups: the segment groups they cover, [sub, sub_end) of raw_.
  uint32_t sub = 0, sub_end = 0;
  // Filled once chosen: a branch in [first, last] goes back to a label inside; the last
  // branch in [first, last] to a label outside where v is live (+1; 0: none).
  bool back = false;
  uint32_t exit_end = 0;
};

float DepthWeight(uint8_t depth) {
  static const float kDepthWeight[] = {1.f, 10.f, 100.f, 1000.f, 10000.f};
  return kDepthWeight[std::min<int>(depth, 4)];
}

// What Collect asks of an opcode, as bits of one table entry (one load per instruction
// instead of a chain of compares; 0 for most).
enum OpClass : uint8_t {
  kClassLabel = 1,      // kLabel: starts a segment
  kClassCall = 2,       // ir::IsCall: ends a segment and a region after its arguments
  kClassEndsSeg = 4,    // a terminator or kEhEdge: ends a segment
  kClassEhEdge = 8,     // kEhEdge: ends a region
  kClassBranch = 16,    // kBrIf, kBrCmp, kJump, kBrTable (UseSplitter::branches_)
  kClassClobbers = 32,  // not in RegisterInfo::clobber_free_ops (ClassesFor)
  kClassExtra = 64,     // ir::ForEachUse or ForEachDef visits operands in fn.extra
};

// Does ForEachUse or ForEachDef visit an operand of fn.extra for opcode op? Asked of
// the functions themselves (an instruction with no operand fields and two extras).
bool VisitsExtra(Opcode op) {
  ir::Function fn;
  fn.extra = {0, 1};
  ir::Inst in;
  in.op = op;
  in.extra_begin = 0, in.extra_count = 2, in.index2 = 1;
  bool any = false;
  ir::ForEachUse(fn, in, [&](VReg) { any = true; });
  ir::ForEachDef(fn, in, [&](VReg) { any = true; });
  return any;
}
struct OpClasses {
  OpClasses() {
    for (uint32_t k = 0; k < 256; ++k) {
      const Opcode op = static_cast<Opcode>(k);
      c[k] = (op == Opcode::kLabel ? kClassLabel : 0) | (ir::IsCall(op) ? kClassCall : 0) |
             (ir::IsTerminator(op) || op == Opcode::kEhEdge ? kClassEndsSeg : 0) |
             (op == Opcode::kEhEdge ? kClassEhEdge : 0) |
             (op == Opcode::kBrIf || op == Opcode::kBrCmp || op == Opcode::kJump ||
                      op == Opcode::kBrTable
                  ? kClassBranch
                  : 0) |
             (VisitsExtra(op) ? kClassExtra : 0);
    }
  }
  uint8_t c[256];
};

// The classes of the opcodes, with kClassClobbers for those a target's `clobbers` may
// answer for (none without it); kept per thread for the last set of clobber-free opcodes.
const uint8_t* ClassesFor(const RegisterInfo& regs) {
  static const OpClasses base;
  if (!regs.clobbers) return base.c;
  thread_local std::array<uint64_t, 4> key{};
  thread_local bool valid = false;
  thread_local uint8_t c[256];
  if (!valid || key != regs.clobber_free_ops) {
    for (uint32_t k = 0; k < 256; ++k)
      c[k] = base.c[k] | (((regs.clobber_free_ops[k >> 6] >> (k & 63)) & 1) ? 0 : kClassClobbers);
    key = regs.clobber_free_ops, valid = true;
  }
  return c;
}

// Per label instruction, the lowest and highest instruction that may jump or fall into
// it (branches of any kind, kEhEdge, the instruction before unless a terminator), with
// range queries over the labels between two instructions (sparse tables).
class LabelPreds {
 public:
  // `labels`: the kLabel instructions, `branches` and `eh_edges` those with targets
  // (UseSplitter::Collect's lists, ascending); they must outlive this.
  LabelPreds(const ir::Function& fn, const std::vector<uint32_t>& labels, const std::vector<uint32_t>& branches,
             const std::vector<uint32_t>& eh_edges)
      : pos_(labels) {
    TakeSpareVectors(Kept());  // kept per thread (backend/kept_vectors.h): all empty
    const uint32_t n = static_cast<uint32_t>(fn.insts.size());
    const ir::Inst* insts = fn.insts.data();
    m_ = pos_.size();
    if (m_ == 0) return;
    // Per label id, its k (a label instruction's index among them).
    std::vector<uint32_t>& index = index_;
    index.assign(fn.num_labels, ~0u);
    for (size_t k = 0; k < m_; ++k) {
      const uint32_t id = insts[pos_[k]].index;
      if (id < index.size()) index[id] = static_cast<uint32_t>(k);
    }
    size_t levels = 1;
    while ((size_t{2} << (levels - 1)) <= m_) ++levels;
    // Level l of both tables at [l * m, l * m + m - 2^l] of one array each.
    lo_.resize(levels * m_);
    hi_.resize(levels * m_);
    uint32_t* lo = lo_.data();
    uint32_t* hi = hi_.data();
    std::fill(lo, lo + m_, ~0u);
    std::fill(hi, hi + m_, 0u);
    for (size_t k = 0; k < m_; ++k)
      if (pos_[k] > 0 && !ir::IsTerminator(insts[pos_[k] - 1].op)) lo[k] = hi[k] = pos_[k] - 1;
    // (The label at label_block's instruction, as the IR verifier keeps it.)
    auto edges = [&](const std::vector<uint32_t>& from) {
      for (uint32_t i : from)
        ir::ForEachTarget(fn, insts[i], [&](uint32_t label) {
          const uint32_t at = label < fn.label_block.size() ? fn.label_block[label] : ~0u;
          if (at >= n || insts[at].op != Opcode::kLabel || insts[at].index >= index.size()) return;
          const uint32_t k = index[insts[at].index];
          lo[k] = std::min(lo[k], i);
          hi[k] = std::max(hi[k], i);
        });
    };
    edges(branches);
    edges(eh_edges);
    for (size_t l = 1, w = 1; l < levels; ++l, w *= 2) {
      const uint32_t* pl = lo + (l - 1) * m_;
      const uint32_t* ph = hi + (l - 1) * m_;
      uint32_t* nl = lo + l * m_;
      uint32_t* nh = hi + l * m_;
      for (size_t k = 0; k + 2 * w <= m_; ++k) {
        nl[k] = std::min(pl[k], pl[k + w]);
        nh[k] = std::max(ph[k], ph[k + w]);
      }
    }
  }
  // Over the labels at instructions [a, b]: {lowest, highest} predecessor; {~0u, 0}
  // when there is none.
  std::pair<uint32_t, uint32_t> Between(uint32_t a, uint32_t b) const {
    const size_t x = std::lower_bound(pos_.begin(), pos_.end(), a) - pos_.begin();
    const size_t y = std::upper_bound(pos_.begin(), pos_.end(), b) - pos_.begin();
    if (x >= y) return {~0u, 0};
    const int lvl = 63 - __builtin_clzll(y - x);
    const size_t w = size_t{1} << lvl;
    const uint32_t* lo = lo_.data() + lvl * m_;
    const uint32_t* hi = hi_.data() + lvl * m_;
    return {std::min(lo[x], lo[y - w]), std::max(hi[x], hi[y - w])};
  }

 private:
  const std::vector<uint32_t>& pos_;  // label instructions, ascending
  size_t m_ = 0;               // their number
  // Sparse tables: level l, entry k: over the 2^l labels from the k-th.
  std::vector<uint32_t> lo_, hi_;
  std::vector<uint32_t> index_;  // the constructor's: per label id, its k
  std::tuple<std::vector<uint32_t>&, std::vector<uint32_t>&, std::vector<uint32_t>&> Kept() {
    return std::tie(lo_, hi_, index_);
  }

 public:
  ~LabelPreds() { GiveBackLargerVectors(Kept()); }
  LabelPreds(const LabelPreds&) = delete;
  LabelPreds& operator=(const LabelPreds&) = delete;
};

// The registers of one class with the positions (old ones) the allocation gives them:
// one bit per position and register, so building it needs no sorting (the ranges of
// the values in one register are disjoint and cover at most every position once) and
// a query or a take costs a word per 64 positions.
class Occupancy {
  using Rows = std::array<std::vector<uint64_t>, 64>;
  // The rows' vectors of class `cls`, kept per thread from one function to the next;
  // `busy` while an Occupancy of the class uses them (then another has its own).
  struct Spare {
    Rows rows;
    bool busy = false;
  };
  static Spare& SpareRows(uint8_t cls) {
    thread_local Spare spare[2];
    return spare[cls];
  }

 public:
  // Positions 0 .. 2 * num_insts + 1 (a loop part's exit moves: 2e + 2 <= 2n).
  // `cls`: 0 GPRs, 1 FPRs (whose rows' storage it reuses, in place: a row is sized and
  // cleared when first used).
  Occupancy(uint32_t num_insts, uint8_t cls)
      : words_((2 * num_insts + 2 + 63) / 64), spare_(SpareRows(cls)),
        own_(spare_.busy ? std::make_unique<Rows>() : nullptr), bits_(own_ ? *own_ : spare_.rows) {
    if (&bits_ == &spare_.rows) spare_.busy = true;
  }
  ~Occupancy() {
    if (&bits_ == &spare_.rows) spare_.busy = false;
  }
  Occupancy(const Occupancy&) = delete;
  Occupancy& operator=(const Occupancy&) = delete;
  void Add(uint8_t r, Range x) { Set(Row(r), x); }
  // Add for each range of [b, e).
  void Add(uint8_t r, const Range* b, const Range* e) {
    uint64_t* w = Row(r);
    for (; b != e; ++b) Set(w, *b);
  }
  // Takes r for [x.start, x.end] if nothing holds it there.
  bool Take(uint8_t r, Range x) {
    if (!Free(r, x)) return false;
    Set(Row(r), x);
    return true;
  }
  // The same for every range of xs.
  bool Take(uint8_t r, const std::vector<Range>& xs) {
    for (Range x : xs)
      if (!Free(r, x)) return false;
    for (Range x : xs) Set(Row(r), x);
    return true;
  }

 private:
  // The words of positions [x.start, x.end]: a .. b, the bits of x in the first and last.
  struct Words {
    explicit Words(Range x)
        : a(x.start >> 6), b(x.end >> 6), head(~0ull << (x.start & 63)),
          tail(~0ull >> (63 - (x.end & 63))) {}
    uint32_t a, b;
    uint64_t head, tail;
  };
  bool Free(uint8_t r, Range x) {
    const uint64_t* w = Row(r);
    const Words s(x);
    if (s.a == s.b ? (w[s.a] & s.head & s.tail) != 0 : (w[s.a] & s.head) || (w[s.b] & s.tail))
      return false;
    for (uint32_t k = s.a + 1; k < s.b; ++k)
      if (w[k]) return false;
    return true;
  }
  uint64_t* Row(uint8_t r) { return rows_[r] ? rows_[r] : NewRow(r); }
  [[gnu::noinline]] uint64_t* NewRow(uint8_t r) {
    bits_[r].assign(words_, 0);
    return rows_[r] = bits_[r].data();
  }
  static void Set(uint64_t* w, Range x) {
    const Words s(x);
    if (s.a == s.b) {
      w[s.a] |= s.head & s.tail;
      return;
    }
    w[s.a] |= s.head;
    for (uint32_t k = s.a + 1; k < s.b; ++k) w[k] = ~0ull;
    w[s.b] |= s.tail;
  }

  const uint32_t words_;
  Spare& spare_;
  std::unique_ptr<Rows> own_;  // (only when another Occupancy of the class has the spare rows)
  Rows& bits_;                 // spare_.rows or *own_
  uint64_t* rows_[64] = {};  // bits_[r].data() once the row exists
};

class UseSplitter {
 public:
  UseSplitter(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs, Allocation& alloc)
      : fn_(fn), iv_(iv), regs_(regs), alloc_(alloc), nv_(fn.NumVRegs()) {
    TakeSpare();  // vectors kept per thread (backend/kept_vectors.h)
  }
  ~UseSplitter();

  // Collect (once) first. Without loop parts: splits and applies. With: first a
  // register for each part that finds one (PlaceParts: the others dropped), then the
  // segments, whose insertions go to hooks.
  void Run(const std::vector<LoopPart>* parts, LoopSplitHooks* hooks) {
    if (parts) {
      BuildOccupancy();
      PlaceParts(*parts);
      for (size_t k = 0; k < parts->size(); ++k)
        if (!dropped_[k]) by_v_.push_back((*parts)[k]);
      std::sort(by_v_.begin(), by_v_.end(), [](const LoopPart& a, const LoopPart& b) { return a.v < b.v; });
    }
    if (!groups_.empty()) {
      if (!parts) BuildOccupancy();
      if (Choose() > 0) Rename();
    }
    if (!hooks) {
      if (!stores_.empty()) InsertInstructions(fn_, stores_, {});
      return;
    }
    hooks->before = std::move(stores_);
    hooks->after = std::move(reloads_);
  }

  // What Collect found that the loop splitter needs (valid while this lives).
  LoopSplitFacts Facts() const {
    return {.branches = &branches_, .eh_edges = &eh_edges_, .occurrences = occ_n_.data(),
            .defs = def_n_.data(), .const_def = const_def_.data()};
  }

  const std::vector<uint8_t>& part_regs() const { return part_regs_; }
  const std::vector<uint8_t>& dropped() const { return dropped_; }

 private:
  bool Spilled(VReg v) const {
    return v < alloc_.locs.size() && alloc_.locs[v].kind == Location::kSlot && v != fn_.results_ptr;
  }

  // Groups of occurrences of spilled values per segment (raw_), then runs of them merged
  // within a call-free region (Merge); none for a variable in a segment that overlaps a
  // loop where it gets a loop vreg ([h, e + 1]: the exit moves after e). groups_: the
  // candidates, merged ones first; raw_ keeps the segment groups a merged one falls back
  // to.
 public:
  // `want` (optional): the values in slots (alloc_.locs), as the allocator listed them.
  // Also lists what the loop splitter would otherwise walk the function for
  // (LoopSplitFacts: the branches, the kEhEdges, the spilled values' counts) and the
  // instructions that may clobber registers (for BuildOccupancy).
  bool Collect(const std::vector<uint8_t>* want) {
    // spilled_[v + 1]: v is spilled; [0] for kNoVReg (v + 1 wraps to 0), never.
    std::vector<uint8_t>& spilled = spilled_;
    spilled.resize(nv_ + 1);
    spilled[0] = 0;
    bool any = false;
    if (want) {
      std::copy(want->begin(), want->begin() + std::min<size_t>(want->size(), nv_), spilled.begin() + 1);
      std::fill(spilled.begin() + 1 + std::min<size_t>(want->size(), nv_), spilled.end(), 0);
      if (fn_.results_ptr < nv_) spilled[fn_.results_ptr + 1] = 0;
      any = true;
    } else {
      for (VReg v = 0; v < nv_; ++v) any |= spilled[v + 1] = Spilled(v);
    }
    if (!any) return false;
    cur_.assign(nv_, ~0u);
    occ_n_.assign(nv_, 0);
    def_n_.assign(nv_, 0);
    const_def_.assign(nv_, 0);
    // The instructions with their segment and region numbers. A label starts a segment;
    // a call ends one after its arguments (its results open the next); a terminator or
    // kEhEdge ends one. Regions are the same without the labels and terminators: a call
    // (after its arguments) or kEhEdge ends one. Most instructions change neither
    // number, are in no list and have no spilled operand: one test of their class and
    // one of their operand fields (a kNoVReg field reads spilled_[0]); Occur takes the
    // others, and those with operands in fn.extra.
    const ir::Inst* insts = fn_.insts.data();  // (Collect changes no instruction)
    const uint8_t* classes = ClassesFor(regs_);
    const uint8_t* sp = spilled.data();
    const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
    auto spilled_field = [&](const ir::Inst& in) {
      auto at = [sp](VReg v) { return sp[static_cast<uint32_t>(v + 1)]; };
      return (at(in.a) | at(in.b) | at(in.c) | at(in.dst)) != 0;
    };
    uint32_t seg = 0, region = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const ir::Inst& in = insts[i];
      const uint8_t c = classes[static_cast<uint8_t>(in.op)];
      if (c & kClassClobbers) clobbering_.push_back(i);
      if ((c & ~kClassClobbers) == 0) [[likely]] {
        if (spilled_field(in)) Occur(i, seg, seg, region, region);
        continue;
      }
      if (c & kClassBranch) branches_.push_back(i);
      if (c & kClassEhEdge) eh_edges_.push_back(i);
      if (c & kClassLabel) labels_.push_back(i);
      seg += c & kClassLabel;
      const uint32_t call = (c & kClassCall) ? 1 : 0;
      if ((c & kClassExtra) || spilled_field(in)) Occur(i, seg, seg + call, region, region + call);
      seg += call + ((c & kClassEndsSeg) ? 1 : 0);
      region += call + ((c & kClassEhEdge) ? 1 : 0);
    }
    Merge();
    for (Group& G : raw_)
      if (G.sub_end == 0 && Worth(G)) groups_.push_back(G);
    return !groups_.empty();
  }

 private:
  // Collect's work at an instruction that may have a spilled operand: its occurrences
  // (uses, then definitions, as ir::ForEachUse / ForEachDef list them) added to the
  // groups, the counts and occurs_.
  [[gnu::noinline]] void Occur(uint32_t i, uint32_t seg, uint32_t def_seg, uint32_t region,
                               uint32_t def_region) {
    const ir::Inst& in = fn_.insts[i];
    const uint8_t* spilled = spilled_.data() + 1;  // (spilled_[v + 1]: v)
    bool seen = false;  // an occurrence at this instruction
    auto occ = [&](VReg v, uint32_t s, uint32_t r, bool use) {
      seen = true;
      ++occ_n_[v];
      if (!use) {
        ++def_n_[v];
        if (in.op == Opcode::kConst) const_def_[v] = 1;
      }
      uint32_t g = cur_[v];
      if (g == ~0u) occurring_.push_back(v);
      if (g == ~0u || raw_[g].seg != s) {
        g = cur_[v] = static_cast<uint32_t>(raw_.size());
        raw_.push_back({.v = v, .seg = s, .seg_hi = s, .region = r, .first = i, .last = i, .first_use = use});
      }
      Group& G = raw_[g];
      G.last = i;
      G.last_def = !use;
      if (use) {
        G.uses++;
        G.gain += DepthWeight(in.loop_depth);
      }
    };
    ir::ForEachUse(fn_, in, [&](VReg v) {
      if (spilled[v]) occ(v, seg, region, true);
    });
    ir::ForEachDef(fn_, in, [&](VReg v) {
      if (spilled[v]) occ(v, def_seg, def_region, false);
    });
    if (seen) occurs_.push_back({i, seg, def_seg});
  }

  // Takes the reload out of G's gain; is a copy worth it?
  bool Worth(Group& G) const {
    if (G.first_use) G.gain -= DepthWeight(fn_.insts[G.first].loop_depth);
    return G.uses > (G.first_use ? 1u : 0u) && G.gain > 0;
  }

  bool InSplitLoop(const Group& G) const {
    auto it = std::lower_bound(by_v_.begin(), by_v_.end(), G.v,
                               [](const LoopPart& p, VReg v) { return p.v < v; });
    for (; it != by_v_.end() && it->v == G.v; ++it)
      if (G.first <= it->e + 1 && it->h <= G.last) return true;
    return false;
  }

  // Joins runs of a value's segment groups in one region into one group [first, last]
  // when control enters (first, last] only from inside: every label there has all its
  // predecessors in [first, last]. Then every path to an occurrence passes the first
  // one (the reload or the first def) and stays inside, where the copy's register is
  // free (it is taken over the whole range), so the copy holds v at every occurrence
  // however the branches in between go. Merged groups go to groups_ (marking their
  // segment groups sub_end != 0); a run that never becomes valid ends after at most
  // kMaxRun segment groups.
  void Merge() {
    constexpr uint32_t kMaxRun = 32;
    // raw_ is in order of first occurrence: order_ = raw_ stably sorted by v, counted by
    // the rank of v among the values that occur (few: the spilled ones; cur_, which the
    // walk is done with, holds the ranks).
    order_.resize(raw_.size());
    std::sort(occurring_.begin(), occurring_.end());
    std::vector<uint32_t>& rank = cur_;
    const uint32_t nr = static_cast<uint32_t>(occurring_.size());
    for (uint32_t r = 0; r < nr; ++r) rank[occurring_[r]] = r;
    std::vector<uint32_t>& at = at_;
    at.assign(nr + 1, 0);
    for (const Group& G : raw_) ++at[rank[G.v] + 1];
    for (uint32_t r = 0; r < nr; ++r) at[r + 1] += at[r];
    for (uint32_t k = 0; k < raw_.size(); ++k) order_[at[rank[raw_[k].v]]++] = k;
    std::optional<LabelPreds> preds;
    for (uint32_t a = 0; a < order_.size();) {
      const Group& A = raw_[order_[a]];
      uint32_t valid = a, hi = 0, last = A.last, b = a + 1;
      for (; b < order_.size() && b - valid <= kMaxRun; ++b) {
        const Group& B = raw_[order_[b]];
        if (B.v != A.v || B.region != A.region) break;
        if (!preds) preds.emplace(fn_, labels_, branches_, eh_edges_);
        const auto [lo, h] = preds->Between(last + 1, B.first);
        if (lo < A.first) break;
        hi = std::max(hi, h);
        last = B.last;
        if (hi <= last) valid = b;
      }
      if (valid > a) {
        Group M = A;
        M.sub = a, M.sub_end = valid + 1;
        const Group& E = raw_[order_[valid]];
        M.seg_hi = E.seg, M.last = E.last, M.last_def = E.last_def;
        for (uint32_t k = a + 1; k <= valid; ++k) {
          M.uses += raw_[order_[k]].uses;
          M.gain += raw_[order_[k]].gain;
        }
        if (Worth(M)) {
          for (uint32_t k = a; k <= valid; ++k) raw_[order_[k]].sub_end = 1;
          groups_.push_back(M);
        }
      }
      a = valid + 1;
    }
  }

  void BuildOccupancy() {
    // (Pointers held: the compiler cannot tell that the rows' stores leave these alone.)
    const Location* locs = alloc_.locs.data();
    const ir::Type* types = fn_.vreg_types.data();
    const uint32_t* begin = iv_.range_begin.data();
    const Range* ranges = iv_.ranges.data();
    for (VReg v = 0; v < nv_; ++v) {
      if (locs[v].kind != Location::kReg) continue;
      occ_[ir::IsFpr(types[v])].Add(locs[v].reg, ranges + begin[v], ranges + begin[v + 1]);
    }
    // A GPR an instruction's lowering writes as scratch (RegisterInfo::clobbers) is taken
    // at that instruction, as the scan treats it (regalloc.cc, Clobbered): those not
    // clobber-free (RegisterInfo::NeverClobbers), listed by Collect.
    if (!regs_.clobbers) return;
    const ir::Inst* insts = fn_.insts.data();
    for (uint32_t i : clobbering_)
      for (uint32_t m = ClobbersOf(regs_, insts[i], alloc_.locs); m != 0; m &= m - 1)
        occ_[0].Add(static_cast<uint8_t>(__builtin_ctz(m)), Range{2 * i, 2 * i + 1});
  }

  // A register free over x for a value of type t: `hint` first, then caller-saved
  // registers, then callee-saved ones the prologue saves anyway (not for v128 values:
  // a callee-saved FPR may be saved only in part). -1: none.
  template <typename X>
  int TakeRegister(ir::Type t, const X& x, int hint) {
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
  // edge blocks reached from inside, where only values live in the loop hold registers);
  // a nest's, there but in its inner loops (LoopPart::live).
  void PlaceParts(const std::vector<LoopPart>& parts) {
    // A part that finds no register is dropped (dropped_): its variable keeps its slot
    // in that loop. (Until Session 21 a loop's part without one made the loop split
    // rewrite every loop alone, then liveness and the scan ran again: 7% of SQLite's
    // -O2 compile, and no faster code, docs/performance.md "o2fast".)
    std::vector<Range> xs;
    dropped_.assign(parts.size(), 0);
    for (size_t k = 0; k < parts.size(); ++k) {
      const LoopPart& p = parts[k];
      xs.clear();
      for (auto [a, b] : p.live) xs.push_back(Range{a, b});
      if (xs.empty()) xs.push_back(Range{p.h > 0 ? 2 * p.h - 1 : 0, 2 * p.e + 2});
      const int r = TakeRegister(fn_.vreg_types[p.v], xs, -1);
      if (r < 0) dropped_[k] = 1;
      else part_regs_.push_back(static_cast<uint8_t>(r));
    }
  }

  // Registers for the groups, the most profitable first, where the allocation leaves
  // one free over the whole group; a merged group that finds none (or overlaps a split
  // loop of its variable) falls back to its segment groups, tried after the others.
  // A stable sort of groups: their indices sorted (a Group is 14 words), then the groups
  // copied once in that order.
  template <typename Less>
  void StableSortGroups(std::vector<Group>& l, Less less) {
    std::vector<uint32_t>& idx = sort_idx_;
    idx.resize(l.size());
    for (uint32_t k = 0; k < idx.size(); ++k) idx[k] = k;
    std::stable_sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) { return less(l[a], l[b]); });
    std::vector<Group>& sorted = sort_tmp_;
    sorted.clear();
    for (uint32_t k : idx) sorted.push_back(l[k]);
    l.swap(sorted);
  }

  uint32_t Choose() {
    std::vector<Group>& chosen = chosen_;
    std::vector<Group>& fallback = fallback_;
    chosen.clear();
    fallback.clear();
    auto by_gain = [&](std::vector<Group>& l) {
      StableSortGroups(l, [](const Group& a, const Group& b) { return a.gain > b.gain; });
    };
    by_gain(groups_);
    for (Group& G : groups_) {
      if (!InSplitLoop(G) && Place(G)) {
        chosen.push_back(G);
        continue;
      }
      for (uint32_t k = G.sub; k < G.sub_end; ++k) {
        Group S = raw_[order_[k]];
        if (Worth(S) && !InSplitLoop(S)) fallback.push_back(S);
      }
    }
    by_gain(fallback);
    for (Group& S : fallback)
      if (Place(S)) chosen.push_back(S);
    StableSortGroups(chosen, [](const Group& a, const Group& b) { return a.first < b.first; });
    groups_.swap(chosen);
    return static_cast<uint32_t>(groups_.size());
  }

  // A register copy for G when one is free over its range; then its exits.
  bool Place(Group& G) {
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
    if (reg < 0) return false;
    G.w = fn_.NewVReg(t);
    if (alloc_.locs.size() == G.w) alloc_.locs.push_back(Location::Reg(static_cast<uint8_t>(reg)));
    else alloc_.locs.resize(fn_.NumVRegs()), alloc_.locs[G.w] = Location::Reg(static_cast<uint8_t>(reg));
    FindExits(G);
    return true;
  }

  // The branches in [first, last]: back to a label in (first, last], or out of it to a
  // label where v is live on entry.
  void FindExits(Group& G) const {
    auto it = std::lower_bound(branches_.begin(), branches_.end(), G.first);
    for (; it != branches_.end() && *it <= G.last; ++it) {
      const uint32_t b = *it;
      ir::ForEachTarget(fn_, fn_.insts[b], [&](uint32_t label) {
        const uint32_t at = fn_.label_block[label];
        if (at > G.first && at <= G.last) G.back |= at <= b;
        else if (iv_.liveness.LiveInAt(G.v, at)) G.exit_end = b + 1;
      });
    }
  }

  // Must the def of G.v at instruction i be stored to its slot? Only if v is read
  // outside the group: after its last occurrence, or where a branch leaves it to a label
  // where v is live (one after i; any, when a branch may go back to before i).
  // (A branch that is the last occurrence leaves with v live at 2*last+1, the end of
  // its region.)
  bool NeedsStore(const Group& G, uint32_t i) const {
    if (!LiveAt(G.v, 2 * i + 2)) return false;
    if (LiveAt(G.v, G.last_def ? 2 * G.last + 2 : 2 * G.last + 1)) return true;
    return G.back ? G.exit_end > 0 : G.exit_end > i + 1;
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
    std::vector<VReg>& act_w = act_w_;
    std::vector<uint32_t>& act_group = act_group_;
    act_w.assign(nv_, ir::kNoVReg);
    act_group.assign(nv_, 0);
    auto covers = [&](VReg v, uint32_t seg) {
      const Group& G = groups_[act_group[v]];
      return seg >= G.seg && seg <= G.seg_hi;
    };
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
        act_w[G.v] = G.w, act_group[G.v] = static_cast<uint32_t>(k);
        reloads.push_back({i, MovInst(fn_, G.w, G.v, in)});
      }
      ir::ForEachUse(fn_, in, [&](VReg& v) {
        if (v < nv_ && act_w[v] != ir::kNoVReg && covers(v, seg)) v = act_w[v];
      });
      for (; next < k; ++next) {
        const Group& G = groups_[next];
        if (!G.first_use)
          act_w[G.v] = G.w, act_group[G.v] = static_cast<uint32_t>(next);
      }
      ir::ForEachDef(fn_, in, [&](VReg& v) {
        if (v >= nv_ || act_w[v] == ir::kNoVReg || !covers(v, def_seg)) return;
        const VReg outer = v;
        v = act_w[v];
        if (NeedsStore(groups_[act_group[outer]], i))
          stores.push_back({i + 1, MovInst(fn_, outer, v, in)});
      });
    }
    // A store after instruction i goes before a reload before i + 1: the two lists (each
    // in order of position) merged, stores first at a tie, are InsertInstructions' order.
    std::vector<std::pair<uint32_t, ir::Inst>>& merged = merged_;
    merged.resize(stores.size() + reloads.size());
    std::merge(stores.begin(), stores.end(), reloads.begin(), reloads.end(), merged.begin(),
               [](const auto& x, const auto& y) { return x.first < y.first; });
    stores.swap(merged);
    reloads.clear();
  }

  ir::Function& fn_;
  const Intervals& iv_;
  const RegisterInfo& regs_;
  Allocation& alloc_;
  const uint32_t nv_;
  std::vector<Group> groups_;
  std::vector<Group> raw_;          // the segment groups, in order of first occurrence
  std::vector<uint32_t> order_;     // raw_ indices by (v, first)
  std::vector<LoopPart> by_v_;      // the loop parts by variable
  std::vector<uint32_t> branches_;  // branches (conditional, jumps, br_table), ascending
  std::vector<uint32_t> eh_edges_;  // kEhEdge instructions, ascending
  std::vector<uint32_t> labels_;    // kLabel instructions, ascending
  std::vector<uint32_t> clobbering_;  // instructions whose opcode is not clobber-free
  // Per vreg, for the spilled ones: occurrences, definitions, a kConst definition.
  std::vector<uint32_t> occ_n_, def_n_;
  std::vector<uint8_t> const_def_;
  struct Occurs {
    uint32_t i, seg, def_seg;
  };
  std::vector<Occurs> occurs_;      // the instructions where spilled values occur
  Occupancy occ_[2]{Occupancy(static_cast<uint32_t>(fn_.insts.size()), 0),
                    Occupancy(static_cast<uint32_t>(fn_.insts.size()), 1)};  // GPRs, FPRs
  std::vector<uint8_t> part_regs_;  // per loop part placed
  std::vector<uint8_t> dropped_;    // per loop part: a nest's part without a register
  std::vector<std::pair<uint32_t, ir::Inst>> stores_, reloads_, merged_;
  // Per vreg, sized where used: Collect's spilled values and current groups (Merge's
  // ranks then), Rename's active copies and their groups; Merge's counts per rank.
  std::vector<uint8_t> spilled_;
  std::vector<uint32_t> cur_, at_, act_group_;
  std::vector<VReg> occurring_;     // Collect's: the spilled values that occur
  std::vector<Group> chosen_, fallback_, sort_tmp_;  // Choose's
  std::vector<uint32_t> sort_idx_;
  std::vector<VReg> act_w_;
  // The vectors kept per thread from one function to the next (backend/kept_vectors.h;
  // defined below).
  auto Kept();
  void TakeSpare();
};

auto UseSplitter::Kept() {
  return std::tie(groups_, raw_, order_, by_v_, branches_, eh_edges_, labels_, clobbering_, occ_n_, def_n_, const_def_,
                  occurs_, stores_, reloads_, merged_, spilled_, cur_, at_, act_group_, act_w_,
                  occurring_, chosen_, fallback_, sort_tmp_, sort_idx_);
}
void UseSplitter::TakeSpare() { TakeSpareVectors(Kept()); }
UseSplitter::~UseSplitter() { GiveBackLargerVectors(Kept()); }

}  // namespace

void SplitAtUses(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs, Allocation& alloc) {
  UseSplitter s(fn, iv, regs, alloc);
  if (s.Collect(nullptr)) s.Run(nullptr, nullptr);
}

void SplitAtUsesAndLoops(ir::Function& fn, const Intervals& iv, const RegisterInfo& regs,
                         Allocation& alloc, const std::vector<uint8_t>& want) {
  // The use splitter's walk first (it depends on no loop part): its lists spare the loop
  // splitter two walks over the function (LoopSplitFacts).
  UseSplitter s(fn, iv, regs, alloc);
  s.Collect(&want);
  const LoopSplitFacts facts = s.Facts();
  std::vector<uint8_t> part_regs;
  LoopSplitHooks hooks;
  hooks.facts = &facts;
  hooks.place = [&](const std::vector<LoopPart>& parts) {
    s.Run(&parts, &hooks);
    part_regs = s.part_regs();
    hooks.dropped = s.dropped();
  };
  SplitLoopLiveRanges(fn, want, &iv.liveness, &hooks);
  if (!hooks.placed) {  // no loop part: nothing rewritten yet
    s.Run(nullptr, nullptr);
    return;
  }
  alloc.locs.resize(fn.NumVRegs());
  for (size_t k = 0; k < hooks.inner.size(); ++k) alloc.locs[hooks.inner[k]] = Location::Reg(part_regs[k]);
}

}  // namespace wasmc::regalloc
