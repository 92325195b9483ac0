// x86-64 MacroAssembler: floating point and conversions (SSE2 baseline).
#include <bit>

#include "backend/x64/macro_assembler_x64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT
using ir::Opcode;
using regalloc::Location;

InstId FloatArithInst(Opcode op, bool w) {
  switch (op) {
    case Opcode::kFAdd: return w ? Inst::kIdAddsd : Inst::kIdAddss;
    case Opcode::kFSub: return w ? Inst::kIdSubsd : Inst::kIdSubss;
    case Opcode::kFMul: return w ? Inst::kIdMulsd : Inst::kIdMulss;
    case Opcode::kFDiv: return w ? Inst::kIdDivsd : Inst::kIdDivss;
    default: WASMC_UNREACHABLE();
  }
}

void X64MacroAssembler::FloatOp(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w = in.type == ir::Type::kF64;
  auto M = [&](const Operand& o) { return w ? OperandMem(o) : OperandMem(o).cloneResized(4); };
  switch (in.op) {
    case Opcode::kFMin: case Opcode::kFMax: return FloatMinMax(in, dst, a, b);
    case Opcode::kFCeil: case Opcode::kFFloor: case Opcode::kFTrunc: case Opcode::kFNearest:
      return FloatRound(in, dst, a);
    case Opcode::kFAbs: case Opcode::kFNeg: case Opcode::kFCopysign: {
      // Bit operations in integer registers: exact on NaN payloads.
      if (a.IsReg()) { if (w) a_.movq(rax, xmm(a.loc.reg)); else a_.movd(eax, xmm(a.loc.reg)); }
      else if (a.IsConst()) a_.mov(rax, a.imm);
      else if (w) a_.mov(rax, OperandMem(a));
      else a_.mov(eax, M(a));
      if (in.op == Opcode::kFAbs) {
        if (w) a_.btr(rax, 63); else a_.and_(eax, 0x7fffffff);
      } else if (in.op == Opcode::kFNeg) {
        if (w) a_.btc(rax, 63); else a_.xor_(eax, 0x80000000u);
      } else {
        if (b.IsReg()) { if (w) a_.movq(rcx, xmm(b.loc.reg)); else a_.movd(ecx, xmm(b.loc.reg)); }
        else if (b.IsConst()) a_.mov(rcx, b.imm);
        else if (w) a_.mov(rcx, OperandMem(b));
        else a_.mov(ecx, M(b));
        if (w) {
          a_.btr(rax, 63);
          a_.shr(rcx, 63);
          a_.shl(rcx, 63);
          a_.or_(rax, rcx);
        } else {
          a_.and_(eax, 0x7fffffff);
          a_.and_(ecx, 0x80000000u);
          a_.or_(eax, ecx);
        }
      }
      if (dst.IsReg()) { if (w) a_.movq(xmm(dst.loc.reg), rax); else a_.movd(xmm(dst.loc.reg), eax); }
      else if (dst.loc.kind == Location::kSlot) a_.mov(OperandMem(dst), rax);
      return;
    }
    case Opcode::kFSqrt: {
      Xmm d = DstXmm(dst, xmm0);
      if (a.loc.kind == Location::kSlot) { if (w) a_.sqrtsd(d, M(a)); else a_.sqrtss(d, M(a)); }
      else { Xmm s = UseXmm(a, xmm1); if (w) a_.sqrtsd(d, s); else a_.sqrtss(d, s); }
      DefXmm(dst, d);
      return;
    }
    case Opcode::kFCmp: {
      // lt/le: compare b with a, so "above" is false on unordered.
      ir::Cond c = in.cond;
      bool swap = c == ir::Cond::kFLt || c == ir::Cond::kFLe;
      const Operand& l = swap ? b : a;
      const Operand& r = swap ? a : b;
      Xmm xl = UseXmm(l, xmm0);
      if (r.loc.kind == Location::kSlot) { if (w) a_.ucomisd(xl, M(r)); else a_.ucomiss(xl, M(r)); }
      else { Xmm xr = UseXmm(r, xmm1); if (w) a_.ucomisd(xl, xr); else a_.ucomiss(xl, xr); }
      switch (c) {
        case ir::Cond::kEq: a_.setnp(al); a_.sete(cl); a_.and_(al, cl); break;
        case ir::Cond::kNe: a_.setp(al); a_.setne(cl); a_.or_(al, cl); break;
        case ir::Cond::kFLt: case ir::Cond::kFGt: a_.seta(al); break;
        case ir::Cond::kFLe: case ir::Cond::kFGe: a_.setae(al); break;
        default: WASMC_UNREACHABLE();
      }
      Gp d = DstGp(dst, rax);
      a_.movzx(d.r32(), al);
      DefGp(dst, d);
      return;
    }
    default: break;
  }
  // Two-address arithmetic.
  const bool commutative = in.op == Opcode::kFAdd || in.op == Opcode::kFMul;
  Xmm d = DstXmm(dst, xmm0);
  if (b.IsReg() && b.loc.reg == d.id()) {
    if (commutative && !(a.IsReg() && a.loc.reg == d.id())) {
      std::swap(a, b);
    } else {
      a_.movaps(xmm1, xmm(b.loc.reg));
      b.loc = Location::Reg(1);
    }
  }
  if (a.IsReg()) {
    if (a.loc.reg != d.id()) a_.movaps(d, xmm(a.loc.reg));
  } else {
    UseXmm(a, d);
  }
  auto emit = [&](const auto& rhs) { a_.emit(FloatArithInst(in.op, w), d, rhs); };
  if (b.loc.kind == Location::kSlot) emit(M(b));
  else emit(UseXmm(b, xmm1));
  DefXmm(dst, d);
}

