// Compare-and-branch fusion across other instructions (backend/opt/opt.h, docs/backend.md
// "The mid-end"). The builder fuses a br_if with the compare (or eqz) just before it
// (compiler/lower/ir_builder.cc CondBranch); when anything sits between the two (a
// `local.set` of another local, a constant, an address computation), the compare's
// 0/1 result goes through a register: x86-64 `cmp` / `setcc` / `movzx`, the other
// instructions, then `test` / `jcc`. Here a compare result read only by a kBrIf later
// in the same block moves down to the branch, which becomes the kBrCmp (or the kBrIf
// of the eqz's operand): `cmp` / `jcc`.
//
// The compare is pure and cannot trap, so it may run later whenever its operands still
// hold their values at the branch: nothing in between defines them. When a kMov in
// between does (zstd's candidate loop: `c = a != b; a = x; br_if c`, a local
// advanced before the loop's exit test), the operand's old value is first copied to a
// new temporary right before that move (`t = a; a = x; br_cmp ne t, b`): one move for
// the setcc, movzx and test.
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Cond;
using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

// How far the compare may be from its branch (bounds the scans).
constexpr uint32_t kMaxDistance = 16;

bool Writes(const ir::Function& fn, const Inst& in, VReg v) {
  bool w = false;
  ir::ForEachDef(fn, in, [&](VReg d) { w |= d == v; });
  return w;
}

// The instruction before branch j, in its block and within kMaxDistance, that last
// defines `c` when that is a kCmp / kEqz; ~0u otherwise (another definition, or none).
uint32_t CompareOf(const ir::Function& fn, uint32_t j, VReg c) {
  for (uint32_t k = j; k-- > 0 && j - k <= kMaxDistance;) {
    const Inst& in = fn.insts[k];
    if (in.op == Opcode::kLabel || ir::EndsBlock(in.op)) return ~0u;
    if (!Writes(fn, in, c)) continue;
    return in.op == Opcode::kCmp || in.op == Opcode::kEqz ? k : ~0u;
  }
  return ~0u;
}

// How many blocks the search for a later read of a compare's result may visit before
// it gives up (and keeps the result).
constexpr uint32_t kMaxBlocks = 32;

// Whether `c` may be read after branch j, on either edge, before something defines it
// again: a search of the block graph from j's successors; true when it gives up.
// `seen` holds a visit stamp per block.
bool LiveAfter(const ir::Function& fn, const Blocks& g, uint32_t j, VReg c,
               std::vector<uint32_t>& seen, uint32_t stamp) {
  std::vector<uint32_t> work;
  for (uint32_t s : g.succ[g.block_of[j]]) work.push_back(s);
  uint32_t visited = 0;
  while (!work.empty()) {
    const uint32_t b = work.back();
    work.pop_back();
    if (seen[b] == stamp) continue;
    seen[b] = stamp;
    if (++visited > kMaxBlocks) return true;
    bool written = false;
    for (uint32_t k = g.start[b]; k < g.End(b) && !written; ++k) {
      bool read = false;
      ir::ForEachUse(fn, fn.insts[k], [&](VReg v) { read |= v == c; });
      if (read) return true;
      written = Writes(fn, fn.insts[k], c);
    }
    if (!written)
      for (uint32_t s : g.succ[b]) work.push_back(s);
  }
  return false;
}

}  // namespace

bool FuseCompareBranches(ir::Function& fn) {
  // Reads per vreg, counted when the first candidate gets as far as asking: before
  // anything changed (each change comes after that question), so they are the
  // function's as it came in, as if counted first.
  std::vector<uint32_t> uses;
  Insertions ins;
  bool changed = false;
  Blocks g;  // built for the first result read elsewhere too
  std::vector<uint32_t> seen;
  uint32_t stamp = 0;
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    Inst& br = fn.insts[j];
    if (br.op != Opcode::kBrIf || br.type != ir::Type::kI32) continue;
    if (br.cond != Cond::kNe && br.cond != Cond::kEq) continue;
    const VReg c = br.a;
    const uint32_t i = CompareOf(fn, j, c);
    if (i == ~0u) continue;
    const Inst& cmp = fn.insts[i];
    if (cmp.a == cmp.b) continue;  // (FoldConstants folds a compare of a value with itself)
    // In between: one block, no call (the operands would then live across it), no
    // read of c, and the operands unchanged, or changed only by a kMov (copied before it).
    bool ok = true;
    uint32_t move_of[2] = {~0u, ~0u};  // per operand: the kMov that redefines it
    for (uint32_t k = i + 1; k < j && ok; ++k) {
      const Inst& in = fn.insts[k];
      if (in.op == Opcode::kLabel || ir::EndsBlock(in.op) || ir::IsCall(in.op)) ok = false;
      ir::ForEachUse(fn, in, [&](VReg v) { ok &= v != c; });
      for (int side = 0; side < 2 && ok; ++side) {
        const VReg v = side == 0 ? cmp.a : cmp.b;
        if (v == ir::kNoVReg || !Writes(fn, in, v)) continue;
        if (in.op != Opcode::kMov || move_of[side] != ~0u) ok = false;
        else move_of[side] = k;
      }
    }
    if (!ok) continue;
    // c read elsewhere too: a wasm local that clang reuses for other values (its
    // zero at entry, other values in other places); fused when no path from the
    // branch reads it before defining it again.
    if (uses.empty()) {
      uses.assign(fn.NumVRegs(), 0);
      for (const Inst& in : fn.insts) ir::ForEachUse(fn, in, [&](VReg v) { ++uses[v]; });
    }
    if (uses[c] > 1) {
      if (g.start.empty()) {
        g = BuildBlocks(fn);
        seen.assign(g.Size(), 0);
      }
      if (LiveAfter(fn, g, j, c, seen, ++stamp)) continue;
    }
    VReg a = cmp.a, b = cmp.b;
    for (int side = 0; side < 2; ++side) {
      if (move_of[side] == ~0u) continue;
      VReg& v = side == 0 ? a : b;
      const VReg t = fn.NewVReg(fn.vreg_types[v]);
      Inst copy{.op = Opcode::kMov, .type = fn.vreg_types[v], .dst = t, .a = v};
      copy.marker = fn.insts[move_of[side]].marker;
      copy.loop_depth = fn.insts[move_of[side]].loop_depth;
      ins.Add(move_of[side], copy);
      v = t;
    }
    const bool taken_if_true = br.cond == Cond::kNe;  // br_if branches on c != 0
    if (cmp.op == Opcode::kCmp) {
      br.op = Opcode::kBrCmp;
      br.type = cmp.type;
      br.cond = taken_if_true ? cmp.cond : ir::NegateIntCond(cmp.cond);
      br.a = a;
      br.b = b;
    } else {  // eqz: branch on the operand being zero (or not)
      br.type = cmp.type;
      br.cond = taken_if_true ? Cond::kEq : Cond::kNe;
      br.a = a;
    }
    Inst& dead = fn.insts[i];
    dead.op = Opcode::kNop;
    dead.dst = dead.a = dead.b = ir::kNoVReg;
    changed = true;
  }
  ins.Apply(fn);
  return changed;
}

}  // namespace wasmc::opt
