// IrBuilder, SIMD part: every SIMD128 and relaxed-SIMD operator (prefix 0xfd) becomes
// one kVec / kVecLoad / kVecStore instruction (backend/ir/ir.h; the operations:
// backend/ir/vec_ops.def, named after the wasm operators, so the mapping is mechanical).
#include <cstring>

#include "compiler/lower/ir_builder.h"

namespace wasmc::ir {
namespace {

// The VecOp of a wasm SIMD operator (every vec_ops.def name but wasmc's own, VI, is an
// Op of the same name).
bool VecOpFor(Op op, VecOp* out) {
  switch (op) {
#define V(name, kind, operands, result, bytes) \
  case Op::k##name: *out = VecOp::k##name; return true;
#define VI(name, kind, operands, result, bytes)
#include "backend/ir/vec_ops.def"
#undef VI
#undef V
    default: return false;
  }
}

}  // namespace

VReg IrBuilder::VecConst(uint64_t lo, uint64_t hi) {
  VReg d = fn_.NewVReg(Type::kV128);
  is_var_.push_back(0);  // a temporary
  Emit({.op = Opcode::kVec, .type = Type::kV128, .dst = d,
        .index = static_cast<uint32_t>(VecOp::kV128Const), .imm = lo, .imm_hi = hi});
  return d;
}

bool IrBuilder::VectorInstruction(const Instr& i) {
  VecOp op;
  if (!VecOpFor(i.op, &op)) {
    error_ = MakeDiag(DiagKind::kUnsupported, i.offset,
                      std::string("operator ") + OpName(i.op) + " is not supported by the code generator");
    return false;
  }
  const Immediates& imm = i.imm;
  uint64_t lo = 0, hi = 0;
  std::memcpy(&lo, imm.v128.data(), 8);
  std::memcpy(&hi, imm.v128.data() + 8, 8);
  if (op == VecOp::kV128Const) {
    Push(VecConst(lo, hi));
    return true;
  }
  const VecKind kind = VecOpKind(op);
  Inst in{.op = kind == VecKind::kVec ? Opcode::kVec
                : kind == VecKind::kLoad ? Opcode::kVecLoad : Opcode::kVecStore,
          .type = i.results.empty() ? Type::kV128 : TypeOf(i.results[0]),
          .width = static_cast<uint8_t>(VecOpAccessBytes(op)),
          .index = static_cast<uint32_t>(op)};
  if (VecOpLaneCount(op) != 0) in.index2 = imm.lane;
  if (kind != VecKind::kVec) in.imm = imm.offset;
  if (op == VecOp::kI8x16Shuffle) in.imm = lo, in.imm_hi = hi;
  VReg* operands[3] = {&in.a, &in.b, &in.c};
  for (size_t k = i.operands.size(); k-- > 0;) *operands[k] = Pop();
  if (kind != VecKind::kVec && (imm.memory != 0 || m_.memories[imm.memory].limits.is64)) {
    // Another or a 64-bit memory: MemoryAccess's address (bounds check, base + addr);
    // its absolute flag goes to `sign`, as index2 holds the lane (backend/ir/ir.h).
    Inst probe{.width = in.width, .imm = in.imm};
    MemoryAccess(probe, in.a, imm.memory);
    in.a = probe.a;
    in.src_type = probe.src_type;
    in.sign = probe.index2 != 0;
  }
  if (!i.results.empty()) {
    in.dst = fn_.NewVReg(in.type);
    is_var_.push_back(0);  // a temporary
    Push(in.dst);
  }
  Emit(in);
  return true;
}

}  // namespace wasmc::ir
