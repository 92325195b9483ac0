// Scaled-add folding (backend/opt/opt.h, docs/backend.md "The mid-end"): `x + (y << k)`
// with k = 1..3, where the shift's result is read only by that add, becomes one
// kAddShl (dst = a + (b << imm) + disp): x86-64 lowers it to a single lea [a + b*2^k],
// AArch64 to add with a shifted register. Wasm address arithmetic (base + index * 2,
// 4 or 8) is where it occurs. Then `(x + y) + C` and `(x + y) - C` (and the same on a
// kAddShl), where the inner sum is read only by the outer operation, fold the constant
// into disp: x86-64 `lea d, [x + y*2^k + C]` instead of a lea and an add (array
// address plus offset plus constant: `in[cand + len]` with `in` a static array).
// Runs last: no other pass knows kAddShl.
#include <utility>
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

// The displacement of `inner + c` (`inner - c` when `negate`) at type t, when it fits
// the int32 of kAddShl: i32 wraps mod 2^32, so any constant does; i64 needs the
// 64-bit sum in int32 range.
bool Displacement(ir::Type t, int32_t inner, uint64_t c, bool negate, int32_t* out) {
  if (t == ir::Type::kI32) {
    const uint32_t v = negate ? static_cast<uint32_t>(inner) - static_cast<uint32_t>(c)
                              : static_cast<uint32_t>(inner) + static_cast<uint32_t>(c);
    *out = static_cast<int32_t>(v);
    return true;
  }
  const int64_t sc = static_cast<int64_t>(c);
  if (sc < INT32_MIN || sc > INT32_MAX) return false;
  const int64_t v = negate ? inner - sc : inner + sc;
  if (v < INT32_MIN || v > INT32_MAX) return false;
  *out = static_cast<int32_t>(v);
  return true;
}

// Inst j is `v + C`, `C + v` or `v - C` (i32/i64) with v a single-definition sum
// (kAdd of two non-constants, or kAddShl) read only here, earlier in the same block
// within kMaxFoldDistance, its operands unchanged up to j: j becomes the kAddShl of v's
// operands with C in its displacement and v's instruction a kNop. On a target that
// keeps C in a register anyway (const_in_register: AArch64's constants no immediate
// takes) nothing changes: there the add of a register costs less than a new immediate.
void FoldDisplacement(ir::Function& fn, uint32_t j, const std::vector<uint32_t>& uses,
                      const std::vector<uint32_t>& sum_at, const std::vector<uint8_t>& is_const,
                      const std::vector<uint64_t>& const_val,
                      bool (*const_in_register)(uint64_t bits, ir::Type type), bool& changed) {
  Inst& out = fn.insts[j];
  if (out.op == Opcode::kAddShl) return;
  const bool negate = out.op == Opcode::kSub;
  for (int side = 0; side < (negate ? 1 : 2); ++side) {
    const VReg c = side == 0 ? out.b : out.a;
    const VReg v = side == 0 ? out.a : out.b;
    if (c == ir::kNoVReg || v == ir::kNoVReg || !is_const[c] || is_const[v]) continue;
    if (uses[v] != 1 || sum_at[v] == ~0u) continue;
    const uint32_t i = sum_at[v];
    Inst& sum = fn.insts[i];
    if (i >= j || j - i > kMaxFoldDistance || sum.type != out.type) continue;
    if (sum.op == Opcode::kAdd && (is_const[sum.a] || is_const[sum.b])) continue;
    if (const_in_register != nullptr && const_in_register(const_val[c], out.type)) continue;
    int32_t disp = 0;
    const int32_t inner = sum.op == Opcode::kAddShl ? static_cast<int32_t>(sum.index) : 0;
    if (!Displacement(out.type, inner, const_val[c], negate, &disp)) continue;
    if (!UnchangedBetween(fn, sum.a, i, j) || !UnchangedBetween(fn, sum.b, i, j)) continue;
    out.op = Opcode::kAddShl;
    out.a = sum.a;
    out.b = sum.b;
    out.imm = sum.op == Opcode::kAddShl ? sum.imm : 0;
    out.index = static_cast<uint32_t>(disp);
    sum.op = Opcode::kNop;
    sum.dst = sum.a = sum.b = ir::kNoVReg;
    changed = true;
    return;
  }
}

}  // namespace

bool FoldScaledAdds(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type)) {
  DefCounts defs;
  return FoldScaledAdds(fn, const_in_register, defs);
}

