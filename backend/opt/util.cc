#include "backend/opt/util.h"

#include <algorithm>

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;

bool EvalCond(ir::Cond c, ir::Type t, uint64_t a, uint64_t b) {
  using ir::Cond;
  a = Mask(t, a);
  b = Mask(t, b);
  const int64_t sa = Signed(t, a), sb = Signed(t, b);
  switch (c) {
    case Cond::kEq: return a == b;
    case Cond::kNe: return a != b;
    case Cond::kLtS: return sa < sb;
    case Cond::kLtU: return a < b;
    case Cond::kGtS: return sa > sb;
    case Cond::kGtU: return a > b;
    case Cond::kLeS: return sa <= sb;
    case Cond::kLeU: return a <= b;
    case Cond::kGeS: return sa >= sb;
    case Cond::kGeU: return a >= b;
    default: return false;
  }
}

std::vector<uint32_t> CountDefs(const ir::Function& fn) {
  std::vector<uint32_t> n;
  CountDefsInto(fn, n);
  return n;
}

void CountDefsInto(const ir::Function& fn, std::vector<uint32_t>& n) {
  n.assign(fn.NumVRegs(), 0);
  for (uint32_t p = 0; p < fn.num_params; ++p) n[p]++;
  if (fn.results_ptr != ir::kNoVReg) n[fn.results_ptr]++;
  for (const Inst& in : fn.insts) ir::ForEachDef(fn, in, [&](ir::VReg v) { n[v]++; });
}

const std::vector<uint32_t>& DefCounts::Of(const ir::Function& fn) {
  if (!valid_) CountDefsInto(fn, counts_);
  valid_ = true;
  return counts_;
}

FoldFacts& ThreadFoldFacts() {
  thread_local FoldFacts facts;
  return facts;
}

bool FoldFactsHold(const ir::Function& fn, const std::vector<uint32_t>& defs, const FoldFacts& facts) {
  std::vector<uint8_t> known(fn.NumVRegs(), 0);
  std::vector<uint32_t> label_inst(fn.num_labels, ~0u), branches, calls;
  for (uint32_t i = 0; i < fn.insts.size(); ++i) {
    const Inst& in = fn.insts[i];
    switch (in.op) {
      case Opcode::kConst:
        if (defs[in.dst] != 1) break;
        known[in.dst] = 1;
        if (facts.val.size() <= in.dst || facts.val[in.dst] != Mask(fn.vreg_types[in.dst], in.imm)) return false;
        break;
      case Opcode::kLabel: label_inst[in.index] = i; break;
      case Opcode::kJump: case Opcode::kBrIf: case Opcode::kBrCmp: case Opcode::kBrTable: case Opcode::kEhEdge:
        branches.push_back(i);
        break;
      default:
        if (ir::IsCall(in.op)) calls.push_back(i);
        break;
    }
  }
  return known == facts.known && label_inst == facts.label_inst && branches == facts.branches &&
         calls == facts.calls;
}

ValueFacts& ThreadValueFacts() {
  thread_local ValueFacts facts;
  return facts;
}

