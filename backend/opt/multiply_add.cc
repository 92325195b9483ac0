// Multiply-accumulate folding (backend/opt/opt.h, docs/backend.md "The mid-end"), for
// targets with integer vector multiply-accumulate (AArch64's mla / mls): an i32x4 or
// i16x8 add of a multiply (either operand) or sub of one (the right operand), where the
// multiply's result is read only there, becomes one kVec I32x4MulAdd / I32x4MulSub /
// I16x8MulAdd / I16x8MulSub (a +/- b * c per lane, wrapping: the same lanes as the two
// operations) and the multiply a kNop. The loop vectorizer's `c[j] += s * b[j]`
// (imatmul) and clang's own `-msimd128` code of it are where it occurs. Integer lanes
// only: a fused float multiply-add rounds once, wasm's f32x4.mul + add twice.
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VecOp;
using ir::VReg;

namespace {

using ir::VecOpOf;

bool IsMul(const Inst& in) {
  return in.op == Opcode::kVec && (VecOpOf(in) == VecOp::kI32x4Mul || VecOpOf(in) == VecOp::kI16x8Mul);
}

}  // namespace

bool FoldMultiplyAdds(ir::Function& fn) {
  DefCounts defs;
  return FoldMultiplyAdds(fn, defs);
}

bool FoldMultiplyAdds(ir::Function& fn, DefCounts& defs) {
  bool any = false;  // most functions have no vector multiply: skip the scan
  for (const Inst& in : fn.insts) any |= IsMul(in);
  if (!any) return false;
  std::vector<uint32_t> mul_at(fn.NumVRegs(), ~0u);  // single-definition multiply results
  const ValueFacts& vf = ScanValues(fn, defs.Of(fn), [&](uint32_t i, const Inst& in) {
    if (IsMul(in)) mul_at[in.dst] = i;
  });
  bool changed = false;
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    Inst& op = fn.insts[j];
    if (op.op != Opcode::kVec) continue;
    const VecOp vop = VecOpOf(op);
    const bool i32 = vop == VecOp::kI32x4Add || vop == VecOp::kI32x4Sub;
    const bool sub = vop == VecOp::kI32x4Sub || vop == VecOp::kI16x8Sub;
    if (!i32 && vop != VecOp::kI16x8Add && vop != VecOp::kI16x8Sub) continue;
    const VecOp mul_op = i32 ? VecOp::kI32x4Mul : VecOp::kI16x8Mul;
    // The multiply: either operand of an add, the right one of a sub.
    for (int side = 0; side < (sub ? 1 : 2); ++side) {
      const VReg m = side == 0 ? op.b : op.a;
      const VReg other = side == 0 ? op.a : op.b;
      if (vf.uses[m] != 1 || mul_at[m] == ~0u || other == m) continue;
      const uint32_t i = mul_at[m];
      const Inst& mul = fn.insts[i];
      if (i >= j || j - i > kMaxFoldDistance || VecOpOf(mul) != mul_op) continue;
      if (!UnchangedBetween(fn, mul.a, i, j) || !UnchangedBetween(fn, mul.b, i, j)) continue;
      const VReg b = mul.a, c = mul.b;
      op.index = static_cast<uint32_t>(i32 ? (sub ? VecOp::kI32x4MulSub : VecOp::kI32x4MulAdd)
                                           : (sub ? VecOp::kI16x8MulSub : VecOp::kI16x8MulAdd));
      op.a = other;
      op.b = b;
      op.c = c;
      Inst& dead = fn.insts[i];
      dead.op = Opcode::kNop;
      dead.dst = dead.a = dead.b = dead.c = ir::kNoVReg;
      changed = true;
      break;
    }
  }
  return changed;
}

}  // namespace wasmc::opt
