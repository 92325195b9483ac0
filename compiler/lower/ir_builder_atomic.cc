// The threads proposal's operators (prefix 0xfe) in the IR builder: atomic accesses
// become kAtomicLoad / kAtomicStore / kAtomicRmw / kAtomicCmpxchg / kFence (emitted
// inline by each target's MacroAssembler), wait and notify become calls of the
// runtime helpers (runtime-support/core/atomic_wait.c) with the effective address.
#include "compiler/lower/ir_builder.h"

namespace wasmc::ir {

bool IrBuilder::Atomic(const Instr& i) {
  const uint32_t code = OpCode(i.op);
  const uint8_t width = static_cast<uint8_t>(1u << NaturalAlignLog2(OpImm(i.op)));
  const uint64_t offset = i.imm.offset;
  if (i.op == Op::kAtomicFence) {
    Emit({.op = Opcode::kFence});
    return true;
  }
  if (i.op == Op::kMemoryAtomicNotify || i.op == Op::kMemoryAtomicWait32 ||
      i.op == Op::kMemoryAtomicWait64) {
    // The helper gets the effective address zext(addr) + offset as an i64.
    const size_t n = i.operands.size();
    std::vector<VReg> args = TopValues(n);
    stack_.resize(stack_.size() - n);
    VReg ea = NewTemp(Type::kI64);
    Emit({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = ea, .a = args[0]});
    if (offset != 0) {
      VReg sum = NewTemp(Type::kI64);
      Emit({.op = Opcode::kAdd, .type = Type::kI64, .dst = sum, .a = ea, .b = Const(Type::kI64, offset)});
      ea = sum;
    }
    args[0] = ea;
    const RuntimeFn f = i.op == Op::kMemoryAtomicNotify   ? RuntimeFn::kMemoryNotify
                        : i.op == Op::kMemoryAtomicWait32 ? RuntimeFn::kMemoryWait32
                                                          : RuntimeFn::kMemoryWait64;
    Push(CallRuntime(f, args, true, Type::kI32));
    return true;
  }
  if (code >= 0x10 && code <= 0x16) {  // loads
    const Type t = TypeOf(i.results[0]);
    VReg a = Pop();
    VReg d = NewTemp(t);
    Emit({.op = Opcode::kAtomicLoad, .type = t, .width = width, .dst = d, .a = a, .imm = offset});
    Push(d);
    return true;
  }
  if (code >= 0x17 && code <= 0x1d) {  // stores
    VReg v = Pop();
    VReg a = Pop();
    Emit({.op = Opcode::kAtomicStore, .type = TypeOf(i.operands[1]), .width = width, .a = a, .b = v,
          .imm = offset});
    return true;
  }
  if (code >= 0x1e && code <= 0x4e) {  // 7 rows per rmw: add sub and or xor xchg cmpxchg
    const Type t = TypeOf(i.results[0]);
    const uint32_t kind = (code - 0x1e) / 7;
    VReg c = kind == 6 ? Pop() : kNoVReg;
    VReg b = Pop();
    VReg a = Pop();
    VReg d = NewTemp(t);
    Emit({.op = kind == 6 ? Opcode::kAtomicCmpxchg : Opcode::kAtomicRmw, .type = t, .width = width,
          .dst = d, .a = a, .b = b, .c = c, .index = kind == 6 ? 0 : kind, .imm = offset});
    Push(d);
    return true;
  }
  error_ = MakeDiag(DiagKind::kUnsupported, i.offset,
                    std::string("operator ") + OpName(i.op) + " is not supported by the code generator");
  return false;
}

}  // namespace wasmc::ir
