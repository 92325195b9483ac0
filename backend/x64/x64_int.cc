// x86-64 MacroAssembler: integer operations, select, memory access.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "backend/x64/address_check_x64.h"
#include "backend/x64/macro_assembler_x64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT
using ir::Opcode;
using regalloc::Location;

namespace {

bool FitsInt32(uint64_t v) { return static_cast<int64_t>(v) == static_cast<int32_t>(v); }

// The two-operand instruction (d op= rhs) of an integer ALU or shift op.
InstId AluInst(Opcode op) {
  switch (op) {
    case Opcode::kAdd: return Inst::kIdAdd;
    case Opcode::kSub: return Inst::kIdSub;
    case Opcode::kAnd: return Inst::kIdAnd;
    case Opcode::kOr: return Inst::kIdOr;
    case Opcode::kXor: return Inst::kIdXor;
    case Opcode::kMul: return Inst::kIdImul;
    case Opcode::kShl: return Inst::kIdShl;
    case Opcode::kShrS: return Inst::kIdSar;
    case Opcode::kShrU: return Inst::kIdShr;
    case Opcode::kRotl: return Inst::kIdRol;
    case Opcode::kRotr: return Inst::kIdRor;
    default: WASMC_UNREACHABLE();
  }
}

}  // namespace

CondCode IntCondCode(ir::Cond c) {
  switch (c) {
    case ir::Cond::kEq: return CondCode::kE;
    case ir::Cond::kNe: return CondCode::kNE;
    case ir::Cond::kLtS: return CondCode::kL;
    case ir::Cond::kLtU: return CondCode::kB;
    case ir::Cond::kGtS: return CondCode::kG;
    case ir::Cond::kGtU: return CondCode::kA;
    case ir::Cond::kLeS: return CondCode::kLE;
    case ir::Cond::kLeU: return CondCode::kBE;
    case ir::Cond::kGeS: return CondCode::kGE;
    case ir::Cond::kGeU: return CondCode::kAE;
    default: WASMC_UNREACHABLE();
  }
}

void X64MacroAssembler::NoteCond(const Operand& dst, CondCode cc) {
  if (!dst.IsReg()) return;
  cc_at_ = Offset();
  cc_reg_ = dst.loc.reg;
  cc_ = cc;
}

CondCode X64MacroAssembler::CompareFlags(const ir::Inst& in, const Operand& a, const Operand& b) {
  const bool w = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  auto M = [&](const Operand& o) { return w ? OperandMem(o) : OperandMem(o).cloneResized(4); };
  if (in.op == Opcode::kEqz) {
    if (a.loc.kind == Location::kSlot) a_.cmp(M(a), 0);
    else { Gp r = UseGp(a, r11); a_.test(R(r), R(r)); }
    return CondCode::kE;
  }
  if (CompareSlotInPlace(w, a, b)) return IntCondCode(in.cond);
  // Scratch: r11 only (rax and rcx are allocatable); a 64-bit constant b then comes
  // from the constant pool when a took r11.
  Gp ra = UseGp(a, r11);
  if (b.IsConst() && (!w || FitsInt32(b.imm))) a_.cmp(R(ra), static_cast<int32_t>(b.imm));
  else if (b.loc.kind == Location::kSlot) a_.cmp(R(ra), M(b));
  else if (b.IsConst() && ra.id() == r11.id()) a_.cmp(ra, qword_ptr(ConstLabel(b.imm)));
  else { Gp rb = UseGp(b, r11); a_.cmp(R(ra), R(rb)); }
  return IntCondCode(in.cond);
}

void X64MacroAssembler::IntEqz(const ir::Inst& in, Operand dst, Operand a) {
  IntCmp(in, dst, a, Operand{});
}

void X64MacroAssembler::IntCmp(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const CondCode cc = CompareFlags(in, a, b);
  Gp d = DstGp(dst, r11);
  a_.set(cc, d.r8());
  a_.movzx(d.r32(), d.r8());
  NoteCond(dst, cc);
  DefGp(dst, d);
}

// The compare's result is not written (only the select read it): zext_facts_x64.cc
// still counts its register as written below 2^32, which holds no live value then.
bool X64MacroAssembler::CompareSelect(const ir::Inst& cmp, Operand /*cdst*/, Operand ca, Operand cb,
                                      const ir::Inst& sel, Operand dst, Operand a, Operand b) {
  if (sel.type != ir::Type::kI32 && sel.type != ir::Type::kI64) return false;
  SelectOnFlags(sel, CompareFlags(cmp, ca, cb), dst, a, b);
  return true;
}

