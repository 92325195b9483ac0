// Shifted-operand folding (backend/opt/opt.h, docs/backend.md "The mid-end"), for
// targets whose add, sub, and, orr and eor take a register shifted by a constant
// (AArch64): `x OP (y SHIFT k)`, where the shift's result is read only by that
// operation, becomes one kOpShifted (dst = a OP (b SHIFT imm)), which AArch64 emits
// as `eor w0, w1, w2, lsr #8`. The shift's instruction goes. Table-driven CRCs
// (`crc = table[(crc ^ b) & 0xff] ^ (crc >> 8)`), hash mixers (`h ^ (h >> 33)`) and
// bit-field packing are where it occurs. Runs after FoldScaledAdds (which takes the
// adds of shifts by 1..3: AArch64 emits its kAddShl the same way); no pass after it
// knows kOpShifted.
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

bool IsShift(Opcode op) {
  return op == Opcode::kShl || op == Opcode::kShrU || op == Opcode::kShrS || op == Opcode::kRotl ||
         op == Opcode::kRotr;
}

}  // namespace

bool FoldShiftedOperands(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type)) {
  DefCounts defs;
  return FoldShiftedOperands(fn, const_in_register, defs);
}

bool FoldShiftedOperands(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
                         DefCounts& defs) {
  std::vector<uint32_t> shift_at(fn.NumVRegs(), ~0u);  // single-definition shift results
  const ValueFacts& vf = ScanValues(fn, defs.Of(fn), [&](uint32_t i, const Inst& in) {
    if (IsShift(in.op)) shift_at[in.dst] = i;
  });
  const std::vector<uint32_t>& uses = vf.uses;
  const std::vector<uint8_t>& is_const = vf.is_const;
  const std::vector<uint64_t>& const_val = vf.const_val;
  bool changed = false;
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    Inst& op = fn.insts[j];
    if (op.type != ir::Type::kI32 && op.type != ir::Type::kI64) continue;
    const bool logical = op.op == Opcode::kAnd || op.op == Opcode::kOr || op.op == Opcode::kXor;
    if (!logical && op.op != Opcode::kAdd && op.op != Opcode::kSub) continue;
    if (op.a == ir::kNoVReg || op.b == ir::kNoVReg) continue;
    const uint64_t bits = op.type == ir::Type::kI64 ? 64 : 32;
    // The shifted operand: either side of a commutative operation, the right of a sub.
    for (int side = 0; side < (op.op == Opcode::kSub ? 1 : 2); ++side) {
      const VReg v = side == 0 ? op.b : op.a;
      const VReg other = side == 0 ? op.a : op.b;
      if (uses[v] != 1 || shift_at[v] == ~0u || other == v) continue;
      // A constant other operand: only one kept in a register anyway (const_in_register:
      // one no immediate field takes); else the operation's immediate form (`eor w0, w1,
      // 0xff`) is worth more than the shift folded into a materialized constant.
      if (is_const[other] && (const_in_register == nullptr || !const_in_register(const_val[other], op.type)))
        continue;
      const uint32_t i = shift_at[v];
      Inst& shift = fn.insts[i];
      if (i >= j || j - i > kMaxFoldDistance || shift.type != op.type || shift.b == ir::kNoVReg ||
          !is_const[shift.b] || shift.a == ir::kNoVReg || is_const[shift.a])
        continue;
      uint64_t k = const_val[shift.b] & (bits - 1);
      Opcode kind = shift.op;
      if (kind == Opcode::kRotl) {  // rotl by k = rotr by bits - k
        kind = Opcode::kRotr;
        k = (bits - k) & (bits - 1);
      }
      if (k == 0 || (kind == Opcode::kRotr && !logical)) continue;  // add/sub take no ror
      if (!UnchangedBetween(fn, shift.a, i, j)) continue;
      op.index = static_cast<uint32_t>(op.op);
      op.index2 = static_cast<uint32_t>(kind);
      op.imm = k;
      op.op = Opcode::kOpShifted;
      op.a = other;
      op.b = shift.a;
      shift.op = Opcode::kNop;
      shift.dst = shift.a = shift.b = ir::kNoVReg;
      changed = true;
      break;
    }
  }
  return changed;
}

}  // namespace wasmc::opt
