// Constants of a dispatch moved onto the br_table edges that read them (sink_const.h).
//
// An interpreter's dispatch (pcre2's match(): `switch (*Fecode)`) often sets a few wasm
// locals to constants just before its br_table: clang puts there the incoming constant
// of a phi in one of the targets (pcre2: the return code -44 of `default:`, a 0 that a
// few cases read), so every dispatch pays for constants only those targets read, and
// the locals hold registers through the dispatch. Moved onto the edges where they are
// live, each path out of the block still defines v before any read of it (the
// verifier's definedness check), and the other paths run nothing for it.
//
// Edge blocks are placed right after the br_table, where nothing falls in, at the
// br_table's loop depth; their jumps go where the table's entries went, so a target
// after the br_table stays a forward target (no loop header is made) and one before
// it was a loop header already. Float and vector constants stay (x86-64 builds them
// from a GPR or the constant pool: no cheaper on an edge).
#include "backend/regalloc/sink_const.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "backend/regalloc/op_flags.h"
#include "backend/regalloc/split.h"

namespace wasmc::regalloc {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

// At most this many constants of one block move, found at most this far before the
// br_table.
constexpr uint32_t kMaxConstants = 8;
constexpr uint32_t kMaxDistance = 32;


// Per label, which of `cands` (at most 64; bit i: cands[i]) are live on entry to its
// block: the usual backward dataflow over the blocks (they start at labels and after
// branches), for those vregs only, so much cheaper than the function's RegionLiveness
// (which is computed once the constants have moved). One walk over the instructions
// finds the blocks and their gen and kill bits; the dataflow then reads the blocks'
// successors from a flat list, not the instructions.
std::vector<uint64_t> LiveInAtLabels(const ir::Function& fn, const std::vector<VReg>& cands) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  const Inst* const insts = fn.insts.data();
  const OpFlags& flags = OpcodeFlags();
  std::vector<uint8_t> bit(fn.NumVRegs(), 0xff);
  for (uint32_t i = 0; i < cands.size(); ++i) bit[cands[i]] = static_cast<uint8_t>(i);
  const uint8_t* const bits = bit.data();
  std::vector<uint32_t> start, label_block(fn.num_labels, ~0u);
  std::vector<uint64_t> gen, kill;
  uint64_t g = 0, k = 0;  // the current block's
  bool ends = true;       // the instruction before ends a block (the first starts one)
  for (uint32_t i = 0; i < n; ++i) {
    const Inst& in = insts[i];
    if (ends || in.op == Opcode::kLabel) {
      if (i > 0) gen.push_back(g), kill.push_back(k), g = k = 0;
      start.push_back(i);
      if (in.op == Opcode::kLabel && in.index < fn.num_labels)
        label_block[in.index] = static_cast<uint32_t>(start.size() - 1);
    }
    const uint8_t f = flags[static_cast<uint8_t>(in.op)];
    Uses(fn, in, f, [&](VReg v) __attribute__((always_inline)) {
      if (bits[v] != 0xff) g |= (1ull << bits[v]) & ~k;
    });
    Defs(fn, in, f, [&](VReg v) __attribute__((always_inline)) {
      if (bits[v] != 0xff) k |= 1ull << bits[v];
    });
    ends = f & kOpBranch;
  }
  if (n > 0) gen.push_back(g), kill.push_back(k);
  const uint32_t nb = static_cast<uint32_t>(start.size());
  start.push_back(n);
  // Per block its successors: succ[succ_at[b] .. succ_at[b + 1]).
  std::vector<uint32_t> succ, succ_at(nb + 1, 0);
  for (uint32_t b = 0; b < nb; ++b) {
    const Inst& last = insts[start[b + 1] - 1];
    succ_at[b] = static_cast<uint32_t>(succ.size());
    if (!ir::IsTerminator(last.op) && b + 1 < nb) succ.push_back(b + 1);
    ir::ForEachTarget(fn, last, [&](uint32_t l) {
      if (l < label_block.size() && label_block[l] != ~0u) succ.push_back(label_block[l]);
    });
  }
  succ_at[nb] = static_cast<uint32_t>(succ.size());
  std::vector<uint64_t> live_in(nb, 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = nb; b-- > 0;) {
      uint64_t out = 0;
      for (uint32_t e = succ_at[b]; e < succ_at[b + 1]; ++e) out |= live_in[succ[e]];
      const uint64_t in = gen[b] | (out & ~kill[b]);
      if (in != live_in[b]) live_in[b] = in, changed = true;
    }
  }
  std::vector<uint64_t> at_label(fn.num_labels, 0);
  for (uint32_t l = 0; l < fn.num_labels; ++l)
    if (label_block[l] != ~0u) at_label[l] = live_in[label_block[l]];
  return at_label;
}

}  // namespace

