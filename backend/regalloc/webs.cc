#include "backend/regalloc/webs.h"

#include <utility>
#include <vector>

#include "backend/diag.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Inst;
using ir::Opcode;
using ir::VReg;

// Union-find whose root is always the lowest node of its set (over a vector kept from
// function to function: Scratch).
class Sets {
 public:
  Sets(std::vector<uint32_t>& parent, uint32_t n) : parent_(parent) {
    parent_.resize(n);
    for (uint32_t x = 0; x < n; ++x) parent_[x] = x;
  }
  uint32_t Add() {
    parent_.push_back(static_cast<uint32_t>(parent_.size()));
    return parent_.back();
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a), b = Find(b);
    if (a < b) parent_[b] = a;
    else if (b < a) parent_[a] = b;
  }
  uint32_t size() const { return static_cast<uint32_t>(parent_.size()); }

 private:
  std::vector<uint32_t>& parent_;
};

// The working vectors, one set per thread, kept from function to function (sized per
// call): allocated once per thread, not per function (as liveness.cc's).
struct Scratch {
  std::vector<uint32_t> defs, first, parent, cur;
  std::vector<uint8_t> var, named, seen;
  std::vector<VReg> global_vreg, node_var, web;
  std::vector<uint64_t> mask;
  std::vector<std::pair<VReg*, uint32_t>> occurrences;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Does every operand in Function::extra belong to one instruction only? (A rename
// through one instruction would otherwise rename another's operand too.)
bool ExtraUnshared(const Function& fn, std::vector<uint8_t>& seen) {
  seen.assign(fn.extra.size(), 0);
  bool shared = false;
  auto mark = [&](const VReg& v) {
    if (&v < fn.extra.data() || &v >= fn.extra.data() + fn.extra.size()) return;
    uint8_t& s = seen[&v - fn.extra.data()];
    shared |= s != 0;
    s = 1;
  };
  for (const Inst& in : fn.insts) {
    if (in.extra_count == 0) continue;
    ir::ForEachUse(fn, in, mark);
    ir::ForEachDef(fn, in, mark);
  }
  return !shared;
}

}  // namespace

uint32_t SplitWebs(Function& fn, RegionLiveness& lv) {
  const uint32_t nv = fn.NumVRegs();
  // Variables: global vregs with two definitions or more (a param's entry counts as
  // one); a region-local vreg's webs already have disjoint ranges (holes, liveness.h).
  Scratch& sc = ThreadScratch();
  std::vector<uint32_t>& defs = sc.defs;
  defs.assign(nv, 0);
  for (VReg v = 0; v < fn.num_params; ++v) defs[v] = 1;
  bool extra = false;
  for (const Inst& in : fn.insts) {
    if (in.op == Opcode::kEhEdge) return 0;
    extra |= in.extra_count != 0;
    if (in.dst != ir::kNoVReg) ++defs[in.dst];
    else if (in.extra_count) ir::ForEachDef(fn, in, [&](VReg v) { ++defs[v]; });
  }
  if (extra && !ExtraUnshared(fn, sc.seen)) return 0;
  const uint32_t nr = static_cast<uint32_t>(lv.regions.size());
  const uint32_t words = (lv.num_globals + 63) / 64;
  std::vector<VReg>& global_vreg = sc.global_vreg;
  global_vreg.resize(lv.num_globals);
  std::vector<uint64_t>& mask = sc.mask;  // the variables
  mask.assign(words, 0);
  std::vector<uint8_t>& var = sc.var;
  var.assign(nv, 0);
  bool any = false;
  for (VReg v = 0; v < nv; ++v) {
    const uint32_t g = lv.global_index[v];
    if (g == ~0u) continue;
    global_vreg[g] = v;
    if (defs[v] >= 2 && v != fn.results_ptr) mask[g >> 6] |= 1ull << (g & 63), var[v] = 1, any = true;
  }
  if (!any) return 0;
  // Nodes: first one per (region, variable live into it), region by region in the order
  // of the variables' bits (region r's from first[r]), then one per definition of a
  // variable, in instruction order.
  std::vector<uint32_t>& first = sc.first;
  first.resize(nr + 1);
  uint32_t live_in_nodes = 0;
  for (uint32_t r = 0; r < nr; ++r) {
    first[r] = live_in_nodes;
    for (uint32_t w = 0; w < words; ++w)
      live_in_nodes += static_cast<uint32_t>(__builtin_popcountll(lv.live_in[r].Word(w) & mask[w]));
  }
  first[nr] = live_in_nodes;
  // Calls f(v, node) for the variables live into region r.
  auto each_live_in = [&](uint32_t r, auto&& f) {
    uint32_t k = first[r];
    for (uint32_t w = 0; w < words; ++w)
      for (uint64_t x = lv.live_in[r].Word(w) & mask[w]; x; x &= x - 1)
        f(global_vreg[w * 64 + __builtin_ctzll(x)], k++);
  };

  // One walk: per variable the node of its value at the walk's position (set at each
  // region's start for the variables live into it and at each definition, so never
  // stale where it is read: a variable read or live out in a region is live into it
  // or defined in it before, by definedness); a definition starts a node, a use or a
  // successor's live-in joins the current one. Each occurrence is noted for the rename.
  Sets sets(sc.parent, live_in_nodes);
  std::vector<VReg>& node_var = sc.node_var;
  node_var.resize(live_in_nodes);
  std::vector<uint32_t>& cur = sc.cur;
  cur.assign(nv, ~0u);
  std::vector<std::pair<VReg*, uint32_t>>& occurrences = sc.occurrences;
  occurrences.clear();
  for (uint32_t r = 0; r < nr; ++r) {
    each_live_in(r, [&](VReg v, uint32_t k) { cur[v] = k, node_var[k] = v; });
    for (uint32_t i = lv.regions[r].begin; i < lv.regions[r].end; ++i) {
      Inst& in = fn.insts[i];
      auto use = [&](VReg& v) {
        if (!var[v]) return;
        WASMC_CHECK(cur[v] != ~0u);
        occurrences.push_back({&v, cur[v]});
      };
      auto def = [&](VReg& v) {
        if (!var[v]) return;
        cur[v] = sets.Add();
        node_var.push_back(v);
        occurrences.push_back({&v, cur[v]});
      };
      if (in.extra_count) {
        ir::ForEachUse(fn, in, use);
        ir::ForEachDef(fn, in, def);
        continue;
      }
      // (Without extra operands: a, b, c, then dst, as ForEachUse / ForEachDef.)
      if (in.a != ir::kNoVReg) use(in.a);
      if (in.b != ir::kNoVReg) use(in.b);
      if (in.c != ir::kNoVReg) use(in.c);
      if (in.dst != ir::kNoVReg) def(in.dst);
    }
    const Region& rg = lv.regions[r];
    auto join = [&](uint32_t s) { each_live_in(s, [&](VReg v, uint32_t k) { sets.Union(cur[v], k); }); };
    for (uint32_t s : rg.succ)
      if (s != ~0u) join(s);
    for (uint32_t k = rg.more_begin; k < rg.more_end; ++k) join(lv.more[k]);
  }
  // Name the webs in the order of their lowest nodes: the first of each variable keeps
  // its number. web[x]: node x's vreg (its root, the lowest node of its set, comes
  // first). A new web is global when its lowest node is a live-in node (those come
  // before the definitions' nodes). Nothing changes when every variable is one web.
  const uint32_t n = sets.size();
  std::vector<VReg>& web = sc.web;
  web.resize(n);
  std::vector<uint8_t>& named = sc.named;
  named.assign(nv, 0);
  lv.global_index.resize(nv, ~0u);
  uint32_t globals = lv.num_globals;
  for (uint32_t x = 0; x < n; ++x) {
    const uint32_t root = sets.Find(x);
    if (root != x) {
      web[x] = web[root];
      continue;
    }
    const VReg v = node_var[x];
    if (!named[v]) {
      named[v] = 1;
      web[x] = v;
      continue;
    }
    web[x] = fn.NewVReg(fn.vreg_types[v]);
    lv.global_index.push_back(x < live_in_nodes ? globals++ : ~0u);
  }
  const uint32_t added = fn.NumVRegs() - nv;
  if (added == 0) return 0;
  for (auto [p, node] : occurrences) *p = web[node];

  // The liveness of the result (webs.h): a web live into a region takes the bit of
  // its variable's value there.
  BitRows live_in(nr, globals);
  for (uint32_t r = 0; r < nr; ++r) {
    BitRows::Row row = live_in[r];
    for (uint32_t w = 0; w < words; ++w) row.SetWord(w, lv.live_in[r].Word(w));
    each_live_in(r, [&](VReg v, uint32_t k) {
      const VReg w = web[k];
      if (w == v) return;
      row.Clear(lv.global_index[v]);
      row.Set(lv.global_index[w]);
    });
  }
  BitRows live_out(nr, globals);
  for (uint32_t r = 0; r < nr; ++r) {
    const Region& rg = lv.regions[r];
    auto add = [&](uint32_t s) { live_out[r].Or(live_in[s]); };
    for (uint32_t s : rg.succ)
      if (s != ~0u) add(s);
    for (uint32_t k = rg.more_begin; k < rg.more_end; ++k) add(lv.more[k]);
  }
  lv.live_in = std::move(live_in);
  lv.live_out = std::move(live_out);
  lv.num_globals = globals;
  return added;
}

}  // namespace wasmc::regalloc