// `test x, y; jz / jnz` for `t = x & y` read only by the branch (the mov of x into t's
// register and the and saved; t is never written). A mask of the low byte tests a byte
// (`test sil, 0x10`, `test byte [slot], 0x10`): ZF is that of the whole and.
bool X64MacroAssembler::TestBranch(const ir::Inst& and_inst, Operand /*tdst*/, Operand x, Operand y,
                                   const ir::Inst& br, Operand /*ba*/, Operand /*bb*/) {
  if (and_inst.type != ir::Type::kI32 && and_inst.type != ir::Type::kI64) return false;
  const bool w = and_inst.type == ir::Type::kI64;
  auto R = [&](const Operand& o) { return w ? Gp(gpq(o.loc.reg)) : Gp(gpd(o.loc.reg)); };
  auto M = [&](const Operand& o) { return w ? OperandMem(o) : OperandMem(o).cloneResized(4); };
  if (x.IsConst()) std::swap(x, y);
  if (x.IsConst()) return false;
  if (y.IsConst()) {
    const uint64_t mask = w ? y.imm : (y.imm & 0xffffffffu);
    if (mask <= 0xff) {
      if (x.IsReg()) a_.test(gpq(x.loc.reg).r8(), static_cast<uint32_t>(mask));
      else a_.test(OperandMem(x).cloneResized(1), static_cast<uint32_t>(mask));
    } else if (!w || FitsInt32(mask)) {
      if (x.IsReg()) a_.test(R(x), static_cast<int32_t>(mask));
      else a_.test(M(x), static_cast<int32_t>(mask));
    } else {
      return false;
    }
  } else if (y.IsReg() || x.IsReg()) {
    if (!x.IsReg()) std::swap(x, y);
    if (y.IsReg()) a_.test(R(x), R(y));
    else a_.test(M(y), R(x));
  } else {
    return false;  // both in slots
  }
  const bool nonzero = br.cond == ir::Cond::kNe;  // br_if: kNe; br_cmp: eq / ne of t and 0
  a_.j(nonzero ? CondCode::kNZ : CondCode::kZ, LabelFor(br.index));
  return true;
}

void X64MacroAssembler::IntExtend(const ir::Inst& in, Operand dst, Operand a) {
  auto R = [&](const Gp& g) { return in.type == ir::Type::kI64 ? Gp(g.r64()) : Gp(g.r32()); };
  Gp s = UseGp(a, r11);
  Gp d = DstGp(dst, r11);
  if (in.op == Opcode::kExtend8S) a_.movsx(R(d), s.r8());
  else if (in.op == Opcode::kExtend16S) a_.movsx(R(d), s.r16());
  else a_.movsxd(d.r64(), s.r32());
  DefGp(dst, d);
}

// dst = a op b where dst and a are the same slot and b an immediate or a register:
// `op [slot], b` at the operation's width (an i32 writes the slot's low half only: every
// read of an i32 slot is a 32-bit one, UseGp, MoveCode). Writes no register, so rax
// and the flags trackers (register results only) are untouched; the slot's store is
// not noted for forwarding (DefGp's), so a following read loads it again.
bool X64MacroAssembler::SlotReadModifyWrite(const ir::Inst& in, const Operand& dst, const Operand& a,
                                            const Operand& b) {
  if (dst.loc.kind != Location::kSlot || a.loc.kind != Location::kSlot || a.loc.slot != dst.loc.slot)
    return false;
  if (in.op != Opcode::kAdd && in.op != Opcode::kSub && in.op != Opcode::kAnd && in.op != Opcode::kOr &&
      in.op != Opcode::kXor)
    return false;
  const bool w = in.type == ir::Type::kI64;
  if (!(b.IsReg() || (b.IsConst() && (!w || FitsInt32(b.imm))))) return false;
  const Mem m = w ? OperandMem(dst) : OperandMem(dst).cloneResized(4);
  if (b.IsReg()) a_.emit(AluInst(in.op), m, w ? Gp(gpq(b.loc.reg)) : Gp(gpd(b.loc.reg)));
  else a_.emit(AluInst(in.op), m, static_cast<int32_t>(b.imm));
  return true;
}

