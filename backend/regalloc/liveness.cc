#include "backend/regalloc/liveness.h"

#include <algorithm>

#include "backend/diag.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Inst;
using ir::Opcode;
using ir::VReg;

bool IsBranch(Opcode op) {
  return op == Opcode::kBrIf || op == Opcode::kBrCmp || op == Opcode::kEhEdge || ir::IsTerminator(op);
}

// The working vectors of RegionLiveness and ComputeIntervals, one set per thread, kept
// from function to function: each call sizes (assign/clear) what it uses, so their
// memory is allocated once per thread rather than a dozen times per function.
struct Scratch {
  std::vector<uint32_t> first_region;
  std::vector<uint8_t> defined, live;
  std::vector<VReg> touched, global_vreg;
  std::vector<uint32_t> open, first, last, stamp, count, fill;
  std::vector<uint64_t> carried, next_carried;
  struct Triple { VReg v; uint32_t s, e; };
  std::vector<Triple> triples;
  std::vector<Range> sorted;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

RegionLiveness::RegionLiveness(const Function& fn) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  const uint32_t nv = fn.NumVRegs();

  // 1. Regions and label -> region.
  label_region.assign(fn.num_labels, ~0u);
  {
    uint32_t begin = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const Inst& in = fn.insts[i];
      if (in.op == Opcode::kLabel && i != begin) {
        regions.push_back({begin, i, {~0u, ~0u}, {}});
        begin = i;
      }
      if (in.op == Opcode::kLabel) label_region[in.index] = static_cast<uint32_t>(regions.size());
      if (IsBranch(in.op)) {
        regions.push_back({begin, i + 1, {~0u, ~0u}, {}});
        begin = i + 1;
      }
    }
    if (begin < n || regions.empty()) regions.push_back({begin, n, {~0u, ~0u}, {}});
  }
  const uint32_t nr = static_cast<uint32_t>(regions.size());
  for (uint32_t r = 0; r < nr; ++r) {
    Region& rg = regions[r];
    if (rg.end == rg.begin) { if (r + 1 < nr) rg.succ[0] = r + 1; continue; }
    const Inst& last = fn.insts[rg.end - 1];
    if (!ir::IsTerminator(last.op) && r + 1 < nr) rg.succ[0] = r + 1;
    if (last.op == Opcode::kJump || last.op == Opcode::kBrIf || last.op == Opcode::kBrCmp ||
        last.op == Opcode::kEhEdge) {
      rg.succ[1] = label_region[last.index];
      WASMC_CHECK(rg.succ[1] != ~0u);
    } else if (last.op == Opcode::kBrTable) {
      for (uint32_t k = 0; k < last.extra_count; ++k)
        rg.more.push_back(label_region[fn.extra[last.extra_begin + k]]);
    }
  }

  // 2. Which vregs are global: used in more than one region, or used in a region
  //    before being defined there (live into it: the region may be a loop header),
  //    or params (defined at entry, before the first region).
  Scratch& scratch = ThreadScratch();
  std::vector<uint32_t>& first_region = scratch.first_region;
  first_region.assign(nv, ~0u);
  std::vector<uint8_t>& defined = scratch.defined;
  defined.assign(nv, 0);
  global_index.assign(nv, ~0u);
  auto make_global = [&](VReg v) {
    if (global_index[v] == ~0u) global_index[v] = num_globals++;
  };
  auto note_use = [&](VReg v, uint32_t r) {
    if (first_region[v] == ~0u) first_region[v] = r;
    if (first_region[v] != r || !defined[v]) make_global(v);
  };
  auto note_def = [&](VReg v, uint32_t r) {
    if (first_region[v] == ~0u) first_region[v] = r;
    if (first_region[v] != r) make_global(v);
    defined[v] = 1;
  };
  for (uint32_t v = 0; v < fn.num_params; ++v) make_global(v);
  if (fn.results_ptr != ir::kNoVReg) make_global(fn.results_ptr);
  for (uint32_t r = 0; r < nr; ++r)
    for (uint32_t i = regions[r].begin; i < regions[r].end; ++i) {
      const Inst& in = fn.insts[i];
      ir::ForEachUse(fn, in, [&](VReg v) { note_use(v, r); });
      ir::ForEachDef(fn, in, [&](VReg v) { note_def(v, r); });
    }

  // 3. gen/kill and dataflow over global vregs.
  BitRows gen(nr, num_globals), kill(nr, num_globals);
  live_out = BitRows(nr, num_globals);
  for (uint32_t r = 0; r < nr; ++r) {
    for (uint32_t i = regions[r].begin; i < regions[r].end; ++i) {
      const Inst& in = fn.insts[i];
      ir::ForEachUse(fn, in, [&](VReg v) {
        uint32_t g = global_index[v];
        if (g != ~0u && !kill[r].Get(g)) gen[r].Set(g);
      });
      ir::ForEachDef(fn, in, [&](VReg v) {
        uint32_t g = global_index[v];
        if (g != ~0u) kill[r].Set(g);
      });
    }
  }
  live_in = std::move(gen);
  if (num_globals > 0) {
    for (bool changed = true; changed;) {
      changed = false;
      for (uint32_t r = nr; r-- > 0;) {
        Region& rg = regions[r];
        for (uint32_t s : rg.succ)
          if (s != ~0u) live_out[r].Or(live_in[s]);
        for (uint32_t s : rg.more) live_out[r].Or(live_in[s]);
        changed |= live_in[r].OrAndNot(live_out[r], kill[r]);
      }
    }
  }

}

