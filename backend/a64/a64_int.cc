// AArch64 MacroAssembler: integer operations, select, memory access.
#include <asmjit/arm/a64utils.h>

#include <cstring>

#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names

namespace {

// An add/sub/cmp immediate: 12 bits, optionally shifted left by 12.
bool IsArithImm(uint64_t v) { return v <= 0xfff || ((v & 0xfff) == 0 && (v >> 12) <= 0xfff); }

}  // namespace

bool ConstInRegister(uint64_t bits, ir::Type type) {
  switch (type) {
    case ir::Type::kI32: case ir::Type::kI64: {
      const bool w64 = type == ir::Type::kI64;
      const uint64_t v = w64 ? bits : bits & 0xffffffffu;
      const int64_t sv = w64 ? static_cast<int64_t>(v) : static_cast<int64_t>(static_cast<int32_t>(v));
      // add/sub/cmp take it (or its negation), and/orr/eor take it: an immediate.
      if (IsArithImm(v) || (sv < 0 && sv != INT64_MIN && IsArithImm(static_cast<uint64_t>(-sv))))
        return false;
      return !Utils::isLogicalImm(v, w64 ? 64 : 32);
    }
    case ir::Type::kF64: return bits != 0 && !Utils::isFP64Imm8(bits);  // else a literal load
    case ir::Type::kF32: {
      const uint32_t b = static_cast<uint32_t>(bits);
      return b != 0 && !Utils::isFP32Imm8(b);
    }
    default: return false;  // v128: a pool load either way
  }
}

uint32_t GprWrites(uint32_t w) {
  constexpr uint32_t kAll = ~0u;
  auto bit = [](uint32_t r) { return r < 31 ? 1u << r : 0u; };
  const uint32_t rt = w & 31, rn = (w >> 5) & 31, rt2 = (w >> 10) & 31, rs = (w >> 16) & 31;
  if ((w & 0x0A000000) == 0x08000000) {  // loads and stores
    const bool simd = (w >> 26) & 1;
    const bool store = !simd && ((w >> 22) & 3) == 0;
    const uint32_t t = simd || store ? 0 : bit(rt);  // a vector Rt is no GPR
    if ((w & 0x3B000000) == 0x39000000) return t;  // unsigned immediate offset
    if ((w & 0x3B200C00) == 0x38200800) return t;  // register offset
    if ((w & 0x3B200000) == 0x38000000) {          // unscaled, post-/pre-index, unprivileged
      const uint32_t mode = (w >> 10) & 3;
      return t | (mode == 1 || mode == 3 ? bit(rn) : 0);
    }
    if ((w & 0x3A000000) == 0x28000000) {  // pairs
      const uint32_t mode = (w >> 23) & 3;
      const bool load = (w >> 22) & 1;
      return (load && !simd ? bit(rt) | bit(rt2) : 0) | (mode == 1 || mode == 3 ? bit(rn) : 0);
    }
    return bit(rt) | bit(rn) | bit(rt2) | bit(rs);  // literal, exclusive, atomic, structure
  }
  if ((w & 0x1C000000) == 0x10000000) return bit(rt);  // data processing, immediate
  if ((w & 0x0E000000) == 0x0A000000) return bit(rt);  // data processing, register
  if ((w & 0x1C000000) == 0x14000000) {                // branches, system
    if ((w & 0xFF000010) == 0x54000000) return 0;      // b.cond
    if ((w & 0x7C000000) == 0x34000000) return 0;      // cbz, cbnz, tbz, tbnz
    return kAll;                                       // b, bl, br, blr, ret, system
  }
  if ((w & 0x0E000000) == 0x0E000000) {  // scalar FP and Advanced SIMD
    // Only these write a GPR: conversions to and from fixed point and integers
    // (fcvtz*, fmov to a GPR, ...) and the Advanced SIMD copies (umov, smov).
    if ((w & 0x5F200000) == 0x1E000000 || (w & 0x5F20FC00) == 0x1E200000) return bit(rt);
    if ((w & 0xBFE08400) == 0x0E000400) return bit(rt);
    return 0;
  }
  return kAll;
}

