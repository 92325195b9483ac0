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
// the setcc, movzx and test; for eq / ne with x = a + C, not even that: the branch
// tests the advanced a against b + C (AdvancedBy, Shifted below).
#include <algorithm>
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

// The search's view of the block graph (BuildBlocks's blocks and edges, util.h), made
// as it goes instead of for the whole function: a block is named by its first
// instruction, label_at[l] is the last kLabel of label l (~0u: not bound).
// Successors adds to `out` what BuildBlocks's succ has for the block ending before
// inst `e` (its last instruction e - 1), in its order: the fall-through, then the
// targets, each once.
void Successors(const ir::Function& fn, const std::vector<uint32_t>& label_at, uint32_t e,
                std::vector<uint32_t>& out) {
  const size_t first = out.size();
  auto edge = [&](uint32_t to) {
    if (to == ~0u) return;
    for (size_t k = first; k < out.size(); ++k)
      if (out[k] == to) return;
    out.push_back(to);
  };
  const Inst& last = fn.insts[e - 1];
  if (!ir::IsTerminator(last.op) && e < fn.insts.size()) edge(e);
  ir::ForEachTarget(fn, last, [&](uint32_t l) { edge(l < label_at.size() ? label_at[l] : ~0u); });
}

// Whether `c` may be read after branch j, on either edge, before something defines it
// again: a search of the block graph from j's successors; true when it gives up.
// `seen` holds a visit stamp per block (by its first instruction).
bool LiveAfter(const ir::Function& fn, const std::vector<uint32_t>& label_at, uint32_t j, VReg c,
               std::vector<uint32_t>& seen, uint32_t stamp) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  std::vector<uint32_t> work;
  Successors(fn, label_at, j + 1, work);  // (a kBrIf ends its block)
  uint32_t visited = 0;
  while (!work.empty()) {
    const uint32_t b = work.back();
    work.pop_back();
    if (seen[b] == stamp) continue;
    seen[b] = stamp;
    if (++visited > kMaxBlocks) return true;
    bool written = false;
    uint32_t k = b;
    while (true) {  // the block's instructions up to a definition of c
      bool read = false;
      ir::ForEachUse(fn, fn.insts[k], [&](VReg v) { read |= v == c; });
      if (read) return true;
      written = Writes(fn, fn.insts[k], c);
      if (written) break;
      const bool last = ir::EndsBlock(fn.insts[k].op) || k + 1 == n || fn.insts[k + 1].op == Opcode::kLabel;
      ++k;
      if (last) break;
    }
    if (!written) Successors(fn, label_at, k, work);
  }
  return false;
}

// The advanced operand (docs/backend.md "The mid-end"): for `c = a ==/!= b; ...;
// a = mov x; ...; br_if c` where x = a + C (C constant: an add, or a sub of C) is
// computed from the a the compare reads, the branch may test the advanced a against
// b + C instead: a + C == b + C exactly when a == b (mod 2^32 or 2^64). The old a
// then needs no copy (it dies at the add, whose result can take its register) and
// the exit test is gcc's, on the advanced counter (zstd's candidate loop). b + C must
// cost nothing: a constant (a new kConst), or b is defined once, as z - C or z + (-C),
// with z defined once (its value at the branch is the one b was computed from: a
// vreg defined once is defined before every read), or, where the branch is the only
// one back to its loop's header, which the code before it falls into, and the loop
// does not write b: b' = b + C, new, just before the header (one add per entry).
struct Facts {
  std::vector<uint32_t> defs;      // CountDefs
  std::vector<uint32_t> def_at;    // of a vreg defined once: where
  std::vector<uint32_t> targeted;  // per label: the branches to it
  bool Once(VReg v) const { return v < defs.size() && defs[v] == 1 && def_at[v] != ~0u; }
  bool Const(const ir::Function& fn, VReg v, uint64_t& c) const {
    if (!Once(v)) return false;
    const Inst& d = fn.insts[def_at[v]];
    if (d.op != Opcode::kConst) return false;
    c = d.imm;
    return true;
  }
};