bool RegionLiveness::LiveInAt(VReg v, uint32_t i) const {
  auto it = std::lower_bound(regions.begin(), regions.end(), i,
                             [](const Region& r, uint32_t x) { return r.begin < x; });
  WASMC_CHECK(it != regions.end() && it->begin == i);
  const uint32_t g = global_index[v];
  return g != ~0u && live_in[it - regions.begin()].Get(g);
}

Intervals ComputeIntervals(Function& fn) {
  const uint32_t nv = fn.NumVRegs();
  Intervals iv;
  iv.liveness = RegionLiveness(fn);
  const RegionLiveness& lv = iv.liveness;
  const std::vector<Region>& regions = lv.regions;
  const uint32_t nr = static_cast<uint32_t>(regions.size());
  const std::vector<uint32_t>& global_index = lv.global_index;
  const uint32_t num_globals = lv.num_globals;
  const BitRows& live_in = lv.live_in;
  const BitRows& live_out = lv.live_out;

  // 4. Dead pure instructions, one backward walk per region.
  Scratch& scratch = ThreadScratch();
  std::vector<uint8_t>& live = scratch.live;
  live.assign(nv, 0);
  std::vector<VReg>& touched = scratch.touched;  // live[v]: 0 = not seen below (see live_out), 1 = live, 2 = dead
  touched.clear();
  for (uint32_t r = 0; r < nr; ++r) {
    touched.clear();
    for (uint32_t i = regions[r].end; i-- > regions[r].begin;) {
      Inst& in = fn.insts[i];
      if (ir::IsPure(in.op) && in.dst != ir::kNoVReg) {
        uint32_t g = global_index[in.dst];
        uint8_t st = live[in.dst];
        bool is_live = st == 1 || (st == 0 && g != ~0u && live_out[r].Get(g));
        if (!is_live) { in = Inst{.op = Opcode::kNop, .marker = in.marker}; continue; }
      }
      ir::ForEachDef(fn, in, [&](VReg v) { live[v] = 2; touched.push_back(v); });
      ir::ForEachUse(fn, in, [&](VReg v) { live[v] = 1; touched.push_back(v); });
    }
    for (VReg v : touched) live[v] = 0;
  }

  // 5. Live ranges: per region, a global value covers [region start or first
  //    occurrence, region end or last occurrence] depending on whether it is live in /
  //    out; a region-local value covers [first, last] occurrence.
  iv.start.assign(nv, ~0u);
  iv.end.assign(nv, 0);
  iv.num_defs.assign(nv, 0);
  iv.weight.assign(nv, 0.f);
  for (uint32_t v = 0; v < fn.num_params; ++v) iv.num_defs[v]++;
  if (fn.results_ptr != ir::kNoVReg) iv.num_defs[fn.results_ptr]++;
  std::vector<VReg>& global_vreg = scratch.global_vreg;
  global_vreg.resize(num_globals);
  for (uint32_t v = 0; v < nv; ++v)
    if (global_index[v] != ~0u) global_vreg[global_index[v]] = v;
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
  std::vector<uint64_t>& next_carried = scratch.next_carried;
  carried.assign(words, 0);
  next_carried.assign(words, 0);
  uint32_t prev_e0 = 0;  // the end of the region before
  auto each_bit = [](uint64_t x, size_t i, auto&& f) {
    for (; x; x &= x - 1) f(i * 64 + __builtin_ctzll(x));
  };
  auto end_carry = [&](size_t g) {
    Triple& t = triples[open[global_vreg[g]]];
    t.e = std::max(t.e, prev_e0);
  };
  std::vector<uint32_t>& first = scratch.first;
  std::vector<uint32_t>& last = scratch.last;
  std::vector<uint32_t>& stamp = scratch.stamp;
  first.resize(nv);  // read only where stamp[v] says they were set
  last.resize(nv);
  stamp.assign(nv, ~0u);
  static const float kDepthWeight[] = {1.f, 10.f, 100.f, 1000.f, 10000.f};
  for (uint32_t r = 0; r < nr; ++r) {
    const Region& rg = regions[r];
    touched.clear();
    auto occ = [&](VReg v, uint32_t pos) {
      if (stamp[v] != r) {
        stamp[v] = r;
        first[v] = last[v] = pos;
        touched.push_back(v);
      } else {
        first[v] = std::min(first[v], pos);
        last[v] = std::max(last[v], pos);
      }
    };
    for (uint32_t i = rg.begin; i < rg.end; ++i) {
      const Inst& in = fn.insts[i];
      float w = kDepthWeight[std::min<int>(in.loop_depth, 4)];
      ir::ForEachUse(fn, in, [&](VReg v) { occ(v, 2 * i); iv.weight[v] += w; });
      ir::ForEachDef(fn, in, [&](VReg v) {
        occ(v, 2 * i + 1);
        iv.weight[v] += w;
        iv.num_defs[v]++;
      });
      if (ir::IsCall(in.op)) iv.call_positions.push_back(i);
    }
    const uint32_t s0 = 2 * rg.begin;
    const uint32_t e0 = rg.end > rg.begin ? 2 * rg.end - 1 : s0;
    const BitRows::Row in = live_in[r], out = live_out[r];
    for (size_t i = 0; i < words; ++i) {
      const uint64_t c = r > 0 ? in.Word(i) & out.Word(i) & live_out[r - 1].Word(i) : 0;
      each_bit(carried[i] & ~c, i, end_carry);
      next_carried[i] = c;
    }
    for (size_t i = 0; i < words; ++i)
      each_bit(in.Word(i) & ~next_carried[i], i, [&](size_t g) {
        VReg v = global_vreg[g];
        uint32_t e = out.Get(g) ? e0 : (stamp[v] == r ? last[v] : s0);
        add(v, s0, e);
      });
    carried.swap(next_carried);
    prev_e0 = e0;
    for (size_t i = 0; i < words; ++i)
      each_bit(out.Word(i) & ~in.Word(i), i, [&](size_t g) {
        VReg v = global_vreg[g];
        add(v, stamp[v] == r ? first[v] : s0, e0);
      });
    for (VReg v : touched) {
      uint32_t g = global_index[v];
      if (g != ~0u && (live_in[r].Get(g) || live_out[r].Get(g))) continue;
      add(v, first[v], last[v]);
    }
  }
  for (size_t i = 0; i < words; ++i) each_bit(carried[i], i, end_carry);
  // Bucket by vreg (stable: ranges arrive in increasing position) and merge.
  std::vector<uint32_t>& count = scratch.count;
  count.assign(nv + 1, 0);
  for (const Triple& t : triples) count[t.v + 1]++;
  for (uint32_t v = 0; v < nv; ++v) count[v + 1] += count[v];
  std::vector<Range>& sorted = scratch.sorted;
  sorted.resize(triples.size());
  {
    std::vector<uint32_t>& fill = scratch.fill;
    fill.assign(count.begin(), count.end() - 1);
    for (const Triple& t : triples) sorted[fill[t.v]++] = {t.s, t.e};
  }
  iv.range_begin.assign(nv + 1, 0);
  iv.ranges.reserve(sorted.size());
  for (uint32_t v = 0; v < nv; ++v) {
    iv.range_begin[v] = static_cast<uint32_t>(iv.ranges.size());
    for (uint32_t k = count[v]; k < count[v + 1]; ++k) {
      Range rg = sorted[k];
      if (iv.ranges.size() > iv.range_begin[v] && rg.start <= iv.ranges.back().end + 1) {
        iv.ranges.back().end = std::max(iv.ranges.back().end, rg.end);
      } else {
        iv.ranges.push_back(rg);
      }
    }
    if (iv.ranges.size() > iv.range_begin[v]) {
      iv.start[v] = iv.ranges[iv.range_begin[v]].start;
      iv.end[v] = iv.ranges.back().end;
    }
  }
  iv.range_begin[nv] = static_cast<uint32_t>(iv.ranges.size());
  return iv;
}

}  // namespace wasmc::regalloc