void X64MacroAssembler::FloatMinMax(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w = in.type == ir::Type::kF64;
  const bool is_min = in.op == Opcode::kFMin;
  Xmm xb = UseXmm(b, xmm1);
  Xmm xa = UseXmm(a, xmm0);
  if (xa.id() != 0) a_.movaps(xmm0, xa);
  Label nan = a_.newLabel(), ne = a_.newLabel(), done = a_.newLabel();
  if (w) a_.ucomisd(xmm0, xb); else a_.ucomiss(xmm0, xb);
  a_.jp(nan);
  a_.jne(ne);
  // Equal: only ±0 differ in sign; min takes the negative one, max the positive.
  if (is_min) a_.orps(xmm0, xb); else a_.andps(xmm0, xb);
  a_.jmp(done);
  a_.bind(ne);
  if (is_min) { if (w) a_.minsd(xmm0, xb); else a_.minss(xmm0, xb); }
  else { if (w) a_.maxsd(xmm0, xb); else a_.maxss(xmm0, xb); }
  a_.jmp(done);
  a_.bind(nan);
  if (w) a_.addsd(xmm0, xb); else a_.addss(xmm0, xb);  // a quiet NaN
  a_.bind(done);
  DefXmm(dst, xmm0);
}

void X64MacroAssembler::FloatRound(const ir::Inst& in, Operand dst, Operand a) {
  // Without SSE4.1 ROUNDSD: values with |x| >= 2^52 (2^23 for f32) are integers
  // already (or NaN/inf): x + 0.0 returns them (quieting NaN). Smaller ones go
  // through a 64-bit integer conversion, or for nearest the 2^52 addition trick
  // (the default rounding mode is ties-to-even), and get x's sign back so that
  // results of zero keep the sign of x.
  const bool w = in.type == ir::Type::kF64;
  Xmm xa = UseXmm(a, xmm0);
  if (cpu_.ssse3_sse41) {  // x86-64-v2 (--cpu): SSE4.1 ROUNDSS/ROUNDSD (8: inexact masked)
    const uint32_t mode = in.op == Opcode::kFNearest ? 0 : in.op == Opcode::kFFloor ? 1
                          : in.op == Opcode::kFCeil  ? 2 : 3;
    Xmm d = DstXmm(dst, xmm0);
    if (w) a_.roundsd(d, xa, mode | 8);
    else a_.roundss(d, xa, mode | 8);
    DefXmm(dst, d);
    return;
  }
  if (xa.id() != 0) a_.movaps(xmm0, xa);
  const uint64_t limit = w ? F64Bits(4503599627370496.0) : F32Bits(8388608.0f);
  const uint64_t one = w ? F64Bits(1.0) : F32Bits(1.0f);
  Label big = a_.newLabel(), done = a_.newLabel(), skip = a_.newLabel();
  // xmm1 = |x|
  if (w) { a_.movq(rax, xmm0); a_.btr(rax, 63); a_.movq(xmm1, rax); }
  else { a_.movd(eax, xmm0); a_.and_(eax, 0x7fffffff); a_.movd(xmm1, eax); }
  if (w) a_.ucomisd(xmm1, x86::ptr(ConstLabel(limit)));
  else a_.ucomiss(xmm1, x86::ptr(ConstLabel(limit)));
  a_.jp(big);
  a_.jae(big);
  if (in.op == Opcode::kFNearest) {
    if (w) { a_.addsd(xmm1, x86::ptr(ConstLabel(limit))); a_.subsd(xmm1, x86::ptr(ConstLabel(limit))); }
    else { a_.addss(xmm1, x86::ptr(ConstLabel(limit))); a_.subss(xmm1, x86::ptr(ConstLabel(limit))); }
  } else {
    if (w) { a_.cvttsd2si(rax, xmm0); a_.cvtsi2sd(xmm1, rax); }
    else { a_.cvttss2si(rax, xmm0); a_.cvtsi2ss(xmm1, rax); }
    if (in.op == Opcode::kFFloor) {
      // t > x: t -= 1
      if (w) a_.ucomisd(xmm1, xmm0); else a_.ucomiss(xmm1, xmm0);
      a_.jbe(skip);
      if (w) a_.subsd(xmm1, x86::ptr(ConstLabel(one))); else a_.subss(xmm1, x86::ptr(ConstLabel(one)));
    } else if (in.op == Opcode::kFCeil) {
      // x > t: t += 1
      if (w) a_.ucomisd(xmm0, xmm1); else a_.ucomiss(xmm0, xmm1);
      a_.jbe(skip);
      if (w) a_.addsd(xmm1, x86::ptr(ConstLabel(one))); else a_.addss(xmm1, x86::ptr(ConstLabel(one)));
    }
    a_.bind(skip);
  }
  // Result magnitude in xmm1; OR in x's sign.
  if (w) {
    a_.movq(rax, xmm0); a_.movq(rcx, xmm1);
    a_.shr(rax, 63); a_.shl(rax, 63); a_.or_(rcx, rax);
    a_.movq(xmm0, rcx);
  } else {
    a_.movd(eax, xmm0); a_.movd(ecx, xmm1);
    a_.and_(eax, 0x80000000u); a_.or_(ecx, eax);
    a_.movd(xmm0, ecx);
  }
  a_.jmp(done);
  a_.bind(big);
  a_.xorps(xmm1, xmm1);
  if (w) a_.addsd(xmm0, xmm1); else a_.addss(xmm0, xmm1);
  a_.bind(done);
  DefXmm(dst, xmm0);
}

