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
// function (Scratch), of at most `max` nodes: sized once, so that adding a node is a
// store (no capacity test per node).
class Sets {
 public:
  Sets(std::vector<uint32_t>& parent, size_t max) {
    if (parent.size() < max) parent.resize(max);
    parent_ = parent.data();
    max_ = max;
  }
  uint32_t Add() {
    WASMC_CHECK(n_ < max_);
    parent_[n_] = n_;
    return n_++;
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
  uint32_t size() const { return n_; }

 private:
  uint32_t* parent_;
  size_t max_;
  uint32_t n_ = 0;
};

// The working vectors, one set per thread, kept from function to function (sized per
// call): allocated once per thread, not per function (as liveness.cc's).
struct Scratch {
  std::vector<uint32_t> first, def_first, parent, cur, roots, root_of, slot, slot_bit;
  std::vector<uint8_t> var, named, seen, entry;
  std::vector<VReg> node_var, web, cur_web;
  std::vector<uint64_t> mask, key;
  // The result's live-in and live-out rows (BitRows::SwapIn): never cleared, their
  // contents are stale until written.
  std::vector<uint64_t> in_rows, out_rows;
  std::vector<std::pair<VReg*, uint32_t>> occurrences;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

uint32_t SplitWebs(Function& fn, RegionLiveness& lv) {
  const uint32_t nv = fn.NumVRegs();
  if (lv.eh_edges) return 0;  // (a kEhEdge ends a region: RegionLiveness saw each)
  Scratch& sc = ThreadScratch();
  // Is every operand in Function::extra one instruction's only? A rename through one
  // instruction would otherwise rename another's operand too. (RegionLiveness listed
  // the instructions with such operands, so no walk over the function here.)
  std::vector<uint8_t>& seen = sc.seen;  // per word of extra, once one is met
  bool shared = false;
  size_t extra_operands = 0;  // the operands of instructions with extra ones (for a bound below)
  auto mark = [&](const VReg& v) {
    ++extra_operands;
    if (&v < fn.extra.data() || &v >= fn.extra.data() + fn.extra.size()) return;
    uint8_t& s = seen[&v - fn.extra.data()];
    shared |= s != 0;
    s = 1;
  };
  if (!lv.extra_insts.empty()) seen.assign(fn.extra.size(), 0);
  for (const uint32_t i : lv.extra_insts) {
    ir::ForEachUse(fn, fn.insts[i], mark);
    ir::ForEachDef(fn, fn.insts[i], mark);
  }
  if (shared) return 0;
  // Variables: global vregs with two definitions or more (a param's entry counts as
  // one; RegionLiveness counted the others); a region-local vreg's webs already have
  // disjoint ranges (holes, liveness.h).
  const uint32_t nr = static_cast<uint32_t>(lv.regions.size());
  const uint32_t words = (lv.num_globals + 63) / 64;
  // (New webs that are global are appended to it below, once its last reader is done.)
  const std::vector<VReg>& global_vreg = lv.global_vreg;
  std::vector<uint64_t>& mask = sc.mask;  // the variables
  mask.assign(words, 0);
  std::vector<uint8_t>& var = sc.var;
  var.assign(nv, 0);
  bool any = false;
  size_t var_defs = 0;  // (for the bound on the nodes below)
  for (uint32_t g = 0; g < lv.num_globals; ++g) {
    const VReg v = global_vreg[g];
    const uint32_t defs = lv.global_defs[g] + (v < fn.num_params);
    if (defs >= 2 && v != fn.results_ptr) {
      mask[g >> 6] |= 1ull << (g & 63), var[v] = 1, any = true;
      var_defs += defs;
    }
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
  // (Written through a pointer, room made per region: a store per slot, not a push_back.)
  std::vector<uint32_t>& slot_bit = sc.slot_bit;
  const uint64_t* const live_in_p = lv.live_in.Words().data();
  const uint64_t* const mask_p = mask.data();
  uint32_t slots = 0;
  {
    uint32_t* sb = slot_bit.data();
    for (uint32_t r = 0; r < nr; ++r) {
      first[r] = slots;
      if (carried(r)) continue;
      if (slot_bit.size() < slots + size_t{64} * words) slot_bit.resize(2 * (slots + size_t{64} * words)), sb = slot_bit.data();
      const uint64_t* const row = live_in_p + size_t{r} * words;
      for (uint32_t w = 0; w < words; ++w)
        for (uint64_t x = row[w] & mask_p[w]; x; x &= x - 1) sb[slots++] = w * 64 + __builtin_ctzll(x);
    }
  }
  first[nr] = slots;
  auto key_of = [](uint32_t r, uint32_t g) { return uint64_t{r} << 32 | g; };
  // Calls f(v, g, slot) for the variables live into region r (not carried), in the
  // order of their bits.
  const uint32_t* const first_p = first.data();
  const uint32_t* const slot_bit_p = slot_bit.data();
  const VReg* const global_vreg_p = global_vreg.data();
  auto each_live_in = [&](uint32_t r, auto&& f) {
    for (uint32_t k = first_p[r], e = first_p[r + 1]; k < e; ++k) {
      const uint32_t g = slot_bit_p[k];
      f(global_vreg_p[g], g, k);
    }
  };

  // One walk: per variable the node of its value at the walk's position (set at each
  // region's start for the variables live into it, but in carried regions, which keep
  // the value of the region before, and at each definition, so never stale where it
  // is read: a variable read or live out in a region is live into it or defined in it
  // before, by definedness); a definition starts a node, a use or a successor's live-in
  // joins the current one. Each occurrence is noted for the rename.
  // At most a node per slot and per definition of a variable (as counted above); at
  // most an occurrence per a, b, c and dst of an instruction, and per operand the
  // walkers visit of those with extra operands.
  // The arrays are sized to those bounds once (their contents stale), and written
  // through pointers: a store per node and occurrence, not a push_back.
  const size_t max_nodes = size_t{slots} + var_defs;
  Sets sets(sc.parent, max_nodes);
  std::vector<uint64_t>& key = sc.key;
  if (key.size() < max_nodes) key.resize(max_nodes);
  uint64_t* const key_p = key.data();
  std::vector<VReg>& node_var = sc.node_var;
  if (node_var.size() < max_nodes) node_var.resize(max_nodes);
  VReg* const node_var_p = node_var.data();
  std::vector<uint32_t>& slot = sc.slot;  // (each written at its region's first visit)
  if (slot.size() < slots) slot.resize(slots);
  std::vector<uint32_t>& def_first = sc.def_first;  // region r's definitions' nodes
  def_first.resize(nr + 1);
  std::vector<uint32_t>& cur = sc.cur;
  cur.assign(nv, ~0u);
  std::vector<std::pair<VReg*, uint32_t>>& occurrences = sc.occurrences;
  const size_t max_occurrences = 4 * size_t{fn.insts.size()} + extra_operands;
  if (occurrences.size() < max_occurrences) occurrences.resize(max_occurrences);
  std::pair<VReg*, uint32_t>* const occ_p = occurrences.data();
  size_t num_occurrences = 0;
  const uint64_t def_key = uint64_t{nr} << 32;
  // The walk's arrays as plain pointers (its stores through pointers may alias a
  // vector's own, so through the vectors every access reloaded their base).
  const uint8_t* const var_p = var.data();
  uint32_t* const cur_p = cur.data();
  uint32_t* const slot_p = slot.data();
  Inst* const insts = fn.insts.data();
  auto add_node = [&](VReg v, uint64_t k) {
    const uint32_t x = sets.Add();
    node_var_p[x] = v;
    key_p[x] = k;
    return x;
  };
  for (uint32_t r = 0; r < nr; ++r) {
    if (!carried(r)) {
      if (first_visit(r)) {
        each_live_in(r, [&](VReg v, uint32_t g, uint32_t k) { cur_p[v] = slot_p[k] = add_node(v, key_of(r, g)); });
      } else {
        each_live_in(r, [&](VReg v, uint32_t, uint32_t k) { cur_p[v] = slot_p[k]; });
      }
    }
    def_first[r] = sets.size();
    for (uint32_t i = lv.regions[r].begin, end = lv.regions[r].end; i < end; ++i) {
      Inst& in = insts[i];
      auto use = [&](VReg& v) __attribute__((always_inline)) {
        if (!var_p[v]) return;
        WASMC_CHECK(cur_p[v] != ~0u);
        occ_p[num_occurrences++] = {&v, cur_p[v]};
      };
      auto def = [&](VReg& v) __attribute__((always_inline)) {
        if (!var_p[v]) return;
        cur_p[v] = add_node(v, def_key | sets.size());
        occ_p[num_occurrences++] = {&v, cur_p[v]};
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
        const VReg v = node_var_p[x];
        const uint32_t g = lv.global_index[v];
        if (cur_p[v] == x && lv.live_in[r + 1].Get(g)) key_p[x] = key_of(r + 1, g);
      }
    }
    each_succ(lv.regions[r], [&](uint32_t s) {
      if (carried(s)) return;
      if (first_visit(s)) {
        each_live_in(s, [&](VReg v, uint32_t g, uint32_t k) {
          const uint32_t x = slot_p[k] = cur_p[v];
          key_p[x] = std::min(key_p[x], key_of(s, g));
        });
      } else {
        each_live_in(s, [&](VReg v, uint32_t, uint32_t k) {
          if (slot_p[k] != cur_p[v]) sets.Union(slot_p[k], cur_p[v]);
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
  WASMC_CHECK(num_occurrences <= max_occurrences);
  for (size_t k = 0; k < num_occurrences; ++k) *occ_p[k].first = web[occ_p[k].second];

  // The liveness of the result (webs.h): a web live into a region takes the bit of
  // its variable's value there (in a carried region: its value at the end of the
  // region before, cur_web, updated by that region's definitions).
  std::vector<VReg>& cur_web = sc.cur_web;
  cur_web.resize(nv);
  // The rows are written whole (the old row's words, then zero words for the new
  // webs' bits) into memory kept per thread, which then swaps with the old rows': no
  // clear, no allocation per function.
  const size_t words2 = (globals + 63) / 64;
  std::vector<uint64_t>& in_rows = sc.in_rows;
  if (in_rows.size() < nr * words2) in_rows.resize(nr * words2);
  uint64_t* const in_p = in_rows.data();
  // (Through plain pointers, as the walk's arrays above.)
  const uint32_t* const gi_p = lv.global_index.data();
  const VReg* const web_p = web.data();
  VReg* const cur_web_p = cur_web.data();
  const uint32_t* const def_first_p = def_first.data();
  for (uint32_t r = 0; r < nr; ++r) {
    uint64_t* const row = in_p + size_t{r} * words2;
    const BitRows::Row old = lv.live_in[r];
    for (uint32_t w = 0; w < words; ++w) row[w] = old.Word(w);
    for (size_t w = words; w < words2; ++w) row[w] = 0;
    auto take = [&](VReg v, uint32_t g, VReg w) __attribute__((always_inline)) {
      if (w == v) return;
      row[g >> 6] &= ~(1ull << (g & 63));
      const uint32_t h = gi_p[w];
      row[h >> 6] |= 1ull << (h & 63);
    };
    if (!carried(r)) {
      each_live_in(r, [&](VReg v, uint32_t g, uint32_t k) { take(v, g, cur_web_p[v] = web_p[slot_p[k]]); });
    } else {
      for (uint32_t w = 0; w < words; ++w)
        for (uint64_t x = old.Word(w) & mask_p[w]; x; x &= x - 1) {
          const uint32_t g = w * 64 + __builtin_ctzll(x);
          const VReg v = global_vreg_p[g];
          take(v, g, cur_web_p[v]);
        }
    }
    for (uint32_t x = def_first_p[r], e = def_first_p[r + 1]; x < e; ++x) cur_web_p[node_var_p[x]] = web_p[x];
  }
  // live_out: the first successor's row, or'ed with the others' (zero without one).
  std::vector<uint64_t>& out_rows = sc.out_rows;
  if (out_rows.size() < nr * words2) out_rows.resize(nr * words2);
  uint64_t* const out_p = out_rows.data();
  for (uint32_t r = 0; r < nr; ++r) {
    uint64_t* const row = out_p + size_t{r} * words2;
    bool first_succ = true;
    each_succ(lv.regions[r], [&](uint32_t s) {
      const uint64_t* const in_s = in_p + size_t{s} * words2;
      if (first_succ) {
        for (size_t w = 0; w < words2; ++w) row[w] = in_s[w];
        first_succ = false;
      } else {
        for (size_t w = 0; w < words2; ++w) row[w] |= in_s[w];
      }
    });
    if (first_succ)
      for (size_t w = 0; w < words2; ++w) row[w] = 0;
  }
  lv.live_in.SwapIn(in_rows, nr, globals);
  lv.live_out.SwapIn(out_rows, nr, globals);
  for (VReg w = nv; w < fn.NumVRegs(); ++w)  // (their bits in their order: ascending)
    if (lv.global_index[w] != ~0u) lv.global_vreg.push_back(w);
  lv.num_globals = globals;
  return added;
}

}  // namespace wasmc::regalloc