bool ZeroExtendingWrite(uint32_t w, uint32_t r) {
  if (r >= 31 || (w & 31) != r) return false;
  const bool sf = (w >> 31) & 1;
  if ((w & 0x0A000000) == 0x08000000) {  // loads and stores
    if ((w >> 26) & 1) return false;     // SIMD&FP: a vector Rt
    const uint32_t size = (w >> 30) & 3, opc = (w >> 22) & 3;
    const bool to_w = (size < 3 && opc == 1) || (size < 2 && opc == 3);
    if (!to_w) return false;
    if ((w & 0x3B000000) == 0x39000000) return true;  // unsigned immediate offset
    if ((w & 0x3B200C00) == 0x38200800) return true;  // register offset
    if ((w & 0x3B200000) == 0x38000000) {             // unscaled, post-/pre-index, unprivileged
      const uint32_t mode = (w >> 10) & 3;
      return !(mode == 1 || mode == 3) || ((w >> 5) & 31) != r;
    }
    return false;
  }
  if ((w & 0xFFC00000) == 0xD3400000) {  // ubfm x: `lsr xd, xn, #32..63`, `ubfx xd, xn, #lsb, #1..32`
    const uint32_t immr = (w >> 16) & 63, imms = (w >> 10) & 63;
    return imms >= immr && imms - immr < 32;  // a field of at most 32 bits, at bit 0
  }
  if (sf) return false;
  switch (w & 0x1F800000) {  // data processing, immediate
    case 0x11000000:                   // add/sub (immediate)
    case 0x12000000:                   // logical (immediate)
    case 0x12800000:                   // movn / movz / movk
    case 0x13000000:                   // bitfield
    case 0x13800000:                   // extract
      return true;
    default: break;
  }
  if ((w & 0x1F000000) == 0x0A000000) return true;  // logical (shifted register)
  if ((w & 0x1F000000) == 0x0B000000) return true;  // add/sub (shifted, extended register)
  if ((w & 0x1F000000) == 0x1B000000) return true;  // madd / msub (3-source, sf = 0)
  if ((w & 0x1FE00000) == 0x1A800000) return true;  // csel / csinc / csinv / csneg
  if ((w & 0x5FE00000) == 0x1AC00000) return true;  // 2-source (udiv, lslv, ...)
  if ((w & 0x5FE00000) == 0x5AC00000) return true;  // 1-source (rbit, rev, clz, ...)
  return false;
}

InstId ArithInst(ir::Opcode op) {
  switch (op) {
    case Opcode::kAdd: return Inst::kIdAdd;
    case Opcode::kSub: return Inst::kIdSub;
    case Opcode::kMul: return Inst::kIdMul;
    case Opcode::kAnd: return Inst::kIdAnd;
    case Opcode::kOr: return Inst::kIdOrr;
    case Opcode::kXor: return Inst::kIdEor;
    case Opcode::kFAbs: return Inst::kIdFabs_v;
    case Opcode::kFNeg: return Inst::kIdFneg_v;
    case Opcode::kFSqrt: return Inst::kIdFsqrt_v;
    case Opcode::kFCeil: return Inst::kIdFrintp_v;
    case Opcode::kFFloor: return Inst::kIdFrintm_v;
    case Opcode::kFTrunc: return Inst::kIdFrintz_v;
    case Opcode::kFNearest: return Inst::kIdFrintn_v;
    case Opcode::kFAdd: return Inst::kIdFadd_v;
    case Opcode::kFSub: return Inst::kIdFsub_v;
    case Opcode::kFMul: return Inst::kIdFmul_v;
    case Opcode::kFDiv: return Inst::kIdFdiv_v;
    case Opcode::kFMin: return Inst::kIdFmin_v;
    case Opcode::kFMax: return Inst::kIdFmax_v;
    default: WASMC_UNREACHABLE();
  }
}

CondCode IntCondCode(ir::Cond c) {
  switch (c) {
    case ir::Cond::kEq: return CondCode::kEQ;
    case ir::Cond::kNe: return CondCode::kNE;
    case ir::Cond::kLtS: return CondCode::kLT;
    case ir::Cond::kLtU: return CondCode::kLO;
    case ir::Cond::kGtS: return CondCode::kGT;
    case ir::Cond::kGtU: return CondCode::kHI;
    case ir::Cond::kLeS: return CondCode::kLE;
    case ir::Cond::kLeU: return CondCode::kLS;
    case ir::Cond::kGeS: return CondCode::kGE;
    case ir::Cond::kGeU: return CondCode::kHS;
    default: WASMC_UNREACHABLE();
  }
}

