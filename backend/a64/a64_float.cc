// AArch64 MacroAssembler: floating point and conversions.
//
// What AArch64 already does the wasm way (FPCR as Linux leaves it: round to
// nearest, no flush-to-zero, no default-NaN mode):
//   - fmin/fmax: NaN if either operand is NaN (quieted, so an arithmetic NaN), and
//     -0 < +0; frintp/frintm/frintz/frintn are ceil/floor/trunc/nearest;
//   - fabs/fneg only touch the sign bit (NaN payloads kept);
//   - fcvtzs/fcvtzu saturate and give 0 for NaN: exactly trunc_sat. The trapping
//     truncations add explicit NaN and range checks;
//   - scvtf/ucvtf, fcvt round correctly (no x86-style unsigned fix-ups).
#include <bit>

#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names

namespace {

// Ordered float compares: conditions that are false when unordered (NaN) for
// everything but kNe, which must be true then.
CondCode FloatCondCode(ir::Cond c) {
  switch (c) {
    case ir::Cond::kEq: return CondCode::kEQ;
    case ir::Cond::kNe: return CondCode::kNE;
    case ir::Cond::kFLt: return CondCode::kMI;
    case ir::Cond::kFGt: return CondCode::kGT;
    case ir::Cond::kFLe: return CondCode::kLS;
    case ir::Cond::kFGe: return CondCode::kGE;
    default: WASMC_UNREACHABLE();
  }
}

}  // namespace

void A64MacroAssembler::FloatOp(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w64 = in.type == ir::Type::kF64;
  auto F = [&](const Vec& v) { return w64 ? Vec(v.d()) : Vec(v.s()); };
  if (in.op == Opcode::kFCmp) {
    Vec va = UseFp(a, v29);
    Vec vb = UseFp(b, v30);
    a_.fcmp(F(va), F(vb));
    Gp g = DstGp(dst, x16);
    a_.cset(g.w(), FloatCondCode(in.cond));
    DefGp(dst, g);
    return;
  }
  if (in.op == Opcode::kFCopysign) {
    // Bits in GPRs: |a| with b's sign, NaN payloads untouched.
    Vec va = UseFp(a, v29);
    Vec vb = UseFp(b, v30);
    if (w64) {
      a_.fmov(x16, va.d());
      a_.fmov(x17, vb.d());
      a_.bfxil(x17, x16, 0, 63);
    } else {
      a_.fmov(w16, va.s());
      a_.fmov(w17, vb.s());
      a_.bfxil(w17, w16, 0, 31);
    }
    Vec out = DstFp(dst, v29);
    if (w64) a_.fmov(out.d(), x17); else a_.fmov(out.s(), w17);
    DefFp(dst, out);
    return;
  }
  Vec va = UseFp(a, v29);
  Vec out = DstFp(dst, v29);
  switch (in.op) {
    case Opcode::kFAbs: case Opcode::kFNeg: case Opcode::kFSqrt: case Opcode::kFCeil:
    case Opcode::kFFloor: case Opcode::kFTrunc: case Opcode::kFNearest:
      a_.emit(ArithInst(in.op), F(out), F(va));
      break;
    default: {
      Vec vb = UseFp(b, v30);
      a_.emit(ArithInst(in.op), F(out), F(va), F(vb));
    }
  }
  DefFp(dst, out);
}