Facts ScanFacts(const ir::Function& fn) {
  Facts f;
  f.defs = CountDefs(fn);
  f.def_at.assign(fn.NumVRegs(), ~0u);
  f.targeted.assign(fn.num_labels, 0);
  for (uint32_t k = 0; k < fn.insts.size(); ++k) {
    ir::ForEachDef(fn, fn.insts[k], [&](VReg d) { f.def_at[d] = k; });
    ir::ForEachTarget(fn, fn.insts[k], [&](uint32_t l) { ++f.targeted[l]; });
  }
  return f;
}

// x = a + C (or a - C) as the last definition of x before the move at m, with only
// fall-through edges (no label) between them and `a` the value the compare at i reads:
// C, or false.
bool AdvancedBy(const ir::Function& fn, const Facts& f, uint32_t i, uint32_t m, VReg a, VReg x,
                ir::Type t, uint64_t& c) {
  for (uint32_t k = m; k-- > 0 && m - k <= 2 * kMaxDistance;) {
    const Inst& in = fn.insts[k];
    if (in.op == Opcode::kLabel || ir::IsTerminator(in.op)) return false;
    if (!Writes(fn, in, x)) continue;
    if (in.type != t || (in.op != Opcode::kAdd && in.op != Opcode::kSub)) return false;
    uint64_t k_imm;
    if (in.a == a && f.Const(fn, in.b, k_imm)) {
      c = in.op == Opcode::kAdd ? k_imm : 0 - k_imm;
    } else if (in.op == Opcode::kAdd && in.b == a && f.Const(fn, in.a, k_imm)) {
      c = k_imm;
    } else {
      return false;
    }
    // a unchanged between this read and the compare's (the move at m is after both).
    const uint32_t lo = std::min(k, i), hi = std::max(k, i);
    for (uint32_t q = lo + 1; q < hi; ++q)
      if (fn.insts[q].op == Opcode::kLabel || Writes(fn, fn.insts[q], a)) return false;
    return a != x;
  }
  return false;
}

// b + C for the branch at j (compare at i) without an instruction in the loop: a new
// constant, the z that b was made from, or a new b + C before the loop's header
// (added to `ins`); kNoVReg when none of these.
VReg Shifted(ir::Function& fn, const Facts& f, Insertions& ins, uint32_t i, uint32_t j, VReg b, ir::Type t,
             uint64_t c) {
  uint64_t k;
  if (f.Const(fn, b, k)) return InsertConst(fn, ins, j, t, Mask(t, k + c));
  if (f.Once(b)) {
    const Inst& d = fn.insts[f.def_at[b]];
    // b = z - C, or b = z + (-C): b + C = z (z defined once, or a param never written).
    if (d.type == t && d.a != ir::kNoVReg && d.a != b && d.a < f.defs.size() && f.defs[d.a] == 1 &&
        f.Const(fn, d.b, k) &&
        ((d.op == Opcode::kSub && Mask(t, k) == Mask(t, c)) || (d.op == Opcode::kAdd && Mask(t, k + c) == 0)))
      return d.a;
  }
  // The loop the branch closes: header h before the compare, entered only by falling in.
  const Inst& br = fn.insts[j];
  if (br.index >= fn.label_block.size() || f.targeted[br.index] != 1) return ir::kNoVReg;
  const uint32_t h = fn.label_block[br.index];
  if (h == 0 || h >= i || fn.insts[h].op != Opcode::kLabel || ir::IsTerminator(fn.insts[h - 1].op))
    return ir::kNoVReg;
  for (uint32_t q = h; q < j; ++q)
    if (Writes(fn, fn.insts[q], b)) return ir::kNoVReg;
  // b's last definition before the header, with only fall-through edges between: when
  // it is z - C (or z + (-C)) and z keeps its value up to the header, b + C is z there.
  for (uint32_t q = h; q-- > 0 && h - q <= 2 * kMaxDistance;) {
    const Inst& d = fn.insts[q];
    if (d.op == Opcode::kLabel || ir::IsTerminator(d.op)) break;
    if (!Writes(fn, d, b)) continue;
    if (d.type == t && d.a != ir::kNoVReg && d.a != b && f.Const(fn, d.b, k) &&
        ((d.op == Opcode::kSub && Mask(t, k) == Mask(t, c)) || (d.op == Opcode::kAdd && Mask(t, k + c) == 0))) {
      bool kept = true;  // (no label between q and h: the walk stopped at any)
      for (uint32_t r = q + 1; r < j && kept; ++r) kept = !Writes(fn, fn.insts[r], d.a);
      if (kept) return d.a;
    }
    break;
  }
  const Inst& pre = fn.insts[h - 1];
  const VReg cv = fn.NewVReg(t), sum = fn.NewVReg(t);
  Inst cst{.op = Opcode::kConst, .type = t, .dst = cv, .imm = Mask(t, c)};
  Inst add{.op = Opcode::kAdd, .type = t, .dst = sum, .a = b, .b = cv};
  cst.marker = add.marker = pre.marker;
  cst.loop_depth = add.loop_depth = pre.loop_depth;
  ins.Add(h, cst);
  ins.Add(h, add);
  return sum;
}

}  // namespace

