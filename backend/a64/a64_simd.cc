// AArch64 MacroAssembler: SIMD128 and relaxed SIMD (MacroAssembler::Vector), with
// the NEON instructions of Armv8.0 only. v128 values live in q registers or 16-byte
// slot pairs (backend/codegen/macro_assembler.h).
//
// Most operators are one NEON instruction (the tables below). What NEON already does
// the wasm way: integer lanes wrap, sq*/uq* saturate; tbl gives 0 for an index >= the
// table size (swizzle); fmin/fmax propagate NaN and order -0 < +0; frint{p,m,z,n} are
// ceil/floor/trunc/nearest; fcvtz{s,u} saturate and map NaN to 0 (trunc_sat);
// sqrdmulh is q15mulr_sat; urhadd is avgr_u; sqxtn / sqxtun narrow with the signed /
// unsigned saturation of the narrow operators. The rest (docs/backend.md, "AArch64
// SIMD"): shuffle = a two-register tbl, bitmask = sign mask & lane bits + addv,
// i64x2.mul through two GPR multiplies, pmin/pmax = fcmgt + a bit select, shifts by a
// register = a splatted (negated for right shifts) count with ushl/sshl.
//
// Scratch: v29, v30, v31 (a, b, c are loaded from slots into them in that order, and
// a result for a slot is computed in v29), x15, x16, x17.
//
// Relaxed SIMD, one fixed choice each: relaxed_swizzle = tbl (as swizzle); relaxed
// trunc = fcvtz* (as trunc_sat); relaxed_madd/nmadd = fmla/fmls (fused); relaxed
// laneselect = bsl (as bitselect); relaxed_min/max = fmin/fmax (as min/max);
// relaxed_q15mulr = sqrdmulh; relaxed dot products multiply b's bytes as signed.
#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names
using ir::VecOp;

