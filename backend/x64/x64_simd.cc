// x86-64 lowering of the IR's vector operations (MacroAssembler::Vector, contract in
// backend/codegen/macro_assembler.h; the operations: backend/ir/vec_ops.def).
//
// CPU levels (docs/backend.md "x86-64 CPU levels"): SIMD needs x86-64-v2 (SSSE3 pshufb,
// pmaddubsw, pmulhrsw, pabs*; SSE4.1 pmovsx/zx, pminsb/d, pmulld, pinsr/pextr, ptest,
// roundps, packusdw; SSE4.2 pcmpgtq); under v3 the simple binary operations use the
// VEX three-operand forms, splats vpbroadcast and relaxed madd FMA; under v4 i64x2.mul,
// i64x2.abs, i64x2.shr_s and f32x4.convert_i32x4_u use their AVX-512VL instructions.
//
// Scratch: xmm0, xmm1, xmm15 and rax, r11 (never allocated), rcx (allocatable, but no
// value lives in it across or in a SIMD instruction: InstClobbers). A v128 slot is 16
// bytes at the first of its two 8-byte slots (movdqu: no alignment needed).
#include <cstring>

#include "backend/diag.h"
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT: register names
using ir::VecOp;
using regalloc::Location;

namespace {

// dst = a OP b with one SSE instruction (`op dst, src`) or its VEX form; `swap`: the
// instruction computes b OP a (pandn, the reversed compares, pmin/pmax).
struct BinaryOp {
  VecOp op;
  InstId sse, avx;
  bool swap;
};

constexpr BinaryOp kBinary[] = {
    {VecOp::kI8x16Add, Inst::kIdPaddb, Inst::kIdVpaddb, false},
    {VecOp::kI8x16Sub, Inst::kIdPsubb, Inst::kIdVpsubb, false},
    {VecOp::kI8x16AddSatS, Inst::kIdPaddsb, Inst::kIdVpaddsb, false},
    {VecOp::kI8x16AddSatU, Inst::kIdPaddusb, Inst::kIdVpaddusb, false},
    {VecOp::kI8x16SubSatS, Inst::kIdPsubsb, Inst::kIdVpsubsb, false},
    {VecOp::kI8x16SubSatU, Inst::kIdPsubusb, Inst::kIdVpsubusb, false},
    {VecOp::kI8x16MinS, Inst::kIdPminsb, Inst::kIdVpminsb, false},
    {VecOp::kI8x16MinU, Inst::kIdPminub, Inst::kIdVpminub, false},
    {VecOp::kI8x16MaxS, Inst::kIdPmaxsb, Inst::kIdVpmaxsb, false},
    {VecOp::kI8x16MaxU, Inst::kIdPmaxub, Inst::kIdVpmaxub, false},
    {VecOp::kI8x16AvgrU, Inst::kIdPavgb, Inst::kIdVpavgb, false},
    {VecOp::kI8x16Eq, Inst::kIdPcmpeqb, Inst::kIdVpcmpeqb, false},
    {VecOp::kI8x16GtS, Inst::kIdPcmpgtb, Inst::kIdVpcmpgtb, false},
    {VecOp::kI8x16LtS, Inst::kIdPcmpgtb, Inst::kIdVpcmpgtb, true},
    {VecOp::kI8x16NarrowI16x8S, Inst::kIdPacksswb, Inst::kIdVpacksswb, false},
    {VecOp::kI8x16NarrowI16x8U, Inst::kIdPackuswb, Inst::kIdVpackuswb, false},
    {VecOp::kI16x8Add, Inst::kIdPaddw, Inst::kIdVpaddw, false},
    {VecOp::kI16x8Sub, Inst::kIdPsubw, Inst::kIdVpsubw, false},
    {VecOp::kI16x8AddSatS, Inst::kIdPaddsw, Inst::kIdVpaddsw, false},
    {VecOp::kI16x8AddSatU, Inst::kIdPaddusw, Inst::kIdVpaddusw, false},
    {VecOp::kI16x8SubSatS, Inst::kIdPsubsw, Inst::kIdVpsubsw, false},
    {VecOp::kI16x8SubSatU, Inst::kIdPsubusw, Inst::kIdVpsubusw, false},
    {VecOp::kI16x8MinS, Inst::kIdPminsw, Inst::kIdVpminsw, false},
    {VecOp::kI16x8MinU, Inst::kIdPminuw, Inst::kIdVpminuw, false},
    {VecOp::kI16x8MaxS, Inst::kIdPmaxsw, Inst::kIdVpmaxsw, false},
    {VecOp::kI16x8MaxU, Inst::kIdPmaxuw, Inst::kIdVpmaxuw, false},
    {VecOp::kI16x8AvgrU, Inst::kIdPavgw, Inst::kIdVpavgw, false},
    {VecOp::kI16x8Mul, Inst::kIdPmullw, Inst::kIdVpmullw, false},
    {VecOp::kI16x8Eq, Inst::kIdPcmpeqw, Inst::kIdVpcmpeqw, false},
    {VecOp::kI16x8GtS, Inst::kIdPcmpgtw, Inst::kIdVpcmpgtw, false},
    {VecOp::kI16x8LtS, Inst::kIdPcmpgtw, Inst::kIdVpcmpgtw, true},
    {VecOp::kI16x8NarrowI32x4S, Inst::kIdPackssdw, Inst::kIdVpackssdw, false},
    {VecOp::kI16x8NarrowI32x4U, Inst::kIdPackusdw, Inst::kIdVpackusdw, false},
    {VecOp::kI16x8RelaxedQ15mulrS, Inst::kIdPmulhrsw, Inst::kIdVpmulhrsw, false},
    // pmaddubsw multiplies its first operand's unsigned bytes by the second's signed ones.
    {VecOp::kI16x8RelaxedDotI8x16I7x16S, Inst::kIdPmaddubsw, Inst::kIdVpmaddubsw, true},
    {VecOp::kI32x4Add, Inst::kIdPaddd, Inst::kIdVpaddd, false},
    {VecOp::kI32x4Sub, Inst::kIdPsubd, Inst::kIdVpsubd, false},
    {VecOp::kI32x4Mul, Inst::kIdPmulld, Inst::kIdVpmulld, false},
    {VecOp::kI32x4MinS, Inst::kIdPminsd, Inst::kIdVpminsd, false},
    {VecOp::kI32x4MinU, Inst::kIdPminud, Inst::kIdVpminud, false},
    {VecOp::kI32x4MaxS, Inst::kIdPmaxsd, Inst::kIdVpmaxsd, false},
    {VecOp::kI32x4MaxU, Inst::kIdPmaxud, Inst::kIdVpmaxud, false},
    {VecOp::kI32x4Eq, Inst::kIdPcmpeqd, Inst::kIdVpcmpeqd, false},
    {VecOp::kI32x4GtS, Inst::kIdPcmpgtd, Inst::kIdVpcmpgtd, false},
    {VecOp::kI32x4LtS, Inst::kIdPcmpgtd, Inst::kIdVpcmpgtd, true},
    {VecOp::kI32x4DotI16x8S, Inst::kIdPmaddwd, Inst::kIdVpmaddwd, false},
    {VecOp::kI64x2Add, Inst::kIdPaddq, Inst::kIdVpaddq, false},
    {VecOp::kI64x2Sub, Inst::kIdPsubq, Inst::kIdVpsubq, false},
    {VecOp::kI64x2Eq, Inst::kIdPcmpeqq, Inst::kIdVpcmpeqq, false},
    {VecOp::kI64x2GtS, Inst::kIdPcmpgtq, Inst::kIdVpcmpgtq, false},
    {VecOp::kI64x2LtS, Inst::kIdPcmpgtq, Inst::kIdVpcmpgtq, true},
    {VecOp::kF32x4Add, Inst::kIdAddps, Inst::kIdVaddps, false},
    {VecOp::kF32x4Sub, Inst::kIdSubps, Inst::kIdVsubps, false},
    {VecOp::kF32x4Mul, Inst::kIdMulps, Inst::kIdVmulps, false},
    {VecOp::kF32x4Div, Inst::kIdDivps, Inst::kIdVdivps, false},
    // minps d, s = d < s ? d : s, so pmin(a, b) = b < a ? b : a is minps b, a.
    {VecOp::kF32x4Pmin, Inst::kIdMinps, Inst::kIdVminps, true},
    {VecOp::kF32x4Pmax, Inst::kIdMaxps, Inst::kIdVmaxps, true},
    {VecOp::kF32x4RelaxedMin, Inst::kIdMinps, Inst::kIdVminps, false},
    {VecOp::kF32x4RelaxedMax, Inst::kIdMaxps, Inst::kIdVmaxps, false},
    {VecOp::kF64x2Add, Inst::kIdAddpd, Inst::kIdVaddpd, false},
    {VecOp::kF64x2Sub, Inst::kIdSubpd, Inst::kIdVsubpd, false},
    {VecOp::kF64x2Mul, Inst::kIdMulpd, Inst::kIdVmulpd, false},
    {VecOp::kF64x2Div, Inst::kIdDivpd, Inst::kIdVdivpd, false},
    {VecOp::kF64x2Pmin, Inst::kIdMinpd, Inst::kIdVminpd, true},
    {VecOp::kF64x2Pmax, Inst::kIdMaxpd, Inst::kIdVmaxpd, true},
    {VecOp::kF64x2RelaxedMin, Inst::kIdMinpd, Inst::kIdVminpd, false},
    {VecOp::kF64x2RelaxedMax, Inst::kIdMaxpd, Inst::kIdVmaxpd, false},
    {VecOp::kV128And, Inst::kIdPand, Inst::kIdVpand, false},
    {VecOp::kV128Or, Inst::kIdPor, Inst::kIdVpor, false},
    {VecOp::kV128Xor, Inst::kIdPxor, Inst::kIdVpxor, false},
    {VecOp::kV128Andnot, Inst::kIdPandn, Inst::kIdVpandn, true},  // pandn d, s = ~d & s
};

// One-operand instructions `op dst, src` (dst = f(src)); `high`: first move the
// source's high 8 bytes down (the extend_high forms).
struct UnaryOp {
  VecOp op;
  InstId id;
  bool high;
};

constexpr UnaryOp kUnary[] = {
    {VecOp::kI8x16Abs, Inst::kIdPabsb, false},
    {VecOp::kI16x8Abs, Inst::kIdPabsw, false},
    {VecOp::kI32x4Abs, Inst::kIdPabsd, false},
    {VecOp::kF32x4Sqrt, Inst::kIdSqrtps, false},
    {VecOp::kF64x2Sqrt, Inst::kIdSqrtpd, false},
    {VecOp::kF32x4ConvertI32x4S, Inst::kIdCvtdq2ps, false},
    {VecOp::kF64x2ConvertLowI32x4S, Inst::kIdCvtdq2pd, false},
    {VecOp::kF32x4DemoteF64x2Zero, Inst::kIdCvtpd2ps, false},
    {VecOp::kF64x2PromoteLowF32x4, Inst::kIdCvtps2pd, false},
    {VecOp::kI16x8ExtendLowI8x16S, Inst::kIdPmovsxbw, false},
    {VecOp::kI16x8ExtendLowI8x16U, Inst::kIdPmovzxbw, false},
    {VecOp::kI32x4ExtendLowI16x8S, Inst::kIdPmovsxwd, false},
    {VecOp::kI32x4ExtendLowI16x8U, Inst::kIdPmovzxwd, false},
    {VecOp::kI64x2ExtendLowI32x4S, Inst::kIdPmovsxdq, false},
    {VecOp::kI64x2ExtendLowI32x4U, Inst::kIdPmovzxdq, false},
    {VecOp::kI16x8ExtendHighI8x16S, Inst::kIdPmovsxbw, true},
    {VecOp::kI16x8ExtendHighI8x16U, Inst::kIdPmovzxbw, true},
    {VecOp::kI32x4ExtendHighI16x8S, Inst::kIdPmovsxwd, true},
    {VecOp::kI32x4ExtendHighI16x8U, Inst::kIdPmovzxwd, true},
    {VecOp::kI64x2ExtendHighI32x4S, Inst::kIdPmovsxdq, true},
    {VecOp::kI64x2ExtendHighI32x4U, Inst::kIdPmovzxdq, true},
};

template <typename T, size_t N>
const T* Find(const T (&table)[N], VecOp op) {
  for (const T& e : table)
    if (e.op == op) return &e;
  return nullptr;
}

uint64_t Splat8(uint8_t b) { return 0x0101010101010101ull * b; }
uint64_t Splat16(uint16_t h) { return 0x0001000100010001ull * h; }
uint64_t Splat32(uint32_t w) { return 0x0000000100000001ull * w; }

}  // namespace