void X64MacroAssembler::IntArith(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w = in.type == ir::Type::kI64;
  // Every form below ends with a write of the result's register (an i32's at 32 bits)
  // or of its slot (SlotReadModifyWrite).
  struct NoteAtEnd {
    X64MacroAssembler& m;
    const Operand& dst;
    bool on;
    ~NoteAtEnd() {
      if (on && dst.IsReg()) m.NoteZeroExtended(dst.loc.reg);
    }
  } note{*this, dst, !w};
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  auto M = [&](const Operand& o) { return w ? OperandMem(o) : OperandMem(o).cloneResized(4); };
  // x86-64 has no shifted register operands: OptimizeFunction makes kOpShifted for
  // AArch64 only (function_compiler.cc).
  WASMC_CHECK(in.op != Opcode::kOpShifted);
  if (in.op == Opcode::kAddShl) {
    // d = a + (b << imm) + disp, imm = 0..3 (backend/opt/scaled_add.cc): one lea; the
    // 32-bit lea wraps like i32.add. A constant a joins the displacement (a static
    // array's address: `lea d, [b*4 + 0x660f80]`, no register for it) when the sum
    // fits: always at i32 (mod 2^32), in int32 range at i64. Scratch: r11 only.
    const uint32_t shift = static_cast<uint32_t>(in.imm);
    int64_t disp = static_cast<int32_t>(in.index);
    Gp d = DstGp(dst, r11);
    int64_t sum = 0;  // a constant a + disp, when it fits the displacement
    bool joins = false;
    if (a.IsConst() && (!w || FitsInt32(a.imm))) {
      sum = w ? static_cast<int64_t>(static_cast<int32_t>(a.imm)) + disp
              : static_cast<int32_t>(static_cast<uint32_t>(a.imm) + static_cast<uint32_t>(disp));
      joins = FitsInt32(static_cast<uint64_t>(sum));
    }
    if (!b.IsReg() && !a.IsReg() && !joins) {
      // Neither operand in a register: r11 = (b << shift) + a + disp, one scratch.
      Gp t = UseGp(b, r11);
      if (shift) a_.shl(R(t), shift);
      if (a.loc.kind == Location::kSlot) a_.add(R(t), w ? OperandMem(a) : OperandMem(a).cloneResized(4));
      else if (!w || FitsInt32(a.imm)) a_.add(R(t), static_cast<int32_t>(a.imm));
      else a_.add(t, qword_ptr(ConstLabel(a.imm)));
      if (disp) a_.add(R(t), static_cast<int32_t>(disp));
      DefGp(dst, t);
      return;
    }
    Gp rb = UseGp(b, r11);
    if (joins) {
      if (shift == 0) a_.lea(R(d), ptr(rb.r64(), static_cast<int32_t>(sum)));
      else a_.lea(R(d), ptr_abs(static_cast<uint64_t>(sum), rb.r64(), shift));
      DefGp(dst, d);
      return;
    }
    Gp ra = UseGp(a, r11);  // (b is in a register when a is not: above)
    a_.lea(R(d), ptr(ra.r64(), rb.r64(), shift, static_cast<int32_t>(disp)));
    DefGp(dst, d);
    return;
  }
  // A value in a slot updated in place (`v = v + 20`, an interpreter's `pOp++` or step
  // counter): one read-modify-write of the slot instead of load, op, store through r11.
  if (SlotReadModifyWrite(in, dst, a, b)) return;
  // Two-address arithmetic: d = a; d op= b. Scratch: r11 only (a result in a slot is
  // computed there; a 64-bit constant b then comes from the constant pool).
  const bool commutative = ir::IsCommutative(in.op);
  Gp d = DstGp(dst, r11);
  if (commutative && a.IsConst() && !b.IsConst()) std::swap(a, b);
  // A multiply by 3, 5 or 9: `lea d, [a + a*(q-1)]`, one uop of 1 cycle where imul
  // takes 3 (the 32-bit lea wraps like i32.mul; the 64-bit one is exact mod 2^64 like
  // i64.mul). Not q * 2^s with `shl` after it: one more instruction, measured no faster
  // (docs/performance.md, Session 27 "addrfold"); an address's x * 12 + C takes the
  // scale in the access instead (the mid-end's FoldScaledIndexes).
  if (in.op == Opcode::kMul && b.IsConst() && !a.IsConst()) {
    const uint64_t m = w ? b.imm : b.imm & 0xffffffffu;
    if (m == 3 || m == 5 || m == 9) {
      const Gp ra = UseGp(a, d);
      a_.lea(R(d), ptr(ra.r64(), ra.r64(), m == 3 ? 1 : m == 5 ? 2 : 3));
      DefGp(dst, d);
      return;
    }
  }
  // 0 - b in b's own register: `neg d` (xor + sub needed b copied to r11 first). ZF
  // and SF describe the result, as after the sub.
  if (in.op == Opcode::kSub && a.IsConst() && (w ? a.imm : a.imm & 0xffffffffu) == 0 && b.IsReg() &&
      b.loc.reg == d.id()) {
    a_.neg(R(d));
    NoteFlags(dst, w);
    DefGp(dst, d);
    return;
  }
  // A 64-bit constant that no immediate takes, of a commutative operation, into a
  // register d that a is not in: the constant goes into d first, then d op= a (from its
  // register or its slot), instead of `mov d, a; mov r11, C; op d, r11` (the hash
  // multiplies `x * 0xcf1bbcdcbb000000`). Not when a's slot was just stored: the form
  // below then reads a from the register it was stored from (Forwarded).
  if (commutative && w && b.IsConst() && !FitsInt32(b.imm) &&
      ((a.IsReg() && a.loc.reg != d.id()) ||
       (a.loc.kind == Location::kSlot && !(fwd_at_ == Offset() && fwd_slot_ == a.loc.slot)))) {
    a_.mov(d.r64(), b.imm);
    if (a.IsReg()) a_.emit(AluInst(in.op), d.r64(), gpq(a.loc.reg));
    else a_.emit(AluInst(in.op), d.r64(), OperandMem(a));
    if (in.op != Opcode::kMul) NoteFlags(dst, w);  // imul leaves ZF undefined
    DefGp(dst, d);
    return;
  }
  // Three-operand forms when d is not a's register (saves the `mov d, a`):
  // add -> lea (32-bit lea wraps like i32.add), mul by an immediate -> imul d, a, imm.
  if (a.IsReg() && a.loc.reg != d.id()) {
    const Gp ra = gpq(a.loc.reg);
    const bool imm_ok = b.IsConst() && (!w || FitsInt32(b.imm)) && static_cast<int32_t>(b.imm) != 0;
    if (in.op == Opcode::kAdd && imm_ok) {
      a_.lea(R(d), ptr(ra, static_cast<int32_t>(b.imm)));
      DefGp(dst, d);
      return;
    }
    if (in.op == Opcode::kSub && imm_ok && static_cast<int32_t>(b.imm) != INT32_MIN) {
      a_.lea(R(d), ptr(ra, -static_cast<int32_t>(b.imm)));
      DefGp(dst, d);
      return;
    }
    if (in.op == Opcode::kAdd && b.IsReg()) {
      a_.lea(R(d), ptr(ra, gpq(b.loc.reg)));
      DefGp(dst, d);
      return;
    }
    if (in.op == Opcode::kMul && b.IsConst() && (!w || FitsInt32(b.imm))) {
      a_.imul(R(d), R(ra), static_cast<int32_t>(b.imm));
      DefGp(dst, d);
      return;
    }
  }
  if (b.IsReg() && b.loc.reg == d.id()) {
    if (commutative && !(a.IsReg() && a.loc.reg == d.id())) {
      std::swap(a, b);
    } else {
      a_.mov(r11, gpq(b.loc.reg));  // (rcx is allocatable)
      b.loc = Location::Reg(r11.id());
    }
  }
  // d = a
  if (a.IsReg()) {
    if (a.loc.reg != d.id()) a_.mov(R(d), R(gpq(a.loc.reg)));
  } else if (a.loc.kind == Location::kSlot) {
    if (!Forwarded(a, d)) a_.mov(R(d), M(a));
  } else {
    if (a.imm == 0) a_.xor_(d.r32(), d.r32());
    else if (!w || a.imm <= 0xffffffffu) a_.mov(d.r32(), static_cast<uint32_t>(a.imm));
    else a_.mov(d.r64(), a.imm);
  }
  auto emit = [&](const auto& rhs) { a_.emit(AluInst(in.op), R(d), rhs); };
  if (b.IsConst() && (!w || FitsInt32(b.imm))) {
    int32_t imm = static_cast<int32_t>(b.imm);
    if (in.op == Opcode::kMul) a_.imul(R(d), R(d), imm);
    else emit(imm);
  } else if (b.loc.kind == Location::kSlot) {
    emit(M(b));
  } else if (b.IsConst() && d.id() == r11.id()) {
    emit(qword_ptr(ConstLabel(b.imm)));  // (w: a 32-bit constant took the immediate)
  } else {
    Gp rb = UseGp(b, r11);
    emit(R(rb));
  }
  if (in.op != Opcode::kMul) NoteFlags(dst, w);  // imul leaves ZF undefined
  DefGp(dst, d);
}