void Insertions::Apply(ir::Function& fn) {
  if (before.empty()) return;
  std::stable_sort(before.begin(), before.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  // In place, from the back (a few insertions into a long function: no copy of the
  // rest): old inst i moves to i + (insertions at or before i), the insertions at i
  // just before it, in their order. What was at old position p is then found at
  // Moved(p); NewIndex(p), where a marker or reference to p goes, is the first of
  // what was inserted before p (as ReplaceInsts's new_index).
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  const uint32_t k = static_cast<uint32_t>(before.size());
  auto inserted_before = [&](uint32_t p, bool at_p) {  // insertions at < p (or <= p)
    const auto it = at_p ? std::upper_bound(before.begin(), before.end(), p,
                                            [](uint32_t x, const auto& b) { return x < b.first; })
                         : std::lower_bound(before.begin(), before.end(), p,
                                            [](const auto& b, uint32_t x) { return b.first < x; });
    return static_cast<uint32_t>(it - before.begin());
  };
  // label_block first (it reads the old layout): a bound label moves with its kLabel.
  for (uint32_t& l : fn.label_block) {
    if (l >= n) continue;
    const Inst& at = fn.insts[l];
    const bool label = at.op == Opcode::kLabel && &l - fn.label_block.data() == static_cast<ptrdiff_t>(at.index);
    l += inserted_before(l, label);
  }
  fn.insts.resize(n + k);
  uint32_t src_end = n, dst_end = n + k;
  for (uint32_t q = k; q-- > 0;) {
    const uint32_t at = before[q].first;
    std::move_backward(fn.insts.begin() + at, fn.insts.begin() + src_end, fn.insts.begin() + dst_end);
    dst_end -= src_end - at;
    src_end = at;
    fn.insts[--dst_end] = before[q].second;
    const Inst& in = fn.insts[dst_end];
    if (in.op == Opcode::kLabel && in.index < fn.label_block.size()) fn.label_block[in.index] = dst_end;
  }
  // The markers, in increasing first_inst (the builder's order; any other order still
  // maps right, through the search).
  uint32_t q = 0, last = 0;
  for (ir::Marker& m : fn.markers) {
    if (m.first_inst < last) q = inserted_before(m.first_inst, false);
    last = m.first_inst;
    while (q < k && before[q].first < m.first_inst) ++q;
    m.first_inst += q;
  }
  before.clear();
}

void ReplaceInsts(ir::Function& fn, std::vector<Inst> out, const std::vector<uint32_t>& new_index) {
  // label_block points at each kLabel (which moves past what was inserted before it).
  for (uint32_t& l : fn.label_block)
    if (l < fn.insts.size()) l = new_index[l];
  for (uint32_t i = 0; i < out.size(); ++i)
    if (out[i].op == Opcode::kLabel && out[i].index < fn.label_block.size()) fn.label_block[out[i].index] = i;
  for (ir::Marker& m : fn.markers) m.first_inst = new_index[m.first_inst];
  fn.insts = std::move(out);
}

ir::VReg InsertConst(ir::Function& fn, Insertions& ins, uint32_t at, ir::Type t, uint64_t bits) {
  const ir::VReg v = fn.NewVReg(t);
  Inst c{.op = Opcode::kConst, .type = t, .dst = v, .imm = bits};
  c.marker = fn.insts[at].marker;
  c.loop_depth = fn.insts[at].loop_depth;
  ins.Add(at, c);
  return v;
}

bool UnchangedBetween(const ir::Function& fn, ir::VReg y, uint32_t from, uint32_t to) {
  for (uint32_t k = from + 1; k < to; ++k) {
    const ir::Inst& in = fn.insts[k];
    if (in.op == Opcode::kLabel || ir::EndsBlock(in.op)) return false;
    bool writes = false;
    ir::ForEachDef(fn, in, [&](ir::VReg d) { writes |= d == y; });
    if (writes) return false;
  }
  return true;
}

Blocks BuildBlocks(const ir::Function& fn) {
  Blocks g;
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  g.block_of.assign(n, 0);
  g.label_block.assign(fn.num_labels, ~0u);
  for (uint32_t i = 0; i < n; ++i) {
    const Inst& in = fn.insts[i];
    if (i == 0 || in.op == Opcode::kLabel || ir::EndsBlock(fn.insts[i - 1].op)) g.start.push_back(i);
    const uint32_t b = static_cast<uint32_t>(g.start.size() - 1);
    g.block_of[i] = b;
    if (in.op == Opcode::kLabel && in.index < fn.num_labels) g.label_block[in.index] = b;
  }
  g.start.push_back(n);
  const uint32_t nb = g.Size();
  // The edges, each once, in order: from block 0 on, the fall-through then the targets.
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  edges.reserve(nb + nb / 2);
  for (uint32_t b = 0; b < nb; ++b) {
    const Inst& last = fn.insts[g.End(b) - 1];
    const size_t first = edges.size();
    auto edge = [&](uint32_t to) {
      if (to == ~0u) return;
      for (size_t k = first; k < edges.size(); ++k)
        if (edges[k].second == to) return;
      edges.push_back({b, to});
    };
    if (!ir::IsTerminator(last.op) && b + 1 < nb) edge(b + 1);
    ir::ForEachTarget(fn, last, [&](uint32_t l) { edge(l < g.label_block.size() ? g.label_block[l] : ~0u); });
  }
  g.succ.Init(nb);
  g.pred.Init(nb);
  for (const auto& [from, to] : edges) g.succ.Count(from), g.pred.Count(to);
  g.succ.Allocate();
  g.pred.Allocate();
  for (const auto& [from, to] : edges) g.succ.Add(from, to), g.pred.Add(to, from);
  return g;
}

std::vector<uint8_t> ReachableBlocks(const Blocks& g) {
  std::vector<uint8_t> reached(g.Size(), 0);
  if (g.Size() == 0) return reached;
  std::vector<uint32_t> work{0};
  reached[0] = 1;
  while (!work.empty()) {
    const uint32_t b = work.back();
    work.pop_back();
    for (uint32_t s : g.succ[b])
      if (!reached[s]) reached[s] = 1, work.push_back(s);
  }
  return reached;
}

std::vector<uint8_t> ReachableInsts(const ir::Function& fn) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::vector<uint8_t> reached(n, 0);
  if (n == 0) return reached;
  // As BuildBlocks: label l is the block of the (last) kLabel with index l < num_labels.
  std::vector<uint32_t> label_inst(fn.num_labels, ~0u);
  for (uint32_t i = 0; i < n; ++i)
    if (fn.insts[i].op == Opcode::kLabel && fn.insts[i].index < fn.num_labels) label_inst[fn.insts[i].index] = i;
  // A block's instructions but its last are no branch, so a reached instruction that is
  // no terminator reaches the next one (in its block, or the next block it falls into),
  // and a branch's targets are its block's edges.
  std::vector<uint32_t> work{0};
  while (!work.empty()) {
    const uint32_t from = work.back();
    work.pop_back();
    for (uint32_t i = from; i < n && !reached[i]; ++i) {
      reached[i] = 1;
      const Inst& in = fn.insts[i];
      ir::ForEachTarget(fn, in, [&](uint32_t l) {
        const uint32_t at = l < label_inst.size() ? label_inst[l] : ~0u;
        if (at != ~0u && !reached[at]) work.push_back(at);
      });
      if (ir::IsTerminator(in.op)) break;
    }
  }
  return reached;
}