// ---- Operands ----------------------------------------------------------------

Mem X64MacroAssembler::VSlot(const Operand& o) const { return SlotMem(o.loc.slot).cloneResized(16); }

Xmm X64MacroAssembler::VUse(const Operand& o, const Xmm& scratch) {
  if (o.IsReg()) return xmm(o.loc.reg);
  WASMC_CHECK(o.loc.kind == Location::kSlot && "v128 operand without a location");
  a_.movdqu(scratch, VSlot(o));
  return scratch;
}

void X64MacroAssembler::VCopy(const Xmm& d, const Operand& o) {
  if (o.IsReg()) {
    if (o.loc.reg != d.id()) a_.movaps(d, xmm(o.loc.reg));
  } else {
    WASMC_CHECK(o.loc.kind == Location::kSlot && "v128 operand without a location");
    a_.movdqu(d, VSlot(o));
  }
}

void X64MacroAssembler::VDef(const Operand& dst, const Xmm& x) {
  if (dst.IsReg()) {
    if (dst.loc.reg != x.id()) a_.movaps(xmm(dst.loc.reg), x);
  } else if (dst.loc.kind == Location::kSlot) {
    a_.movdqu(VSlot(dst), x);
  }
}

Xmm X64MacroAssembler::VDst(const Operand& dst, const Operand& keep) const {
  if (dst.IsReg() && !(keep.IsReg() && keep.loc.reg == dst.loc.reg)) return xmm(dst.loc.reg);
  return xmm0;
}

Mem X64MacroAssembler::VConst(uint64_t lo, uint64_t hi) {
  auto [it, fresh] = vconsts_.try_emplace({lo, hi});
  if (fresh) it->second = a_.newLabel();
  return xmmword_ptr(it->second);
}