void X64MacroAssembler::IntShift(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  Gp d = DstGp(dst, r11);
  // shl by 1..3 of a register into another: one lea (d = a * 2^k; 32-bit lea wraps
  // like i32.shl) instead of mov + shl.
  const uint32_t k = b.IsConst() ? static_cast<uint32_t>(b.imm) & (w ? 63 : 31) : 0;
  if (in.op == Opcode::kShl && k >= 1 && k <= 3 && a.IsReg() && a.loc.reg != d.id()) {
    const Gp ra = gpq(a.loc.reg);
    if (k == 1) a_.lea(R(d), ptr(ra, ra));
    else a_.lea(R(d), ptr_abs(0, ra, k));
    DefGp(dst, d);
    return;
  }
  if (!b.IsConst()) {
    Gp rb = UseGp(b, rcx);
    if (rb.id() != rcx.id()) a_.mov(ecx, rb.r32());
  }
  if (a.IsReg()) {
    if (a.loc.reg != d.id()) a_.mov(R(d), R(gpq(a.loc.reg)));
  } else {
    Gp ra = UseGp(a, d);
    if (ra.id() != d.id()) a_.mov(R(d), R(ra));
  }
  if (b.IsConst()) a_.emit(AluInst(in.op), R(d), static_cast<uint32_t>(b.imm) & (w ? 63 : 31));
  else a_.emit(AluInst(in.op), R(d), cl);
  DefGp(dst, d);
}

void X64MacroAssembler::IntDivRem(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  const bool w = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  const auto [is_signed, is_rem, bv] = DivRemOf(in, b);
  // Unsigned by a power of two: shift / mask.
  if (b.IsConst() && !is_signed && IsPow2(bv)) {
    Gp d = DstGp(dst, rax);
    Gp ra = UseGp(a, d);
    if (ra.id() != d.id()) a_.mov(R(d), R(ra));
    if (is_rem) {
      if (bv - 1 <= 0x7fffffffu) a_.and_(R(d), static_cast<int32_t>(bv - 1));
      else { a_.mov(rcx, bv - 1); a_.and_(R(d), R(rcx)); }
    } else {
      a_.shr(R(d), __builtin_ctzll(bv));
    }
    DefGp(dst, d);
    return;
  }
  Gp rb = UseGp(b, rcx);
  Gp ra = UseGp(a, rax);
  if (ra.id() != rax.id()) a_.mov(R(rax), R(ra));
  if (!b.IsConst()) {
    a_.test(R(rb), R(rb));
    a_.jz(TrapLabel(WASMC_TRAP_INT_DIV_BY_ZERO));
  } else if (bv == 0) {
    a_.jmp(TrapLabel(WASMC_TRAP_INT_DIV_BY_ZERO));
  }
  Label done = a_.newLabel();
  const bool may_be_minus1 = !b.IsConst() || bv == (w ? ~0ull : 0xffffffffull);
  if (is_signed && may_be_minus1) {
    Label go = a_.newLabel();
    a_.cmp(R(rb), -1);
    a_.jne(go);
    if (is_rem) {
      a_.xor_(edx, edx);
      a_.jmp(done);
    } else {
      if (w) { a_.mov(rdx, 0x8000000000000000ull); a_.cmp(rax, rdx); }
      else a_.cmp(eax, 0x80000000u);
      a_.je(TrapLabel(WASMC_TRAP_INT_OVERFLOW));
    }
    a_.bind(go);
  }
  if (is_signed) {
    if (w) a_.cqo(); else a_.cdq();
    a_.idiv(R(rb));
  } else {
    a_.xor_(edx, edx);
    a_.div(R(rb));
  }
  a_.bind(done);
  DefGp(dst, is_rem ? rdx : rax);
}

