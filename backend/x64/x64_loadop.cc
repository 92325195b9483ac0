// x86-64 MacroAssembler: load-op folding (MacroAssembler::LoadOp; docs/backend.md,
// "Load-op folding"). A full-width load read only by the next instruction becomes
// that instruction's memory operand: `cmp ecx, [r14 + rsi + 8]`, `cmp dword [r14 +
// rcx], 0; jz`, `addsd xmm2, [r14 + rcx]`. Integer ALU ops are left out: measured
// slower (docs/backend.md).
//
// Nothing written before the access may be one of its registers: a compare writes
// only r11 first (never part of an operand whose offset fits in 31 bits, the only
// ones folded), float arithmetic only XMM registers.
#include "backend/x64/macro_assembler_x64.h"
#include "backend/diag.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT
using ir::Opcode;

namespace {

bool FitsInt32(uint64_t v) { return static_cast<int64_t>(v) == static_cast<int32_t>(v); }

// A folded compare's other operand as its immediate (`cmp [mem], imm`): a constant
// second operand that fits (LoadOp and FoldedCompare must agree: the operand not taken
// as an immediate goes through r11, which the address may need too).
bool CompareImmediate(bool loaded_a, const Operand& other, bool w) {
  return loaded_a && other.IsConst() && (!w || FitsInt32(other.imm));
}

}  // namespace

bool X64MacroAssembler::LoadOp(const ir::Inst& load, Operand addr, const ir::Inst& user,
                               Operand dst, Operand a, Operand b) {
  // Full-width loads of the user's type only (no extension to fold), and an offset
  // the addressing mode holds (a larger one goes through r11).
  const bool fp = ir::IsFloat(load.type);
  if (load.width != (ir::Is64(load.type) ? 8 : 4) || load.imm > 0x7fffffffu) return false;
  const bool loaded_a = a.vreg == load.dst;
  switch (user.op) {
    case Opcode::kCmp: case Opcode::kEqz: case Opcode::kBrIf: case Opcode::kBrCmp: {
      // br_if / eqz / br_cmp's type is their operands' (ir.h), cmp's too (src of setcc).
      if (fp || user.type != load.type) return false;
      const bool w = user.type == ir::Type::kI64;
      Operand zero;
      zero.loc.kind = regalloc::Location::kConst;
      zero.type = user.type;
      const bool one_operand = user.op == Opcode::kEqz || user.op == Opcode::kBrIf;
      const Operand& other = one_operand ? zero : (loaded_a ? b : a);
      // r11 is the only scratch (rax is allocatable): not folded when both the other
      // operand and the address would need it.
      const bool other_in_r11 = !other.IsReg() && !CompareImmediate(loaded_a, other, w);
      if (other_in_r11 && AddressNeedsScratch(load, addr)) return false;
      FoldedCompare(load, addr, w, loaded_a, other);
      if (user.op == Opcode::kBrIf) {
        a_.j(user.cond == ir::Cond::kNe ? CondCode::kNZ : CondCode::kZ, LabelFor(user.index));
      } else if (user.op == Opcode::kBrCmp) {
        a_.j(IntCondCode(user.cond), LabelFor(user.index));
      } else {
        const CondCode cc = user.op == Opcode::kEqz ? CondCode::kE : IntCondCode(user.cond);
        Gp d = DstGp(dst, r11);
        a_.set(cc, d.r8());
        a_.movzx(d.r32(), d.r8());
        NoteCond(dst, cc);
        DefGp(dst, d);
      }
      return true;
    }
    case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
      if (!fp || user.type != load.type) return false;
      if (loaded_a && user.op != Opcode::kFAdd && user.op != Opcode::kFMul) return false;
      FoldedFloat(load, addr, user, dst, loaded_a ? b : a);
      return true;
    default:
      return false;
  }
}

// The flags of `cmp loaded, other` (loaded_a) or `cmp other, loaded`.
void X64MacroAssembler::FoldedCompare(const ir::Inst& load, const Operand& addr, bool w,
                                      bool loaded_a, const Operand& other) {
  // The other operand first when it needs r11 (LoadOp: then the address needs none).
  Gp r;
  if (!CompareImmediate(loaded_a, other, w))
    r = other.IsReg() ? gpq(other.loc.reg) : UseGp(other, r11);
  Mem m = AccessMem(load, addr, r11);
  m.setSize(w ? 8 : 4);
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  if (!r.isValid()) {
    a_.cmp(m, static_cast<int32_t>(other.imm));
    return;
  }
  if (loaded_a) a_.cmp(m, R(r));
  else a_.cmp(R(r), m);
}

// d = other op [mem] for float arithmetic (addss / addsd ...).
void X64MacroAssembler::FoldedFloat(const ir::Inst& load, const Operand& addr, const ir::Inst& user,
                                    const Operand& dst, const Operand& other) {
  const bool w = user.type == ir::Type::kF64;
  Xmm d = DstXmm(dst, xmm0);
  // The other operand first (a constant may pass through a GPR); the address after
  // (it writes only GPRs).
  if (other.IsReg()) {
    if (other.loc.reg != d.id()) a_.movaps(d, xmm(other.loc.reg));
  } else {
    UseXmm(other, d);
  }
  Mem m = AccessMem(load, addr, r11);
  m.setSize(w ? 8 : 4);
  a_.emit(FloatArithInst(user.op, w), d, m);
  DefXmm(dst, d);
}

}  // namespace wasmc::x64