bool FuseCompareBranches(ir::Function& fn) {
  DefCounts defs;
  return FuseCompareBranches(fn, defs);
}

bool FuseCompareBranches(ir::Function& fn, DefCounts& counts, const FoldFacts* known) {
  // Reads per vreg, counted when the first candidate gets as far as asking: before
  // anything changed (each change comes after that question), so they are the
  // function's as it came in, as if counted first.
  std::vector<uint32_t> uses;
  Insertions ins;
  bool changed = false;
  std::vector<uint32_t> label_at, seen;  // found for the first result read elsewhere too
  uint32_t stamp = 0;
  Facts facts;  // scanned for the first advanced operand
  // The branches: from `known` (util.h FoldFacts) or every instruction. (Inserted
  // instructions wait for the end: the indices hold, and only the branch and the
  // compare before it change.)
  const uint32_t count = known != nullptr ? static_cast<uint32_t>(known->branches.size())
                                          : static_cast<uint32_t>(fn.insts.size());
  for (uint32_t n = 0; n < count; ++n) {
    const uint32_t j = known != nullptr ? known->branches[n] : n;
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
      if (seen.empty()) {
        if (known != nullptr) {
          label_at = known->label_inst;
        } else {
          label_at.assign(fn.num_labels, ~0u);
          for (uint32_t k = 0; k < fn.insts.size(); ++k)
            if (fn.insts[k].op == Opcode::kLabel && fn.insts[k].index < fn.num_labels) label_at[fn.insts[k].index] = k;
        }
        seen.assign(fn.insts.size(), 0);
      }
      if (LiveAfter(fn, label_at, j, c, seen, ++stamp)) continue;
    }
    VReg a = cmp.a, b = cmp.b;
    // One operand advanced by a constant before the branch: test the advanced value.
    if (cmp.op == Opcode::kCmp && (cmp.cond == Cond::kEq || cmp.cond == Cond::kNe) &&
        (move_of[0] == ~0u) != (move_of[1] == ~0u)) {
      if (facts.defs.empty()) facts = ScanFacts(fn);
      const int side = move_of[0] != ~0u ? 0 : 1;
      const VReg v = side == 0 ? a : b, other = side == 0 ? b : a;
      uint64_t c;
      if (AdvancedBy(fn, facts, i, move_of[side], v, fn.insts[move_of[side]].a, cmp.type, c)) {
        const VReg shifted = Shifted(fn, facts, ins, i, j, other, cmp.type, c);
        if (shifted != ir::kNoVReg) {
          (side == 0 ? b : a) = shifted;
          move_of[side] = ~0u;  // v itself, advanced, at the branch: no copy
        }
      }
    }
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
    counts.Removed(dead.dst);
    dead.op = Opcode::kNop;
    dead.dst = dead.a = dead.b = ir::kNoVReg;
    changed = true;
  }
  ins.Apply(fn);
  if (changed) counts.Kept(fn);  // the new vregs (copies, constants, b + C) have one definition each
  return changed;
}

}  // namespace wasmc::opt