Dominators ComputeDominators(const Blocks& g) {
  const uint32_t nb = g.Size();
  Dominators d;
  d.idom.assign(nb, ~0u);
  if (nb == 0) return d;
  // Post-order by an explicit DFS.
  std::vector<uint32_t> post, order(nb, ~0u);
  std::vector<std::pair<uint32_t, uint32_t>> stack{{0, 0}};
  std::vector<uint8_t> seen(nb, 0);
  seen[0] = 1;
  while (!stack.empty()) {
    auto& [b, k] = stack.back();
    if (k < g.succ[b].size()) {
      const uint32_t s = g.succ[b][k++];
      if (!seen[s]) {
        seen[s] = 1;
        stack.push_back({s, 0});
      }
      continue;
    }
    order[b] = static_cast<uint32_t>(post.size());
    post.push_back(b);
    stack.pop_back();
  }
  d.rpo.assign(post.rbegin(), post.rend());
  // Cooper, Harvey and Kennedy's iteration over reverse post-order.
  d.idom[0] = 0;
  auto intersect = [&](uint32_t x, uint32_t y) {
    while (x != y) {
      while (order[x] < order[y]) x = d.idom[x];
      while (order[y] < order[x]) y = d.idom[y];
    }
    return x;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b : d.rpo) {
      if (b == 0) continue;
      uint32_t nd = ~0u;
      for (uint32_t p : g.pred[b]) {
        if (d.idom[p] == ~0u) continue;
        nd = nd == ~0u ? p : intersect(p, nd);
      }
      if (nd != d.idom[b]) {
        d.idom[b] = nd;
        changed = true;
      }
    }
  }
  return d;
}

}  // namespace wasmc::opt