void A64MacroAssembler::TruncToInt(const ir::Inst& in, Operand dst, Operand a) {
  const bool src64 = in.src_type == ir::Type::kF64;
  const bool dst64 = in.type == ir::Type::kI64;
  const bool is_signed = in.op == Opcode::kTruncS || in.op == Opcode::kTruncSatS;
  const bool sat = in.op == Opcode::kTruncSatS || in.op == Opcode::kTruncSatU;
  auto F = [&](const Vec& v) { return src64 ? Vec(v.d()) : Vec(v.s()); };
  Vec va = F(UseFp(a, v29));
  Gp g = DstGp(dst, x16);
  if (sat) {  // fcvtz* saturate and map NaN to 0: exactly trunc_sat
    Gp out = dst64 ? Gp(g.x()) : Gp(g.w());
    if (is_signed) a_.fcvtzs(out, va);
    else a_.fcvtzu(out, va);
    DefGp(dst, g);
    return;
  }
  a_.fcmp(va, va);
  a_.b(CondCode::kVS, TrapLabel(WASMC_TRAP_INVALID_CONVERSION));
  Label overflow = TrapLabel(WASMC_TRAP_INT_OVERFLOW);
  if (!dst64) {
    // Convert to 64 bits (exact for every in-range value, saturating beyond), then
    // the result is valid iff it survives narrowing to 32 bits.
    a_.fcvtzs(x16, va);
    if (is_signed) a_.sxtw(x17, w16);
    else a_.mov(w17, w16);
    a_.cmp(x16, x17);
    a_.b(CondCode::kNE, overflow);
    DefGp(dst, x16);
    return;
  }
  // 64-bit results: valid iff lo <= x < hi (signed: -2^63 is exact) or
  // lo < x < hi (unsigned: lo = -1), with the bounds exact in the source format.
  auto bound = [&](uint64_t bits64, uint32_t bits32) {
    LoadFpConst(v30, src64 ? bits64 : bits32, src64);
    a_.fcmp(va, F(v30));
  };
  if (is_signed) {
    bound(F64Bits(9223372036854775808.0), static_cast<uint32_t>(F32Bits(9223372036854775808.0f)));
    a_.b(CondCode::kGE, overflow);
    bound(F64Bits(-9223372036854775808.0), static_cast<uint32_t>(F32Bits(-9223372036854775808.0f)));
    a_.b(CondCode::kLT, overflow);
    a_.fcvtzs(g.x(), va);
  } else {
    bound(F64Bits(18446744073709551616.0), static_cast<uint32_t>(F32Bits(18446744073709551616.0f)));
    a_.b(CondCode::kGE, overflow);
    bound(F64Bits(-1.0), static_cast<uint32_t>(F32Bits(-1.0f)));
    a_.b(CondCode::kLS, overflow);
    a_.fcvtzu(g.x(), va);
  }
  DefGp(dst, g);
}

void A64MacroAssembler::Convert(const ir::Inst& in, Operand dst, Operand a) {
  switch (in.op) {
    case Opcode::kWrap: case Opcode::kExtendU32: {
      Gp ra = UseGp(a, x16);
      Gp g = DstGp(dst, x16);
      // In place, no `mov wN, wN` where the block proves the upper half zero already.
      if (g.id() != ra.id() || !UpperHalfZero(g.id())) a_.mov(g.w(), ra.w());
      DefGp(dst, g);
      return;
    }
    case Opcode::kExtendS32: {
      Gp ra = UseGp(a, x16);
      Gp g = DstGp(dst, x16);
      a_.sxtw(g.x(), ra.w());
      DefGp(dst, g);
      return;
    }
    case Opcode::kTruncS: case Opcode::kTruncU: case Opcode::kTruncSatS: case Opcode::kTruncSatU:
      return TruncToInt(in, dst, a);
    case Opcode::kConvertS: case Opcode::kConvertU: {
      Gp ra = UseGp(a, x16);
      Gp src = in.src_type == ir::Type::kI64 ? Gp(ra.x()) : Gp(ra.w());
      Vec out = DstFp(dst, v29);
      Vec o = in.type == ir::Type::kF64 ? Vec(out.d()) : Vec(out.s());
      if (in.op == Opcode::kConvertS) a_.scvtf(o, src);
      else a_.ucvtf(o, src);
      DefFp(dst, out);
      return;
    }
    case Opcode::kDemote: case Opcode::kPromote: {
      Vec va = UseFp(a, v29);
      Vec out = DstFp(dst, v29);
      if (in.op == Opcode::kDemote) a_.fcvt(out.s(), va.d());
      else a_.fcvt(out.d(), va.s());
      DefFp(dst, out);
      return;
    }
    case Opcode::kReinterpret: {
      const bool w64 = ir::Is64(in.type);
      if (ir::IsFloat(in.type)) {  // int -> float
        Gp ra = UseGp(a, x16);
        Vec out = DstFp(dst, v29);
        if (w64) a_.fmov(out.d(), ra.x()); else a_.fmov(out.s(), ra.w());
        DefFp(dst, out);
      } else {  // float -> int
        Gp g = DstGp(dst, x16);
        if (a.IsConst()) {
          MovImm(g, w64 ? a.imm : (a.imm & 0xffffffffu), w64);
        } else if (a.loc.kind == Location::kSlot) {
          if (w64) a_.ldr(g.x(), SlotMem(a.loc.slot));
          else a_.ldr(g.w(), SlotMem(a.loc.slot, 4));
        } else if (w64) {
          a_.fmov(g.x(), d(a.loc.reg));
        } else {
          a_.fmov(g.w(), s(a.loc.reg));
        }
        DefGp(dst, g);
      }
      return;
    }
    default: WASMC_UNREACHABLE();
  }
}

}  // namespace wasmc::a64
