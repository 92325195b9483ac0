#include "backend/regalloc/webs.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "backend/diag.h"

namespace wasmc::regalloc {
namespace {

using ir::Function;
using ir::Inst;
using ir::Opcode;
using ir::VReg;

// Union-find (root: the lowest node of its set) over a vector kept from function to
// function (Scratch).
class Sets {
 public:
  explicit Sets(std::vector<uint32_t>& parent) : parent_(parent) { parent_.clear(); }
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
  std::vector<uint32_t> defs, first, def_first, parent, cur, roots, root_of, slot, slot_bit;
  std::vector<uint8_t> var, named, seen, entry;
  std::vector<VReg> global_vreg, node_var, web, cur_web;
  std::vector<uint64_t> mask, key;
  std::vector<std::pair<VReg*, uint32_t>> occurrences;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
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
  // (In the same walk: is every operand in Function::extra one instruction's only? A
  // rename through one instruction would otherwise rename another's operand too.)
  std::vector<uint8_t>& seen = sc.seen;  // per word of extra, once one is met
  bool extra = false, shared = false;
  auto mark = [&](const VReg& v) {
    if (&v < fn.extra.data() || &v >= fn.extra.data() + fn.extra.size()) return;
    uint8_t& s = seen[&v - fn.extra.data()];
    shared |= s != 0;
    s = 1;
  };
  if (lv.eh_edges) return 0;  // (a kEhEdge ends a region: RegionLiveness saw each)
  for (const Inst& in : fn.insts) {
    if (in.dst != ir::kNoVReg) ++defs[in.dst];
    else if (in.extra_count) ir::ForEachDef(fn, in, [&](VReg v) { ++defs[v]; });
    if (in.extra_count == 0) continue;
    if (!extra) seen.assign(fn.extra.size(), 0), extra = true;
    ir::ForEachUse(fn, in, mark);
    ir::ForEachDef(fn, in, mark);
  }
  if (shared) return 0;
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
  // Regions entered only from the region before (each edge into them is its): a
  // variable's value there is its value at that region's end, so they need no nodes.
  // 1: from the region before only; 2: else; | kVisited once the walk below has given
  // its slots their nodes (at the region, or at the first edge walked into it: each
  // takes all the region's slots at once, so a region's slots have nodes or none has).
  std::vector<uint8_t>& entry = sc.entry;
  entry.assign(nr, 0);
  constexpr uint8_t kVisited = 4;
  auto each_succ = [&](const Region& rg, auto&& f) {
    for (uint32_t s : rg.succ)
      if (s != ~0u) f(s);
    for (uint32_t k = rg.more_begin; k < rg.more_end; ++k) f(lv.more[k]);
  };
  for (uint32_t r = 0; r < nr; ++r)
    each_succ(lv.regions[r], [&](uint32_t s) { entry[s] = s == r + 1 && entry[s] != 2 ? 1 : 2; });
  auto carried = [&](uint32_t r) { return (entry[r] & 3) == 1; };
  // The first visit of region r's slots (then set kVisited) or a later one.
  auto first_visit = [&](uint32_t r) {
    if (entry[r] & kVisited) return false;
    entry[r] |= kVisited;
    return true;
  };
  // Nodes: one per definition of a variable, in instruction order, and one per value
  // live into a region that no edge walked before it reaches (a param's at entry, a
  // loop header's entered only by its back edge). A variable's value live into a
  // region not carried is a slot (region r's from first[r], in the order of the
  // variables' bits): the node of the first edge walked into it, joined by the others.
  // Webs are ordered as if every region had a node per live-in value, numbered before
  // the definitions' (so that numbering does not change): by the lowest key of their
  // nodes, a node's key being the (region, bit) of the first value it is live into
  // (the first edge into a slot lowers its node's key), else (nr, its number).
  // The slots' variables' bits are listed once (slot_bit), so that the three walks over
  // a region's live-in variables below (its nodes, each edge into it, the result's
  // liveness) read a list rather than scan the region's row again.
  std::vector<uint32_t>& first = sc.first;
  first.resize(nr + 1);
  std::vector<uint32_t>& slot_bit = sc.slot_bit;
  slot_bit.clear();
  for (uint32_t r = 0; r < nr; ++r) {
    first[r] = static_cast<uint32_t>(slot_bit.size());
    if (carried(r)) continue;
    for (uint32_t w = 0; w < words; ++w)
      for (uint64_t x = lv.live_in[r].Word(w) & mask[w]; x; x &= x - 1)
        slot_bit.push_back(w * 64 + __builtin_ctzll(x));
  }
  const uint32_t slots = first[nr] = static_cast<uint32_t>(slot_bit.size());
  auto key_of = [](uint32_t r, uint32_t g) { return uint64_t{r} << 32 | g; };
  // Calls f(v, g, slot) for the variables live into region r (not carried), in the
  // order of their bits.
  auto each_live_in = [&](uint32_t r, auto&& f) {
    for (uint32_t k = first[r]; k < first[r + 1]; ++k) {
      const uint32_t g = slot_bit[k];
      f(global_vreg[g], g, k);
    }
  };