void X64MacroAssembler::IntBits(const ir::Inst& in, Operand dst, Operand a) {
  const bool w = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  const int bits = w ? 64 : 32;
  Gp s = UseGp(a, rax);
  // The result goes straight to dst's register (rax when dst is a slot): d may be s
  // (a dying operand), which bsf/bsr/lzcnt/tzcnt/popcnt read before they write.
  Gp d = DstGp(dst, rax);
  // x86-64-v3 has LZCNT/TZCNT (defined for 0), x86-64-v2 POPCNT (--cpu).
  if (cpu_.lzcnt && in.op != Opcode::kPopcnt) {
    if (in.op == Opcode::kClz) a_.lzcnt(R(d), R(s));
    else a_.tzcnt(R(d), R(s));
    DefGp(dst, d);
    return;
  }
  if (cpu_.ssse3_sse41 && in.op == Opcode::kPopcnt) {
    a_.popcnt(R(d), R(s));
    DefGp(dst, d);
    return;
  }
  // bsr/bsf leave their destination undefined for 0 and set ZF: the cmov puts the
  // zero input's answer there, through r11 (so clz/ctz leave rcx alone: InstClobbers).
  // An operand the mid-end proved non-zero (index2, ir.h) needs no such answer.
  const bool nonzero = in.index2 != 0;
  switch (in.op) {
    case Opcode::kClz:
      a_.bsr(R(d), R(s));
      if (!nonzero) {
        a_.mov(r11d, 2 * bits - 1);
        a_.cmovz(R(d), R(r11));
      }
      a_.xor_(R(d), bits - 1);
      DefGp(dst, d);
      return;
    case Opcode::kCtz:
      if (!w && !nonzero && d.id() == s.id()) {
        // In place, i32: bit 32 set answers 32 for a zero input, `bts` then a 64-bit
        // `bsf` (what the register holds above bit 32 is never reached; the result,
        // at most 32, is zero-extended). One instruction fewer than the cmov.
        a_.bts(d.r64(), 32);
        a_.bsf(d.r64(), d.r64());
        DefGp(dst, d);
        return;
      }
      a_.bsf(R(d), R(s));
      if (!nonzero) {
        a_.mov(r11d, bits);
        a_.cmovz(R(d), R(r11));
      }
      DefGp(dst, d);
      return;
    case Opcode::kPopcnt: {
      // SWAR population count (no POPCNT in the x86-64 baseline).
      if (s.id() != rax.id()) a_.mov(R(rax), R(s));
      a_.mov(R(rcx), R(rax));
      a_.shr(R(rcx), 1);
      if (w) { a_.mov(rdx, 0x5555555555555555ull); a_.and_(rcx, rdx); }
      else a_.and_(ecx, 0x55555555);
      a_.sub(R(rax), R(rcx));
      if (w) a_.mov(rdx, 0x3333333333333333ull); else a_.mov(edx, 0x33333333);
      a_.mov(R(rcx), R(rax));
      a_.and_(R(rcx), R(rdx));
      a_.shr(R(rax), 2);
      a_.and_(R(rax), R(rdx));
      a_.add(R(rax), R(rcx));
      a_.mov(R(rcx), R(rax));
      a_.shr(R(rcx), 4);
      a_.add(R(rax), R(rcx));
      if (w) { a_.mov(rdx, 0x0f0f0f0f0f0f0f0full); a_.and_(rax, rdx); }
      else a_.and_(eax, 0x0f0f0f0f);
      if (w) { a_.mov(rdx, 0x0101010101010101ull); a_.imul(rax, rdx); }
      else a_.imul(eax, eax, 0x01010101);
      a_.shr(R(rax), bits - 8);
      break;
    }
    default: WASMC_UNREACHABLE();
  }
  DefGp(dst, rax);
}

void X64MacroAssembler::Select(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) {
  // c != 0 ? a : b
  if (c.IsConst()) {
    const Operand& pick = (c.imm & 0xffffffffu) ? a : b;
    bool fp = ir::IsFpr(in.type);
    regalloc::Move m{dst.loc, pick.loc, pick.imm, fp, in.type != ir::Type::kI32 && in.type != ir::Type::kF32};
    m.v128 = in.type == ir::Type::kV128;
    Move(m);
    return;
  }
  // c through r11 and a constant a or b through r11 after the test (a mov, which keeps
  // the flags): rcx and rdx stay allocatable across a select (InstClobbers).
  Gp rc = UseGp(c, r11);
  if (in.type == ir::Type::kV128) {
    Label skip = a_.newLabel();
    VCopy(xmm0, b);
    a_.test(rc.r32(), rc.r32());
    a_.jz(skip);
    VCopy(xmm0, a);
    a_.bind(skip);
    VDef(dst, xmm0);
    return;
  }
  if (ir::IsFloat(in.type)) {
    const bool w = in.type == ir::Type::kF64;
    Label skip = a_.newLabel();
    Xmm d = xmm0;
    Xmm vb = UseXmm(b, xmm0);
    if (vb.id() != d.id()) a_.movaps(d, vb);
    a_.test(rc.r32(), rc.r32());
    a_.jz(skip);
    Xmm va = UseXmm(a, xmm0);
    if (va.id() != d.id()) a_.movaps(d, va);
    a_.bind(skip);
    (void)w;
    DefXmm(dst, d);
    return;
  }
  if (c.IsReg() && cc_at_ == Offset() && cc_reg_ == c.loc.reg) {
    // c was computed by the compare just before and its flags still hold: cmov on
    // the compare's condition. Only flag-preserving moves until the cmov (no xor).
    return SelectOnFlags(in, cc_, dst, a, b);
  }
  // c != 0 by a test of rc (a constant a or b may then go through r11: c is dead).
  a_.test(rc.r32(), rc.r32());
  SelectOnFlags(in, CondCode::kNZ, dst, a, b);
}