bool A64MacroAssembler::CompareImm(const Gp& r, int64_t v, bool is64) {
  const uint64_t u = is64 ? static_cast<uint64_t>(v) : static_cast<uint64_t>(v) & 0xffffffffu;
  // asmjit 1.9 encodes no shifted cmp / cmn immediate: their aliases subs / adds to
  // the zero register then.
  auto imm = [&](uint64_t m, bool neg) {
    const Gp zr = is64 ? Gp(asmjit::a64::xzr) : Gp(asmjit::a64::wzr);
    if (m <= 0xfff) { if (neg) a_.cmn(r, m); else a_.cmp(r, m); }
    else if (neg) a_.adds(zr, r, m >> 12, lsl(12));
    else a_.subs(zr, r, m >> 12, lsl(12));
  };
  if (IsArithImm(u)) {
    imm(u, false);
    return true;
  }
  // cmn with the negated immediate sets the same flags as cmp (v is neither 0 nor the
  // minimum, whose negation has no immediate form anyway).
  const int64_t min = is64 ? INT64_MIN : INT32_MIN;
  if (v < 0 && v != min && IsArithImm(static_cast<uint64_t>(-v))) {
    imm(static_cast<uint64_t>(-v), true);
    return true;
  }
  return false;
}

CondCode A64MacroAssembler::CompareInt(bool is64, const Operand& a, const Operand& b, ir::Cond cond) {
  auto R = [&](const Gp& g) { return is64 ? Gp(g.x()) : Gp(g.w()); };
  Gp ra = UseGp(a, x16);
  if (b.IsConst()) {
    const int64_t v = is64 ? static_cast<int64_t>(b.imm)
                           : static_cast<int64_t>(static_cast<int32_t>(b.imm));
    if (CompareImm(R(ra), v, is64)) return IntCondCode(cond);
    // The same compare against a neighbour of v, where v is not the bound of its
    // order (no neighbour on that side): `x < v` is `x <= v - 1`, `x <= v` is
    // `x < v + 1`, and so on, unsigned and signed.
    const int64_t smin = is64 ? INT64_MIN : INT32_MIN, smax = is64 ? INT64_MAX : INT32_MAX;
    const uint64_t u = is64 ? b.imm : b.imm & 0xffffffffu;
    const uint64_t umax = is64 ? UINT64_MAX : 0xffffffffu;
    int step = 0;
    CondCode adjusted = CondCode::kAL;
    switch (cond) {
      case ir::Cond::kLtU: if (u != 0) { step = -1; adjusted = CondCode::kLS; } break;
      case ir::Cond::kGeU: if (u != 0) { step = -1; adjusted = CondCode::kHI; } break;
      case ir::Cond::kLeU: if (u != umax) { step = 1; adjusted = CondCode::kLO; } break;
      case ir::Cond::kGtU: if (u != umax) { step = 1; adjusted = CondCode::kHS; } break;
      case ir::Cond::kLtS: if (v != smin) { step = -1; adjusted = CondCode::kLE; } break;
      case ir::Cond::kGeS: if (v != smin) { step = -1; adjusted = CondCode::kGT; } break;
      case ir::Cond::kLeS: if (v != smax) { step = 1; adjusted = CondCode::kLT; } break;
      case ir::Cond::kGtS: if (v != smax) { step = 1; adjusted = CondCode::kGE; } break;
      default: break;
    }
    if (step != 0) {
      // v + step in the compare's width, sign-extended (no overflow: v is not the bound)
      const uint64_t n = static_cast<uint64_t>(v) + static_cast<uint64_t>(static_cast<int64_t>(step));
      const int64_t nv = is64 ? static_cast<int64_t>(n)
                              : static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(n)));
      if (CompareImm(R(ra), nv, is64)) return adjusted;
    }
  }
  Gp rb = UseGp(b, x17, true);
  a_.cmp(R(ra), R(rb));
  return IntCondCode(cond);
}

void A64MacroAssembler::IntEqz(const ir::Inst& in, Operand dst, Operand a) {
  Gp ra = UseGp(a, x16);
  a_.cmp(in.type == ir::Type::kI64 ? Gp(ra.x()) : Gp(ra.w()), 0);
  Gp g = DstGp(dst, x16);
  a_.cset(g.w(), CondCode::kEQ);
  DefGp(dst, g);
  NoteCset(dst, g, CondCode::kEQ);
}