bool SinkDispatchConstants(ir::Function& fn) {
  // The br_tables in loops, with the constants before each in its block that nothing
  // after them there reads or writes (found from the branch up; it reads its index).
  // Most functions have none: they pay this walk only.
  // (The search for the next br_table through local copies, in a loop of its own: the
  // vectors' stores below may alias any member, which would reload them each step.)
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> tables;
  std::vector<VReg> touched;
  for (uint32_t j = 0; j < n; ++j) {
    {
      const Inst* const insts = fn.insts.data();
      uint32_t i = j;
      // (Four at a time: fewer loop tests.)
      while (i + 4 <= n && insts[i].op != Opcode::kBrTable && insts[i + 1].op != Opcode::kBrTable &&
             insts[i + 2].op != Opcode::kBrTable && insts[i + 3].op != Opcode::kBrTable)
        i += 4;
      while (i < n && insts[i].op != Opcode::kBrTable) ++i;
      if (i == n) break;
      j = i;
    }
    const Inst& br = fn.insts[j];
    if (br.extra_count < 2 || br.loop_depth == 0) continue;
    std::vector<uint32_t> consts;
    touched.assign(1, br.a);
    for (uint32_t k = j; k-- > 0 && j - k <= kMaxDistance && consts.size() < kMaxConstants;) {
      const Inst& in = fn.insts[k];
      if (in.op == Opcode::kLabel || ir::EndsBlock(in.op)) break;
      if (in.op == Opcode::kConst && !ir::IsFpr(in.type) &&
          std::find(touched.begin(), touched.end(), in.dst) == touched.end())
        consts.push_back(k);
      ir::ForEachUse(fn, in, [&](VReg v) { touched.push_back(v); });
      ir::ForEachDef(fn, in, [&](VReg v) { touched.push_back(v); });
    }
    if (!consts.empty()) tables.emplace_back(j, std::move(consts));
  }
  if (tables.empty()) return false;
  // Per vreg its definitions (a single-definition constant is an immediate already);
  // per label the branch entries naming it.
  std::vector<uint32_t> defs(fn.NumVRegs(), 0), refs(fn.num_labels, 0);
  for (VReg p = 0; p < fn.num_params; ++p) ++defs[p];
  if (fn.results_ptr != ir::kNoVReg) ++defs[fn.results_ptr];
  const OpFlags& flags = OpcodeFlags();
  for (const Inst& in : fn.insts) {
    const uint8_t f = flags[static_cast<uint8_t>(in.op)];
    Defs(fn, in, f, [&](VReg v) __attribute__((always_inline)) { ++defs[v]; });
    if (f & kOpBranch) ir::ForEachTarget(fn, in, [&](uint32_t l) { ++refs[l]; });
  }
  // The candidates, at most 64 (the bits of a word); their liveness at each label.
  std::vector<VReg> cands;
  for (auto& [j, consts] : tables)
    std::erase_if(consts, [&](uint32_t k) {
      const VReg v = fn.insts[k].dst;
      if (defs[v] < 2) return true;
      if (std::find(cands.begin(), cands.end(), v) != cands.end()) return false;
      if (cands.size() == 64) return true;
      cands.push_back(v);
      return false;
    });
  if (cands.empty()) return false;
  const std::vector<uint64_t> live = LiveInAtLabels(fn, cands);
  std::vector<std::pair<uint32_t, Inst>> inserts;
  std::vector<uint32_t> targets, reads;
  bool changed = false;
  for (auto& [j, consts] : tables) {
    const Inst br = fn.insts[j];
    if (consts.empty()) continue;
    targets.clear();
    bool bound = true;
    for (uint32_t e = 0; e < br.extra_count; ++e) {
      const uint32_t l = fn.extra[br.extra_begin + e];
      bound &= l < fn.label_block.size() && fn.label_block[l] < n;
      if (std::find(targets.begin(), targets.end(), l) == targets.end()) targets.push_back(l);
    }
    if (!bound) continue;
    for (uint32_t l : targets) {
      const uint32_t at = fn.label_block[l];
      reads.clear();
      for (uint32_t k : consts) {
        const uint32_t b = static_cast<uint32_t>(std::find(cands.begin(), cands.end(), fn.insts[k].dst) - cands.begin());
        if (live[l] >> b & 1) reads.push_back(k);
      }
      if (reads.empty()) continue;
      uint32_t own = 0;
      for (uint32_t e = 0; e < br.extra_count; ++e) own += fn.extra[br.extra_begin + e] == l;
      // After the table and entered only through it: no other branch, nothing falls in.
      if (refs[l] == own && at > j && ir::IsTerminator(fn.insts[at - 1].op)) {
        for (uint32_t k : reads) {
          Inst c = fn.insts[k];
          c.loop_depth = fn.insts[at].loop_depth;
          inserts.emplace_back(at + 1, c);
        }
        continue;
      }
      const uint32_t edge = fn.num_labels++;
      Inst label{.op = Opcode::kLabel, .loop_depth = br.loop_depth, .index = edge, .marker = br.marker};
      inserts.emplace_back(j + 1, label);
      for (uint32_t k : reads) {
        Inst c = fn.insts[k];
        c.loop_depth = br.loop_depth;
        inserts.emplace_back(j + 1, c);
      }
      inserts.emplace_back(j + 1, Inst{.op = Opcode::kJump, .loop_depth = br.loop_depth, .index = l, .marker = br.marker});
      for (uint32_t e = 0; e < br.extra_count; ++e)
        if (fn.extra[br.extra_begin + e] == l) fn.extra[br.extra_begin + e] = edge;
    }
    for (uint32_t k : consts) fn.insts[k] = Inst{.op = Opcode::kNop, .marker = fn.insts[k].marker};
    changed = true;
  }
  if (!changed) return false;
  InsertInstructions(fn, inserts, {});
  return true;
}

}  // namespace wasmc::regalloc