void X64MacroAssembler::VLoadConst(const Xmm& d, uint64_t lo, uint64_t hi) {
  if (lo == 0 && hi == 0) a_.pxor(d, d);
  else if (lo == ~0ull && hi == ~0ull) a_.pcmpeqd(d, d);
  else a_.movdqu(d, VConst(lo, hi));
}

void X64MacroAssembler::VBinary(InstId sse, InstId avx, const Operand& dst, const Operand& x,
                                const Operand& y) {
  if (cpu_.avx) {
    Xmm xx = VUse(x, xmm0), yy = VUse(y, xmm1);
    Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
    a_.emit(avx, d, xx, yy);
    VDef(dst, d);
    return;
  }
  Xmm yy = VUse(y, xmm1);
  const bool same = x.IsReg() && y.IsReg() && x.loc.reg == y.loc.reg;
  Xmm d = same && dst.IsReg() ? xmm(dst.loc.reg) : VDst(dst, y);
  VCopy(d, x);
  a_.emit(sse, d, same ? d : yy);
  VDef(dst, d);
}

void X64MacroAssembler::VNot(const Xmm& d) {
  a_.pcmpeqd(xmm15, xmm15);
  a_.pxor(d, xmm15);
}

// ---- Vector --------------------------------------------------------------------

void X64MacroAssembler::Vector(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) {
  if (!cpu_.ssse3_sse41) {
    if (error_.empty())
      error_ = "SIMD (v128) on x86_64-linux needs --cpu=x86-64-v2 or higher (SSSE3, SSE4.1, "
               "SSE4.2), not --cpu=x86-64";
    return;
  }
  if (in.op == ir::Opcode::kVecLoad) return VecLoad(in, dst, a, b);
  if (in.op == ir::Opcode::kVecStore) return VecStore(in, a, b);
  const VecOp op = ir::VecOpOf(in);
  if (const BinaryOp* e = Find(kBinary, op)) {
    if (e->swap) VBinary(e->sse, e->avx, dst, b, a);
    else VBinary(e->sse, e->avx, dst, a, b);
    return;
  }
  if (const UnaryOp* e = Find(kUnary, op)) {
    Xmm x = VUse(a, xmm1);
    if (e->high) {
      a_.pshufd(xmm0, x, 0xee);  // bytes 8..15 down
      x = xmm0;
    }
    Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
    a_.emit(e->id, d, x);
    VDef(dst, d);
    return;
  }
  if (VecCompare(op, dst, a, b) || VecLanes(in, dst, a, b) || VecShift(op, dst, a, b) ||
      VecFloat(op, dst, a, b, c) || VecInteger(op, dst, a, b, c))
    return;
  WASMC_CHECK(false && "vector operation without an x86-64 lowering");
}

// Compares that are not one instruction: Ne and the orderings built from Eq/Gt/min/max.
bool X64MacroAssembler::VecCompare(VecOp op, const Operand& dst, const Operand& a, const Operand& b) {
  // Per lane width: the op's family and which derived form it is.
  enum Form { kNe, kLeS, kGeS, kLtU, kGtU, kLeU, kGeU };
  struct Derived {
    VecOp op;
    int width;  // 0: i8, 1: i16, 2: i32, 3: i64
    Form form;
  };
  static constexpr Derived kDerived[] = {
      {VecOp::kI8x16Ne, 0, kNe},   {VecOp::kI8x16LeS, 0, kLeS}, {VecOp::kI8x16GeS, 0, kGeS},
      {VecOp::kI8x16LtU, 0, kLtU}, {VecOp::kI8x16GtU, 0, kGtU}, {VecOp::kI8x16LeU, 0, kLeU},
      {VecOp::kI8x16GeU, 0, kGeU}, {VecOp::kI16x8Ne, 1, kNe},   {VecOp::kI16x8LeS, 1, kLeS},
      {VecOp::kI16x8GeS, 1, kGeS}, {VecOp::kI16x8LtU, 1, kLtU}, {VecOp::kI16x8GtU, 1, kGtU},
      {VecOp::kI16x8LeU, 1, kLeU}, {VecOp::kI16x8GeU, 1, kGeU}, {VecOp::kI32x4Ne, 2, kNe},
      {VecOp::kI32x4LeS, 2, kLeS}, {VecOp::kI32x4GeS, 2, kGeS}, {VecOp::kI32x4LtU, 2, kLtU},
      {VecOp::kI32x4GtU, 2, kGtU}, {VecOp::kI32x4LeU, 2, kLeU}, {VecOp::kI32x4GeU, 2, kGeU},
      {VecOp::kI64x2Ne, 3, kNe},   {VecOp::kI64x2LeS, 3, kLeS}, {VecOp::kI64x2GeS, 3, kGeS},
  };
  static constexpr InstId kEq[] = {Inst::kIdPcmpeqb, Inst::kIdPcmpeqw, Inst::kIdPcmpeqd, Inst::kIdPcmpeqq};
  static constexpr InstId kGt[] = {Inst::kIdPcmpgtb, Inst::kIdPcmpgtw, Inst::kIdPcmpgtd, Inst::kIdPcmpgtq};
  static constexpr InstId kMinU[] = {Inst::kIdPminub, Inst::kIdPminuw, Inst::kIdPminud};
  static constexpr InstId kMaxU[] = {Inst::kIdPmaxub, Inst::kIdPmaxuw, Inst::kIdPmaxud};
  // Floats: cmpps/cmppd predicates (EQ_OQ 0, LT_OS 1, LE_OS 2, NEQ_UQ 4), Gt/Ge swapped.
  struct FCmp {
    VecOp op;
    bool f64;
    uint8_t pred;
    bool swap;
  };
  static constexpr FCmp kFloat[] = {
      {VecOp::kF32x4Eq, false, 0, false}, {VecOp::kF32x4Ne, false, 4, false},
      {VecOp::kF32x4Lt, false, 1, false}, {VecOp::kF32x4Le, false, 2, false},
      {VecOp::kF32x4Gt, false, 1, true},  {VecOp::kF32x4Ge, false, 2, true},
      {VecOp::kF64x2Eq, true, 0, false},  {VecOp::kF64x2Ne, true, 4, false},
      {VecOp::kF64x2Lt, true, 1, false},  {VecOp::kF64x2Le, true, 2, false},
      {VecOp::kF64x2Gt, true, 1, true},   {VecOp::kF64x2Ge, true, 2, true},
  };
  for (const FCmp& f : kFloat) {
    if (f.op != op) continue;
    const Operand& x = f.swap ? b : a;
    const Operand& y = f.swap ? a : b;
    Xmm yy = VUse(y, xmm1);
    a_.movaps(xmm0, yy);  // (y may be the destination register)
    VCopy(xmm15, x);
    if (f.f64) a_.cmppd(xmm15, xmm0, f.pred);
    else a_.cmpps(xmm15, xmm0, f.pred);
    VDef(dst, xmm15);
    return true;
  }
  const Derived* d = nullptr;
  for (const Derived& e : kDerived)
    if (e.op == op) d = &e;
  if (!d) return false;
  const int w = d->width;
  VCopy(xmm0, a);
  VCopy(xmm1, b);
  bool invert = false;
  switch (d->form) {
    case kNe: a_.emit(kEq[w], xmm0, xmm1); invert = true; break;
    case kLeS: a_.emit(kGt[w], xmm0, xmm1); invert = true; break;          // !(a > b)
    case kGeS: a_.emit(kGt[w], xmm1, xmm0); a_.movaps(xmm0, xmm1); invert = true; break;  // !(b > a)
    case kLeU: case kGtU:  // a <= b  <=>  min(a, b) == a
      a_.movaps(xmm15, xmm0);
      a_.emit(kMinU[w], xmm15, xmm1);
      a_.emit(kEq[w], xmm0, xmm15);
      invert = d->form == kGtU;
      break;
    case kGeU: case kLtU:  // a >= b  <=>  max(a, b) == a
      a_.movaps(xmm15, xmm0);
      a_.emit(kMaxU[w], xmm15, xmm1);
      a_.emit(kEq[w], xmm0, xmm15);
      invert = d->form == kLtU;
      break;
  }
  if (invert) VNot(xmm0);
  VDef(dst, xmm0);
  return true;
}