void A64MacroAssembler::IntCmp(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const CondCode cc = CompareInt(in.type == ir::Type::kI64, a, b, in.cond);
  Gp g = DstGp(dst, x16);
  a_.cset(g.w(), cc);
  DefGp(dst, g);
  NoteCset(dst, g, cc);
}

void A64MacroAssembler::NoteCset(const Operand& dst, const Gp& g, CondCode cond) {
  if (!dst.IsReg() || dst.loc.reg != g.id()) return;
  cset_ = {static_cast<uint32_t>(a_.offset()), a_.binds, g.id(), cond};
}

CondCode A64MacroAssembler::SelectCondition(const Operand& c) {
  if (c.IsReg() && c.loc.reg == cset_.reg && a_.offset() == cset_.at && a_.binds == cset_.binds)
    return cset_.cond;
  Gp rc = UseGp(c, x16);
  a_.tst(rc.w(), rc.w());  // the loads of the operands leave the flags alone
  return CondCode::kNE;
}

void A64MacroAssembler::IntExtend(const ir::Inst& in, Operand dst, Operand a) {
  Gp ra = UseGp(a, x16);
  Gp g = DstGp(dst, x16);
  const Gp out = in.type == ir::Type::kI64 ? Gp(g.x()) : Gp(g.w());
  if (in.op == Opcode::kExtend8S) a_.sxtb(out, ra.w());
  else if (in.op == Opcode::kExtend16S) a_.sxth(out, ra.w());
  else a_.sxtw(g.x(), ra.w());
  DefGp(dst, g);
}