bool FoldScaledAdds(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
                    DefCounts& defs, bool scaled_index) {
  const uint32_t n = fn.NumVRegs();
  // (All kept per thread from one function to the next, sized here.)
  thread_local std::vector<uint32_t> shl_at, sum_at, candidates;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> accesses;
  shl_at.assign(n, ~0u);  // single-definition shift results
  sum_at.assign(n, ~0u);  // single-definition add / kAddShl results
  candidates.clear();
  accesses.clear();  // FoldScaledIndexes's: accesses whose address is such a shift or sum
  // One walk: the uses, the constants, the shifts and sums, and the candidates: the
  // i32 / i64 adds and subs with an operand that such a shift or sum defines before
  // them within kMaxFoldDistance (what both folds below need first). The folds then
  // look at those only: a fold changes only its add and the shift or sum before it,
  // so a candidate's operands are still what the walk saw when its turn comes.
  const std::vector<uint32_t>& def_count = defs.Of(fn);
  ValueFacts& vf = ThreadValueFacts();
  vf.uses.assign(n, 0);
  vf.is_const.assign(n, 0);
  vf.const_val.assign(n, 0);
  auto near = [&](VReg v, uint32_t j) {
    if (v == ir::kNoVReg) return false;
    const uint32_t i = shl_at[v] != ~0u ? shl_at[v] : sum_at[v];
    return i != ~0u && j - i <= kMaxFoldDistance;  // (i < j: recorded before j)
  };
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    const Inst& in = fn.insts[j];
    ir::ForEachUse(fn, in, [&](VReg v) { ++vf.uses[v]; });
    if ((in.op == Opcode::kAdd || in.op == Opcode::kSub) &&
        (in.type == ir::Type::kI32 || in.type == ir::Type::kI64) && (near(in.a, j) || near(in.b, j)))
      candidates.push_back(j);
    if (scaled_index && IsScaledIndexCandidate(in)) {
      const uint32_t i = shl_at[in.a] != ~0u ? shl_at[in.a] : sum_at[in.a];
      if (i != ~0u) accesses.push_back({j, i});
    }
    if (in.dst == ir::kNoVReg || def_count[in.dst] != 1) continue;
    switch (in.op) {
      case Opcode::kConst:
        vf.is_const[in.dst] = 1;
        vf.const_val[in.dst] = in.imm;
        break;
      case Opcode::kShl: shl_at[in.dst] = j; break;
      case Opcode::kAdd: sum_at[in.dst] = j; break;
      default: break;
    }
  }
  const std::vector<uint32_t>& uses = vf.uses;
  const std::vector<uint8_t>& is_const = vf.is_const;
  const std::vector<uint64_t>& const_val = vf.const_val;
  bool changed = false;
  for (const uint32_t j : candidates) {
    Inst& add = fn.insts[j];
    if (add.op == Opcode::kSub) {
      FoldDisplacement(fn, j, uses, sum_at, is_const, const_val, const_in_register, changed);
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      const VReg v = side == 0 ? add.b : add.a;
      if (v == ir::kNoVReg || uses[v] != 1 || shl_at[v] == ~0u) continue;
      const uint32_t i = shl_at[v];
      Inst& shl = fn.insts[i];
      if (i >= j || j - i > kMaxFoldDistance || shl.type != add.type || shl.b == ir::kNoVReg ||
          !is_const[shl.b])
        continue;
      const uint64_t k = const_val[shl.b] & (add.type == ir::Type::kI64 ? 63 : 31);
      if (k < 1 || k > 3 || !UnchangedBetween(fn, shl.a, i, j)) continue;
      const VReg other = side == 0 ? add.a : add.b;
      add.op = Opcode::kAddShl;
      add.a = other;
      add.b = shl.a;
      add.imm = k;
      add.index = 0;
      shl.op = Opcode::kNop;
      shl.dst = shl.a = shl.b = ir::kNoVReg;
      changed = true;
      break;
    }
    FoldDisplacement(fn, j, uses, sum_at, is_const, const_val, const_in_register, changed);
  }
  // Then the accesses: the folds above kept every use count and single definition of
  // a value still read (a folded shift or sum is read by nothing now).
  if (!accesses.empty()) changed |= FoldScaledIndexes(fn, def_count, vf, accesses);
  return changed;
}

}  // namespace wasmc::opt