// Splat, extract/replace lane, shuffle, swizzle, constants, any/all true, bitmask.
bool X64MacroAssembler::VecLanes(const ir::Inst& in, const Operand& dst, const Operand& a,
                                 const Operand& b) {
  const VecOp op = ir::VecOpOf(in);
  const uint8_t lane = static_cast<uint8_t>(in.index2);
  switch (op) {
    case VecOp::kV128Const: {
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      VLoadConst(d, in.imm, in.imm_hi);
      VDef(dst, d);
      return true;
    }
    case VecOp::kI8x16Splat: case VecOp::kI16x8Splat: case VecOp::kI32x4Splat:
    case VecOp::kI64x2Splat: {
      Gp g = UseGp(a, rax);
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      if (op == VecOp::kI64x2Splat) a_.movq(d, g.r64());
      else a_.movd(d, g.r32());
      if (cpu_.avx2) {
        const InstId id = op == VecOp::kI8x16Splat   ? Inst::kIdVpbroadcastb
                          : op == VecOp::kI16x8Splat ? Inst::kIdVpbroadcastw
                          : op == VecOp::kI32x4Splat ? Inst::kIdVpbroadcastd
                                                     : Inst::kIdVpbroadcastq;
        a_.emit(id, d, d);
      } else if (op == VecOp::kI8x16Splat) {
        a_.pxor(xmm15, xmm15);
        a_.pshufb(d, xmm15);
      } else if (op == VecOp::kI16x8Splat) {
        a_.pshuflw(d, d, 0);
        a_.pshufd(d, d, 0);
      } else if (op == VecOp::kI32x4Splat) {
        a_.pshufd(d, d, 0);
      } else {
        a_.punpcklqdq(d, d);
      }
      VDef(dst, d);
      return true;
    }
    case VecOp::kF32x4Splat: case VecOp::kF64x2Splat: {
      Xmm s = UseXmm(a, xmm1);
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      if (op == VecOp::kF32x4Splat) {
        if (d.id() != s.id()) a_.movaps(d, s);
        a_.shufps(d, d, 0);
      } else {
        a_.movddup(d, s);
      }
      VDef(dst, d);
      return true;
    }
    case VecOp::kI8x16ExtractLaneS: case VecOp::kI8x16ExtractLaneU: case VecOp::kI16x8ExtractLaneS:
    case VecOp::kI16x8ExtractLaneU: case VecOp::kI32x4ExtractLane: case VecOp::kI64x2ExtractLane: {
      Xmm x = VUse(a, xmm0);
      Gp g = DstGp(dst, rax);
      switch (op) {
        case VecOp::kI8x16ExtractLaneS: a_.pextrb(g.r32(), x, lane); a_.movsx(g.r32(), g.r8()); break;
        case VecOp::kI8x16ExtractLaneU: a_.pextrb(g.r32(), x, lane); break;
        case VecOp::kI16x8ExtractLaneS: a_.pextrw(g.r32(), x, lane); a_.movsx(g.r32(), g.r16()); break;
        case VecOp::kI16x8ExtractLaneU: a_.pextrw(g.r32(), x, lane); break;
        case VecOp::kI32x4ExtractLane:
          if (lane == 0) a_.movd(g.r32(), x);
          else a_.pextrd(g.r32(), x, lane);
          break;
        default:
          if (lane == 0) a_.movq(g.r64(), x);
          else a_.pextrq(g.r64(), x, lane);
          break;
      }
      DefGp(dst, g);
      return true;
    }
    case VecOp::kF32x4ExtractLane: case VecOp::kF64x2ExtractLane: {
      Xmm x = VUse(a, xmm1);
      Xmm d = DstXmm(dst, xmm0);
      if (lane == 0) {
        if (d.id() != x.id()) a_.movaps(d, x);
      } else if (op == VecOp::kF32x4ExtractLane) {
        a_.pshufd(d, x, lane);  // lane `lane` to lane 0
      } else {
        a_.pshufd(d, x, 0xee);
      }
      DefXmm(dst, d);
      return true;
    }
    case VecOp::kI8x16ReplaceLane: case VecOp::kI16x8ReplaceLane: case VecOp::kI32x4ReplaceLane:
    case VecOp::kI64x2ReplaceLane: {
      Gp g = UseGp(b, rax);
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      VCopy(d, a);
      switch (op) {
        case VecOp::kI8x16ReplaceLane: a_.pinsrb(d, g.r32(), lane); break;
        case VecOp::kI16x8ReplaceLane: a_.pinsrw(d, g.r32(), lane); break;
        case VecOp::kI32x4ReplaceLane: a_.pinsrd(d, g.r32(), lane); break;
        default: a_.pinsrq(d, g.r64(), lane); break;
      }
      VDef(dst, d);
      return true;
    }
    case VecOp::kF32x4ReplaceLane: case VecOp::kF64x2ReplaceLane: {
      Xmm s = UseXmm(b, xmm1);
      Xmm d = VDst(dst, b);  // b may share dst's register when it dies here
      VCopy(d, a);
      if (op == VecOp::kF32x4ReplaceLane) a_.insertps(d, s, static_cast<uint32_t>(lane) << 4);
      else if (lane == 0) a_.movsd(d, s);
      else a_.movlhps(d, s);
      VDef(dst, d);
      return true;
    }
    case VecOp::kI8x16Shuffle: {
      uint8_t sel[16], ma[16], mb[16];
      std::memcpy(sel, &in.imm, 8);
      std::memcpy(sel + 8, &in.imm_hi, 8);
      bool any_a = false, any_b = false;
      for (int k = 0; k < 16; ++k) {
        ma[k] = sel[k] < 16 ? sel[k] : 0x80;
        mb[k] = sel[k] >= 16 ? sel[k] - 16 : 0x80;
        any_a |= sel[k] < 16;
        any_b |= sel[k] >= 16;
      }
      uint64_t w[4];
      std::memcpy(w, ma, 16);
      std::memcpy(w + 2, mb, 16);
      if (any_a) {
        VCopy(xmm0, a);
        a_.pshufb(xmm0, VConst(w[0], w[1]));
      }
      if (any_b) {
        VCopy(xmm1, b);
        a_.pshufb(xmm1, VConst(w[2], w[3]));
        if (any_a) a_.por(xmm0, xmm1);
        else a_.movaps(xmm0, xmm1);
      }
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI8x16Swizzle: case VecOp::kI8x16RelaxedSwizzle: {
      // Indices >= 16 get their top bit set by a saturating + 0x70, so pshufb gives 0.
      VCopy(xmm1, b);
      a_.paddusb(xmm1, VConst(Splat8(0x70), Splat8(0x70)));
      VCopy(xmm0, a);
      a_.pshufb(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kV128AnyTrue: case VecOp::kI8x16AllTrue: case VecOp::kI16x8AllTrue:
    case VecOp::kI32x4AllTrue: case VecOp::kI64x2AllTrue: {
      // any_true: some bit set; all_true: no lane equal to zero.
      Xmm t = VUse(a, xmm1);
      const bool any = op == VecOp::kV128AnyTrue;
      if (!any) {
        a_.pxor(xmm0, xmm0);
        a_.emit(op == VecOp::kI8x16AllTrue   ? Inst::kIdPcmpeqb
                : op == VecOp::kI16x8AllTrue ? Inst::kIdPcmpeqw
                : op == VecOp::kI32x4AllTrue ? Inst::kIdPcmpeqd
                                             : Inst::kIdPcmpeqq,
                xmm0, t);  // all-ones in the lanes that are zero
        t = xmm0;
      }
      a_.xor_(eax, eax);
      a_.ptest(t, t);
      if (any) a_.setnz(al);
      else a_.setz(al);
      DefGp(dst, rax);
      return true;
    }
    case VecOp::kI8x16Bitmask: case VecOp::kI16x8Bitmask: case VecOp::kI32x4Bitmask:
    case VecOp::kI64x2Bitmask: {
      Xmm x = VUse(a, xmm0);
      if (op == VecOp::kI8x16Bitmask) {
        a_.pmovmskb(eax, x);
      } else if (op == VecOp::kI16x8Bitmask) {
        if (x.id() != xmm0.id()) a_.movaps(xmm0, x);
        a_.packsswb(xmm0, xmm0);  // each lane's sign into a byte, twice
        a_.pmovmskb(eax, xmm0);
        a_.movzx(eax, al);
      } else if (op == VecOp::kI32x4Bitmask) {
        a_.movmskps(eax, x);
      } else {
        a_.movmskpd(eax, x);
      }
      DefGp(dst, rax);
      return true;
    }
    default: return false;
  }
}

// Shifts: the count modulo the lane width; i8x16 through 16-bit shifts, i64x2.shr_s
// through a logical shift and the sign trick (before AVX-512).
bool X64MacroAssembler::VecShift(VecOp op, const Operand& dst, const Operand& a, const Operand& b) {
  struct Shift {
    VecOp op;
    int bits;
    InstId id;  // the 16/32/64-bit shift (i8x16: the 16-bit one)
  };
  static constexpr Shift kShifts[] = {
      {VecOp::kI8x16Shl, 8, Inst::kIdPsllw},   {VecOp::kI8x16ShrS, 8, Inst::kIdPsraw},
      {VecOp::kI8x16ShrU, 8, Inst::kIdPsrlw},  {VecOp::kI16x8Shl, 16, Inst::kIdPsllw},
      {VecOp::kI16x8ShrS, 16, Inst::kIdPsraw}, {VecOp::kI16x8ShrU, 16, Inst::kIdPsrlw},
      {VecOp::kI32x4Shl, 32, Inst::kIdPslld},  {VecOp::kI32x4ShrS, 32, Inst::kIdPsrad},
      {VecOp::kI32x4ShrU, 32, Inst::kIdPsrld}, {VecOp::kI64x2Shl, 64, Inst::kIdPsllq},
      {VecOp::kI64x2ShrS, 64, Inst::kIdPsrlq}, {VecOp::kI64x2ShrU, 64, Inst::kIdPsrlq},
  };
  const Shift* s = Find(kShifts, op);
  if (!s) return false;
  const uint32_t mask = static_cast<uint32_t>(s->bits - 1);
  // The count in ecx (masked) and in xmm15's low 64 bits.
  const bool konst = b.IsConst();
  const uint32_t n = static_cast<uint32_t>(b.imm) & mask;
  auto count_to = [&](const Xmm& x, uint32_t add) {
    if (konst) {
      a_.mov(ecx, n + add);
    } else {
      Gp g = UseGp(b, rcx);
      if (g.id() != rcx.id()) a_.mov(ecx, g.r32());
      a_.and_(ecx, mask);
      if (add) a_.add(ecx, add);
    }
    a_.movd(x, ecx);
  };
  if (s->bits == 8 && op == VecOp::kI8x16ShrS) {
    // Each byte as the high byte of a word, arithmetic shift by n + 8, then pack.
    count_to(xmm15, 8);
    VCopy(xmm0, a);
    a_.movaps(xmm1, xmm0);
    a_.punpcklbw(xmm0, xmm0);
    a_.punpckhbw(xmm1, xmm1);
    a_.psraw(xmm0, xmm15);
    a_.psraw(xmm1, xmm15);
    a_.packsswb(xmm0, xmm1);
    VDef(dst, xmm0);
    return true;
  }
  if (s->bits == 8) {
    // 16-bit shift, then clear the bits that crossed from the neighbouring byte.
    count_to(xmm1, 0);
    a_.mov(eax, 0xff);
    if (op == VecOp::kI8x16Shl) a_.shl(al, cl);  // (0xff << n) & 0xff
    else a_.shr(eax, cl);
    a_.imul(eax, eax, 0x01010101);
    a_.movd(xmm15, eax);
    a_.pshufd(xmm15, xmm15, 0);
    VCopy(xmm0, a);
    a_.emit(s->id, xmm0, xmm1);
    a_.pand(xmm0, xmm15);
    VDef(dst, xmm0);
    return true;
  }
  if (op == VecOp::kI64x2ShrS && !cpu_.avx512) {
    // (x >>u n) ^ m - m with m = 2^63 >>u n sign-extends the shifted value.
    count_to(xmm1, 0);
    a_.mov(rax, 0x8000000000000000ull);
    a_.shr(rax, cl);
    a_.movq(xmm15, rax);
    a_.punpcklqdq(xmm15, xmm15);
    VCopy(xmm0, a);
    a_.psrlq(xmm0, xmm1);
    a_.pxor(xmm0, xmm15);
    a_.psubq(xmm0, xmm15);
    VDef(dst, xmm0);
    return true;
  }
  Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
  if (konst) {
    VCopy(d, a);
    if (op == VecOp::kI64x2ShrS) a_.vpsraq(d, d, n);
    else a_.emit(s->id, d, Imm(n));
  } else {
    count_to(xmm15, 0);
    VCopy(d, a);
    if (op == VecOp::kI64x2ShrS) a_.vpsraq(d, d, xmm15);
    else a_.emit(s->id, d, xmm15);
  }
  VDef(dst, d);
  return true;
}

// Float lanes: abs, neg, rounding, min/max, conversions with fix-ups, relaxed madd.
bool X64MacroAssembler::VecFloat(VecOp op, const Operand& dst, const Operand& a, const Operand& b,
                                 const Operand& c) {
  const uint64_t kF32Sign = Splat32(0x80000000u), kF64Sign = 0x8000000000000000ull;
  switch (op) {
    case VecOp::kF32x4Abs: case VecOp::kF64x2Abs: case VecOp::kF32x4Neg: case VecOp::kF64x2Neg: {
      const bool f64 = op == VecOp::kF64x2Abs || op == VecOp::kF64x2Neg;
      const bool abs = op == VecOp::kF32x4Abs || op == VecOp::kF64x2Abs;
      const uint64_t sign = f64 ? kF64Sign : kF32Sign;
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      VCopy(d, a);
      if (abs) a_.andps(d, VConst(~sign, ~sign));
      else a_.xorps(d, VConst(sign, sign));
      VDef(dst, d);
      return true;
    }
    case VecOp::kF32x4Ceil: case VecOp::kF32x4Floor: case VecOp::kF32x4Trunc: case VecOp::kF32x4Nearest:
    case VecOp::kF64x2Ceil: case VecOp::kF64x2Floor: case VecOp::kF64x2Trunc: case VecOp::kF64x2Nearest: {
      // roundps/pd modes: 0 nearest even, 1 down, 2 up, 3 toward zero; 8: no precision exception.
      const uint32_t mode = (op == VecOp::kF32x4Nearest || op == VecOp::kF64x2Nearest) ? 0
                            : (op == VecOp::kF32x4Floor || op == VecOp::kF64x2Floor)   ? 1
                            : (op == VecOp::kF32x4Ceil || op == VecOp::kF64x2Ceil)     ? 2 : 3;
      const bool f64 = op == VecOp::kF64x2Ceil || op == VecOp::kF64x2Floor ||
                       op == VecOp::kF64x2Trunc || op == VecOp::kF64x2Nearest;
      Xmm x = VUse(a, xmm1);
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      if (f64) a_.roundpd(d, x, mode | 8);
      else a_.roundps(d, x, mode | 8);
      VDef(dst, d);
      return true;
    }
    case VecOp::kF32x4Min: case VecOp::kF32x4Max: case VecOp::kF64x2Min: case VecOp::kF64x2Max: {
      // t = op(a, b), u = op(b, a) differ only for NaNs and zeros of both signs: min
      // ORs them (-0 wins), max ANDs them (+0 wins); NaN lanes (unordered t, u) become
      // all ones, then the payload below the quiet bit is cleared: a canonical NaN.
      const bool f64 = op == VecOp::kF64x2Min || op == VecOp::kF64x2Max;
      const bool min = op == VecOp::kF32x4Min || op == VecOp::kF64x2Min;
      VCopy(xmm0, a);
      VCopy(xmm1, b);
      a_.movaps(xmm15, xmm0);
      if (f64) {
        a_.emit(min ? Inst::kIdMinpd : Inst::kIdMaxpd, xmm15, xmm1);
        a_.emit(min ? Inst::kIdMinpd : Inst::kIdMaxpd, xmm1, xmm0);
        a_.movaps(xmm0, xmm15);
        a_.cmppd(xmm0, xmm1, 3);  // unordered
      } else {
        a_.emit(min ? Inst::kIdMinps : Inst::kIdMaxps, xmm15, xmm1);
        a_.emit(min ? Inst::kIdMinps : Inst::kIdMaxps, xmm1, xmm0);
        a_.movaps(xmm0, xmm15);
        a_.cmpps(xmm0, xmm1, 3);
      }
      if (min) a_.orps(xmm1, xmm15);
      else a_.andps(xmm1, xmm15);
      a_.orps(xmm1, xmm0);
      if (f64) a_.psrlq(xmm0, 13);
      else a_.psrld(xmm0, 10);
      a_.andnps(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4TruncSatF32x4S: case VecOp::kI32x4RelaxedTruncF32x4S: {
      VCopy(xmm0, a);
      a_.movaps(xmm15, xmm0);
      a_.cmpps(xmm15, xmm15, 0);  // ordered lanes
      a_.andps(xmm0, xmm15);      // NaN -> +0
      a_.movdqu(xmm15, VConst(Splat32(0x4f000000), Splat32(0x4f000000)));  // 2^31
      a_.cmpps(xmm15, xmm0, 2);   // 2^31 <= x
      a_.cvttps2dq(xmm0, xmm0);   // out of range: 0x80000000
      a_.pxor(xmm0, xmm15);       // ... 0x7fffffff where x >= 2^31
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4TruncSatF32x4U: case VecOp::kI32x4RelaxedTruncF32x4U: {
      VCopy(xmm0, a);
      a_.xorps(xmm15, xmm15);
      a_.maxps(xmm0, xmm15);      // NaN and negatives -> 0
      a_.movdqu(xmm1, VConst(Splat32(0x4f000000), Splat32(0x4f000000)));  // 2^31
      a_.movaps(xmm15, xmm0);
      a_.subps(xmm15, xmm1);      // x - 2^31
      a_.cmpps(xmm1, xmm0, 2);    // m = 2^31 <= x
      a_.cvttps2dq(xmm15, xmm15); // x - 2^31 as int (x >= 2^32: 0x80000000)
      a_.pand(xmm15, xmm1);
      a_.cvttps2dq(xmm0, xmm0);   // x < 2^31: the result; else 0x80000000
      a_.pxor(xmm1, xmm1);
      a_.pcmpgtd(xmm1, xmm15);    // x >= 2^32: saturate
      a_.paddd(xmm0, xmm15);
      a_.por(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4TruncSatF64x2SZero: case VecOp::kI32x4RelaxedTruncF64x2SZero: {
      VCopy(xmm0, a);
      a_.movaps(xmm15, xmm0);
      a_.cmppd(xmm15, xmm15, 0);
      a_.andpd(xmm0, xmm15);  // NaN -> +0
      a_.minpd(xmm0, VConst(0x41dfffffffc00000ull, 0x41dfffffffc00000ull));  // 2^31 - 1
      a_.cvttpd2dq(xmm0, xmm0);  // below -2^31: 0x80000000; lanes 2, 3 = 0
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4TruncSatF64x2UZero: case VecOp::kI32x4RelaxedTruncF64x2UZero: {
      VCopy(xmm0, a);
      a_.xorpd(xmm15, xmm15);
      a_.maxpd(xmm0, xmm15);  // NaN and negatives -> 0
      a_.minpd(xmm0, VConst(0x41efffffffe00000ull, 0x41efffffffe00000ull));  // 2^32 - 1
      a_.roundpd(xmm0, xmm0, 3 | 8);
      a_.addpd(xmm0, VConst(0x4330000000000000ull, 0x4330000000000000ull));  // 2^52: integer in the low bits
      a_.shufps(xmm0, xmm15, 0x88);  // low dwords of both lanes, then zeros
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kF32x4ConvertI32x4U: {
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      if (cpu_.avx512) {
        Xmm x = VUse(a, xmm1);
        a_.vcvtudq2ps(d, x);
        VDef(dst, d);
        return true;
      }
      // hi/2 and lo are exact in f32; 2 * hi/2 + lo rounds once.
      VCopy(xmm0, a);
      a_.movaps(xmm1, xmm0);
      a_.pslld(xmm1, 16);
      a_.psrld(xmm1, 16);     // lo 16 bits
      a_.psubd(xmm0, xmm1);   // hi 16 bits
      a_.cvtdq2ps(xmm1, xmm1);
      a_.psrld(xmm0, 1);
      a_.cvtdq2ps(xmm0, xmm0);
      a_.addps(xmm0, xmm0);
      a_.addps(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kF64x2ConvertLowI32x4U: {
      // 2^52 + u as a double (u in the low mantissa bits), minus 2^52: exact.
      VCopy(xmm0, a);
      a_.punpckldq(xmm0, VConst(Splat32(0x43300000), Splat32(0x43300000)));
      a_.subpd(xmm0, VConst(0x4330000000000000ull, 0x4330000000000000ull));
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kF32x4RelaxedMadd: case VecOp::kF32x4RelaxedNmadd: case VecOp::kF64x2RelaxedMadd:
    case VecOp::kF64x2RelaxedNmadd: {
      const bool f64 = op == VecOp::kF64x2RelaxedMadd || op == VecOp::kF64x2RelaxedNmadd;
      const bool neg = op == VecOp::kF32x4RelaxedNmadd || op == VecOp::kF64x2RelaxedNmadd;
      if (cpu_.fma) {  // fused: c + a*b / c - a*b, one rounding
        VCopy(xmm0, c);
        Xmm xa = VUse(a, xmm1), xb = VUse(b, xmm15);
        const InstId id = f64 ? (neg ? Inst::kIdVfnmadd231pd : Inst::kIdVfmadd231pd)
                              : (neg ? Inst::kIdVfnmadd231ps : Inst::kIdVfmadd231ps);
        a_.emit(id, xmm0, xa, xb);
        VDef(dst, xmm0);
        return true;
      }
      VCopy(xmm0, a);
      Xmm xb = VUse(b, xmm1);
      a_.emit(f64 ? Inst::kIdMulpd : Inst::kIdMulps, xmm0, xb);
      VCopy(xmm15, c);
      if (neg) {
        a_.emit(f64 ? Inst::kIdSubpd : Inst::kIdSubps, xmm15, xmm0);
        VDef(dst, xmm15);
      } else {
        a_.emit(f64 ? Inst::kIdAddpd : Inst::kIdAddps, xmm0, xmm15);
        VDef(dst, xmm0);
      }
      return true;
    }
    default: return false;
  }
}

// Integer lanes that take a few instructions.
bool X64MacroAssembler::VecInteger(VecOp op, const Operand& dst, const Operand& a, const Operand& b,
                                   const Operand& c) {
  switch (op) {
    case VecOp::kV128Not: {
      Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
      VCopy(d, a);
      VNot(d);
      VDef(dst, d);
      return true;
    }
    case VecOp::kV128Bitselect: case VecOp::kI8x16RelaxedLaneselect:
    case VecOp::kI16x8RelaxedLaneselect: case VecOp::kI32x4RelaxedLaneselect:
    case VecOp::kI64x2RelaxedLaneselect: {
      // ((a ^ b) & c) ^ b: a where c has ones, b elsewhere.
      VCopy(xmm0, a);
      Xmm xb = VUse(b, xmm1), xc = VUse(c, xmm15);
      a_.pxor(xmm0, xb);
      a_.pand(xmm0, xc);
      a_.pxor(xmm0, xb);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI8x16Neg: case VecOp::kI16x8Neg: case VecOp::kI32x4Neg: case VecOp::kI64x2Neg: {
      Xmm x = VUse(a, xmm1);
      a_.pxor(xmm0, xmm0);
      a_.emit(op == VecOp::kI8x16Neg   ? Inst::kIdPsubb
              : op == VecOp::kI16x8Neg ? Inst::kIdPsubw
              : op == VecOp::kI32x4Neg ? Inst::kIdPsubd
                                       : Inst::kIdPsubq,
              xmm0, x);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI64x2Abs: {
      Xmm x = VUse(a, xmm1);
      if (cpu_.avx512) {
        Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
        a_.vpabsq(d, x);
        VDef(dst, d);
        return true;
      }
      a_.pxor(xmm15, xmm15);
      a_.pcmpgtq(xmm15, x);  // sign mask
      a_.movaps(xmm0, x);
      a_.pxor(xmm0, xmm15);
      a_.psubq(xmm0, xmm15);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI8x16Popcnt: {
      // Per nibble through a 16-entry pshufb table.
      const uint64_t lut_lo = 0x0302020102010100ull, lut_hi = 0x0403030203020201ull;
      VCopy(xmm1, a);
      a_.movaps(xmm0, xmm1);
      a_.psrlw(xmm0, 4);
      a_.movdqu(xmm15, VConst(Splat8(0x0f), Splat8(0x0f)));
      a_.pand(xmm0, xmm15);   // high nibbles
      a_.pand(xmm1, xmm15);   // low nibbles
      a_.movdqu(xmm15, VConst(lut_lo, lut_hi));
      a_.pshufb(xmm15, xmm1);
      a_.movdqu(xmm1, VConst(lut_lo, lut_hi));
      a_.pshufb(xmm1, xmm0);
      a_.paddb(xmm1, xmm15);
      VDef(dst, xmm1);
      return true;
    }
    case VecOp::kI16x8Q15mulrSatS: {
      // pmulhrsw gives 0x8000 only for 0x8000 * 0x8000, which saturates to 0x7fff.
      VCopy(xmm0, a);
      Xmm xb = VUse(b, xmm1);
      a_.pmulhrsw(xmm0, xb);
      a_.movdqu(xmm1, VConst(Splat16(0x8000), Splat16(0x8000)));
      a_.pcmpeqw(xmm1, xmm0);
      a_.pxor(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI16x8ExtaddPairwiseI8x16S: case VecOp::kI16x8ExtaddPairwiseI8x16U: {
      // pmaddubsw: unsigned bytes of the first operand times signed bytes of the second.
      Xmm x = VUse(a, xmm1);
      a_.movdqu(xmm0, VConst(Splat8(1), Splat8(1)));
      if (op == VecOp::kI16x8ExtaddPairwiseI8x16S) {
        a_.pmaddubsw(xmm0, x);
      } else {
        a_.movaps(xmm15, x);
        a_.pmaddubsw(xmm15, xmm0);
        a_.movaps(xmm0, xmm15);
      }
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4ExtaddPairwiseI16x8S: case VecOp::kI32x4ExtaddPairwiseI16x8U: {
      VCopy(xmm0, a);
      if (op == VecOp::kI32x4ExtaddPairwiseI16x8U) {  // (x - 2^15) pairs, then + 2^16
        a_.pxor(xmm0, VConst(Splat16(0x8000), Splat16(0x8000)));
        a_.pmaddwd(xmm0, VConst(Splat16(1), Splat16(1)));
        a_.paddd(xmm0, VConst(Splat32(0x10000), Splat32(0x10000)));
      } else {
        a_.pmaddwd(xmm0, VConst(Splat16(1), Splat16(1)));
      }
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI16x8ExtmulLowI8x16S: case VecOp::kI16x8ExtmulHighI8x16S:
    case VecOp::kI16x8ExtmulLowI8x16U: case VecOp::kI16x8ExtmulHighI8x16U: {
      const bool high = op == VecOp::kI16x8ExtmulHighI8x16S || op == VecOp::kI16x8ExtmulHighI8x16U;
      const InstId ext = (op == VecOp::kI16x8ExtmulLowI8x16S || op == VecOp::kI16x8ExtmulHighI8x16S)
                             ? Inst::kIdPmovsxbw : Inst::kIdPmovzxbw;
      Xmm xa = VUse(a, xmm0);
      if (high) { a_.pshufd(xmm0, xa, 0xee); xa = xmm0; }
      a_.emit(ext, xmm0, xa);
      Xmm xb = VUse(b, xmm1);
      if (high) { a_.pshufd(xmm1, xb, 0xee); xb = xmm1; }
      a_.emit(ext, xmm1, xb);
      a_.pmullw(xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4ExtmulLowI16x8S: case VecOp::kI32x4ExtmulHighI16x8S:
    case VecOp::kI32x4ExtmulLowI16x8U: case VecOp::kI32x4ExtmulHighI16x8U: {
      // Low and high 16 bits of each product, interleaved.
      const bool high = op == VecOp::kI32x4ExtmulHighI16x8S || op == VecOp::kI32x4ExtmulHighI16x8U;
      const bool sign = op == VecOp::kI32x4ExtmulLowI16x8S || op == VecOp::kI32x4ExtmulHighI16x8S;
      VCopy(xmm0, a);
      Xmm xb = VUse(b, xmm1);
      a_.movaps(xmm15, xmm0);
      a_.pmullw(xmm0, xb);
      a_.emit(sign ? Inst::kIdPmulhw : Inst::kIdPmulhuw, xmm15, xb);
      if (high) a_.punpckhwd(xmm0, xmm15);
      else a_.punpcklwd(xmm0, xmm15);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI64x2ExtmulLowI32x4S: case VecOp::kI64x2ExtmulHighI32x4S:
    case VecOp::kI64x2ExtmulLowI32x4U: case VecOp::kI64x2ExtmulHighI32x4U: {
      // pmuldq/pmuludq multiply dwords 0 and 2: spread the wanted half there.
      const bool high = op == VecOp::kI64x2ExtmulHighI32x4S || op == VecOp::kI64x2ExtmulHighI32x4U;
      const bool sign = op == VecOp::kI64x2ExtmulLowI32x4S || op == VecOp::kI64x2ExtmulHighI32x4S;
      const uint32_t order = high ? 0xfa : 0x50;  // [2,2,3,3] / [0,0,1,1]
      Xmm xa = VUse(a, xmm0);
      a_.pshufd(xmm0, xa, order);
      Xmm xb = VUse(b, xmm1);
      a_.pshufd(xmm1, xb, order);
      a_.emit(sign ? Inst::kIdPmuldq : Inst::kIdPmuludq, xmm0, xmm1);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI64x2Mul: {
      if (cpu_.avx512) {
        Xmm xa = VUse(a, xmm0), xb = VUse(b, xmm1);
        Xmm d = dst.IsReg() ? xmm(dst.loc.reg) : xmm0;
        a_.vpmullq(d, xa, xb);
        VDef(dst, d);
        return true;
      }
      // lo(a)*lo(b) + ((lo(a)*hi(b) + hi(a)*lo(b)) << 32); the cross products need
      // only their low 32 bits: pmulld of a and b with b's dword halves swapped.
      VCopy(xmm0, a);
      VCopy(xmm1, b);
      a_.pshufd(xmm15, xmm1, 0xb1);
      a_.pmulld(xmm15, xmm0);
      a_.pmuludq(xmm0, xmm1);
      a_.movaps(xmm1, xmm15);
      a_.psllq(xmm1, 32);
      a_.paddq(xmm15, xmm1);   // high dword: the sum of the two cross products
      a_.psrlq(xmm15, 32);
      a_.psllq(xmm15, 32);
      a_.paddq(xmm0, xmm15);
      VDef(dst, xmm0);
      return true;
    }
    case VecOp::kI32x4RelaxedDotI8x16I7x16AddS: {
      VCopy(xmm0, b);
      Xmm xa = VUse(a, xmm1);
      a_.pmaddubsw(xmm0, xa);  // b unsigned (7-bit in range) times a signed, pairs
      a_.pmaddwd(xmm0, VConst(Splat16(1), Splat16(1)));
      Xmm xc = VUse(c, xmm1);
      a_.paddd(xmm0, xc);
      VDef(dst, xmm0);
      return true;
    }
    default: return false;
  }
}

// ---- Memory ------------------------------------------------------------------

void X64MacroAssembler::VecLoad(const ir::Inst& in, const Operand& dst, const Operand& addr,
                                const Operand& vec) {
  const VecOp op = ir::VecOpOf(in);
  Mem m = Address(in, addr);
  m.setSize(in.width);
  const uint8_t lane = static_cast<uint8_t>(in.index2);
  Xmm d = VDst(dst, Operand{});
  switch (op) {
    case VecOp::kV128Load: a_.movdqu(d, m); break;
    case VecOp::kV128Load8x8S: a_.pmovsxbw(d, m); break;
    case VecOp::kV128Load8x8U: a_.pmovzxbw(d, m); break;
    case VecOp::kV128Load16x4S: a_.pmovsxwd(d, m); break;
    case VecOp::kV128Load16x4U: a_.pmovzxwd(d, m); break;
    case VecOp::kV128Load32x2S: a_.pmovsxdq(d, m); break;
    case VecOp::kV128Load32x2U: a_.pmovzxdq(d, m); break;
    case VecOp::kV128Load8Splat:
      if (cpu_.avx2) { a_.vpbroadcastb(d, m); break; }
      a_.movzx(ecx, m);
      a_.movd(d, ecx);
      a_.pxor(xmm15, xmm15);
      a_.pshufb(d, xmm15);
      break;
    case VecOp::kV128Load16Splat:
      if (cpu_.avx2) { a_.vpbroadcastw(d, m); break; }
      a_.movzx(ecx, m);
      a_.movd(d, ecx);
      a_.pshuflw(d, d, 0);
      a_.pshufd(d, d, 0);
      break;
    case VecOp::kV128Load32Splat:
      if (cpu_.avx) { a_.vbroadcastss(d, m); break; }
      a_.movd(d, m);
      a_.pshufd(d, d, 0);
      break;
    case VecOp::kV128Load64Splat: a_.movddup(d, m); break;
    case VecOp::kV128Load32Zero: a_.movd(d, m); break;
    case VecOp::kV128Load64Zero: a_.movq(d, m); break;
    case VecOp::kV128Load8Lane: VCopy(d, vec); a_.pinsrb(d, m, lane); break;
    case VecOp::kV128Load16Lane: VCopy(d, vec); a_.pinsrw(d, m, lane); break;
    case VecOp::kV128Load32Lane: VCopy(d, vec); a_.pinsrd(d, m, lane); break;
    case VecOp::kV128Load64Lane: VCopy(d, vec); a_.pinsrq(d, m, lane); break;
    default: WASMC_CHECK(false && "not a vector load");
  }
  VDef(dst, d);
}

void X64MacroAssembler::VecStore(const ir::Inst& in, const Operand& addr, const Operand& value) {
  const VecOp op = ir::VecOpOf(in);
  Xmm x = VUse(value, xmm0);
  Mem m = Address(in, addr);
  m.setSize(in.width);
  const uint8_t lane = static_cast<uint8_t>(in.index2);
  switch (op) {
    case VecOp::kV128Store: a_.movdqu(m, x); break;
    case VecOp::kV128Store8Lane: a_.pextrb(m, x, lane); break;
    case VecOp::kV128Store16Lane: a_.pextrw(m, x, lane); break;
    case VecOp::kV128Store32Lane:
      if (lane == 0) a_.movd(m, x);
      else a_.pextrd(m, x, lane);
      break;
    case VecOp::kV128Store64Lane:
      if (lane == 0) a_.movq(m, x);
      else a_.pextrq(m, x, lane);
      break;
    default: WASMC_CHECK(false && "not a vector store");
  }
}

}  // namespace wasmc::x64
