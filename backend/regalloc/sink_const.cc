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

bool IsBranch(Opcode op) {
  return op == Opcode::kBrIf || op == Opcode::kBrCmp || op == Opcode::kEhEdge || ir::IsTerminator(op);
}

}  // namespace

bool SinkDispatchConstants(ir::Function& fn, const RegionLiveness& lv) {
  // The br_tables in loops, with the constants before each in its block that nothing
  // after them there reads or writes (found from the branch up; it reads its index).
  // Most functions have none: they pay this walk only.
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> tables;
  std::vector<VReg> touched;
  for (uint32_t j = 0; j < n; ++j) {
    const Inst& br = fn.insts[j];
    if (br.op != Opcode::kBrTable || br.extra_count < 2 || br.loop_depth == 0) continue;
    std::vector<uint32_t> consts;
    touched.assign(1, br.a);
    for (uint32_t k = j; k-- > 0 && j - k <= kMaxDistance && consts.size() < kMaxConstants;) {
      const Inst& in = fn.insts[k];
      if (in.op == Opcode::kLabel || IsBranch(in.op)) break;
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
  for (const Inst& in : fn.insts) {
    ir::ForEachDef(fn, in, [&](VReg v) { ++defs[v]; });
    ir::ForEachTarget(fn, in, [&](uint32_t l) { ++refs[l]; });
  }
  std::vector<std::pair<uint32_t, Inst>> inserts;
  std::vector<uint32_t> targets, reads;
  bool changed = false;
  for (auto& [j, consts] : tables) {
    const Inst br = fn.insts[j];
    std::erase_if(consts, [&](uint32_t k) { return defs[fn.insts[k].dst] < 2; });
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
      for (uint32_t k : consts)
        if (lv.LiveInAt(fn.insts[k].dst, at)) reads.push_back(k);
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