void X64MacroAssembler::TruncToInt(const ir::Inst& in, Operand dst, Operand a) {
  const bool src64 = in.src_type == ir::Type::kF64;
  const bool dst64 = in.type == ir::Type::kI64;
  const bool is_signed = in.op == Opcode::kTruncS || in.op == Opcode::kTruncSatS;
  const bool sat = in.op == Opcode::kTruncSatS || in.op == Opcode::kTruncSatU;
  // Valid iff lo < x < hi (bounds exact in the source format).
  double hi_d, lo_d;
  float hi_f, lo_f;
  if (!dst64 && is_signed) { hi_d = 2147483648.0; lo_d = -2147483649.0; hi_f = 2147483648.0f; lo_f = -2147483904.0f; }
  else if (!dst64) { hi_d = 4294967296.0; lo_d = -1.0; hi_f = 4294967296.0f; lo_f = -1.0f; }
  else if (is_signed) {
    hi_d = 9223372036854775808.0; lo_d = -9223372036854777856.0;
    hi_f = 9223372036854775808.0f; lo_f = -9223373136366403584.0f;
  } else { hi_d = 18446744073709551616.0; lo_d = -1.0; hi_f = 18446744073709551616.0f; lo_f = -1.0f; }
  const uint64_t hi = src64 ? F64Bits(hi_d) : F32Bits(hi_f);
  const uint64_t lo = src64 ? F64Bits(lo_d) : F32Bits(lo_f);
  Xmm x = UseXmm(a, xmm0);
  Label nan_l, hi_l, lo_l, done = a_.newLabel();
  if (sat) { nan_l = a_.newLabel(); hi_l = a_.newLabel(); lo_l = a_.newLabel(); }
  else {
    nan_l = TrapLabel(WASMC_TRAP_INVALID_CONVERSION);
    hi_l = lo_l = TrapLabel(WASMC_TRAP_INT_OVERFLOW);
  }
  auto ucomi = [&](const Xmm& l, const auto& r) { if (src64) a_.ucomisd(l, r); else a_.ucomiss(l, r); };
  auto cvtt = [&](const Gp& d, const Xmm& s) { if (src64) a_.cvttsd2si(d, s); else a_.cvttss2si(d, s); };
  ucomi(x, x);
  a_.jp(nan_l);
  ucomi(x, x86::ptr(ConstLabel(hi)));
  a_.jae(hi_l);
  ucomi(x, x86::ptr(ConstLabel(lo)));
  a_.jbe(lo_l);
  if (dst64 && !is_signed) {
    const uint64_t two63 = src64 ? F64Bits(9223372036854775808.0) : F32Bits(9223372036854775808.0f);
    Label big = a_.newLabel();
    ucomi(x, x86::ptr(ConstLabel(two63)));
    a_.jae(big);
    cvtt(rax, x);
    a_.jmp(done);
    a_.bind(big);
    a_.movaps(xmm1, x);
    if (src64) a_.subsd(xmm1, x86::ptr(ConstLabel(two63)));
    else a_.subss(xmm1, x86::ptr(ConstLabel(two63)));
    cvtt(rax, xmm1);
    a_.btc(rax, 63);
  } else if (!dst64 && is_signed) {
    cvtt(eax, x);
  } else {
    cvtt(rax, x);
    if (!dst64) a_.mov(eax, eax);
  }
  if (sat) {
    a_.jmp(done);
    a_.bind(nan_l);
    a_.xor_(eax, eax);
    a_.jmp(done);
    a_.bind(hi_l);
    if (dst64) a_.mov(rax, is_signed ? 0x7fffffffffffffffull : ~0ull);
    else a_.mov(eax, is_signed ? 0x7fffffffu : 0xffffffffu);
    a_.jmp(done);
    a_.bind(lo_l);
    if (dst64) { if (is_signed) a_.mov(rax, 0x8000000000000000ull); else a_.xor_(eax, eax); }
    else { if (is_signed) a_.mov(eax, 0x80000000u); else a_.xor_(eax, eax); }
  }
  a_.bind(done);
  DefGp(dst, rax);
}

