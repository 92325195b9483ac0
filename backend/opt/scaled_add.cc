// Scaled-add folding (backend/opt/opt.h, docs/backend.md "The mid-end"): `x + (y << k)`
// with k = 1..3, where the shift's result is read only by that add, becomes one
// kAddShl (dst = a + (b << imm)): x86-64 lowers it to a single lea [a + b*2^k],
// AArch64 to add with a shifted register. Wasm address arithmetic (base + index * 2,
// 4 or 8) is where it occurs. Runs last: no other pass knows kAddShl.
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

// How far back (in instructions) the shift may be: bounds the scan that proves its
// operand unchanged up to the add.
constexpr uint32_t kMaxDistance = 32;

// Whether `y` keeps its value from after inst `from` up to inst `to` (exclusive) and
// both are in one block: no definition of y, no label or branch in between.
bool UnchangedBetween(const ir::Function& fn, VReg y, uint32_t from, uint32_t to) {
  for (uint32_t k = from + 1; k < to; ++k) {
    const Inst& in = fn.insts[k];
    if (in.op == Opcode::kLabel || IsBranch(in.op) || ir::IsTerminator(in.op)) return false;
    bool writes = false;
    ir::ForEachDef(fn, in, [&](VReg d) { writes |= d == y; });
    if (writes) return false;
  }
  return true;
}

}  // namespace

bool FoldScaledAdds(ir::Function& fn) {
  const uint32_t n = fn.NumVRegs();
  const std::vector<uint32_t> defs = CountDefs(fn);
  std::vector<uint32_t> uses(n, 0);
  std::vector<uint32_t> shl_at(n, ~0u);        // single-definition shift results
  std::vector<uint8_t> is_const(n, 0);
  std::vector<uint64_t> const_val(n, 0);
  for (uint32_t i = 0; i < fn.insts.size(); ++i) {
    const Inst& in = fn.insts[i];
    ir::ForEachUse(fn, in, [&](VReg v) { ++uses[v]; });
    if (in.dst == ir::kNoVReg || defs[in.dst] != 1) continue;
    if (in.op == Opcode::kConst) { is_const[in.dst] = 1; const_val[in.dst] = in.imm; }
    if (in.op == Opcode::kShl) shl_at[in.dst] = i;
  }
  bool changed = false;
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    Inst& add = fn.insts[j];
    if (add.op != Opcode::kAdd || (add.type != ir::Type::kI32 && add.type != ir::Type::kI64)) continue;
    for (int side = 0; side < 2; ++side) {
      const VReg v = side == 0 ? add.b : add.a;
      if (v == ir::kNoVReg || uses[v] != 1 || shl_at[v] == ~0u) continue;
      const uint32_t i = shl_at[v];
      Inst& shl = fn.insts[i];
      if (i >= j || j - i > kMaxDistance || shl.type != add.type || shl.b == ir::kNoVReg ||
          !is_const[shl.b])
        continue;
      const uint64_t k = const_val[shl.b] & (add.type == ir::Type::kI64 ? 63 : 31);
      if (k < 1 || k > 3 || !UnchangedBetween(fn, shl.a, i, j)) continue;
      const VReg other = side == 0 ? add.a : add.b;
      add.op = Opcode::kAddShl;
      add.a = other;
      add.b = shl.a;
      add.imm = k;
      shl.op = Opcode::kNop;
      shl.dst = shl.a = shl.b = ir::kNoVReg;
      changed = true;
      break;
    }
  }
  return changed;
}

}  // namespace wasmc::opt