// With the flags saying `cc` for c != 0: the result goes straight to dst's register
// (rax when dst is a slot). The register may be a's, b's or c's (they may die here):
// when it is a's, it keeps a and takes b on the opposite condition; otherwise b is
// loaded first (c is not read again: the flags stand for it). Only flag-preserving
// moves before the cmov (no `xor r, r`); a constant a or b goes through r11.
void X64MacroAssembler::SelectOnFlags(const ir::Inst& in, CondCode cc, const Operand& dst,
                                      const Operand& a, const Operand& b) {
  const bool w = in.type == ir::Type::kI64;
  auto R = [&](const Gp& g) { return w ? Gp(g.r64()) : Gp(g.r32()); };
  auto load = [&](const Operand& o, const Gp& r) {
    if (o.IsReg()) { if (o.loc.reg != r.id()) a_.mov(R(r), R(gpq(o.loc.reg))); }
    else if (o.loc.kind == Location::kSlot) a_.mov(R(r), w ? OperandMem(o) : OperandMem(o).cloneResized(4));
    else if (!w || o.imm <= 0xffffffffu) a_.mov(r.r32(), static_cast<uint32_t>(o.imm));
    else a_.mov(r.r64(), o.imm);
  };
  // d = cc ? x : d.
  auto cmov = [&](CondCode k, const Gp& d, const Operand& x) {
    if (x.IsReg()) a_.cmov(k, R(d), R(gpq(x.loc.reg)));
    else if (x.loc.kind == Location::kSlot) a_.cmov(k, R(d), w ? OperandMem(x) : OperandMem(x).cloneResized(4));
    else if (d.id() == r11.id()) a_.cmov(k, R(d), w ? qword_ptr(ConstLabel(x.imm)) : dword_ptr(ConstLabel(x.imm & 0xffffffffu)));
    else { load(x, r11); a_.cmov(k, R(d), R(r11)); }
  };
  const Gp d = DstGp(dst, r11);  // (rax is allocatable: r11 the only scratch)
  if (a.IsReg() && a.loc.reg == d.id()) {
    cmov(x86::negateCond(cc), d, b);
  } else {
    load(b, d);
    cmov(cc, d, a);
  }
  DefGp(dst, d);
}

// ---- Memory ------------------------------------------------------------------

namespace {

// The effective address r14 + zext(index) + offset (no bounds check: the 8 GiB
// reservation turns any overflow into a fault). A 64-bit index (memory64, checked by
// the IR before) is used whole; an absolute one (ir.h: index2 = 1) is the base
// itself, without r14. Writes only `s` (an offset above 2^31 - 1 is added from the
// constant pool, `big_offset`).
Mem Address(x86::Assembler& a, const ir::Inst& in, const Gp& index, bool index_in_reg,
            uint64_t const_index, uint64_t offset, const Gp& s, const Mem& big_offset) {
  const bool absolute = in.index2 != 0;
  if (!index_in_reg) {
    uint64_t ea = const_index + offset;
    if (!absolute && ea <= 0x7fffffffu) return qword_ptr(r14, static_cast<int32_t>(ea));
    a.mov(s.r64(), ea);
    return absolute ? qword_ptr(s.r64()) : qword_ptr(r14, s.r64());
  }
  if (offset <= 0x7fffffffu) {
    if (absolute) return qword_ptr(index.r64(), static_cast<int32_t>(offset));
    return qword_ptr(r14, index, 0, static_cast<int32_t>(offset));
  }
  if (index.id() != s.id()) {
    if (in.src_type == ir::Type::kI64) a.mov(s.r64(), index.r64());
    else a.mov(s.r32(), index.r32());
  }
  if (in.src_type != ir::Type::kI64 && !absolute) {
    // A 32-bit index off the memory base: immediates the address check can bound (a
    // wasm32 offset is below 2^32: at most two adds and a displacement).
    while (offset > 0x7fffffffu) {
      a.add(s.r64(), 0x7fffffff);
      offset -= 0x7fffffffu;
    }
    return qword_ptr(r14, s.r64(), 0, static_cast<int32_t>(offset));
  }
  a.add(s.r64(), big_offset);
  return absolute ? qword_ptr(s.r64()) : qword_ptr(r14, s.r64());
}

uint64_t ConstIndex(const ir::Inst& in, const Operand& addr) {
  return in.src_type == ir::Type::kI64 ? addr.imm : addr.imm & 0xffffffffu;
}

}  // namespace

// The address rule (docs/backend.md): the index register as it is when the code of
// its block so far proves it zero-extended (the address check's own analysis, from
// the GPRs zero-extended on every path into the block: zext_facts_x64.cc), else
// extended in place (`mov r32, r32` of itself: an i32 value keeps its bits, and the
// block's later accesses through it need nothing; the scratch-write check allows it
// for i32 operands).
Gp X64MacroAssembler::ZeroExtendedIndexByCode(const Gp& idx) {
  if ((zext_gprs_ >> idx.id() & 1) || KnownZeroExtended(idx)) return idx;
  a_.mov(idx.r32(), idx.r32());
  return idx;
}