namespace {

// Lane shape of a full 128-bit arrangement.
enum class Lanes : uint8_t { k16B, k8H, k4S, k2D };

Vec Arr(const Vec& v, Lanes l) {
  switch (l) {
    case Lanes::k16B: return v.b16();
    case Lanes::k8H: return v.h8();
    case Lanes::k4S: return v.s4();
    case Lanes::k2D: return v.d2();
  }
  WASMC_UNREACHABLE();
}

// The 64-bit half arrangement whose lanes are half as wide as `wide` (the source of a
// widening instruction, the result of a narrowing one); `high`: the 128-bit form
// (the "2" instructions read or write the upper half).
Vec Half(const Vec& v, Lanes wide, bool high) {
  switch (wide) {
    case Lanes::k8H: return high ? Vec(v.b16()) : Vec(v.b8());
    case Lanes::k4S: return high ? Vec(v.h8()) : Vec(v.h4());
    case Lanes::k2D: return high ? Vec(v.s4()) : Vec(v.s2());
    default: WASMC_UNREACHABLE();
  }
}

// Lane `i` of `v` as an element of `l`'s width.
Vec Elem(const Vec& v, Lanes l, uint32_t i) {
  switch (l) {
    case Lanes::k16B: return v.b(i);
    case Lanes::k8H: return v.h(i);
    case Lanes::k4S: return v.s(i);
    case Lanes::k2D: return v.d(i);
  }
  WASMC_UNREACHABLE();
}

// The scalar FP register view (b/h/s/d) of `v` for lanes of `l`'s width.
Vec Scalar(const Vec& v, Lanes l) {
  switch (l) {
    case Lanes::k16B: return v.b();
    case Lanes::k8H: return v.h();
    case Lanes::k4S: return v.s();
    case Lanes::k2D: return v.d();
  }
  WASMC_UNREACHABLE();
}

Lanes LanesOfWidth(uint32_t bytes) {
  switch (bytes) {
    case 1: return Lanes::k16B;
    case 2: return Lanes::k8H;
    case 4: return Lanes::k4S;
    default: return Lanes::k2D;
  }
}

// dst = op(a, b) in one instruction on `lanes`; `swap`: op(b, a); `invert`: then NOT
// (ne = not eq).
struct Binary {
  VecOp op;
  InstId inst;
  Lanes lanes;
  bool swap, invert;
};

#define BIN(op, id, l) {VecOp::k##op, Inst::kId##id##_v, Lanes::l, false, false}
#define BIN_SWAP(op, id, l) {VecOp::k##op, Inst::kId##id##_v, Lanes::l, true, false}
#define BIN_NOT(op, id, l) {VecOp::k##op, Inst::kId##id##_v, Lanes::l, false, true}
// Integer compares: lt/le are gt/ge with the operands swapped.
#define INT_CMP(P, l)                                                                  \
  BIN(P##Eq, Cmeq, l), BIN_NOT(P##Ne, Cmeq, l), BIN_SWAP(P##LtS, Cmgt, l),              \
      BIN(P##GtS, Cmgt, l), BIN_SWAP(P##LeS, Cmge, l), BIN(P##GeS, Cmge, l)
#define UINT_CMP(P, l)                                                                 \
  BIN_SWAP(P##LtU, Cmhi, l), BIN(P##GtU, Cmhi, l), BIN_SWAP(P##LeU, Cmhs, l),           \
      BIN(P##GeU, Cmhs, l)
#define FLOAT_CMP(P, l)                                                                \
  BIN(P##Eq, Fcmeq, l), BIN_NOT(P##Ne, Fcmeq, l), BIN_SWAP(P##Lt, Fcmgt, l),            \
      BIN(P##Gt, Fcmgt, l), BIN_SWAP(P##Le, Fcmge, l), BIN(P##Ge, Fcmge, l)
#define FLOAT_ARITH(P, l)                                                              \
  BIN(P##Add, Fadd, l), BIN(P##Sub, Fsub, l), BIN(P##Mul, Fmul, l), BIN(P##Div, Fdiv, l), \
      BIN(P##Min, Fmin, l), BIN(P##Max, Fmax, l), BIN(P##RelaxedMin, Fmin, l),           \
      BIN(P##RelaxedMax, Fmax, l)
#define INT_MINMAX(P, l)                                                               \
  BIN(P##MinS, Smin, l), BIN(P##MinU, Umin, l), BIN(P##MaxS, Smax, l), BIN(P##MaxU, Umax, l)
#define SAT_ARITH(P, l)                                                                \
  BIN(P##AddSatS, Sqadd, l), BIN(P##AddSatU, Uqadd, l), BIN(P##SubSatS, Sqsub, l),      \
      BIN(P##SubSatU, Uqsub, l), BIN(P##AvgrU, Urhadd, l)

constexpr Binary kBinary[] = {
    INT_CMP(I8x16, k16B), UINT_CMP(I8x16, k16B), INT_CMP(I16x8, k8H), UINT_CMP(I16x8, k8H),
    INT_CMP(I32x4, k4S), UINT_CMP(I32x4, k4S), INT_CMP(I64x2, k2D),
    FLOAT_CMP(F32x4, k4S), FLOAT_CMP(F64x2, k2D),
    FLOAT_ARITH(F32x4, k4S), FLOAT_ARITH(F64x2, k2D),
    BIN(V128And, And, k16B), BIN(V128Andnot, Bic, k16B), BIN(V128Or, Orr, k16B),
    BIN(V128Xor, Eor, k16B),
    BIN(I8x16Swizzle, Tbl, k16B), BIN(I8x16RelaxedSwizzle, Tbl, k16B),
    BIN(I8x16Add, Add, k16B), BIN(I8x16Sub, Sub, k16B), SAT_ARITH(I8x16, k16B),
    INT_MINMAX(I8x16, k16B),
    BIN(I16x8Add, Add, k8H), BIN(I16x8Sub, Sub, k8H), BIN(I16x8Mul, Mul, k8H),
    SAT_ARITH(I16x8, k8H), INT_MINMAX(I16x8, k8H),
    BIN(I16x8Q15mulrSatS, Sqrdmulh, k8H), BIN(I16x8RelaxedQ15mulrS, Sqrdmulh, k8H),
    BIN(I32x4Add, Add, k4S), BIN(I32x4Sub, Sub, k4S), BIN(I32x4Mul, Mul, k4S),
    INT_MINMAX(I32x4, k4S),
    BIN(I64x2Add, Add, k2D), BIN(I64x2Sub, Sub, k2D),
};

#undef BIN
#undef BIN_SWAP
#undef BIN_NOT
#undef INT_CMP
#undef UINT_CMP
#undef FLOAT_CMP
#undef FLOAT_ARITH
#undef INT_MINMAX
#undef SAT_ARITH

// dst = op(a) in one instruction on `lanes`.
struct Unary {
  VecOp op;
  InstId inst;
  Lanes lanes;
};

#define UN(op, id, l) {VecOp::k##op, Inst::kId##id##_v, Lanes::l}
#define FLOAT_UNARY(P, l)                                                              \
  UN(P##Abs, Fabs, l), UN(P##Neg, Fneg, l), UN(P##Sqrt, Fsqrt, l), UN(P##Ceil, Frintp, l), \
      UN(P##Floor, Frintm, l), UN(P##Trunc, Frintz, l), UN(P##Nearest, Frintn, l)

constexpr Unary kUnary[] = {
    UN(V128Not, Mvn, k16B), UN(I8x16Popcnt, Cnt, k16B),
    UN(I8x16Abs, Abs, k16B), UN(I8x16Neg, Neg, k16B), UN(I16x8Abs, Abs, k8H),
    UN(I16x8Neg, Neg, k8H), UN(I32x4Abs, Abs, k4S), UN(I32x4Neg, Neg, k4S),
    UN(I64x2Abs, Abs, k2D), UN(I64x2Neg, Neg, k2D),
    FLOAT_UNARY(F32x4, k4S), FLOAT_UNARY(F64x2, k2D),
    UN(I32x4TruncSatF32x4S, Fcvtzs, k4S), UN(I32x4TruncSatF32x4U, Fcvtzu, k4S),
    UN(I32x4RelaxedTruncF32x4S, Fcvtzs, k4S), UN(I32x4RelaxedTruncF32x4U, Fcvtzu, k4S),
    UN(F32x4ConvertI32x4S, Scvtf, k4S), UN(F32x4ConvertI32x4U, Ucvtf, k4S),
};

#undef UN
#undef FLOAT_UNARY

// Widening: dst (`lanes`) = op(half of a[, half of b]); `high`: the upper halves
// (the "2" instruction).
struct Widen {
  VecOp op;
  InstId inst;
  Lanes lanes;
  bool high;
};

#define WIDEN4(P, SRC, l)                                                                \
  {VecOp::k##P##LowI##SRC##S, Inst::kIdSmull_v, Lanes::l, false},                         \
      {VecOp::k##P##HighI##SRC##S, Inst::kIdSmull2_v, Lanes::l, true},                    \
      {VecOp::k##P##LowI##SRC##U, Inst::kIdUmull_v, Lanes::l, false},                     \
      {VecOp::k##P##HighI##SRC##U, Inst::kIdUmull2_v, Lanes::l, true}
#define EXTEND4(P, SRC, l)                                                               \
  {VecOp::k##P##LowI##SRC##S, Inst::kIdSxtl_v, Lanes::l, false},                          \
      {VecOp::k##P##HighI##SRC##S, Inst::kIdSxtl2_v, Lanes::l, true},                     \
      {VecOp::k##P##LowI##SRC##U, Inst::kIdUxtl_v, Lanes::l, false},                      \
      {VecOp::k##P##HighI##SRC##U, Inst::kIdUxtl2_v, Lanes::l, true}

constexpr Widen kWidenBinary[] = {
    WIDEN4(I16x8Extmul, 8x16, k8H), WIDEN4(I32x4Extmul, 16x8, k4S),
    WIDEN4(I64x2Extmul, 32x4, k2D),
};
constexpr Widen kWidenUnary[] = {
    EXTEND4(I16x8Extend, 8x16, k8H), EXTEND4(I32x4Extend, 16x8, k4S),
    EXTEND4(I64x2Extend, 32x4, k2D),
    {VecOp::kF64x2PromoteLowF32x4, Inst::kIdFcvtl_v, Lanes::k2D, false},
};

#undef WIDEN4
#undef EXTEND4

// The lane shape an operation's name starts with (I8x16... -> 16B, F32x4... -> 4S).
Lanes LanesOf(VecOp op) {
  const std::string_view name = ir::VecOpName(op);
  if (name.starts_with("I8x16")) return Lanes::k16B;
  if (name.starts_with("I16x8")) return Lanes::k8H;
  if (name.starts_with("I32x4") || name.starts_with("F32x4")) return Lanes::k4S;
  return Lanes::k2D;
}

// The unsigned form of an operator pair (..U, ..UZero).
bool IsUnsigned(VecOp op) {
  const std::string_view name = ir::VecOpName(op);
  return name.ends_with("U") || name.ends_with("UZero");
}

template <typename T, size_t N>
const T* Find(const T (&table)[N], VecOp op) {
  for (const T& e : table)
    if (e.op == op) return &e;
  return nullptr;
}

bool Same(const Vec& x, const Vec& y) { return x.id() == y.id(); }

}  // namespace

// ---- v128 operands ---------------------------------------------------------

Vec A64MacroAssembler::UseV(const Operand& o, const Vec& scratch) {
  switch (o.loc.kind) {
    case Location::kReg: return v(o.loc.reg);
    case Location::kSlot: a_.ldr(scratch.q(), SlotMem(o.loc.slot, 16)); return scratch.v();
    default: WASMC_UNREACHABLE();  // v128 values are never constant operands
  }
}

Vec A64MacroAssembler::DstV(const Operand& dst, const Vec& scratch) const {
  return dst.IsReg() ? v(dst.loc.reg) : scratch.v();
}

void A64MacroAssembler::DefV(const Operand& dst, const Vec& src) {
  if (dst.loc.kind == Location::kReg) {
    if (dst.loc.reg != src.id()) a_.mov(v(dst.loc.reg).b16(), src.b16());
  } else if (dst.loc.kind == Location::kSlot) {
    a_.str(src.q(), SlotMem(dst.loc.slot, 16));
  }
}

Label A64MacroAssembler::V128ConstLabel(uint64_t lo, uint64_t hi) {
  auto [it, fresh] = vconsts_.try_emplace({lo, hi});
  if (fresh) it->second = a_.newLabel();
  return it->second;
}

void A64MacroAssembler::LoadV128Const(const Vec& dst, uint64_t lo, uint64_t hi) {
  if (lo == 0 && hi == 0) a_.movi(dst.d2(), 0);
  else if (lo == ~uint64_t{0} && hi == ~uint64_t{0}) a_.movi(dst.d2(), Imm(~uint64_t{0}));
  else a_.ldr(dst.q(), ptr(V128ConstLabel(lo, hi)));
}

// out = mask ? t : f, bit by bit, whichever of the operands `out` already holds.
void A64MacroAssembler::BitSelect(const Vec& out, const Vec& t, const Vec& f, const Vec& mask) {
  if (Same(out, mask)) {
    a_.bsl(out.b16(), t.b16(), f.b16());
  } else if (Same(out, t)) {
    a_.bif(out.b16(), f.b16(), mask.b16());
  } else if (Same(out, f)) {
    a_.bit(out.b16(), t.b16(), mask.b16());
  } else {
    a_.mov(out.b16(), mask.b16());
    a_.bsl(out.b16(), t.b16(), f.b16());
  }
}

void A64MacroAssembler::MoveV128(const regalloc::Move& m) {
  // All 16 bytes; slot to slot through v30 (v31 may hold a parallel move's cycle value).
  const Location& dl = m.dst;
  const Location& sl = m.src;
  WASMC_CHECK(sl.kind != Location::kConst);
  if (sl.kind == Location::kReg && dl.kind == Location::kReg) {
    if (sl.reg != dl.reg) a_.mov(v(dl.reg).b16(), v(sl.reg).b16());
  } else if (sl.kind == Location::kReg) {
    a_.str(v(sl.reg).q(), SlotMem(dl.slot, 16));
  } else if (dl.kind == Location::kReg) {
    a_.ldr(v(dl.reg).q(), SlotMem(sl.slot, 16));
  } else if (sl.slot != dl.slot) {
    a_.ldr(q30, SlotMem(sl.slot, 16));
    a_.str(q30, SlotMem(dl.slot, 16));
  }
}

void A64MacroAssembler::LoadV128Param(const Operand& p, const Gp& ptr_reg) {
  if (p.IsReg()) {
    a_.ldr(v(p.loc.reg).q(), ptr(ptr_reg));
  } else {
    a_.ldr(q31, ptr(ptr_reg));
    a_.str(q31, SlotMem(p.loc.slot, 16));
  }
}

void A64MacroAssembler::SpAddress(const Gp& dst, int32_t offset) {
  if (offset <= 4095) {
    a_.add(dst.x(), sp, offset);
  } else {
    MovImm(dst, static_cast<uint32_t>(offset), true);
    a_.add(dst.x(), sp, dst.x());
  }
}

void A64MacroAssembler::VecSelect(const Operand& dst, const Operand& a, const Operand& b,
                                  const Operand& c) {
  // c != 0 ? a : b
  if (c.IsConst()) {
    regalloc::Move m{dst.loc, ((c.imm & 0xffffffffu) ? a : b).loc, 0, true, true};
    m.v128 = true;
    MoveV128(m);
    return;
  }
  Vec va = UseV(a, v29);
  Vec vb = UseV(b, v30);
  Gp rc = UseGp(c, x16);
  a_.cmp(rc.w(), 0);
  a_.csetm(x16, CondCode::kNE);
  a_.dup(v31.d2(), x16);
  Vec out = DstV(dst, v29);
  BitSelect(out, va, vb, v31);
  DefV(dst, out);
}

// ---- Vector operations -------------------------------------------------------

void A64MacroAssembler::Vector(const ir::Inst& in, Operand dst, Operand a, Operand b,
                               Operand c) {
  const VecOp op = ir::VecOpOf(in);
  switch (ir::VecOpKind(op)) {
    case ir::VecKind::kLoad: VecLoad(in, dst, a, b); return;
    case ir::VecKind::kStore: VecStore(in, a, b); return;
    case ir::VecKind::kVec: break;
  }
  if (const Binary* e = Find(kBinary, op)) {
    Vec va = UseV(a, v29);
    Vec vb = UseV(b, v30);
    Vec out = DstV(dst, v29);
    if (e->swap) std::swap(va, vb);
    a_.emit(e->inst, Arr(out, e->lanes), Arr(va, e->lanes), Arr(vb, e->lanes));
    if (e->invert) a_.mvn(out.b16(), out.b16());
    DefV(dst, out);
    return;
  }
  if (const Unary* e = Find(kUnary, op)) {
    Vec va = UseV(a, v29);
    Vec out = DstV(dst, v29);
    a_.emit(e->inst, Arr(out, e->lanes), Arr(va, e->lanes));
    DefV(dst, out);
    return;
  }
  if (const Widen* e = Find(kWidenBinary, op)) {
    Vec va = UseV(a, v29);
    Vec vb = UseV(b, v30);
    Vec out = DstV(dst, v29);
    a_.emit(e->inst, Arr(out, e->lanes), Half(va, e->lanes, e->high), Half(vb, e->lanes, e->high));
    DefV(dst, out);
    return;
  }
  if (const Widen* e = Find(kWidenUnary, op)) {
    Vec va = UseV(a, v29);
    Vec out = DstV(dst, v29);
    a_.emit(e->inst, Arr(out, e->lanes), Half(va, e->lanes, e->high));
    DefV(dst, out);
    return;
  }
  switch (op) {
    case VecOp::kV128Const: {
      Vec out = DstV(dst, v29);
      LoadV128Const(out, in.imm, in.imm_hi);
      DefV(dst, out);
      return;
    }
    case VecOp::kI8x16Shuffle: {
      // tbl over the register pair {v29, v30} = {a, b}: selectors 0..31.
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      if (!Same(va, v29)) a_.mov(v29.b16(), va.b16());
      if (!Same(vb, v30)) a_.mov(v30.b16(), vb.b16());
      LoadV128Const(v31, in.imm, in.imm_hi);
      Vec out = DstV(dst, v29);
      a_.tbl(out.b16(), v29.b16(), v30.b16(), v31.b16());
      DefV(dst, out);
      return;
    }
    case VecOp::kI8x16Splat: case VecOp::kI16x8Splat: case VecOp::kI32x4Splat:
    case VecOp::kI64x2Splat: case VecOp::kF32x4Splat: case VecOp::kF64x2Splat: {
      const Lanes l = LanesOf(op);
      Vec out = DstV(dst, v29);
      if (ir::IsFloat(a.type)) {
        a_.dup(Arr(out, l), Elem(UseFp(a, v30), l, 0));
      } else {
        Gp g = UseGp(a, x16);
        a_.dup(Arr(out, l), l == Lanes::k2D ? Gp(g.x()) : Gp(g.w()));
      }
      DefV(dst, out);
      return;
    }
    case VecOp::kI8x16ExtractLaneS: case VecOp::kI8x16ExtractLaneU:
    case VecOp::kI16x8ExtractLaneS: case VecOp::kI16x8ExtractLaneU:
    case VecOp::kI32x4ExtractLane: case VecOp::kI64x2ExtractLane:
    case VecOp::kF32x4ExtractLane: case VecOp::kF64x2ExtractLane: {
      const Lanes l = LanesOf(op);
      Vec va = UseV(a, v29);
      if (op == VecOp::kF32x4ExtractLane || op == VecOp::kF64x2ExtractLane) {
        Vec out = DstFp(dst, v30);
        a_.dup(Scalar(out, l), Elem(va, l, in.index2));
        DefFp(dst, out);
        return;
      }
      const bool sign = op == VecOp::kI8x16ExtractLaneS || op == VecOp::kI16x8ExtractLaneS;
      Gp g = DstGp(dst, x16);
      if (sign) a_.smov(g.w(), Elem(va, l, in.index2));
      else a_.umov(l == Lanes::k2D ? Gp(g.x()) : Gp(g.w()), Elem(va, l, in.index2));
      DefGp(dst, g);
      return;
    }
    case VecOp::kI8x16ReplaceLane: case VecOp::kI16x8ReplaceLane:
    case VecOp::kI32x4ReplaceLane: case VecOp::kI64x2ReplaceLane:
    case VecOp::kF32x4ReplaceLane: case VecOp::kF64x2ReplaceLane: {
      // a copied to dst, then the scalar b (a GPR, or an FP register's lane 0) inserted.
      const bool fp = op == VecOp::kF32x4ReplaceLane || op == VecOp::kF64x2ReplaceLane;
      const Lanes l = LanesOf(op);
      Vec va = UseV(a, v29);
      Gp g;
      Vec vf;
      if (fp) vf = UseFp(b, v30);
      else g = UseGp(b, x16);
      Vec out = DstV(dst, v29);
      if (fp && Same(out, vf)) out = v31;  // dst aliases the dying scalar
      if (!Same(out, va)) a_.mov(out.b16(), va.b16());
      if (fp) a_.ins(Elem(out, l, in.index2), Elem(vf, l, 0));
      else a_.ins(Elem(out, l, in.index2), l == Lanes::k2D ? Gp(g.x()) : Gp(g.w()));
      DefV(dst, out);
      return;
    }
    case VecOp::kV128Bitselect: case VecOp::kI8x16RelaxedLaneselect:
    case VecOp::kI16x8RelaxedLaneselect: case VecOp::kI32x4RelaxedLaneselect:
    case VecOp::kI64x2RelaxedLaneselect: {
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      Vec vc = UseV(c, v31);
      Vec out = DstV(dst, v29);
      BitSelect(out, va, vb, vc);
      DefV(dst, out);
      return;
    }
    case VecOp::kF32x4Pmin: case VecOp::kF32x4Pmax: case VecOp::kF64x2Pmin:
    case VecOp::kF64x2Pmax: {
      // pmin = b < a ? b : a, pmax = a < b ? b : a: false on NaN, so a then.
      const bool min = op == VecOp::kF32x4Pmin || op == VecOp::kF64x2Pmin;
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      a_.fcmgt(Arr(v31, LanesOf(op)), Arr(min ? va : vb, LanesOf(op)), Arr(min ? vb : va, LanesOf(op)));
      Vec out = DstV(dst, v29);
      BitSelect(out, vb, va, v31);
      DefV(dst, out);
      return;
    }
    case VecOp::kF32x4RelaxedMadd: case VecOp::kF32x4RelaxedNmadd:
    case VecOp::kF64x2RelaxedMadd: case VecOp::kF64x2RelaxedNmadd: {
      // Fused: c + a * b (fmla) / c - a * b (fmls), accumulated in c's copy.
      const Lanes l = LanesOf(op);
      const bool neg = std::string_view(ir::VecOpName(op)).ends_with("Nmadd");
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      Vec vc = UseV(c, v31);
      Vec acc = DstV(dst, v29);
      if (Same(acc, va) || Same(acc, vb)) acc = v31;
      if (!Same(acc, vc)) a_.mov(acc.b16(), vc.b16());
      a_.emit(neg ? Inst::kIdFmls_v : Inst::kIdFmla_v, Arr(acc, l), Arr(va, l), Arr(vb, l));
      DefV(dst, acc);
      return;
    }
    case VecOp::kI16x8MulAdd: case VecOp::kI16x8MulSub: case VecOp::kI32x4MulAdd:
    case VecOp::kI32x4MulSub: {
      // a + b * c (mla) / a - b * c (mls), wrapping per lane, accumulated in a's copy;
      // v29 when dst is b's or c's register (never v29: b and c use v30 and v31).
      const Lanes l = LanesOf(op);
      const bool neg = op == VecOp::kI16x8MulSub || op == VecOp::kI32x4MulSub;
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      Vec vc = UseV(c, v31);
      Vec acc = DstV(dst, v29);
      if (!Same(acc, va) && (Same(acc, vb) || Same(acc, vc))) acc = v29;
      if (!Same(acc, va)) a_.mov(acc.b16(), va.b16());
      a_.emit(neg ? Inst::kIdMls_v : Inst::kIdMla_v, Arr(acc, l), Arr(vb, l), Arr(vc, l));
      DefV(dst, acc);
      return;
    }
    case VecOp::kV128AnyTrue: case VecOp::kI8x16AllTrue: case VecOp::kI16x8AllTrue:
    case VecOp::kI32x4AllTrue: case VecOp::kI64x2AllTrue: {
      Vec va = UseV(a, v29);
      Gp g = DstGp(dst, x16);
      CondCode cc = CondCode::kNE;
      switch (op) {
        case VecOp::kV128AnyTrue: a_.umaxv(s31, va.s4()); break;
        case VecOp::kI8x16AllTrue: a_.uminv(b31, va.b16()); break;
        case VecOp::kI16x8AllTrue: a_.uminv(h31, va.h8()); break;
        case VecOp::kI32x4AllTrue: a_.uminv(s31, va.s4()); break;
        default:  // i64x2: no 64-bit uminv; true iff no lane equals zero
          a_.cmeq(v31.d2(), va.d2(), 0);
          a_.umaxv(s31, v31.s4());
          cc = CondCode::kEQ;
          break;
      }
      a_.fmov(g.w(), s31);
      a_.cmp(g.w(), 0);
      a_.cset(g.w(), cc);
      DefGp(dst, g);
      return;
    }
    case VecOp::kI8x16Bitmask: case VecOp::kI16x8Bitmask: case VecOp::kI32x4Bitmask:
    case VecOp::kI64x2Bitmask: VecBitmask(op, dst, a); return;
    case VecOp::kI8x16Shl: case VecOp::kI8x16ShrS: case VecOp::kI8x16ShrU:
    case VecOp::kI16x8Shl: case VecOp::kI16x8ShrS: case VecOp::kI16x8ShrU:
    case VecOp::kI32x4Shl: case VecOp::kI32x4ShrS: case VecOp::kI32x4ShrU:
    case VecOp::kI64x2Shl: case VecOp::kI64x2ShrS: case VecOp::kI64x2ShrU:
      VecShift(op, dst, a, b);
      return;
    case VecOp::kI8x16NarrowI16x8S: case VecOp::kI8x16NarrowI16x8U:
    case VecOp::kI16x8NarrowI32x4S: case VecOp::kI16x8NarrowI32x4U: {
      const Lanes wide = LanesOf(op) == Lanes::k16B ? Lanes::k8H : Lanes::k4S;
      const bool u = IsUnsigned(op);
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      Vec out = DstV(dst, v29);
      if (Same(out, vb)) out = v31;  // the low half is written before b is read
      a_.emit(u ? Inst::kIdSqxtun_v : Inst::kIdSqxtn_v, Half(out, wide, false), Arr(va, wide));
      a_.emit(u ? Inst::kIdSqxtun2_v : Inst::kIdSqxtn2_v, Half(out, wide, true), Arr(vb, wide));
      DefV(dst, out);
      return;
    }
    case VecOp::kI16x8ExtaddPairwiseI8x16S: case VecOp::kI16x8ExtaddPairwiseI8x16U:
    case VecOp::kI32x4ExtaddPairwiseI16x8S: case VecOp::kI32x4ExtaddPairwiseI16x8U: {
      const bool to8h = LanesOf(op) == Lanes::k8H;
      const bool u = IsUnsigned(op);
      Vec va = UseV(a, v29);
      Vec out = DstV(dst, v29);
      const Vec d = to8h ? Vec(out.h8()) : Vec(out.s4());
      const Vec s = to8h ? Vec(va.b16()) : Vec(va.h8());
      a_.emit(u ? Inst::kIdUaddlp_v : Inst::kIdSaddlp_v, d, s);
      DefV(dst, out);
      return;
    }
    case VecOp::kI32x4DotI16x8S: case VecOp::kI16x8RelaxedDotI8x16I7x16S:
    case VecOp::kI32x4RelaxedDotI8x16I7x16AddS: {
      // Products of the low halves in v31, of the high halves in v29 (smull2 is a's
      // last read, so a's scratch copy may be overwritten), then pairwise sums.
      const Lanes prod = op == VecOp::kI32x4DotI16x8S ? Lanes::k4S : Lanes::k8H;
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      a_.smull(Arr(v31, prod), Half(va, prod, false), Half(vb, prod, false));
      a_.smull2(Arr(v29, prod), Half(va, prod, true), Half(vb, prod, true));
      Vec out = DstV(dst, v29);
      if (op != VecOp::kI32x4RelaxedDotI8x16I7x16AddS) {
        a_.addp(Arr(out, prod), Arr(v31, prod), Arr(v29, prod));
      } else {
        // Sums of four i16 products need 32 bits: widen each pair sum first.
        a_.saddlp(v31.s4(), v31.h8());
        a_.saddlp(v29.s4(), v29.h8());
        a_.addp(v31.s4(), v31.s4(), v29.s4());
        Vec vc = UseV(c, v30);
        a_.add(out.s4(), v31.s4(), vc.s4());
      }
      DefV(dst, out);
      return;
    }
    case VecOp::kI64x2Mul: {
      // No 64-bit lane multiply in NEON: two GPR multiplies.
      Vec va = UseV(a, v29);
      Vec vb = UseV(b, v30);
      a_.umov(x16, va.d(0));
      a_.umov(x17, vb.d(0));
      a_.mul(x16, x16, x17);
      a_.umov(x17, va.d(1));
      a_.umov(x15, vb.d(1));
      a_.mul(x17, x17, x15);
      Vec out = DstV(dst, v29);
      a_.fmov(out.d(), x16);
      a_.ins(out.d(1), x17);
      DefV(dst, out);
      return;
    }
    case VecOp::kI32x4TruncSatF64x2SZero: case VecOp::kI32x4TruncSatF64x2UZero:
    case VecOp::kI32x4RelaxedTruncF64x2SZero: case VecOp::kI32x4RelaxedTruncF64x2UZero:
    case VecOp::kF64x2ConvertLowI32x4S: case VecOp::kF64x2ConvertLowI32x4U: {
      // Two steps through v31. trunc_sat_f64x2_*_zero: fcvtz* to 64-bit lanes
      // (saturating, NaN -> 0), then sqxtn/uqxtn, whose 64-bit form zeroes lanes 2, 3.
      // convert_low_i32x4_*: sxtl/uxtl, then scvtf/ucvtf (both exact: an i32 fits).
      const bool u = IsUnsigned(op);
      const bool convert = LanesOf(op) == Lanes::k2D;
      Vec va = UseV(a, v29);
      Vec out = DstV(dst, v29);
      if (convert) {
        a_.emit(u ? Inst::kIdUxtl_v : Inst::kIdSxtl_v, v31.d2(), va.s2());
        a_.emit(u ? Inst::kIdUcvtf_v : Inst::kIdScvtf_v, out.d2(), v31.d2());
      } else {
        a_.emit(u ? Inst::kIdFcvtzu_v : Inst::kIdFcvtzs_v, v31.d2(), va.d2());
        a_.emit(u ? Inst::kIdUqxtn_v : Inst::kIdSqxtn_v, out.s2(), v31.d2());
      }
      DefV(dst, out);
      return;
    }
    case VecOp::kF32x4DemoteF64x2Zero: {
      Vec va = UseV(a, v29);
      Vec out = DstV(dst, v29);
      a_.fcvtn(out.s2(), va.d2());  // the 64-bit form zeroes lanes 2 and 3
      DefV(dst, out);
      return;
    }
    default: break;
  }
  SetError(std::string("internal: no AArch64 lowering for vector operation ") +
           ir::VecOpName(op));
}

void A64MacroAssembler::VecBitmask(VecOp op, const Operand& dst, const Operand& a) {
  Vec va = UseV(a, v29);
  Gp g = DstGp(dst, x16);
  if (op == VecOp::kI64x2Bitmask) {
    a_.ushr(v31.d2(), va.d2(), 63);
    a_.umov(x17, v31.d(1));
    a_.umov(g.w(), v31.s(0));
    a_.add(g.w(), g.w(), w17, lsl(1));
    DefGp(dst, g);
    return;
  }
  // Each lane's sign as all-ones / zero, AND its bit of the mask (1 << lane index),
  // then one add across the lanes.
  const Lanes l = LanesOf(op);
  switch (l) {
    case Lanes::k16B: LoadV128Const(v30, 0x8040201008040201ull, 0x8040201008040201ull); break;
    case Lanes::k8H: LoadV128Const(v30, 0x0008000400020001ull, 0x0080004000200010ull); break;
    default: LoadV128Const(v30, 0x0000000200000001ull, 0x0000000800000004ull); break;
  }
  const uint32_t bits = l == Lanes::k16B ? 8 : l == Lanes::k8H ? 16 : 32;
  a_.sshr(Arr(v31, l), Arr(va, l), bits - 1);
  a_.and_(v31.b16(), v31.b16(), v30.b16());
  if (l == Lanes::k16B) {
    // Bytes 0..7 give bits 0..7, bytes 8..15 bits 8..15: interleave the halves so
    // each halfword holds (byte i, byte i + 8), then add the halfwords.
    a_.ext(v30.b16(), v31.b16(), v31.b16(), 8);
    a_.zip1(v31.b16(), v31.b16(), v30.b16());
    a_.addv(h31, v31.h8());
  } else if (l == Lanes::k8H) {
    a_.addv(h31, v31.h8());
  } else {
    a_.addv(s31, v31.s4());
  }
  a_.fmov(g.w(), s31);
  DefGp(dst, g);
}

void A64MacroAssembler::VecShift(VecOp op, const Operand& dst, const Operand& a,
                                 const Operand& b) {
  const std::string_view name = ir::VecOpName(op);
  const Lanes l = LanesOf(op);
  const bool left = name.ends_with("Shl");
  const bool arith = name.ends_with("ShrS");
  const uint32_t bits = 8u << static_cast<uint32_t>(l);
  Vec va = UseV(a, v29);
  Vec out = DstV(dst, v29);
  if (b.IsConst()) {  // the count modulo the lane width, as an immediate
    const uint32_t n = static_cast<uint32_t>(b.imm) & (bits - 1);
    if (n == 0) {
      if (!Same(out, va)) a_.mov(out.b16(), va.b16());
    } else if (left) {
      a_.shl(Arr(out, l), Arr(va, l), n);
    } else if (arith) {
      a_.sshr(Arr(out, l), Arr(va, l), n);
    } else {
      a_.ushr(Arr(out, l), Arr(va, l), n);
    }
    DefV(dst, out);
    return;
  }
  // ushl/sshl shift each lane by the signed low byte of the count lane: left for a
  // positive count, right for a negative one; every byte of v31 holds the count.
  Gp g = UseGp(b, x16);
  a_.and_(w16, g.w(), bits - 1);
  if (!left) a_.neg(w16, w16);
  a_.dup(v31.b16(), w16);
  if (arith) a_.sshl(Arr(out, l), Arr(va, l), Arr(v31, l));
  else a_.ushl(Arr(out, l), Arr(va, l), Arr(v31, l));
  DefV(dst, out);
}

// ---- Vector memory accesses -----------------------------------------------------

void A64MacroAssembler::VecLoad(const ir::Inst& in, Operand dst, Operand addr, Operand lanes) {
  // Address() as for scalar loads: the same reservation and guard, so an access that
  // crosses the end of memory faults (out of bounds) before it reads anything.
  const VecOp op = ir::VecOpOf(in);
  const uint32_t bytes = ir::VecOpAccessBytes(op);
  const Lanes l = LanesOfWidth(bytes);
  const bool lane = ir::VecOpLaneCount(op) != 0;
  Vec keep = lane ? UseV(lanes, v30) : Vec();
  Mem m = Address(in, addr, bytes, x17);
  Vec out = DstV(dst, v29);
  switch (op) {
    case VecOp::kV128Load: a_.ldr(out.q(), m); break;
    case VecOp::kV128Load8x8S: a_.ldr(out.d(), m); a_.sxtl(out.h8(), out.b8()); break;
    case VecOp::kV128Load8x8U: a_.ldr(out.d(), m); a_.uxtl(out.h8(), out.b8()); break;
    case VecOp::kV128Load16x4S: a_.ldr(out.d(), m); a_.sxtl(out.s4(), out.h4()); break;
    case VecOp::kV128Load16x4U: a_.ldr(out.d(), m); a_.uxtl(out.s4(), out.h4()); break;
    case VecOp::kV128Load32x2S: a_.ldr(out.d(), m); a_.sxtl(out.d2(), out.s2()); break;
    case VecOp::kV128Load32x2U: a_.ldr(out.d(), m); a_.uxtl(out.d2(), out.s2()); break;
    case VecOp::kV128Load8Splat: case VecOp::kV128Load16Splat:
    case VecOp::kV128Load32Splat: case VecOp::kV128Load64Splat:
      a_.ldr(Scalar(out, l), m);
      a_.dup(Arr(out, l), Elem(out, l, 0));
      break;
    case VecOp::kV128Load32Zero: case VecOp::kV128Load64Zero:
      a_.ldr(Scalar(out, l), m);  // a scalar load zeroes the rest of the register
      break;
    default:
      WASMC_CHECK(lane);
      a_.ldr(Scalar(v31, l), m);
      if (!Same(out, keep)) a_.mov(out.b16(), keep.b16());
      a_.ins(Elem(out, l, in.index2), Elem(v31, l, 0));
      break;
  }
  DefV(dst, out);
}

void A64MacroAssembler::VecStore(const ir::Inst& in, Operand addr, Operand value) {
  // The value first (v30, x15 for a far slot), then the address (x16, x15).
  const VecOp op = ir::VecOpOf(in);
  const uint32_t bytes = ir::VecOpAccessBytes(op);
  const Lanes l = LanesOfWidth(bytes);
  Vec vv = UseV(value, v30);
  if (op == VecOp::kV128Store) {
    a_.str(vv.q(), Address(in, addr, bytes, x15));
    return;
  }
  if (in.index2 != 0) {  // the lane to the bottom of v31
    a_.dup(Scalar(v31, l), Elem(vv, l, in.index2));
    vv = v31;
  }
  a_.str(Scalar(vv, l), Address(in, addr, bytes, x15));
}

}  // namespace wasmc::a64