void A64MacroAssembler::IntArith(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w64 = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w64 ? Gp(g.x()) : Gp(g.w()); };
  if (in.op == Opcode::kAddShl) {  // a + (b << imm) + disp, imm = 0..3 (backend/opt/scaled_add.cc)
    Gp ra = UseGp(a, x16);
    Gp rb = UseGp(b, x17);
    Gp g = DstGp(dst, x16);
    a_.add(R(g), R(ra), R(rb), lsl(static_cast<uint32_t>(in.imm)));
    // The mid-end folds a displacement only when the constant is not kept in a register
    // (ConstInRegister): one add/sub immediate then, else through x17 (rb is used up).
    const int64_t disp = static_cast<int32_t>(in.index);
    if (disp != 0) {
      const uint64_t mag = disp < 0 ? static_cast<uint64_t>(-disp) : static_cast<uint64_t>(disp);
      if (IsArithImm(mag)) {
        const bool hi = mag > 0xfff;
        const uint64_t imm = hi ? mag >> 12 : mag;
        if (disp > 0) { if (hi) a_.add(R(g), R(g), imm, lsl(12)); else a_.add(R(g), R(g), imm); }
        else { if (hi) a_.sub(R(g), R(g), imm, lsl(12)); else a_.sub(R(g), R(g), imm); }
      } else {
        MovImm(x17, w64 ? static_cast<uint64_t>(disp) : static_cast<uint32_t>(disp), w64);
        a_.add(R(g), R(g), R(x17));
      }
    }
    DefGp(dst, g);
    return;
  }
  if (in.op == Opcode::kOpShifted) {  // a OP (b SHIFT imm) (backend/opt/shifted_operand.cc)
    Gp ra = UseGp(a, x16);
    Gp rb = UseGp(b, x17);
    Gp g = DstGp(dst, x16);
    const uint32_t k = static_cast<uint32_t>(in.imm);
    Shift sh = lsl(k);
    switch (static_cast<Opcode>(in.index2)) {
      case Opcode::kShl: break;
      case Opcode::kShrU: sh = lsr(k); break;
      case Opcode::kShrS: sh = asr(k); break;
      case Opcode::kRotr: sh = ror(k); break;
      default: WASMC_CHECK(false && "OpShifted: shift kind");
    }
    // (asmjit's formatter prints the amount alone: the listing adds the kind from the
    // instruction word, a64_listing.cc FixUpShiftedRegister)
    a_.emit(ArithInst(static_cast<Opcode>(in.index)), R(g), R(ra), R(rb), Imm(sh));
    DefGp(dst, g);
    return;
  }
  const bool commutative = ir::IsCommutative(in.op);
  if (commutative && a.IsConst() && !b.IsConst()) std::swap(a, b);
  const uint64_t mask = w64 ? ~0ull : 0xffffffffull;
  Gp ra = UseGp(a, x16);
  Gp g = DstGp(dst, x16);
  if (b.IsConst()) {
    const uint64_t v = b.imm & mask;
    switch (in.op) {
      case Opcode::kAdd: case Opcode::kSub: {
        int64_t sv = w64 ? static_cast<int64_t>(v) : static_cast<int64_t>(static_cast<int32_t>(v));
        if (in.op == Opcode::kSub) sv = -sv;  // (INT_MIN has no immediate form either way)
        const bool add = sv >= 0;
        const uint64_t mag = add ? static_cast<uint64_t>(sv) : static_cast<uint64_t>(-sv);
        if (sv != INT64_MIN && IsArithImm(mag)) {
          const bool hi = mag > 0xfff;
          const uint64_t imm = hi ? mag >> 12 : mag;
          if (add) { if (hi) a_.add(R(g), R(ra), imm, lsl(12)); else a_.add(R(g), R(ra), imm); }
          else { if (hi) a_.sub(R(g), R(ra), imm, lsl(12)); else a_.sub(R(g), R(ra), imm); }
          DefGp(dst, g);
          return;
        }
        break;
      }
      case Opcode::kAnd: case Opcode::kOr: case Opcode::kXor:
        if (in.op == Opcode::kXor && v == mask) {  // ~x (no logical immediate is all ones)
          a_.mvn(R(g), R(ra));
          DefGp(dst, g);
          return;
        }
        if (Utils::isLogicalImm(v, w64 ? 64 : 32)) {
          if (in.op == Opcode::kAnd) a_.and_(R(g), R(ra), v);
          else if (in.op == Opcode::kOr) a_.orr(R(g), R(ra), v);
          else a_.eor(R(g), R(ra), v);
          DefGp(dst, g);
          return;
        }
        break;
      case Opcode::kMul:
        if (IsPow2(v)) {
          const uint32_t sh = static_cast<uint32_t>(__builtin_ctzll(v));
          if (sh == 0) a_.mov(R(g), R(ra));
          else a_.lsl(R(g), R(ra), sh);
          DefGp(dst, g);
          return;
        }
        if (v > 2 && IsPow2(v - 1)) {  // x * (2^k + 1) = x + (x << k): no constant, no mul
          a_.add(R(g), R(ra), R(ra), lsl(static_cast<uint32_t>(__builtin_ctzll(v - 1))));
          DefGp(dst, g);
          return;
        }
        break;
      default: break;
    }
  }
  Gp rb = UseGp(b, x17, /*zr_ok=*/true);
  a_.emit(ArithInst(in.op), R(g), R(ra), R(rb));
  DefGp(dst, g);
}

void A64MacroAssembler::IntShift(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  // AArch64 register shifts take the amount modulo the width, as wasm does.
  const bool w64 = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w64 ? Gp(g.x()) : Gp(g.w()); };
  const uint32_t bits = w64 ? 64 : 32;
  Gp ra = UseGp(a, x16);
  Gp g = DstGp(dst, x16);
  if (b.IsConst()) {
    uint32_t n = static_cast<uint32_t>(b.imm) & (bits - 1);
    if (in.op == Opcode::kRotl) n = (bits - n) & (bits - 1);
    if (n == 0) {
      a_.mov(R(g), R(ra));
    } else {
      switch (in.op) {
        case Opcode::kShl: a_.lsl(R(g), R(ra), n); break;
        case Opcode::kShrS: a_.asr(R(g), R(ra), n); break;
        case Opcode::kShrU: a_.lsr(R(g), R(ra), n); break;
        case Opcode::kRotl: case Opcode::kRotr: a_.ror(R(g), R(ra), n); break;
        default: WASMC_UNREACHABLE();
      }
    }
    DefGp(dst, g);
    return;
  }
  Gp rb = UseGp(b, x17);
  switch (in.op) {
    case Opcode::kShl: a_.lsl(R(g), R(ra), R(rb)); break;
    case Opcode::kShrS: a_.asr(R(g), R(ra), R(rb)); break;
    case Opcode::kShrU: a_.lsr(R(g), R(ra), R(rb)); break;
    case Opcode::kRotr: a_.ror(R(g), R(ra), R(rb)); break;
    case Opcode::kRotl:
      a_.neg(R(x17), R(rb));  // rotl n = rotr -n (mod width)
      a_.ror(R(g), R(ra), R(x17));
      break;
    default: WASMC_UNREACHABLE();
  }
  DefGp(dst, g);
}