bool X64MacroAssembler::KnownZeroExtended(const Gp& r) {
  // -O1: no re-decoding of the emitted code (SetOptLevel), only the last instruction's
  // 32-bit write that its lowering noted (NoteZeroExtended).
  const bool z32 = z32_at_ == Offset() && a_.last_bind != z32_at_ && z32_reg_ == r.id();
  if (!track_zext_) return z32;
  // -O2: such a write is what the tracker would find last too (a 32-bit write or `mov
  // r32, r32` of r, nothing after it in the block: below 2^32 whatever came before), so
  // the code is not read back for it; the tracker reads it at the block's next query.
  // Under WASMC_VERIFY the tracker confirms each such answer (a difference aborts).
  const bool ir = z32 || IrKnowsZeroExtended(r.id());
  if (ir && !check_zext_) [[likely]] return true;
  const uint32_t now = Offset();
  const asmjit::CodeBuffer& buf = code_.textSection()->buffer();
  const uint16_t entry = a_.binds == zext_binds_ ? zext_entry_ : 0;  // the block's, from its IR label
  const bool known =
      zext_.IsZeroExtended(std::span<const uint8_t>(buf.data(), now), a_.last_bind, now, r.id(), entry);
  if (ir && !known) {
    std::fprintf(stderr, "wasmc: internal error: GPR %u, known below 2^32 at code offset 0x%x by %s, is "
                 "not so by the zero-extension tracker\n", static_cast<unsigned>(r.id()), now,
                 z32 ? "the 32-bit write noted there" : "the IR facts");
    std::abort();
  }
  return known;
}

uint64_t X64MacroAssembler::IndexBound(const Gp& r) {
  if (!track_zext_) return UINT64_MAX;
  const uint32_t now = Offset();
  const asmjit::CodeBuffer& buf = code_.textSection()->buffer();
  const uint16_t entry = a_.binds == zext_binds_ ? zext_entry_ : 0;  // the block's, from its IR label
  return zext_.Bound(std::span<const uint8_t>(buf.data(), now), a_.last_bind, now, r.id(), entry);
}

// The IR facts carried through the block to the access whose address is being formed
// (zext_inst_), while its block is the one its IR label began (no other label bound
// since: the tracker's block too).
bool X64MacroAssembler::IrKnowsZeroExtended(unsigned reg) {
  if (!zext_inst_ || a_.binds != zext_binds_ || !plan_.fn) return false;
  const size_t at = static_cast<size_t>(zext_inst_ - plan_.fn->insts.data());
  if (at >= plan_.fn->insts.size()) return false;  // (a copy: Address)
  size_t k = zext_next_access_;
  const size_t n = zext_accesses_.size();
  while (k < n && zext_accesses_[k].inst < at) ++k;
  zext_next_access_ = k;
  if (k == n || zext_accesses_[k].inst != at) return false;
  const AccessZext& z = zext_accesses_[k];
  if (z.label != zext_label_ || z.label >= zext_at_label_.size()) return false;
  return ((zext_at_label_[z.label] & z.keep) | z.gen) >> reg & 1;
}

// Vector accesses (x64_simd.cc): as Load/Store, with the absolute flag in `sign`
// (index2 holds the lane; backend/ir/ir.h).
Mem X64MacroAssembler::Address(const ir::Inst& vec, const Operand& addr) {
  ir::Inst in;
  in.src_type = vec.src_type;
  in.index2 = vec.sign ? 1 : 0;
  in.imm = vec.imm;
  return AccessMem(in, addr, rax);  // (vector accesses clobber rax: InstClobbers)
}

bool AddressNeedsScratch(const ir::Inst& in, const Operand& addr) {
  if (addr.loc.kind == Location::kSlot || in.imm > 0x7fffffffu) return true;
  if (in.index != 0 && (in.op == Opcode::kLoad || in.op == Opcode::kStore)) return true;  // (AccessMem)
  return addr.IsConst() && (in.index2 != 0 || ConstIndex(in, addr) + in.imm > 0x7fffffffu);
}