void X64MacroAssembler::ConvertUnsigned(const ir::Inst& in, Operand dst, Operand a) {
  const bool d64 = in.type == ir::Type::kF64;
  Gp s = UseGp(a, rax);
  Xmm d = DstXmm(dst, xmm0);
  auto cvt = [&](const Gp& g) { if (d64) a_.cvtsi2sd(d, g); else a_.cvtsi2ss(d, g); };
  a_.xorps(d, d);
  if (in.src_type == ir::Type::kI32) {
    cvt(s.r64());  // zero-extended: exact as a signed 64-bit value
  } else {
    Label big = a_.newLabel(), done = a_.newLabel();
    a_.test(s.r64(), s.r64());
    a_.js(big);
    cvt(s.r64());
    a_.jmp(done);
    a_.bind(big);
    // Halve with round-to-odd, convert, double.
    a_.mov(rcx, s.r64());
    a_.shr(rcx, 1);
    a_.mov(edx, s.r32());
    a_.and_(edx, 1);
    a_.or_(rcx, rdx);
    cvt(rcx);
    if (d64) a_.addsd(d, d); else a_.addss(d, d);
    a_.bind(done);
  }
  DefXmm(dst, d);
}

void X64MacroAssembler::Convert(const ir::Inst& in, Operand dst, Operand a) {
  switch (in.op) {
    case Opcode::kWrap: case Opcode::kExtendU32: {  // (scratch: r11 only, InstClobbers)
      Gp d = DstGp(dst, r11);
      if (a.loc.kind == Location::kSlot) a_.mov(d.r32(), OperandMem(a).cloneResized(4));
      else {
        Gp s = UseGp(a, r11);
        // mov r32, r32 of a register already below 2^32 is a no-op (x64_int.cc).
        if (s.id() != d.id() || !KnownZeroExtended(s)) a_.mov(d.r32(), s.r32());
      }
      DefGp(dst, d);
      return;
    }
    case Opcode::kExtendS32: {
      Gp d = DstGp(dst, r11);
      if (a.loc.kind == Location::kSlot) a_.movsxd(d, OperandMem(a).cloneResized(4));
      else { Gp s = UseGp(a, r11); a_.movsxd(d, s.r32()); }
      DefGp(dst, d);
      return;
    }
    case Opcode::kTruncS: case Opcode::kTruncU: case Opcode::kTruncSatS: case Opcode::kTruncSatU:
      return TruncToInt(in, dst, a);
    case Opcode::kConvertS: {
      const bool d64 = in.type == ir::Type::kF64;
      Gp s = UseGp(a, rax);
      Xmm d = DstXmm(dst, xmm0);
      a_.xorps(d, d);
      Gp src = in.src_type == ir::Type::kI64 ? Gp(s.r64()) : Gp(s.r32());
      if (d64) a_.cvtsi2sd(d, src); else a_.cvtsi2ss(d, src);
      DefXmm(dst, d);
      return;
    }
    case Opcode::kConvertU: return ConvertUnsigned(in, dst, a);
    case Opcode::kDemote: case Opcode::kPromote: {
      Xmm d = DstXmm(dst, xmm0);
      Xmm s = UseXmm(a, xmm1);
      if (in.op == Opcode::kDemote) a_.cvtsd2ss(d, s); else a_.cvtss2sd(d, s);
      DefXmm(dst, d);
      return;
    }
    case Opcode::kReinterpret: {
      const bool w = ir::Is64(in.type);
      if (ir::IsFloat(in.type)) {  // int -> float
        if (a.loc.kind == Location::kSlot && dst.loc.kind == Location::kSlot) {
          a_.mov(rax, OperandMem(a));
          a_.mov(OperandMem(dst), rax);
          return;
        }
        Gp s = UseGp(a, rax);
        Xmm d = DstXmm(dst, xmm0);
        if (w) a_.movq(d, s.r64()); else a_.movd(d, s.r32());
        DefXmm(dst, d);
      } else {  // float -> int
        Gp d = DstGp(dst, rax);
        if (a.loc.kind == Location::kSlot) {
          if (w) a_.mov(d, OperandMem(a)); else a_.mov(d.r32(), OperandMem(a).cloneResized(4));
        } else if (a.IsConst()) {
          a_.mov(d, w ? a.imm : (a.imm & 0xffffffffu));
        } else if (w) {
          a_.movq(d, xmm(a.loc.reg));
        } else {
          a_.movd(d.r32(), xmm(a.loc.reg));
        }
        DefGp(dst, d);
      }
      return;
    }
    default: WASMC_UNREACHABLE();
  }
}

}  // namespace wasmc::x64