void A64MacroAssembler::IntDivRem(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  // sdiv/udiv never trap (x/0 = 0, INT_MIN/-1 = INT_MIN): the checks are explicit.
  const bool w64 = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w64 ? Gp(g.x()) : Gp(g.w()); };
  const auto [is_signed, is_rem, bv] = DivRemOf(in, b);
  if (b.IsConst() && !is_signed && IsPow2(bv)) {  // unsigned by 2^k: shift / mask
    Gp ra = UseGp(a, x16);
    Gp g = DstGp(dst, x16);
    if (is_rem) {
      if (bv == 1) a_.mov(R(g), w64 ? Gp(xzr) : Gp(wzr));
      else a_.and_(R(g), R(ra), bv - 1);
    } else {
      const uint32_t sh = static_cast<uint32_t>(__builtin_ctzll(bv));
      if (sh == 0) a_.mov(R(g), R(ra));
      else a_.lsr(R(g), R(ra), sh);
    }
    DefGp(dst, g);
    return;
  }
  Gp ra = UseGp(a, x16);
  Gp rb = UseGp(b, x17);
  if (!b.IsConst()) a_.cbz(R(rb), TrapLabel(WASMC_TRAP_INT_DIV_BY_ZERO));
  else if (bv == 0) a_.b(TrapLabel(WASMC_TRAP_INT_DIV_BY_ZERO));
  const bool may_be_minus1 = !b.IsConst() || bv == (w64 ? ~0ull : 0xffffffffull);
  if (is_signed && !is_rem && may_be_minus1) {
    // b == -1 ? flags(a - 1) : nzcv = 0; V is set iff b == -1 and a == INT_MIN.
    a_.cmn(R(rb), 1);
    a_.ccmp(R(ra), 1, 0, CondCode::kEQ);
    a_.b(CondCode::kVS, TrapLabel(WASMC_TRAP_INT_OVERFLOW));
  }
  Gp g = DstGp(dst, x16);
  if (!is_rem) {
    if (is_signed) a_.sdiv(R(g), R(ra), R(rb));
    else a_.udiv(R(g), R(ra), R(rb));
  } else {
    // a - (a / b) * b; INT_MIN rem -1 gives INT_MIN - INT_MIN = 0, as wasm wants.
    if (is_signed) a_.sdiv(R(x15), R(ra), R(rb));
    else a_.udiv(R(x15), R(ra), R(rb));
    a_.msub(R(g), R(x15), R(rb), R(ra));
  }
  DefGp(dst, g);
}

void A64MacroAssembler::IntBits(const ir::Inst& in, Operand dst, Operand a) {
  const bool w64 = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w64 ? Gp(g.x()) : Gp(g.w()); };
  Gp ra = UseGp(a, x16);
  Gp g = DstGp(dst, x16);
  switch (in.op) {
    case Opcode::kClz: a_.clz(R(g), R(ra)); break;
    case Opcode::kCtz:
      a_.rbit(R(x17), R(ra));
      a_.clz(R(g), R(x17));
      break;
    case Opcode::kPopcnt:
      // Per-byte counts in the SIMD unit, then their sum.
      if (w64) a_.fmov(d30, ra.x()); else a_.fmov(s30, ra.w());
      a_.cnt(v30.b8(), v30.b8());
      a_.addv(b30, v30.b8());
      a_.fmov(g.w(), s30);
      break;
    default: WASMC_UNREACHABLE();
  }
  DefGp(dst, g);
}

