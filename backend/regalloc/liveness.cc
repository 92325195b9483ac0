#include "backend/regalloc/liveness.h"

#include <algorithm>
#include <array>
#include <utility>

#include "backend/diag.h"
#include "backend/kept_vectors.h"
#include "backend/regalloc/op_flags.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Inst;
using ir::Opcode;
using ir::VReg;

// Per loop depth (4 and deeper: the last), what an occurrence weighs (Intervals::weight).
constexpr uint32_t kDepthWeight[] = {1, 10, 100, 1000, 10000};

// The working vectors of RegionLiveness and ComputeIntervals, one set per thread, kept
// from function to function: each call sizes (assign/clear) what it uses, so their
// memory is allocated once per thread rather than a dozen times per function.
struct Scratch {
  std::vector<uint32_t> at;                    // per vreg: the last region it occurred in
  std::vector<VReg> gen_list, kill_list;       // per region (ends in gen_end / kill_end)
  std::vector<uint32_t> gen_end, kill_end;
  std::vector<uint32_t> pred_begin, preds;     // per region: its predecessors
  std::vector<uint8_t> dirty;
  // Per vreg, what the backward walk of ComputeIntervals keeps (one record: the walk
  // touches all of it at each occurrence). first, last and live are those of the region
  // `stamp` (the last the vreg occurred in): stale where stamp is another.
  struct Vreg {
    uint32_t stamp, first, last;
    uint32_t dead_at, hole_head;  // see "Holes inside a region"
    uint8_t live;                 // below in the region: 1 = read (live), 2 = written first (dead)
    uint64_t weight;              // exact sum of occurrences x 1, 10, 100...
  };
  std::vector<Vreg> vregs;
  std::vector<VReg> touched;
  std::vector<uint32_t> temp_at;
  std::vector<uint32_t> open, fill;
  std::vector<uint64_t> carried;
  struct Triple { VReg v; uint32_t s, e; };
  std::vector<Triple> triples;
  // Holes inside one region (ComputeIntervals): per vreg a list, ascending.
  struct Hole { uint32_t s, e, next; };
  std::vector<Hole> holes;
  std::vector<uint64_t> holed;
  BitRows kill;  // RegionLiveness's, per region
  std::vector<VReg*> ops;  // GatherOperands' (op_flags.h)
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

const OpFlags& OpcodeFlags() {
  static const OpFlags table = [] {
    OpFlags t{};
    // kOpExtra as the walkers define it: an instruction with no a/b/c/dst whose
    // extra operands would be visited, if the walkers read them for its opcode.
    ir::Function probe;
    probe.extra = {0, 0};
    for (uint32_t k = 0; k < t.size(); ++k) {
      const Opcode op = static_cast<Opcode>(k);
      ir::Inst in;
      in.op = op;
      in.index2 = 1;
      in.extra_begin = 0;
      in.extra_count = 2;
      bool extra = false;
      ir::ForEachUse(probe, in, [&](VReg) { extra = true; });
      ir::ForEachDef(probe, in, [&](VReg) { extra = true; });
      t[k] = (ir::IsPure(op) ? kOpPure : 0) | (ir::EndsBlock(op) ? kOpBranch : 0) |
             (ir::IsCall(op) ? kOpCall : 0) | (extra ? kOpExtra : 0);
    }
    return t;
  }();
  return table;
}

RegionLiveness::RegionLiveness(const Function& fn) {
  TakeSpareVectors(Kept());  // (all empty: the spare set's capacity)
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  const uint32_t nv = fn.NumVRegs();
  const OpFlags& flags = OpcodeFlags();

  // 1. and 2., one walk: the regions and label -> region; which vregs are global: used
  //    in more than one region, or used in a region before being defined there (live
  //    into it: the region may be a loop header), or params (defined at entry, before
  //    the first region). The same walk lists per region the vregs read there before
  //    any write (gen: all of them global) and each definition there (kill, where
  //    global), for step 3; and the instructions with extra operands (SplitWebs').
  label_region.assign(fn.num_labels, ~0u);
  Scratch& scratch = ThreadScratch();
  // Per vreg: 2 x the last region it occurred in, + 1 when it was written there before
  // the current instruction (~0u: none yet). (One word: the walk makes no byte stores,
  // which would make the compiler reload every vector's base.)
  std::vector<uint32_t>& at = scratch.at;
  at.assign(nv, ~0u);
  std::vector<VReg>& gen_list = scratch.gen_list;
  std::vector<VReg>& kill_list = scratch.kill_list;
  std::vector<uint32_t>& gen_end = scratch.gen_end;
  std::vector<uint32_t>& kill_end = scratch.kill_end;
  gen_end.clear();
  kill_end.clear();
  global_index.assign(nv, ~0u);
  global_vreg.clear();
  extra_insts.clear();
  uint32_t* const at_p = at.data();
  uint32_t* const gi = global_index.data();
  const Inst* const insts = fn.insts.data();
  uint32_t globals = 0;
  auto make_global = [&](VReg v) {
    if (gi[v] == ~0u) gi[v] = globals++, global_vreg.push_back(v);
  };
  for (uint32_t v = 0; v < fn.num_params; ++v) make_global(v);
  if (fn.results_ptr != ir::kNoVReg) make_global(fn.results_ptr);
  // The gen and kill lists are written through pointers into arrays sized to their
  // bounds (contents stale): at most 3 uses and a definition per instruction, but for
  // those with extra operands, which make room for theirs.
  size_t num_gen = 0, num_kill = 0;
  if (gen_list.size() < 3 * size_t{n} + 8) gen_list.resize(3 * size_t{n} + 8);
  if (kill_list.size() < size_t{n} + 8) kill_list.resize(size_t{n} + 8);
  VReg* gen_p = gen_list.data();
  VReg* kill_p = kill_list.data();
  // The region [begin, end) is the next one (number regions.size()).
  auto close_region = [&](uint32_t begin, uint32_t end) {
    regions.push_back({begin, end, {~0u, ~0u}, 0, 0});
    gen_end.push_back(static_cast<uint32_t>(num_gen));
    kill_end.push_back(static_cast<uint32_t>(num_kill));
  };
  {
    uint32_t begin = 0;
    uint32_t here = 0;  // 2 x the region's number: at[v] | 1 == here + 1: v occurred in it
    auto use = [&](VReg v) __attribute__((always_inline)) {
      // First here: read before written, so live into the region, global. (Read
      // again before written: global already.)
      if ((at_p[v] | 1) != here + 1) {
        if (gi[v] == ~0u) make_global(v);  // (the test inline: most are global already)
        at_p[v] = here;
        gen_p[num_gen++] = v;
      }
    };
    // Each definition is listed (a second one in a region too: global_defs counts
    // them from the list).
    auto def = [&](VReg v) __attribute__((always_inline)) {
      const uint32_t a = at_p[v];
      if ((a | 1) != here + 1 && a != ~0u && gi[v] == ~0u) make_global(v);  // it occurred in an earlier region
      at_p[v] = here + 1;
      kill_p[num_kill++] = v;
    };
    for (uint32_t i = 0; i < n; ++i) {
      const Inst& in = insts[i];
      const uint8_t f = flags[static_cast<uint8_t>(in.op)];
      if (in.op == Opcode::kLabel) {
        if (i != begin) {
          close_region(begin, i);
          begin = i;
          here += 2;
        }
        label_region[in.index] = static_cast<uint32_t>(regions.size());
      }
      if (f & kOpExtra) [[unlikely]] {
        extra_insts.push_back(i);
        // Room for this one's operands beyond the 3 uses and a definition counted (the
        // walkers visit at most index2 or extra_count words of extra for each).
        const size_t its = size_t{in.extra_count} + in.index2;
        const size_t more_gen = num_gen + 3 * size_t{n - i} + its + 8;
        if (gen_list.size() < more_gen) gen_list.resize(more_gen), gen_p = gen_list.data();
        const size_t more_kill = num_kill + size_t{n - i} + its + 8;
        if (kill_list.size() < more_kill) kill_list.resize(more_kill), kill_p = kill_list.data();
        ir::ForEachUse(fn, in, use);
        ir::ForEachDef(fn, in, def);
      } else {
        if (in.a != ir::kNoVReg) use(in.a);
        if (in.b != ir::kNoVReg) use(in.b);
        if (in.c != ir::kNoVReg) use(in.c);
        if (in.dst != ir::kNoVReg) def(in.dst);
      }
      if (f & kOpBranch) {
        close_region(begin, i + 1);
        begin = i + 1;
        here += 2;
      }
    }
    if (begin < n || regions.empty()) close_region(begin, n);
  }
  const uint32_t nr = static_cast<uint32_t>(regions.size());
  for (uint32_t r = 0; r < nr; ++r) {
    Region& rg = regions[r];
    if (rg.end == rg.begin) { if (r + 1 < nr) rg.succ[0] = r + 1; continue; }
    const Inst& last = fn.insts[rg.end - 1];
    if (!ir::IsTerminator(last.op) && r + 1 < nr) rg.succ[0] = r + 1;
    eh_edges |= last.op == Opcode::kEhEdge;
    if (last.op == Opcode::kJump || last.op == Opcode::kBrIf || last.op == Opcode::kBrCmp ||
        last.op == Opcode::kEhEdge) {
      rg.succ[1] = label_region[last.index];
      WASMC_CHECK(rg.succ[1] != ~0u);
    } else if (last.op == Opcode::kBrTable) {
      rg.more_begin = static_cast<uint32_t>(more.size());
      for (uint32_t k = 0; k < last.extra_count; ++k)
        more.push_back(label_region[fn.extra[last.extra_begin + k]]);
      rg.more_end = static_cast<uint32_t>(more.size());
    }
  }
  num_globals = globals;

  // 3. gen/kill and dataflow over global vregs (and the globals' definitions counted).
  // (live_in starts as gen.)
  live_in.Reset(nr, num_globals);
  BitRows& gen = live_in;
  BitRows& kill = scratch.kill;
  kill.Reset(nr, num_globals);
  live_out.Reset(nr, num_globals);
  global_defs.assign(num_globals, 0);
  {
    uint32_t* const defs_p = global_defs.data();
    const size_t words = (num_globals + 63) / 64;
    uint64_t* const gen_p = gen.Words().data();
    uint64_t* const kill_p = kill.Words().data();
    const VReg* const gen_list_p = gen_list.data();
    const VReg* const kill_list_p = kill_list.data();
    for (uint32_t r = 0, g0 = 0, k0 = 0; r < nr; g0 = gen_end[r], k0 = kill_end[r], ++r) {
      uint64_t* const gen_r = gen_p + r * words;
      uint64_t* const kill_r = kill_p + r * words;
      for (uint32_t k = g0, e = gen_end[r]; k < e; ++k) {
        const uint32_t g = gi[gen_list_p[k]];  // (always global: read before written)
        if (g != ~0u) gen_r[g >> 6] |= 1ull << (g & 63);
      }
      for (uint32_t k = k0, e = kill_end[r]; k < e; ++k) {
        const uint32_t g = gi[kill_list_p[k]];
        if (g != ~0u) kill_r[g >> 6] |= 1ull << (g & 63), ++defs_p[g];
      }
    }
  }
  if (num_globals > 0) {
    // A worklist in backward passes: a region is visited again only when the live-in
    // of one of its successors grew since its last visit (the fixpoint is the same as
    // visiting every region in every pass until nothing changes).
    std::vector<uint32_t>& pred_begin = scratch.pred_begin;
    std::vector<uint32_t>& preds = scratch.preds;
    pred_begin.assign(nr + 1, 0);
    auto each_succ = [&](const Region& rg, auto&& f) {
      for (uint32_t s : rg.succ)
        if (s != ~0u) f(s);
      for (uint32_t k = rg.more_begin; k < rg.more_end; ++k) f(more[k]);
    };
    for (uint32_t r = 0; r < nr; ++r) each_succ(regions[r], [&](uint32_t s) { ++pred_begin[s + 1]; });
    for (uint32_t r = 0; r < nr; ++r) pred_begin[r + 1] += pred_begin[r];
    preds.resize(pred_begin[nr]);
    {
      std::vector<uint32_t>& fill = scratch.at;  // free again: reused as fill pointers
      fill.assign(pred_begin.begin(), pred_begin.end() - 1);
      for (uint32_t r = 0; r < nr; ++r) each_succ(regions[r], [&](uint32_t s) { preds[fill[s]++] = r; });
    }
    std::vector<uint8_t>& dirty = scratch.dirty;
    dirty.assign(nr, 1);
    // The rows as plain words, `words` a constant 1 in the most common case (a function
    // with 64 globals or fewer: SQLite's 947 of 1021), where a row is one word.
    uint64_t* const in_p = live_in.Words().data();
    uint64_t* const out_p = live_out.Words().data();
    const uint64_t* const kill_p = kill.Words().data();
    uint8_t* const dirty_p = dirty.data();
    const uint32_t* const pred_begin_p = pred_begin.data();
    const uint32_t* const preds_p = preds.data();
    const Region* const regions_p = regions.data();
    const uint32_t* const more_p = more.data();
    auto solve = [&](const size_t words) __attribute__((always_inline)) {
      for (bool again = true; again;) {
        again = false;
        for (uint32_t r = nr; r-- > 0;) {
          if (!dirty_p[r]) continue;
          dirty_p[r] = 0;
          uint64_t* const out = out_p + r * words;
          auto or_in = [&](uint32_t s) __attribute__((always_inline)) {
            const uint64_t* const in_s = in_p + s * words;
            for (size_t w = 0; w < words; ++w) out[w] |= in_s[w];
          };
          const Region& rg = regions_p[r];
          if (rg.succ[0] != ~0u) or_in(rg.succ[0]);
          if (rg.succ[1] != ~0u) or_in(rg.succ[1]);
          for (uint32_t k = rg.more_begin; k < rg.more_end; ++k) or_in(more_p[k]);
          uint64_t* const in = in_p + r * words;
          const uint64_t* const kl = kill_p + r * words;
          uint64_t grew = 0;
          for (size_t w = 0; w < words; ++w) {
            const uint64_t x = in[w] | (out[w] & ~kl[w]);
            grew |= x ^ in[w];
            in[w] = x;
          }
          if (!grew) continue;
          for (uint32_t k = pred_begin_p[r]; k < pred_begin_p[r + 1]; ++k) {
            const uint32_t p = preds_p[k];
            if (dirty_p[p]) continue;
            dirty_p[p] = 1;
            again |= p >= r;  // visited again in the next pass (one below r: in this one)
          }
        }
      }
    };
    const size_t words = (num_globals + 63) / 64;
    if (words == 1) solve(1);
    else solve(words);
  }
}

RegionLiveness::~RegionLiveness() { GiveBackLargerVectors(Kept()); }

Intervals::~Intervals() { GiveBackLargerVectors(Kept()); }

void Intervals::TakeSpare() { TakeSpareVectors(Kept()); }

bool RegionLiveness::LiveInAt(VReg v, uint32_t i) const {
  auto it = std::lower_bound(regions.begin(), regions.end(), i,
                             [](const Region& r, uint32_t x) { return r.begin < x; });
  WASMC_CHECK(it != regions.end() && it->begin == i);
  const uint32_t g = global_index[v];
  return g != ~0u && live_in[it - regions.begin()].Get(g);
}

Intervals ComputeIntervals(Function& fn, bool temps_apart) {
  return ComputeIntervals(fn, RegionLiveness(fn), temps_apart);
}

Intervals ComputeIntervals(Function& fn, RegionLiveness liveness, bool temps_apart) {
  const uint32_t nv = fn.NumVRegs();
  const OpFlags& flags = OpcodeFlags();
  Intervals iv;
  iv.TakeSpare();
  iv.liveness = std::move(liveness);
  const RegionLiveness& lv = iv.liveness;
  const std::vector<Region>& regions = lv.regions;
  const uint32_t nr = static_cast<uint32_t>(regions.size());
  const std::vector<uint32_t>& global_index = lv.global_index;
  const uint32_t num_globals = lv.num_globals;
  const BitRows& live_in = lv.live_in;
  const BitRows& live_out = lv.live_out;

  // 4. and 5. One backward walk per region deletes the dead pure instructions and notes
  //    the occurrences of the others; then live ranges: per region, a global value
  //    covers [region start or first occurrence, region end or last occurrence]
  //    depending on whether it is live in / out; a region-local value covers [first,
  //    last] occurrence.
  Scratch& scratch = ThreadScratch();
  // Per vreg: its region stamp, first and last occurrence there, whether it is live
  // below the walk's position (live: 0 = not seen below, see live_out), its hole state;
  // and its weight, as an exact integer sum (made a float at the end).
  std::vector<Scratch::Vreg>& vregs = scratch.vregs;
  vregs.resize(nv);
  Scratch::Vreg* const vs = vregs.data();
  const std::vector<VReg>& global_vreg = lv.global_vreg;
  WASMC_CHECK(global_vreg.size() == num_globals);
  for (uint32_t v = 0; v < nv; ++v) {
    vs[v].stamp = vs[v].dead_at = vs[v].hole_head = ~0u;
    vs[v].weight = 0;
  }
  std::vector<VReg>& touched = scratch.touched;  // the vregs occurring in the region
  iv.start.assign(nv, ~0u);
  iv.end.assign(nv, 0);
  iv.num_defs.assign(nv, 0);
  for (uint32_t v = 0; v < fn.num_params; ++v) iv.num_defs[v]++;
  if (fn.results_ptr != ir::kNoVReg) iv.num_defs[fn.results_ptr]++;
  // One triple per (vreg, region) it is live in would be mostly values live through
  // whole regions: a range that starts right after the vreg's previous one (always in
  // position order: regions are visited in order) extends that one instead, as the
  // merge below would.
  using Triple = Scratch::Triple;
  std::vector<Triple>& triples = scratch.triples;
  triples.clear();
  triples.reserve(nv + nr);
  std::vector<uint32_t>& open = scratch.open;  // per vreg: its last triple
  open.assign(nv, ~0u);
  auto add = [&](VReg v, uint32_t s, uint32_t e) {
    uint32_t& o = open[v];
    if (o != ~0u && s <= triples[o].e + 1) {
      triples[o].e = std::max(triples[o].e, e);
      return;
    }
    o = static_cast<uint32_t>(triples.size());
    triples.push_back({v, s, e});
  };
  // Most of the rest are values "carried" through a region: live into and out of it
  // and out of the region before, whose add would only move their open triple's end
  // to this region's end. They are not visited per region: their triple's end is set
  // once, at the last region of the run (when the next one does not carry them, or
  // after the last region).
  const size_t words = (num_globals + 63) / 64;
  std::vector<uint64_t>& carried = scratch.carried;
  carried.assign(words, 0);
  uint64_t* const carried_p = carried.data();
  uint32_t prev_e0 = 0;  // the end of the region before
  auto each_bit = [](uint64_t x, size_t i, auto&& f) {
    for (; x; x &= x - 1) f(i * 64 + __builtin_ctzll(x));
  };
  auto end_carry = [&](size_t g) {
    Triple& t = triples[open[global_vreg[g]]];
    t.e = std::max(t.e, prev_e0);
  };
  // Holes inside a region: a value whose occurrence at q is followed, in the same
  // region, by a definition at d that does not read it (and nothing in between) is dead
  // on [q + 1, d - 1] (a wasm local read early in a loop body and written late, the
  // working variables of a round function): its register is free there. Found by the
  // backward walk (dead_at: the definition below that killed the value, per vreg), kept
  // per vreg as a list in ascending order (each found is prepended), cut out of the
  // region's range by add_holed. A global value with a hole is not "carried" through
  // its region (holed: bits of globals).
  std::vector<Scratch::Hole>& holes = scratch.holes;
  std::vector<uint64_t>& holed = scratch.holed;
  holed.assign(words, 0);
  auto add_holed = [&](VReg v, uint32_t s, uint32_t e) {
    for (uint32_t h = vs[v].hole_head; h != ~0u; h = holes[h].next) {
      if (holes[h].s > s) add(v, s, holes[h].s - 1);
      s = holes[h].e + 1;
    }
    if (s <= e) add(v, s, e);
  };
  // Per vreg, its number of ranges (then their first index). A region-local value with
  // one range (most values) is counted where it is found, and its range written from
  // start/end after the triples are placed: it needs no triple.
  iv.range_begin.assign(nv + 1, 0);
  uint32_t* const rb = iv.range_begin.data();
  // The walk's arrays as plain pointers: its byte stores (live) may alias anything in
  // memory, so through the vectors every access reloaded their base.
  touched.resize(nv);  // (each vreg at most once per region)
  // temps_apart: per instruction, the temporary that starts there (kSeveral: more than
  // one; ~0u: none).
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::vector<uint32_t>& temp_at = scratch.temp_at;
  if (temps_apart) temp_at.assign(n, ~0u);
  uint32_t* const temp_at_p = temp_at.data();
  constexpr uint32_t kSeveral = ~1u;
  VReg* const touched_p = touched.data();
  uint64_t* const holed_p = holed.data();
  uint32_t* const num_defs_p = iv.num_defs.data();
  uint32_t* const start_p = iv.start.data();
  uint32_t* const end_p = iv.end.data();
  const uint32_t* const global_index_p = global_index.data();
  Inst* const insts = fn.insts.data();
  for (uint32_t r = 0; r < nr; ++r) {
    const Region& rg = regions[r];
    uint32_t num_touched = 0;
    holes.clear();
    // An occurrence of v at pos (the walk goes up, so pos only decreases), then v's
    // live state below pos - 1.
    auto occ = [&](VReg v, uint32_t pos, uint32_t w, uint8_t live) __attribute__((always_inline)) {
      Scratch::Vreg& x = vs[v];
      if (x.dead_at != ~0u) {
        if (pos + 1 < x.dead_at) {
          holes.push_back({pos + 1, x.dead_at - 1, x.hole_head});
          x.hole_head = static_cast<uint32_t>(holes.size() - 1);
          if (const uint32_t g = global_index_p[v]; g != ~0u) holed_p[g >> 6] |= 1ull << (g & 63);
        }
        x.dead_at = ~0u;
      }
      x.weight += w;
      if (x.stamp != r) {
        x.stamp = r;
        x.last = pos;
        touched_p[num_touched++] = v;
      }
      x.first = pos;
      x.live = live;
    };
    const size_t calls_begin = iv.call_positions.size();
    const BitRows::Row out_r = live_out[r];
    for (uint32_t i = rg.end, begin = rg.begin; i-- > begin;) {
      Inst& in = insts[i];
      const uint8_t f = flags[static_cast<uint8_t>(in.op)];
      if ((f & kOpPure) && in.dst != ir::kNoVReg) {
        uint32_t g = global_index_p[in.dst];
        uint8_t st = vs[in.dst].stamp == r ? vs[in.dst].live : 0;
        bool is_live = st == 1 || (st == 0 && g != ~0u && out_r.Get(g));
        if (!is_live) { in = Inst{.op = Opcode::kNop, .marker = in.marker}; continue; }
      }
      const uint32_t w = kDepthWeight[std::min<int>(in.loop_depth, 4)];
      // A definition kills the value above it (dead_at), unless this instruction reads
      // it too: that use's occ then finds dead_at = its own position + 1, which makes
      // no hole, and clears it (so no second pass over the definitions after the uses).
      auto def = [&](VReg v) __attribute__((always_inline)) {
        occ(v, 2 * i + 1, w, 2);
        vs[v].dead_at = 2 * i + 1;
        num_defs_p[v]++;
      };
      auto use = [&](VReg v) __attribute__((always_inline)) { occ(v, 2 * i, w, 1); };
      if (f & kOpExtra) [[unlikely]] {
        std::vector<VReg*>& ops = scratch.ops;
        const size_t uses = GatherOperands(fn, in, ops);
        for (size_t k = uses; k < ops.size(); ++k) def(*ops[k]);
        for (size_t k = 0; k < uses; ++k) use(*ops[k]);
      } else {
        if (in.dst != ir::kNoVReg) def(in.dst);
        if (in.a != ir::kNoVReg) use(in.a);
        if (in.b != ir::kNoVReg) use(in.b);
        if (in.c != ir::kNoVReg) use(in.c);
      }
      if (f & kOpCall) iv.call_positions.push_back(i);
    }
    std::reverse(iv.call_positions.begin() + calls_begin, iv.call_positions.end());
    const uint32_t s0 = 2 * rg.begin;
    const uint32_t e0 = rg.end > rg.begin ? 2 * rg.end - 1 : s0;
    // One pass over the words (a vreg's own steps stay in order: its run's end, then
    // its range here; the ranges of different vregs are independent).
    const BitRows::Row in = live_in[r], out = live_out[r];
    for (size_t i = 0; i < words; ++i) {
      const uint64_t in_w = in.Word(i), out_w = out.Word(i), carried_w = carried_p[i];
      if ((in_w | out_w | carried_w) == 0) continue;
      const uint64_t c = r > 0 ? in_w & out_w & live_out[r - 1].Word(i) & ~holed_p[i] : 0;
      each_bit(carried_w & ~c, i, end_carry);
      carried_p[i] = c;
      each_bit(in_w & ~c, i, [&](size_t g) {
        VReg v = global_vreg[g];
        uint32_t e = (out_w >> (g & 63)) & 1 ? e0 : (vs[v].stamp == r ? vs[v].last : s0);
        add_holed(v, s0, e);
      });
      each_bit(out_w & ~in_w, i, [&](size_t g) {
        VReg v = global_vreg[g];
        add_holed(v, vs[v].stamp == r ? vs[v].first : s0, e0);
      });
    }
    prev_e0 = e0;
    for (uint32_t k = 0; k < num_touched; ++k) {
      const VReg v = touched_p[k];
      const uint32_t g = global_index_p[v];
      if (g == ~0u) {
        // Region-local: it occurs in no other region, so its walk state (hole_head,
        // dead_at) is left as it is, never read again.
        if (vs[v].hole_head == ~0u) {  // one range
          start_p[v] = vs[v].first;
          end_p[v] = vs[v].last;
          if (temps_apart) {  // a temporary
            uint32_t& t = temp_at_p[vs[v].first >> 1];  // (first: a definition, 2i + 1)
            t = t == ~0u ? v : kSeveral;
          } else {
            rb[v + 1] = 1;  // its range, placed after the triples' (no triple: no add)
          }
        } else {
          add_holed(v, vs[v].first, vs[v].last);
        }
        continue;
      }
      if (!(in.Get(g) || out.Get(g))) add_holed(v, vs[v].first, vs[v].last);
      vs[v].hole_head = vs[v].dead_at = ~0u;
      holed_p[g >> 6] = 0;
    }
  }
  // The temporaries in start order: by the instruction of their first definition (of
  // several, in ir::ForEachDef's order).
  for (uint32_t i = 0, m = temps_apart ? n : 0; i < m; ++i) {
    const uint32_t t = temp_at_p[i];
    if (t == ~0u) continue;
    if (t != kSeveral) {
      iv.temps.push_back(t);
      continue;
    }
    const size_t here = iv.temps.size();
    ir::ForEachDef(fn, insts[i], [&](VReg v) {  // (only temporaries have a start yet)
      if (iv.start[v] == 2 * i + 1 && std::find(iv.temps.begin() + here, iv.temps.end(), v) == iv.temps.end())
        iv.temps.push_back(v);
    });
  }
  for (size_t i = 0; i < words; ++i) each_bit(carried[i], i, end_carry);
  // The weights: float sums of the occurrences' weights in instruction order (uses
  // before defs), what the scan and the splitters compare. While no sum passes 2^24
  // every partial float sum is exact, so the integer sums are those floats; above,
  // float rounding depends on the order, and they are summed again in that order.
  // (Made floats through int32 as they are checked: exact below 2^24, and cheaper than a
  // conversion from uint64; one larger, and they are all summed again.)
  // Then bucket by vreg (stable). A vreg's triples arrive in position order, disjoint and
  // not adjacent (add extends the open one instead; end_carry extends it only up to the
  // region before the next add's), so they are its ranges as they are; the check says so.
  // (The weights, the ranges' first indices and their fill pointers in one pass.)
  for (const Triple& t : triples) rb[t.v + 1]++;
  iv.weight.resize(nv);
  uint64_t max_weight = 0;
  float* const weight_p = iv.weight.data();
  std::vector<uint32_t>& fill = scratch.fill;
  if (fill.size() < nv) fill.resize(nv);
  uint32_t* const fp = fill.data();
  for (uint32_t v = 0; v < nv; ++v) {
    max_weight = std::max(max_weight, vs[v].weight);
    weight_p[v] = static_cast<float>(static_cast<int32_t>(vs[v].weight));
    fp[v] = rb[v];
    rb[v + 1] += rb[v];
  }
  if (max_weight > (uint64_t{1} << 24)) {
    std::fill(iv.weight.begin(), iv.weight.end(), 0.f);
    for (const Inst& in : fn.insts) {
      const float w = static_cast<float>(kDepthWeight[std::min<int>(in.loop_depth, 4)]);
      ir::ForEachUse(fn, in, [&](VReg v) { iv.weight[v] += w; });
      ir::ForEachDef(fn, in, [&](VReg v) { iv.weight[v] += w; });
    }
  }
  iv.ranges.resize(rb[nv]);
  {
    Range* const ranges = iv.ranges.data();
    for (const Triple& t : triples) {
      const uint32_t k = fp[t.v]++;
      WASMC_CHECK(k == rb[t.v] || ranges[k - 1].end + 1 < t.s);
      ranges[k] = {t.s, t.e};
    }
    for (uint32_t v = 0; v < nv; ++v) {
      if (fp[v] < rb[v + 1]) {  // a region-local value's one range (start and end set)
        ranges[fp[v]] = {start_p[v], end_p[v]};
      } else if (rb[v] < rb[v + 1]) {
        start_p[v] = ranges[rb[v]].start;
        end_p[v] = ranges[rb[v + 1] - 1].end;
      }
    }
  }
  return iv;
}

}  // namespace wasmc::regalloc