// The memory operand of a Load/Store-shaped access (index2 = 1: absolute address).
// The address rule applies to 32-bit addresses off the memory base.
Mem X64MacroAssembler::AccessMem(const ir::Inst& in, const Operand& addr, const Gp& scratch) {
  Gp idx;
  if (!addr.IsConst()) {
    idx = UseGp(addr, scratch);
    // An i32 index UseGp read from its slot is zero-extended already: its load (or the
    // forwarded `mov r32, r32`) is a 32-bit write.
    const bool loaded = addr.loc.kind == Location::kSlot && addr.type == ir::Type::kI32;
    if (in.index2 == 0 && in.src_type != ir::Type::kI64 && !loaded) {
      zext_inst_ = &in;
      idx = ZeroExtendedIndex(idx);
      zext_inst_ = nullptr;
    }
    // A scaled index (the mid-end's FoldScaledIndexes: `idx << k` cannot wrap, so the
    // address is idx * 2^k + offset): `[r14 + idx*2^k + offset]` where the address
    // check's analysis of the code bounds idx so that the access stays inside the
    // reservation (the check proves it again), else idx * 2^k into the scratch with a
    // 32-bit lea (below 2^32: no wrap) and the usual form.
    if (in.index != 0 && (in.op == Opcode::kLoad || in.op == Opcode::kStore)) {
      const uint32_t k = in.index;
      const uint64_t bound = in.imm <= 0x7fffffffu ? IndexBound(idx) : UINT64_MAX;
      if (bound <= (kMaxMemoryOffset - in.imm) >> k)
        return qword_ptr(r14, idx.r64(), k, static_cast<int32_t>(in.imm));
      a_.lea(scratch.r32(), ptr_abs(0, idx.r64(), k));
      idx = scratch;
    }
  }
  const bool pooled = in.imm > 0x7fffffffu && (in.src_type == ir::Type::kI64 || in.index2 != 0);
  const Mem big_offset = pooled ? qword_ptr(ConstLabel(in.imm)) : Mem();  // (Address)
  return x64::Address(a_, in, idx, !addr.IsConst(), ConstIndex(in, addr), in.imm, scratch, big_offset);
}

// The address's scratch is the result's own register (written by the load anyway), or
// r11: rax stays allocatable across a load (InstClobbers).
void X64MacroAssembler::Load(const ir::Inst& in, Operand dst, Operand addr) {
  if (ir::IsFloat(in.type)) {
    Mem m = AccessMem(in, addr, r11);
    Xmm d = DstXmm(dst, xmm0);
    if (in.type == ir::Type::kF64) a_.movsd(d, m);
    else a_.movss(d, m.cloneResized(4));
    DefXmm(dst, d);
    return;
  }
  Gp d = DstGp(dst, r11);
  Mem m = AccessMem(in, addr, d);
  const bool w = in.type == ir::Type::kI64;
  switch (in.width) {
    case 1:
      m.setSize(1);
      if (in.sign) { if (w) a_.movsx(d.r64(), m); else a_.movsx(d.r32(), m); }
      else a_.movzx(d.r32(), m);
      break;
    case 2:
      m.setSize(2);
      if (in.sign) { if (w) a_.movsx(d.r64(), m); else a_.movsx(d.r32(), m); }
      else a_.movzx(d.r32(), m);
      break;
    case 4:
      m.setSize(4);
      if (w && in.sign) a_.movsxd(d.r64(), m);
      else a_.mov(d.r32(), m);
      break;
    case 8:
      a_.mov(d.r64(), m);
      break;
    default: WASMC_UNREACHABLE();
  }
  DefGp(dst, d);  // (nothing when dst is d's register)
  if (!w && dst.IsReg()) NoteZeroExtended(dst.loc.reg);  // mov / movzx / movsx of a 32-bit register
}

void X64MacroAssembler::Store(const ir::Inst& in, Operand addr, Operand value) {
  // Value first, then the address. The value: its register, an immediate, xmm0 (a
  // float; a 4- or 8-byte integer from a slot or the constant pool when the address
  // needs r11), r11, or rcx for an offset above 2^31 - 1 (StoreValueInR11, which
  // InstClobbers follows). The address's scratch: r11, or rax for a 1- or 2-byte value
  // in r11 (InstClobbers: those stores clobber rax).
  Xmm vx;
  Gp vg;
  const Gp scratch = StoreValueInR11(in) ? r11 : rcx;
  const bool fp = ir::IsFloat(in.type);
  const bool const_int = !fp && value.IsConst() && (in.width < 8 || FitsInt32(value.imm));
  const bool addr_scratch = AddressNeedsScratch(in, addr);
  bool via_xmm = fp;
  if (fp) {
    vx = UseXmm(value, xmm0);
  } else if (!const_int) {
    if (value.IsReg() || !StoreValueInR11(in) || !addr_scratch || in.width < 4) {
      vg = UseGp(value, scratch);
    } else {  // both need r11: the value through xmm0
      via_xmm = true;
      vx = xmm0;
      if (value.IsConst()) LoadFloatConst(xmm0, value.imm, true);  // a 64-bit constant
      else if (in.width == 8) a_.movq(xmm0, OperandMem(value));
      else a_.movd(xmm0, OperandMem(value).cloneResized(4));
    }
  }
  const bool value_in_r11 = vg.isValid() && vg.id() == r11.id();
  Mem m = AccessMem(in, addr, value_in_r11 ? rax : r11);
  m.setSize(in.width);
  if (via_xmm) {
    if (fp) { if (in.width == 8) a_.movsd(m, vx); else a_.movss(m, vx); }
    else if (in.width == 8) a_.movq(m, vx);
    else a_.movd(m, vx);
    return;
  }
  if (const_int) {
    switch (in.width) {
      case 1: a_.mov(m, static_cast<int32_t>(static_cast<int8_t>(value.imm))); break;
      case 2: a_.mov(m, static_cast<int32_t>(static_cast<int16_t>(value.imm))); break;
      case 4: a_.mov(m, static_cast<int32_t>(value.imm)); break;
      case 8: a_.mov(m, static_cast<int32_t>(value.imm)); break;
    }
    return;
  }
  switch (in.width) {
    case 1: a_.mov(m, vg.r8()); break;
    case 2: a_.mov(m, vg.r16()); break;
    case 4: a_.mov(m, vg.r32()); break;
    case 8: a_.mov(m, vg.r64()); break;
  }
}

}  // namespace wasmc::x64