void A64MacroAssembler::Select(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) {
  // c != 0 ? a : b
  if (ir::IsV128(in.type)) {
    VecSelect(dst, a, b, c);
    return;
  }
  if (c.IsConst()) {
    const Operand& pick = (c.imm & 0xffffffffu) ? a : b;
    Move({dst.loc, pick.loc, pick.imm, ir::IsFloat(in.type), ir::Is64(in.type)});
    return;
  }
  const CondCode cc = SelectCondition(c);  // the loads below leave the flags alone
  if (ir::IsFloat(in.type)) {
    Vec va = UseFp(a, v29);
    Vec vb = UseFp(b, v30);
    Vec out = DstFp(dst, v29);
    if (in.type == ir::Type::kF64) a_.fcsel(out.d(), va.d(), vb.d(), cc);
    else a_.fcsel(out.s(), va.s(), vb.s(), cc);
    DefFp(dst, out);
    return;
  }
  const bool w64 = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w64 ? Gp(g.x()) : Gp(g.w()); };
  Gp ra = UseGp(a, x16, true);
  Gp rb = UseGp(b, x17, true);
  Gp g = DstGp(dst, x16);
  a_.csel(R(g), R(ra), R(rb), cc);
  DefGp(dst, g);
}

// ---- Memory ------------------------------------------------------------------

Mem A64MacroAssembler::Address(const ir::Inst& vec, const Operand& index, uint32_t width,
                                const Gp& tmp) {
  ir::Inst in;  // as Load/Store: the absolute flag is in `sign` (index2 holds the lane)
  in.imm = vec.imm;
  in.width = static_cast<uint8_t>(width);
  in.src_type = vec.src_type;
  in.index2 = vec.sign ? 1 : 0;
  return Address(in, index, tmp);
}

Mem A64MacroAssembler::Address(const ir::Inst& in, const Operand& index, const Gp& tmp) {
  // [x27 + zext(index) + offset]: no bounds check, the reservation (any 32-bit index
  // plus any 32-bit offset) faults beyond the memory's size; memory64 indices were
  // checked by the IR. Uses x16 and `tmp`.
  const uint64_t offset = in.imm;
  const uint32_t width = in.width;
  const bool absolute = in.index2 != 0, is64 = in.src_type == ir::Type::kI64;
  const Gp base = x(kMemReg);
  auto fits = [&](uint64_t off) { return (off % width == 0 && off / width <= 4095) || off < 256; };
  if (index.IsConst()) {
    const uint64_t ea = (is64 ? index.imm : index.imm & 0xffffffffu) + offset;
    if (!absolute && fits(ea)) return ptr(base, static_cast<int32_t>(ea));
    MovImm(x16, ea, true);
    return absolute ? ptr(x16) : ptr(base, x16);
  }
  Gp ri = UseGp(index, x16);
  if (absolute) {
    if (fits(offset)) return ptr(ri.x(), static_cast<int32_t>(offset));
    if (ri.id() != x16.id()) a_.mov(x16, ri.x());
  } else if (offset == 0) {
    return is64 ? ptr(base, ri.x()) : ptr(base, ri.w(), uxtw(0));
  } else if (!is64 && cache_addresses_ && index.IsReg() && offset <= 0xffffff) {
    // x16 or x15 = x27 + zext(wN) + disp, kept for the block's later accesses through
    // wN: `[reg, #offset - disp]` while nothing wrote reg or wN and no label was bound
    // (the address check's block: derived from x27 in the block).
    ScanAddressCache();
    const uint8_t idx = index.loc.reg;
    for (AddressEntry& e : addr_cache_) {
      if (e.valid && e.index == idx && offset >= e.disp && fits(offset - e.disp)) {
        e.used = ++addr_uses_;
        return ptr(x(e.reg), static_cast<int32_t>(offset - e.disp));
      }
    }
    AddressEntry& e = !addr_cache_[0].valid ? addr_cache_[0]
                      : !addr_cache_[1].valid ? addr_cache_[1]
                      : addr_cache_[addr_cache_[0].used < addr_cache_[1].used ? 0 : 1];
    const uint64_t disp = fits(offset) ? 0 : fits(offset & 0xfff) ? offset & ~uint64_t{0xfff} : offset;
    const Gp r = x(e.reg);
    a_.add(r, base, ri.x(), uxtw(0));  // the address rule, as below
    if (disp >> 12) a_.add(r, r, disp >> 12, lsl(12));
    if (disp & 0xfff) a_.add(r, r, disp & 0xfff);
    e = AddressEntry{true, e.reg, idx, disp, ++addr_uses_};
    addr_scan_ = Offset();
    return ptr(r, static_cast<int32_t>(offset - disp));
  } else if (is64) {
    a_.add(x16, base, ri.x());  // memory64: the index was bounds-checked (docs/backend.md)
  } else {
    a_.add(x16, base, ri.x(), uxtw(0));  // add x16, x27, wN, uxtw: the address rule (docs/backend.md)
  }
  if (fits(offset)) return ptr(x16, static_cast<int32_t>(offset));
  if (offset <= 0xffffff) {
    a_.add(x16, x16, offset >> 12, lsl(12));
    const uint64_t lo = offset & 0xfff;
    if (fits(lo)) return ptr(x16, static_cast<int32_t>(lo));
    a_.add(x16, x16, lo);
    return ptr(x16);
  }
  MovImm(tmp, offset, true);
  return ptr(x16, tmp.x());
}