  // One walk: per variable the node of its value at the walk's position (set at each
  // region's start for the variables live into it, but in carried regions, which keep
  // the value of the region before, and at each definition, so never stale where it
  // is read: a variable read or live out in a region is live into it or defined in it
  // before, by definedness); a definition starts a node, a use or a successor's live-in
  // joins the current one. Each occurrence is noted for the rename.
  Sets sets(sc.parent);
  std::vector<uint64_t>& key = sc.key;
  key.clear();
  std::vector<VReg>& node_var = sc.node_var;
  node_var.clear();
  std::vector<uint32_t>& slot = sc.slot;  // (each written at its region's first visit)
  if (slot.size() < slots) slot.resize(slots);
  std::vector<uint32_t>& def_first = sc.def_first;  // region r's definitions' nodes
  def_first.resize(nr + 1);
  std::vector<uint32_t>& cur = sc.cur;
  cur.assign(nv, ~0u);
  std::vector<std::pair<VReg*, uint32_t>>& occurrences = sc.occurrences;
  occurrences.clear();
  const uint64_t def_key = uint64_t{nr} << 32;
  auto add_node = [&](VReg v, uint64_t k) {
    node_var.push_back(v);
    key.push_back(k);
    return sets.Add();
  };
  for (uint32_t r = 0; r < nr; ++r) {
    if (!carried(r)) {
      if (first_visit(r)) {
        each_live_in(r, [&](VReg v, uint32_t g, uint32_t k) { cur[v] = slot[k] = add_node(v, key_of(r, g)); });
      } else {
        each_live_in(r, [&](VReg v, uint32_t, uint32_t k) { cur[v] = slot[k]; });
      }
    }
    def_first[r] = sets.size();
    for (uint32_t i = lv.regions[r].begin; i < lv.regions[r].end; ++i) {
      Inst& in = fn.insts[i];
      auto use = [&](VReg& v) __attribute__((always_inline)) {
        if (!var[v]) return;
        WASMC_CHECK(cur[v] != ~0u);
        occurrences.push_back({&v, cur[v]});
      };
      auto def = [&](VReg& v) __attribute__((always_inline)) {
        if (!var[v]) return;
        cur[v] = add_node(v, def_key | sets.size());
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
    // The definitions here whose values are live into the next region, when it is
    // carried: it is the first region they are live into.
    if (r + 1 < nr && carried(r + 1)) {
      for (uint32_t x = def_first[r]; x < sets.size(); ++x) {
        const VReg v = node_var[x];
        const uint32_t g = lv.global_index[v];
        if (cur[v] == x && lv.live_in[r + 1].Get(g)) key[x] = key_of(r + 1, g);
      }
    }
    each_succ(lv.regions[r], [&](uint32_t s) {
      if (carried(s)) return;
      if (first_visit(s)) {
        each_live_in(s, [&](VReg v, uint32_t g, uint32_t k) {
          const uint32_t x = slot[k] = cur[v];
          key[x] = std::min(key[x], key_of(s, g));
        });
      } else {
        each_live_in(s, [&](VReg v, uint32_t, uint32_t k) {
          if (slot[k] != cur[v]) sets.Union(slot[k], cur[v]);
        });
      }
    });
  }
  const uint32_t n = sets.size();
  def_first[nr] = n;
  // Name the webs in the order of their keys (the lowest of their nodes'): the first
  // of each variable keeps its number. A new web is global when its key is a
  // region's (it is live into one). Nothing changes when every variable is one web.
  std::vector<uint32_t>& roots = sc.roots;
  roots.clear();
  std::vector<uint32_t>& root_of = sc.root_of;
  root_of.resize(n);
  for (uint32_t x = 0; x < n; ++x) {
    const uint32_t root = root_of[x] = sets.Find(x);
    if (root == x) roots.push_back(x);
    else key[root] = std::min(key[root], key[x]);
  }
  std::sort(roots.begin(), roots.end(), [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
  std::vector<VReg>& web = sc.web;  // per node
  web.resize(n);
  std::vector<uint8_t>& named = sc.named;
  named.assign(nv, 0);
  lv.global_index.resize(nv, ~0u);
  uint32_t globals = lv.num_globals;
  for (uint32_t x : roots) {
    const VReg v = node_var[x];
    if (!named[v]) {
      named[v] = 1;
      web[x] = v;
      continue;
    }
    web[x] = fn.NewVReg(fn.vreg_types[v]);
    lv.global_index.push_back(key[x] < def_key ? globals++ : ~0u);
  }
  const uint32_t added = fn.NumVRegs() - nv;
  if (added == 0) return 0;
  for (uint32_t x = 0; x < n; ++x) web[x] = web[root_of[x]];
  for (auto [p, node] : occurrences) *p = web[node];

  // The liveness of the result (webs.h): a web live into a region takes the bit of
  // its variable's value there (in a carried region: its value at the end of the
  // region before, cur_web, updated by that region's definitions).
  std::vector<VReg>& cur_web = sc.cur_web;
  cur_web.resize(nv);
  BitRows live_in(nr, globals);
  for (uint32_t r = 0; r < nr; ++r) {
    BitRows::Row row = live_in[r];
    for (uint32_t w = 0; w < words; ++w) row.SetWord(w, lv.live_in[r].Word(w));
    auto take = [&](VReg v, uint32_t g, VReg w) {
      if (w == v) return;
      row.Clear(g);
      row.Set(lv.global_index[w]);
    };
    if (!carried(r)) {
      each_live_in(r, [&](VReg v, uint32_t g, uint32_t k) { take(v, g, cur_web[v] = web[slot[k]]); });
    } else {
      for (uint32_t w = 0; w < words; ++w)
        for (uint64_t x = lv.live_in[r].Word(w) & mask[w]; x; x &= x - 1) {
          const uint32_t g = w * 64 + __builtin_ctzll(x);
          const VReg v = global_vreg[g];
          take(v, g, cur_web[v]);
        }
    }
    for (uint32_t x = def_first[r]; x < def_first[r + 1]; ++x) cur_web[node_var[x]] = web[x];
  }
  BitRows live_out(nr, globals);
  for (uint32_t r = 0; r < nr; ++r) {
    each_succ(lv.regions[r], [&](uint32_t s) { live_out[r].Or(live_in[s]); });
  }
  lv.live_in = std::move(live_in);
  lv.live_out = std::move(live_out);
  lv.num_globals = globals;
  return added;
}

}  // namespace wasmc::regalloc
