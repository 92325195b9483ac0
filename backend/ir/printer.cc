#include "backend/ir/printer.h"

#include <algorithm>
#include <cstdio>

namespace wasmc::ir {
namespace {

const char* CondName(Cond c) {
  static const char* const kNames[] = {"Eq",  "Ne",  "LtS", "LtU", "GtS", "GtU", "LeS",
                                       "LeU", "GeS", "GeU", "FLt", "FGt", "FLe", "FGe"};
  size_t k = static_cast<size_t>(c);
  return k < sizeof kNames / sizeof kNames[0] ? kNames[k] : "?";
}

bool HasCond(Opcode op) {
  return op == Opcode::kCmp || op == Opcode::kFCmp || op == Opcode::kBrCmp ||
         op == Opcode::kBrIf;
}

void AppendVReg(const Function& fn, VReg v, std::string& out) {
  out += "v" + std::to_string(v);
  if (v < fn.NumVRegs()) out += std::string(":") + TypeName(fn.vreg_types[v]);
  else if (v != kNoVReg) out += ":<out of range>";
}

// " I8x16Shuffle 0x<imm_hi><imm>", " I32x4ExtractLane [2]", " V128Load32Lane w4 +8 [1]".
std::string PrintVecFields(const Inst& in) {
  if (in.index >= NumVecOps()) return " <VecOp " + std::to_string(in.index) + " out of range>";
  const VecOp op = VecOpOf(in);
  std::string s = std::string(" ") + VecOpName(op);
  char hex[40];
  if (op == VecOp::kV128Const || op == VecOp::kI8x16Shuffle) {
    std::snprintf(hex, sizeof hex, " 0x%016llx%016llx", static_cast<unsigned long long>(in.imm_hi),
                  static_cast<unsigned long long>(in.imm));
    s += hex;
  }
  if (VecOpKind(op) != VecKind::kVec) s += " w" + std::to_string(in.width) + " +" + std::to_string(in.imm);
  if (VecOpLaneCount(op) != 0) s += " [" + std::to_string(in.index2) + "]";
  return s;
}

}  // namespace

std::string PrintInst(const Function& fn, uint32_t i) {
  std::string s = std::to_string(i) + ": ";
  if (i >= fn.insts.size()) return s + "<past the end>";
  const Inst& in = fn.insts[i];
  if (in.op == Opcode::kLabel) return s + "L" + std::to_string(in.index) + ":";
  const bool extra_ok = in.extra_begin + static_cast<uint64_t>(in.extra_count) <= fn.extra.size() &&
                        (!(IsCall(in.op) || in.op == Opcode::kReturn) || in.index2 <= in.extra_count);
  // Definitions.
  std::string defs;
  if (extra_ok || (in.op != Opcode::kParallelMove && !IsCall(in.op))) {
    ForEachDef(fn, in, [&](VReg v) {
      if (!defs.empty()) defs += ", ";
      AppendVReg(fn, v, defs);
    });
  }
  if (!defs.empty()) s += defs + " = ";
  s += OpcodeName(in.op);
  s += std::string(".") + TypeName(in.type);
  if (in.op >= Opcode::kWrap && in.op <= Opcode::kReinterpret)
    s += std::string("<-") + TypeName(in.src_type);
  if (HasCond(in.op)) s += std::string(" ") + CondName(in.cond);
  if (in.op == Opcode::kAtomicRmw) s += " op" + std::to_string(in.index);
  if (in.op == Opcode::kLoad || in.op == Opcode::kStore || (in.op >= Opcode::kAtomicLoad && in.op <= Opcode::kAtomicCmpxchg))
    s += " w" + std::to_string(in.width) + (in.sign ? "s" : "") + " +" + std::to_string(in.imm) +
         ((in.op == Opcode::kLoad || in.op == Opcode::kStore) && in.index2 ? " abs" : "") +
         ((in.op == Opcode::kLoad || in.op == Opcode::kStore) && in.index ? " shl " + std::to_string(in.index) : "");
  if (in.op == Opcode::kConst) s += " " + std::to_string(in.imm);
  if ((in.op == Opcode::kClz || in.op == Opcode::kCtz) && in.index2) s += " nonzero";
  if (in.op == Opcode::kOpShifted)
    s += std::string(" ") + OpcodeName(static_cast<Opcode>(in.index)) + " " +
         OpcodeName(static_cast<Opcode>(in.index2)) + " " + std::to_string(in.imm);
  if (in.op == Opcode::kAddShl) {
    s += " shl " + std::to_string(in.imm);
    if (in.index != 0) s += " disp " + std::to_string(static_cast<int32_t>(in.index));
  }
  if (IsVecOpcode(in.op)) s += PrintVecFields(in);
  switch (in.op) {
    case Opcode::kGlobalGet: case Opcode::kGlobalSet: case Opcode::kRefFunc:
    case Opcode::kTableSize: case Opcode::kCall: case Opcode::kCallImport:
    case Opcode::kMemorySize: case Opcode::kMemoryBase:
    case Opcode::kTrap: case Opcode::kReturnCall: case Opcode::kReturnCallImport:
      s += " #" + std::to_string(in.index);
      break;
    case Opcode::kCallIndirect: case Opcode::kReturnCallIndirect:
      s += " type#" + std::to_string(in.index) + " table#" + std::to_string(in.imm);
      break;
    case Opcode::kCallRuntime:
      s += std::string(" ") + RuntimeFnSymbol(static_cast<RuntimeFn>(in.index));
      break;
    default: break;
  }
  // Uses.
  std::string uses;
  if (!extra_ok) {
    uses = "<extra out of range>";
  } else if (in.op == Opcode::kParallelMove) {
    for (uint32_t k = 0; k + 1 < in.extra_count; k += 2) {
      if (!uses.empty()) uses += ", ";
      AppendVReg(fn, fn.extra[in.extra_begin + k], uses);
      uses += " <- ";
      AppendVReg(fn, fn.extra[in.extra_begin + k + 1], uses);
    }
  } else {
    ForEachUse(fn, in, [&](VReg v) {
      if (!uses.empty()) uses += ", ";
      AppendVReg(fn, v, uses);
    });
  }
  if (!uses.empty()) s += " " + uses;
  if (extra_ok) {
    std::string targets;
    ForEachTarget(fn, in, [&](uint32_t l) {
      targets += targets.empty() ? " -> L" : ", L";
      targets += std::to_string(l);
    });
    s += targets;
  }
  return s;
}

std::string PrintAround(const Function& fn, uint32_t i, uint32_t context) {
  std::string out;
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  const uint32_t from = i > context ? i - context : 0;
  const uint32_t to = std::min<uint64_t>(n, static_cast<uint64_t>(i) + context + 1);
  for (uint32_t k = from; k < to; ++k) out += (k == i ? "  > " : "    ") + PrintInst(fn, k) + "\n";
  if (i >= n) out += "  > <end of function>\n";
  return out;
}

std::string PrintFunction(const Function& fn) {
  std::string out = "func " + std::to_string(fn.func_index) + " (" +
                    std::to_string(fn.num_params) + " params, " +
                    std::to_string(fn.NumVRegs()) + " vregs, " + std::to_string(fn.num_labels) +
                    " labels):\n";
  for (uint32_t k = 0; k < fn.insts.size(); ++k) out += "    " + PrintInst(fn, k) + "\n";
  return out;
}

}  // namespace wasmc::ir