void A64MacroAssembler::ScanAddressCache() {
  const uint32_t now = Offset();
  bool any = addr_cache_[0].valid || addr_cache_[1].valid;
  if (a_.binds != addr_binds_) {  // a block start since: other paths reach the code
    addr_binds_ = a_.binds;
    any = false;
  }
  if (any) {
    const CodeBuffer& buf = code_.textSection()->buffer();
    for (uint32_t at = addr_scan_; at + 4 <= now && any; at += 4) {
      uint32_t w;
      std::memcpy(&w, buf.data() + at, 4);
      const uint32_t written = GprWrites(w);
      any = false;
      for (AddressEntry& e : addr_cache_) {
        if (e.valid && (((written >> e.reg) & 1) || ((written >> e.index) & 1))) e.valid = false;
        any = any || e.valid;
      }
    }
  }
  if (!any) addr_cache_[0].valid = addr_cache_[1].valid = false;
  addr_scan_ = now;
}

bool A64MacroAssembler::UpperHalfZero(uint32_t r) const {
  const CodeBuffer& buf = code_.textSection()->buffer();
  const uint32_t start = a_.bound_at;
  uint32_t at = Offset();
  for (uint32_t n = 0; n < kUpperZeroLookback && at >= start + 4; ++n) {
    at -= 4;
    uint32_t w;
    std::memcpy(&w, buf.data() + at, 4);
    if ((GprWrites(w) >> r) & 1) return ZeroExtendingWrite(w, r);
  }
  return false;
}

void A64MacroAssembler::Load(const ir::Inst& in, Operand dst, Operand addr) {
  Mem m = Address(in, addr, x17);
  if (ir::IsFloat(in.type)) {
    Vec out = DstFp(dst, v30);
    if (in.type == ir::Type::kF64) a_.ldr(out.d(), m);
    else a_.ldr(out.s(), m);
    DefFp(dst, out);
    return;
  }
  Gp g = DstGp(dst, x16);
  const bool w64 = in.type == ir::Type::kI64;
  switch (in.width) {
    case 1:
      if (!in.sign) a_.ldrb(g.w(), m);
      else if (w64) a_.ldrsb(g.x(), m);
      else a_.ldrsb(g.w(), m);
      break;
    case 2:
      if (!in.sign) a_.ldrh(g.w(), m);
      else if (w64) a_.ldrsh(g.x(), m);
      else a_.ldrsh(g.w(), m);
      break;
    case 4:
      if (w64 && in.sign) a_.ldrsw(g.x(), m);
      else a_.ldr(g.w(), m);
      break;
    case 8: a_.ldr(g.x(), m); break;
    default: WASMC_UNREACHABLE();
  }
  DefGp(dst, g);
}

void A64MacroAssembler::Store(const ir::Inst& in, Operand addr, Operand value) {
  // The value first (x17 / v30), then the address (x16, x15).
  const bool fp = ir::IsFloat(in.type);
  Vec vf;
  Gp vg;
  if (fp && !value.IsConst()) vf = UseFp(value, v30);
  else vg = UseGp(value, x17, /*zr_ok=*/true);  // float constants: their bits
  Mem m = Address(in, addr, x15);
  if (fp && !value.IsConst()) {
    if (in.width == 8) a_.str(vf.d(), m);
    else a_.str(vf.s(), m);
    return;
  }
  switch (in.width) {
    case 1: a_.strb(vg.w(), m); break;
    case 2: a_.strh(vg.w(), m); break;
    case 4: a_.str(vg.w(), m); break;
    case 8: a_.str(vg.x(), m); break;
    default: WASMC_UNREACHABLE();
  }
}

}  // namespace wasmc::a64
