// Core of the x86-64 MacroAssembler: frame, moves, control flow, calls, code output.
// Integer operations: x64_int.cc; floating point and conversions: x64_float.cc.
#include "backend/x64/macro_assembler_x64.h"

#include <algorithm>
#include <cstdio>

#include "backend/codegen/asmjit_compat.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT: register names
using regalloc::Location;

namespace {

constexpr uint8_t kIntArgRegs[] = {7 /*rdi*/, 6 /*rsi*/, 2 /*rdx*/, 1 /*rcx*/, 8, 9};
constexpr uint8_t kCycleGpr = 11;   // r11
constexpr uint8_t kCycleFpr = 15;   // xmm15
constexpr uint32_t kPinnedInstance = 15, kPinnedMemory = 14;

bool FitsInt32(uint64_t v) { return static_cast<int64_t>(v) == static_cast<int32_t>(v); }

// asmjit reports an instruction it cannot encode by returning an error and emitting
// nothing; that would be silently wrong code, so it is an internal error here.
class AbortOnError : public ErrorHandler {
 public:
  void handleError(Error err, const char* message, BaseEmitter*) override {
    std::fprintf(stderr, "wasmc: internal error: asmjit: %s (%u)\n", message, err);
    CheckFailed(__FILE__, __LINE__, "asmjit rejected an instruction");
  }
};

AbortOnError abort_on_error;

}  // namespace

// rcx and rdx are allocatable except around the instructions whose lowering writes
// them as scratch (RegisterInfo::clobbers). rdx: division (rdx:rax), popcnt (the
// x86-64 level's SWAR sequence), unsigned conversion to float, atomics, every call
// (an argument register). rcx: the same, and
// shift counts (cl: not for a constant count, `b_const`), a spilled or 64-bit constant
// value to store at an offset above 2^31 - 1 (below, the value goes through r11: the
// address needs r11 only for such an offset, x64_int.cc), multi-value
// returns, float compares (setcc cl), copysign and rounding (x86-64 level), SIMD. The
// code check of WASMC_VERIFY=1 (CheckScratchWrites, address_check_x64.h) holds the
// emitted code to this list. Measured (docs/backend.md "Linear scan"): rcx was kept
// from every value live across any shift or store. A select takes neither (its
// condition and a constant operand go through r11, x64_int.cc): rcx and rdx were kept
// from every value live across one (zstd -1.7% instructions). The answer depends on
// in.op, b_const and in.imm only: Registers() probes those to list the opcodes that
// never clobber (RegisterInfo::clobber_free_ops, regalloc::ClobberFreeOps).
//
// rax is allocatable too (branch gpr11), kept from every value live across an
// instruction whose lowering still writes it (RaxFree below lists those that do not:
// their scratch is r11 alone, a spilled operand read as a memory operand).
static bool RaxFree(const ir::Inst& in) {
  switch (in.op) {
    case ir::Opcode::kNop: case ir::Opcode::kLabel: case ir::Opcode::kJump:
    case ir::Opcode::kBrIf: case ir::Opcode::kBrCmp: case ir::Opcode::kConst:
    case ir::Opcode::kMov: case ir::Opcode::kParallelMove: case ir::Opcode::kSelect:
    case ir::Opcode::kAdd: case ir::Opcode::kSub: case ir::Opcode::kMul: case ir::Opcode::kAnd:
    case ir::Opcode::kOr: case ir::Opcode::kXor: case ir::Opcode::kAddShl:
    case ir::Opcode::kShl: case ir::Opcode::kShrS: case ir::Opcode::kShrU:
    case ir::Opcode::kRotl: case ir::Opcode::kRotr:
    case ir::Opcode::kEqz: case ir::Opcode::kCmp:
    case ir::Opcode::kExtend8S: case ir::Opcode::kExtend16S: case ir::Opcode::kExtend32S:
    case ir::Opcode::kWrap: case ir::Opcode::kExtendU32: case ir::Opcode::kExtendS32:
    case ir::Opcode::kLoad: case ir::Opcode::kGlobalGet: case ir::Opcode::kGlobalSet:
      return true;
    case ir::Opcode::kStore:  // a narrow value and address both in slots need rax
      return in.width >= 4 || ir::IsFloat(in.type);
    default:
      return false;
  }
}

static uint32_t InstClobbersRcxRdx(const ir::Inst& in, bool b_const) {
  constexpr uint32_t kRcx = 1u << 1, kRdx = 1u << 2, kRsi = 1u << 6, kRdi = 1u << 7;
  switch (in.op) {
    case ir::Opcode::kDivS: case ir::Opcode::kDivU: case ir::Opcode::kRemS: case ir::Opcode::kRemU:
    case ir::Opcode::kPopcnt: case ir::Opcode::kConvertU:
    case ir::Opcode::kAtomicLoad: case ir::Opcode::kAtomicStore: case ir::Opcode::kAtomicRmw:
    case ir::Opcode::kAtomicCmpxchg: case ir::Opcode::kFence:
      return kRcx | kRdx;
    case ir::Opcode::kShl: case ir::Opcode::kShrS: case ir::Opcode::kShrU: case ir::Opcode::kRotl:
    case ir::Opcode::kRotr:
      return b_const ? 0 : kRcx;
    case ir::Opcode::kStore:
      return StoreValueInR11(in) ? 0 : kRcx;
    case ir::Opcode::kMemoryCopy: case ir::Opcode::kMemoryFill:  // x64_bulk.cc
      return kRcx | kRsi | kRdi;
    case ir::Opcode::kReturn: case ir::Opcode::kFCmp:
    case ir::Opcode::kFCopysign: case ir::Opcode::kFCeil: case ir::Opcode::kFFloor:
    case ir::Opcode::kFTrunc: case ir::Opcode::kFNearest: case ir::Opcode::kVec:
    case ir::Opcode::kVecLoad: case ir::Opcode::kVecStore:
      return kRcx;
    default:
      return ir::IsCall(in.op) ? kRcx | kRdx : 0;
  }
}

static uint32_t InstClobbers(const ir::Inst& in, bool b_const) {
  return (RaxFree(in) ? 0 : 1u) | InstClobbersRcxRdx(in, b_const);
}

const regalloc::RegisterInfo& Registers() {
  static const regalloc::RegisterInfo info = [] {
    regalloc::RegisterInfo r;
    r.gprs = {6, 7, 8, 9, 10, 2, 1, 0, 3, 12, 13};  // rsi rdi r8 r9 r10 rdx rcx rax | rbx r12 r13
    for (uint8_t x = 2; x <= 14; ++x) r.fprs.push_back(x);
    r.gpr_callee_saved = (1u << 3) | (1u << 12) | (1u << 13);
    r.fpr_callee_saved = 0;
    for (uint8_t x = 8; x <= 14; ++x) r.fpr_wasm_saved |= 1u << x;  // wasm calls only
    r.clobbers = InstClobbers;
    r.clobber_free_ops = regalloc::ClobberFreeOps(InstClobbers);
    r.memory_base_gpr = kPinnedMemory;  // r14, in functions without memory-0 accesses
    // Kept through all wasm code of a sole module (ir::Function::pinned_registers_kept).
    r.gpr_pinned = (1u << kPinnedMemory) | (1u << kPinnedInstance);
    return r;
  }();
  return info;
}

CpuFeatures FeaturesOfLevel(int level) {
  CpuFeatures f;
  f.ssse3_sse41 = level >= 2;
  f.avx = f.avx2 = f.fma = f.lzcnt = level >= 3;
  f.avx512 = level >= 4;
  return f;
}

std::unique_ptr<MacroAssembler> NewMacroAssembler(int level) {
  return std::make_unique<X64MacroAssembler>(FeaturesOfLevel(level));
}

X64MacroAssembler::X64MacroAssembler(CpuFeatures cpu) : cpu_(cpu) {
  TakeSpareVectors(std::tie(zext_accesses_));  // (kept per thread: backend/kept_vectors.h)
  code_.init(Environment(Arch::kX64));
  code_.setErrorHandler(&abort_on_error);
  code_.attach(&a_);
  Attach(a_);
  SetArgRegisters(kIntArgRegs, 8);  // rdi (instance), rsi, rdx, rcx, r8, r9; xmm0..xmm7
}

Mem X64MacroAssembler::SlotMem(uint32_t slot) const {
  return qword_ptr(rsp, slots_off_ + 8 * static_cast<int32_t>(slot));
}

Gp X64MacroAssembler::UseGpLoaded(const Operand& o, const Gp& scratch) {
  switch (o.loc.kind) {
    case Location::kReg: return gpq(o.loc.reg);  // (UseGp's inline case)
    case Location::kSlot:
      if (Forwarded(o, scratch)) return scratch.r64();
      if (o.type == ir::Type::kI32 || o.type == ir::Type::kF32) a_.mov(scratch.r32(), OperandMem(o).cloneResized(4));
      else a_.mov(scratch.r64(), OperandMem(o));
      return scratch.r64();
    case Location::kConst:
      if (o.imm == 0) a_.xor_(scratch.r32(), scratch.r32());
      else if (o.imm <= 0xffffffffu) a_.mov(scratch.r32(), static_cast<uint32_t>(o.imm));
      else a_.mov(scratch.r64(), o.imm);
      return scratch.r64();
    default: WASMC_UNREACHABLE();
  }
}

Xmm X64MacroAssembler::UseXmm(const Operand& o, const Xmm& scratch) {
  bool is64 = o.type == ir::Type::kF64 || o.type == ir::Type::kI64;
  switch (o.loc.kind) {
    case Location::kReg: return xmm(o.loc.reg);
    case Location::kSlot:
      if (is64) a_.movsd(scratch, OperandMem(o));
      else a_.movss(scratch, OperandMem(o).cloneResized(4));
      return scratch;
    case Location::kConst: LoadFloatConst(scratch, o.imm, is64); return scratch;
    default: WASMC_UNREACHABLE();
  }
}

void X64MacroAssembler::LoadFloatConst(const Xmm& dst, uint64_t bits, bool is64) {
  if (bits == 0) {
    a_.xorps(dst, dst);
  } else if (is64) {
    a_.movsd(dst, x86::ptr(ConstLabel(bits)));
  } else {
    a_.movss(dst, x86::ptr(ConstLabel(bits & 0xffffffffu)));
  }
}

void X64MacroAssembler::DefGpMove(const Operand& dst, const Gp& src) {
  if (dst.loc.kind == Location::kReg) {
    if (dst.loc.reg == src.id()) return;  // (DefGp's inline case)
    if (dst.type == ir::Type::kI32) a_.mov(gpd(dst.loc.reg), src.r32());
    else a_.mov(gpq(dst.loc.reg), src.r64());
  } else if (dst.loc.kind == Location::kSlot) {
    a_.mov(OperandMem(dst), src.r64());
    fwd_at_ = Offset();
    fwd_slot_ = dst.loc.slot;
    fwd_reg_ = static_cast<uint8_t>(src.id());
  }
}

bool X64MacroAssembler::CompareSlotInPlace(bool w, const Operand& a, const Operand& b) {
  if (a.loc.kind != Location::kSlot || (fwd_at_ == Offset() && fwd_slot_ == a.loc.slot)) return false;
  const Mem m = w ? OperandMem(a) : OperandMem(a).cloneResized(4);
  if (b.IsReg()) a_.cmp(m, w ? Gp(gpq(b.loc.reg)) : Gp(gpd(b.loc.reg)));
  else if (b.IsConst() && (!w || FitsInt32(b.imm))) a_.cmp(m, static_cast<int32_t>(b.imm));
  else return false;
  return true;
}

bool X64MacroAssembler::Forwarded(const Operand& o, const Gp& r) {
  if (o.loc.kind != Location::kSlot || fwd_at_ != Offset() || fwd_slot_ != o.loc.slot) return false;
  if (o.type != ir::Type::kI32 && o.type != ir::Type::kI64) return false;
  // Into another register: a register move instead of a load that waits for the
  // store just made (`mov [slot], rax; mov r11d, [slot]` -> `mov r11d, eax`). The
  // store's register still holds the value: nothing was emitted since (fwd_at_).
  // Kept even when the register is known zero-extended (the same register): without
  // it imatmul's inner loop (`lea eax, [..]; mov [slot], rax; mov ebx, [r14+rax]`) ran
  // 27% slower on the AMD EPYC here (5 runs), though it executed 5% fewer instructions.
  if (o.type == ir::Type::kI32) a_.mov(r.r32(), gpd(fwd_reg_));
  else if (fwd_reg_ != r.id()) a_.mov(r.r64(), gpq(fwd_reg_));
  return true;
}

void X64MacroAssembler::DefXmm(const Operand& dst, const Xmm& src) {
  if (dst.loc.kind == Location::kReg) {
    if (dst.loc.reg != src.id()) a_.movaps(xmm(dst.loc.reg), src);
  } else if (dst.loc.kind == Location::kSlot) {
    a_.movsd(OperandMem(dst), src);
  }
}

Gp X64MacroAssembler::DstGp(const Operand& dst, const Gp& scratch) const {
  return dst.IsReg() ? gpq(dst.loc.reg) : scratch.r64();
}

Xmm X64MacroAssembler::DstXmm(const Operand& dst, const Xmm& scratch) const {
  return dst.IsReg() ? xmm(dst.loc.reg) : scratch;
}

// ---- Moves ---------------------------------------------------------------

void X64MacroAssembler::Move(const regalloc::Move& m) {
  // A `mov` leaves the flags alone: what they said about a register before it (the
  // compare of cc_reg_, the ALU result in flags_reg_) still holds after it unless it
  // wrote that register. Not after `xor r, r` (a zero constant). (A move to a slot
  // goes through r11 or the stack, never an allocatable register.)
  const bool cc_held = cc_at_ == Offset(), flags_held = flags_at_ == Offset();
  MoveCode(m);
  const Location& d = m.dst;
  const bool zeroed = m.src.kind == Location::kConst && d.kind == Location::kReg && !m.fp && m.imm == 0;
  auto keeps = [&](uint8_t reg) {
    if (zeroed || m.v128) return false;
    return d.kind != Location::kReg || m.fp || d.reg != reg;
  };
  if (cc_held && keeps(cc_reg_)) cc_at_ = Offset();
  if (flags_held && keeps(flags_reg_)) flags_at_ = Offset();
}

void X64MacroAssembler::MoveCode(const regalloc::Move& m) {
  const Location& d = m.dst;
  const Location& s = m.src;
  if (m.v128) {  // never a constant; slot to slot through xmm0
    WASMC_CHECK(s.kind != Location::kConst && "v128 constant move");
    if (s.kind == Location::kReg && d.kind == Location::kReg) {
      if (s.reg != d.reg) a_.movaps(xmm(d.reg), xmm(s.reg));
    } else if (s.kind == Location::kReg) {
      a_.movdqu(SlotMem(d.slot).cloneResized(16), xmm(s.reg));
    } else if (d.kind == Location::kReg) {
      a_.movdqu(xmm(d.reg), SlotMem(s.slot).cloneResized(16));
    } else if (s.slot != d.slot) {
      a_.movdqu(xmm0, SlotMem(s.slot).cloneResized(16));
      a_.movdqu(SlotMem(d.slot).cloneResized(16), xmm0);
    }
    return;
  }
  if (s.kind == Location::kConst) {
    if (d.kind == Location::kReg) {
      if (m.fp) {
        LoadFloatConst(xmm(d.reg), m.imm, m.wide);
      } else if (m.imm == 0) {
        a_.xor_(gpd(d.reg), gpd(d.reg));
        NoteZeroExtended(d.reg);
      } else if (m.imm <= 0xffffffffu) {
        a_.mov(gpd(d.reg), static_cast<uint32_t>(m.imm));
        NoteZeroExtended(d.reg);
      } else {
        a_.mov(gpq(d.reg), m.imm);
      }
    } else {
      if (FitsInt32(m.imm)) {
        a_.mov(SlotMem(d.slot), static_cast<int32_t>(m.imm));
      } else if (!cycle_in_r11_) {
        a_.mov(r11, m.imm);
        a_.mov(SlotMem(d.slot), r11);
      } else {  // r11 holds a cycle's value (ParallelMove): two 32-bit halves
        a_.mov(SlotMem(d.slot).cloneResized(4), static_cast<uint32_t>(m.imm));
        a_.mov(SlotMem(d.slot).cloneAdjusted(4).cloneResized(4), static_cast<uint32_t>(m.imm >> 32));
      }
    }
    return;
  }
  if (s.kind == Location::kReg && d.kind == Location::kReg) {
    if (m.fp) {
      if (s.reg != d.reg) a_.movaps(xmm(d.reg), xmm(s.reg));
    } else if (s.reg != d.reg) {
      if (m.wide) a_.mov(gpq(d.reg), gpq(s.reg));
      else a_.mov(gpd(d.reg), gpd(s.reg)), NoteZeroExtended(d.reg);
    }
  } else if (s.kind == Location::kReg) {
    if (m.fp) a_.movsd(SlotMem(d.slot), xmm(s.reg));
    else a_.mov(SlotMem(d.slot), gpq(s.reg));
  } else if (d.kind == Location::kReg) {
    if (m.fp) a_.movsd(xmm(d.reg), SlotMem(s.slot));
    else if (m.wide) a_.mov(gpq(d.reg), SlotMem(s.slot));
    else a_.mov(gpd(d.reg), SlotMem(s.slot).cloneResized(4)), NoteZeroExtended(d.reg);
  } else {
    if (s.slot == d.slot) return;
    if (!cycle_in_r11_) {
      a_.mov(r11, SlotMem(s.slot));
      a_.mov(SlotMem(d.slot), r11);
    } else {  // r11 holds a cycle's value: through the stack (no register written)
      a_.push(SlotMem(s.slot));
      a_.pop(SlotMem(d.slot));  // (rsp-relative: addressed after the pop's increment)
    }
  }
  // The sequencer breaks a cycle through r11 (kCycleGpr): from the move that fills it
  // to the one that reads it back, a move to a slot must not use it.
  if (!m.fp && !m.v128 && d.kind == Location::kReg && d.reg == kCycleGpr) cycle_in_r11_ = true;
  else if (!m.fp && !m.v128 && s.kind == Location::kReg && s.reg == kCycleGpr) cycle_in_r11_ = false;
}

void X64MacroAssembler::ParallelMove(std::span<const regalloc::Move> moves) {
  cycle_in_r11_ = false;
  EmitParallelMove(moves, kCycleGpr, kCycleFpr);
  WASMC_CHECK(!cycle_in_r11_ && "a cycle through r11 left open");
}

// ---- Frame ---------------------------------------------------------------

void X64MacroAssembler::Prologue(const FrameInfo& frame, std::span<const Operand> params,
                                 const Operand* results_ptr) {
  frame_ = frame;
  // The frame below the pushes: outgoing stack arguments, multi-value results, the
  // call-target temporary, v128 copies, spill slots.
  results_off_ = 8 * static_cast<int32_t>(frame.max_stack_args);
  tmp_off_ = results_off_ + 16 * static_cast<int32_t>(frame.max_call_results);
  v128_off_ = tmp_off_ + (frame.indirect_calls ? 8 : 0);  // the call-target temporary
  uint32_t v128_area = frame.max_v128_args, v128_params = 0;
  for (const Operand& p : params) v128_params += p.type == ir::Type::kV128;
  v128_area = std::max(v128_area, v128_params);
  slots_off_ = v128_off_ + 16 * static_cast<int32_t>(v128_area);
  const int32_t area =
      LayoutWasmSaves((slots_off_ + 8 * static_cast<int32_t>(frame.num_slots) + 15) & ~15);
  // The pushes (after rbp), rsp 16-aligned below them. A frame that calls nothing and
  // has no area skips the alignment: nothing it runs depends on it (no calls, no trap
  // stubs, no rsp-relative operands). Where r15 and r14 are pinned through all wasm
  // code (FrameInfo::pinned_registers_kept), they hold on entry: no push, no set.
  const bool kept = frame.pinned_registers_kept;
  auto layout = [&](bool needs_instance) {
    pushed_.clear();
    for (uint8_t r : {3, 12, 13})
      if ((frame.gpr_callee_saved_used >> r) & 1) pushed_.push_back(r);
    // r14: memory 0's base, or an allocated value where memory 0 is not touched (a
    // leaf, when pinned).
    if ((frame.uses_memory && !kept) || ((frame.gpr_callee_saved_used >> kPinnedMemory) & 1))
      pushed_.push_back(kPinnedMemory);
    if (needs_instance && !kept) pushed_.push_back(kPinnedInstance);
    num_pushed_ = static_cast<uint32_t>(pushed_.size());
    frame_size_ = area + ((num_pushed_ & 1) && (needs_instance || area > 0) ? 8 : 0);
    return 16 + 8 * num_pushed_ + static_cast<uint32_t>(frame_size_);
  };
  // A small leaf lives within the reserve below stack_limit (kLeafUncheckedFrameBytes):
  // no stack check, and without instance uses no instance register either.
  const bool leaf = !frame.makes_calls;
  bool needs_instance = true;
  if (leaf && !frame.uses_instance && layout(false) <= kLeafUncheckedFrameBytes)
    needs_instance = false;
  instance_pinned_ = needs_instance || kept;
  const uint32_t frame_bytes = layout(needs_instance);
  std::vector<AbiLoc> abi = ParamAbi(params, results_ptr != nullptr, &incoming_area_);
  // A frameless leaf (FrameInfo::frameless) with nothing to push, no frame area and no
  // stack params keeps rsp as the call left it: no frame record at all.
  frameless_ = frame.frameless && !needs_instance && num_pushed_ == 0 && frame_size_ == 0 &&
               incoming_area_ == 0 && results_ptr == nullptr;
  if (!frameless_) {
    a_.push(rbp);
    a_.mov(rbp, rsp);
  }
  for (uint8_t r : pushed_) a_.push(gpq(r));
  if (frame_size_ > 0) a_.sub(rsp, frame_size_);
  if (needs_instance && !kept) a_.mov(r15, rdi);
  if (!leaf || frame_bytes > kLeafUncheckedFrameBytes) {
    a_.cmp(rsp, qword_ptr(kept ? r15 : rdi, offsetof(wasmc_instance, stack_limit)));
    a_.jb(TrapLabel(WASMC_TRAP_STACK_EXHAUSTED));
  }
  SaveWasmFprs();
  if (frame.uses_memory && !kept) a_.mov(r14, qword_ptr(rdi, offsetof(wasmc_instance, mem0_base)));

  // Params: from their ABI locations to their allocated ones.
  // v128 params arrive by pointer: copied to the frame's v128 area first (their
  // pointer registers may be other params' destinations), loaded after the moves
  // (their destinations may be other params' ABI registers).
  V128Params(params, results_ptr != nullptr, true);
  std::vector<regalloc::Move> moves;
  uint16_t extended = 0;  // GPRs below 2^32 after the params are in place
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (abi[i].on_stack || p.loc.kind == Location::kNone || p.type == ir::Type::kV128) continue;
    bool fp = ir::IsFloat(p.type);
    // The C ABI leaves the upper half of an i32 argument unspecified: zero-extend it
    // in place unless it moves to another register (a 32-bit `mov`, which does) or
    // stays in its register and only its low half is ever read, or goes to a slot
    // (every read of an i32 slot is a 32-bit one: UseGp, MoveCode).
    const bool low32_only = i < 64 && p.IsReg() && ((frame.params_low32_only >> i) & 1);
    if (p.type == ir::Type::kI32 && p.IsReg() && p.loc.reg == abi[i].reg && !low32_only)
      a_.mov(gpd(abi[i].reg), gpd(abi[i].reg));
    if (p.type == ir::Type::kI32 && p.IsReg() && (p.loc.reg != abi[i].reg || !low32_only))
      extended |= static_cast<uint16_t>(1u << p.loc.reg);
    moves.push_back({p.loc, Location::Reg(abi[i].reg), 0, fp, p.type != ir::Type::kI32});
  }
  if (results_ptr && results_ptr->loc.kind != Location::kNone)
    moves.push_back({results_ptr->loc, Location::Reg(6 /*rsi*/), 0, false, true});
  ParallelMove(std::move(moves));
  V128Params(params, results_ptr != nullptr, false);
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (!abi[i].on_stack || p.loc.kind == Location::kNone || p.type == ir::Type::kV128) continue;
    Mem src = qword_ptr(rbp, 16 + 8 * static_cast<int32_t>(abi[i].word));
    bool fp = ir::IsFloat(p.type);
    if (p.IsReg()) {
      if (fp) a_.movsd(xmm(p.loc.reg), src);
      else if (p.type != ir::Type::kI32) a_.mov(gpq(p.loc.reg), src);
      else {
        a_.mov(gpd(p.loc.reg), src.cloneResized(4));
        extended |= static_cast<uint16_t>(1u << p.loc.reg);
      }
    } else {
      // (r11: a param may have arrived in rax by the moves above)
      if (p.type == ir::Type::kI32) a_.mov(r11d, src.cloneResized(4));
      else a_.mov(r11, src);
      a_.mov(OperandMem(p), r11);
    }
  }
  // The body's labels: which GPRs are zero-extended on every path into each
  // (zext_facts_x64.cc), from what the code above leaves; only where memory 0 is
  // accessed (no index to extend elsewhere).
  if (plan_.fn && frame.uses_memory)
    zext_at_label_ = ZeroExtendedAtLabels(*plan_.fn, *plan_.alloc, *plan_.regs, extended, &zext_accesses_,
                                          plan_.const_val);
}

void X64MacroAssembler::V128Params(std::span<const Operand> params, bool hidden_results,
                                   bool before_moves) {
  // Nothing to copy without a v128 param (most functions): no ABI assignment either.
  if (std::none_of(params.begin(), params.end(), [](const Operand& p) { return p.type == ir::Type::kV128; }))
    return;
  std::vector<ir::Type> types;
  for (const Operand& p : params) types.push_back(p.type);
  std::vector<AbiLoc> abi = AssignAbi(types, hidden_results, nullptr);
  int32_t k = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (p.type != ir::Type::kV128) continue;
    const Mem area = xmmword_ptr(rsp, v128_off_ + 16 * k++);
    if (p.loc.kind == Location::kNone) continue;
    if (before_moves) {
      Gp ptr = rax;
      if (abi[i].on_stack) a_.mov(rax, qword_ptr(rbp, 16 + 8 * static_cast<int32_t>(abi[i].word)));
      else ptr = gpq(abi[i].reg);
      a_.movdqu(xmm15, xmmword_ptr(ptr));
      a_.movdqu(area, xmm15);
    } else if (p.IsReg()) {
      a_.movdqu(xmm(p.loc.reg), area);
    } else {
      a_.movdqu(xmm15, area);
      VDef(p, xmm15);
    }
  }
}

int32_t X64MacroAssembler::LayoutWasmSaves(int32_t offset) {
  wasm_saves_.clear();
  c_callee_stubs_.clear();
  for (uint8_t x = 0; x < 16; ++x)
    if ((frame_.fpr_callee_saved_used & Registers().fpr_wasm_saved) >> x & 1) wasm_saves_.push_back(x);
  wasm_saves_off_ = offset;
  c_call_saves_off_ = offset + 16 * static_cast<int32_t>(wasm_saves_.size());
  const int32_t c_call_area =
      frame_.indirect_calls && frame_.indirect_calls_keep_wasm_saved && !frame_.funcrefs_own_code
          ? 16 * __builtin_popcount(Registers().fpr_wasm_saved) + 16 : 0;
  return c_call_saves_off_ + c_call_area;
}

// All 128 bits: a v128 value may live in them across wasm calls too.
void X64MacroAssembler::SaveWasmFprs() {
  for (size_t k = 0; k < wasm_saves_.size(); ++k)
    a_.movups(xmmword_ptr(rsp, wasm_saves_off_ + 16 * static_cast<int32_t>(k)), xmm(wasm_saves_[k]));
}

// The C-callee path of a call_indirect under the wasm convention: rax = the funcref,
// rdi its instance, arguments in place; r11 = where to go on after the call.
void X64MacroAssembler::EmitCCalleeStubs() {
  if (c_callee_stubs_.empty()) return;
  for (const CCalleeStub& s : c_callee_stubs_) {
    a_.bind(s.stub);
    a_.lea(r11, ptr(s.back));
    a_.jmp(c_callee_shared_);
  }
  const int32_t n = __builtin_popcount(Registers().fpr_wasm_saved);
  const Mem back = qword_ptr(rsp, c_call_saves_off_ + 16 * n);
  a_.bind(c_callee_shared_);
  a_.mov(back, r11);
  int32_t k = 0;
  for (uint8_t x = 0; x < 16; ++x)
    if (Registers().fpr_wasm_saved >> x & 1) a_.movups(xmmword_ptr(rsp, c_call_saves_off_ + 16 * k++), xmm(x));
  a_.call(qword_ptr(rax, offsetof(wasmc_funcref, code)));
  k = 0;
  for (uint8_t x = 0; x < 16; ++x)
    if (Registers().fpr_wasm_saved >> x & 1) a_.movups(xmm(x), xmmword_ptr(rsp, c_call_saves_off_ + 16 * k++));
  a_.jmp(back);
}

void X64MacroAssembler::RestoreWasmFprs() {
  for (size_t k = 0; k < wasm_saves_.size(); ++k)
    a_.movups(xmm(wasm_saves_[k]), xmmword_ptr(rsp, wasm_saves_off_ + 16 * static_cast<int32_t>(k)));
}

void X64MacroAssembler::RestoreFrame() {
  RestoreWasmFprs();
  // rsp is rbp - 8 * num_pushed_ - frame_size_ throughout the body (calls that pass
  // stack arguments reset it), so a frame without a spill/outgoing area needs no reset.
  if (frame_size_ > 0) {
    if (num_pushed_ > 0) a_.lea(rsp, qword_ptr(rbp, -8 * static_cast<int32_t>(num_pushed_)));
    else a_.mov(rsp, rbp);
  }
  for (size_t i = pushed_.size(); i-- > 0;) a_.pop(gpq(pushed_[i]));
  if (!frameless_) a_.pop(rbp);
}

void X64MacroAssembler::Epilogue() {
  if (unframed_) {  // a shrink-wrapped exit (early_exit.h): no stack params by its rules
    WASMC_CHECK(incoming_area_ == 0);
    a_.ret();
    return;
  }
  RestoreFrame();
  if (incoming_area_ > 0) a_.ret(incoming_area_);
  else a_.ret();
}

void X64MacroAssembler::StoreResults(std::span<const Operand> values, const Operand& results_ptr) {
  Gp p = UseGp(results_ptr, r11);
  for (size_t k = 0; k < values.size(); ++k) {
    const Operand& v = values[k];
    Mem dst = qword_ptr(p, 16 * static_cast<int32_t>(k));
    if (v.type == ir::Type::kV128) {
      a_.movdqu(dst.cloneResized(16), VUse(v, xmm0));
    } else if (ir::IsFloat(v.type)) {
      Xmm x = UseXmm(v, xmm0);
      if (v.type == ir::Type::kF64) a_.movsd(dst, x);
      else a_.movss(dst.cloneResized(4), x);
    } else {
      Gp g = UseGp(v, rcx);
      a_.mov(dst, g.r64());
    }
  }
}

// ---- Control flow ----------------------------------------------------------

void X64MacroAssembler::BranchOnZero(const Operand& a, bool w, bool if_nonzero, Label target) {
  if (a.IsReg() && cc_at_ == Offset() && cc_reg_ == a.loc.reg) {
    // a is the 0/1 result of the compare whose flags still hold (only moves since):
    // branch on its condition, no `test`.
    a_.j(if_nonzero ? cc_ : x86::negateCond(cc_), target);
    return;
  }
  if (FlagsHold(a, w)) {
    // ZF already describes a (set by the instruction just before).
  } else if (a.IsReg()) {
    if (w) a_.test(gpq(a.loc.reg), gpq(a.loc.reg));
    else a_.test(gpd(a.loc.reg), gpd(a.loc.reg));
  } else {
    a_.cmp(w ? OperandMem(a) : OperandMem(a).cloneResized(4), 0);
  }
  a_.j(if_nonzero ? CondCode::kNZ : CondCode::kZ, target);
}

void X64MacroAssembler::BranchOnCompare(ir::Cond cond, bool w, const Operand& a, const Operand& b,
                                        Label target) {
  if (CompareSlotInPlace(w, a, b)) {
    a_.j(IntCondCode(cond), target);
    return;
  }
  Gp ra = UseGp(a, r11);  // (rax is allocatable: r11 the only scratch)
  Gp lhs = w ? Gp(ra.r64()) : Gp(ra.r32());
  if (b.IsConst() && (w ? FitsInt32(b.imm) : true)) {
    if (b.imm == 0 && (cond == ir::Cond::kEq || cond == ir::Cond::kNe)) {
      if (!FlagsHold(a, w)) a_.test(lhs, lhs);
    }
    else a_.cmp(lhs, w ? static_cast<int32_t>(b.imm) : static_cast<int32_t>(static_cast<uint32_t>(b.imm)));
  } else if (b.loc.kind == Location::kSlot) {
    a_.cmp(lhs, w ? OperandMem(b) : OperandMem(b).cloneResized(4));
  } else if (b.IsConst() && ra.id() == r11.id()) {
    a_.cmp(lhs, qword_ptr(ConstLabel(b.imm)));  // a 64-bit constant, a in r11
  } else {
    Gp rb = UseGp(b, r11);  // (rcx is allocatable)
    a_.cmp(lhs, w ? Gp(rb.r64()) : Gp(rb.r32()));
  }
  a_.j(IntCondCode(cond), target);
}

// gcc's dispatch: `cmp r32, n; jae default; lea r11, [rip + table]; movsxd rax,
// [r11 + r*4]; add rax, r11; jmp rax`, the index read where it is when the code so far
// proves its upper half zero (-O2, as for a memory index), else extended in place first
// (`mov r32, r32`: the i32 keeps its bits, and the targets see it extended,
// zext_facts_x64.cc). Scratch: rax and r11 only, so rcx stays allocatable across it.
void X64MacroAssembler::BrTable(Operand index, std::span<const uint32_t> labels) {
  const uint32_t n = static_cast<uint32_t>(labels.size()) - 1;
  Label dflt = LabelFor(labels.back());
  Gp idx = UseGp(index, rax);  // from a slot: `mov eax, [slot]`, extended
  a_.cmp(idx.r32(), n);
  a_.jae(dflt);
  if (idx.id() != rax.id()) idx = ZeroExtendedIndex(idx);
  JumpTable jt{a_.newLabel(), std::vector<uint32_t>(labels.begin(), labels.end() - 1)};
  a_.lea(r11, x86::ptr(jt.table));
  a_.movsxd(rax, dword_ptr(r11, idx.r64(), 2));
  a_.add(rax, r11);
  a_.jmp(rax);
  jump_tables_.push_back(std::move(jt));
}

// ---- Calls ---------------------------------------------------------------

void X64MacroAssembler::EmitExternalCall(CodeReloc reloc) {
  // `call rel32`, the displacement 0 for the relocation: one embed (two cost twice).
  static constexpr uint8_t kCallRel32[5] = {0xE8, 0, 0, 0, 0};
  reloc.offset = Offset() + 1;
  relocs_.push_back(std::move(reloc));
  a_.embed(kCallRel32, sizeof kCallRel32);
}

void X64MacroAssembler::StackArgStore(uint32_t word, const Operand& o) {
  Mem dst = qword_ptr(rsp, 8 * static_cast<int32_t>(word));
  if (o.IsConst()) {
    if (FitsInt32(o.imm)) { a_.mov(dst, static_cast<int32_t>(o.imm)); return; }
    a_.mov(rax, o.imm);
    a_.mov(dst, rax);
  } else if (o.IsReg()) {
    if (ir::IsFloat(o.type)) a_.movsd(dst, xmm(o.loc.reg));
    else a_.mov(dst, gpq(o.loc.reg));
  } else {
    a_.mov(rax, OperandMem(o));
    a_.mov(dst, rax);
  }
}

void X64MacroAssembler::CheckedFuncref(const CallInfo& call, bool in_rax) {
  funcref_in_rax_ = in_rax;
  code_in_call_reg_ = false;
  if (call.table == ir::kCallRefTable) {  // call_ref: the callee is the funcref itself
    Gp ref = UseGp(call.callee, rax);
    if (ref.id() != rax.id()) a_.mov(rax, ref.r64());
    a_.test(rax, rax);
    a_.jz(TrapLabel(WASMC_TRAP_NULL_FUNC_REF));
    if (!in_rax) a_.mov(qword_ptr(rsp, tmp_off_), rax);
    return;
  }
  // idx = element index, where it is (an i32 register is zero-extended, the
  // MacroAssembler's rule; a call clobbers rcx, so no value read by one lives there);
  // rcx = table (table 0 straight from the instance header).
  Gp idx = UseGp(call.callee, rax);
  WASMC_CHECK(idx.id() != rcx.id());
  if (call.table == 0 && call.op == ir::Opcode::kCallIndirect &&
      frame_.table0_fixed_size != ir::Function::kNoFixedTable) {
    // Table 0's size never changes and the runtime keeps each element's code at
    // elems[size + i] (abi.h, wasmc_table): the bound is a constant and the code is one
    // load from the index (rax; r11 = the funcref, for the signature check), where it
    // was two (funcref, then funcref->code). A null element faults at the check's read.
    const int32_t size = static_cast<int32_t>(frame_.table0_fixed_size);
    a_.cmp(idx.r32(), size);
    a_.jae(TrapLabel(WASMC_TRAP_UNDEFINED_ELEMENT));
    a_.mov(rcx, qword_ptr(r15, offsetof(wasmc_instance, table0)));
    a_.mov(rcx, qword_ptr(rcx, offsetof(wasmc_table, elems)));
    a_.mov(r11, qword_ptr(rcx, idx.r64(), 3));
    a_.mov(rax, qword_ptr(rcx, idx.r64(), 3, 8 * size));
    SignatureCheck(call, r11);
    code_in_call_reg_ = true;
    if (!in_rax) a_.mov(qword_ptr(rsp, tmp_off_), rax);
    return;
  }
  if (call.table == 0) {
    a_.mov(rcx, qword_ptr(r15, offsetof(wasmc_instance, table0)));
  } else {
    a_.mov(rcx, qword_ptr(r15, offsetof(wasmc_instance, tables)));
    a_.mov(rcx, qword_ptr(rcx, 8 * static_cast<int32_t>(call.table)));
  }
  a_.cmp(idx.r32(), dword_ptr(rcx, offsetof(wasmc_table, size)));
  a_.jae(TrapLabel(WASMC_TRAP_UNDEFINED_ELEMENT));
  a_.mov(rcx, qword_ptr(rcx, offsetof(wasmc_table, elems)));
  a_.mov(rax, qword_ptr(rcx, idx.r64(), 3));
  SignatureCheck(call, rax);
  if (!in_rax) a_.mov(qword_ptr(rsp, tmp_off_), rax);
}

// The funcref's signature id against the call's type; clobbers rcx.
void X64MacroAssembler::SignatureCheck(const CallInfo& call, const Gp& ref) {
  // No null test: a null element's signature read below reads the null page, and the
  // fault handler reports a fault below WASMC_NULL_FAULT_LIMIT from generated code as
  // "uninitialized element" (runtime-support/core/trap.c).
  if (call.type_id != ir::kUnknownTypeId) {  // a plain type's id is a constant (abi.h)
    a_.cmp(dword_ptr(ref, offsetof(wasmc_funcref, type_id)), static_cast<int32_t>(call.type_id));
  } else {
    a_.mov(rcx, qword_ptr(r15, offsetof(wasmc_instance, type_ids)));
    a_.mov(ecx, dword_ptr(rcx, 4 * static_cast<int32_t>(call.index)));
    a_.cmp(ecx, dword_ptr(ref, offsetof(wasmc_funcref, type_id)));
  }
  a_.jne(TrapLabel(WASMC_TRAP_INDIRECT_CALL_TYPE));
}

uint32_t X64MacroAssembler::PlaceArgs(const CallInfo& call, bool hidden_results, const Operand* rp) {
  // v128 arguments: copies in the frame's v128 area, passed by pointer (abi.h); the
  // copies first, the k-th v128 argument's at v128_off_ + 16 * k.
  bool v128 = false;
  for (const Operand& o : call.args) v128 |= o.type == ir::Type::kV128;
  if (v128) {
    AbiCursor abi = CallAbi(hidden_results);
    int32_t at = v128_off_;
    for (const Operand& o : call.args) {
      const AbiLoc l = abi.Next(o.type);
      if (o.type != ir::Type::kV128) continue;
      WASMC_CHECK(at < v128_off_ + 16 * static_cast<int32_t>(frame_.max_v128_args));
      a_.movdqu(xmmword_ptr(rsp, at), VUse(o, xmm0));
      if (l.on_stack) {
        a_.lea(rax, qword_ptr(rsp, at));
        a_.mov(qword_ptr(rsp, 8 * static_cast<int32_t>(l.word)), rax);
      }
      at += 16;
    }
  }
  // The stack arguments as their locations come, the register ones to one parallel move.
  AbiCursor abi = CallAbi(hidden_results);
  std::vector<regalloc::Move>& moves = arg_moves_;
  moves.clear();
  for (const Operand& o : call.args) {
    const AbiLoc l = abi.Next(o.type);
    if (o.type == ir::Type::kV128) continue;
    if (l.on_stack) {
      StackArgStore(l.word, o);
      continue;
    }
    moves.push_back({Location::Reg(l.reg), o.loc, o.imm, ir::IsFloat(o.type),
                     o.type != ir::Type::kI32 && o.type != ir::Type::kF32});
  }
  WASMC_CHECK(abi.Words() <= frame_.max_stack_args);
  if (rp) moves.push_back({Location::Reg(6 /*rsi*/), rp->loc, rp->imm, false, true});
  ParallelMove(moves);
  if (v128) {  // the pointers to the copies of the register ones
    AbiCursor after = CallAbi(hidden_results);
    int32_t at = v128_off_;
    for (const Operand& o : call.args) {
      const AbiLoc l = after.Next(o.type);
      if (o.type != ir::Type::kV128) continue;
      if (!l.on_stack) a_.lea(gpq(l.reg), qword_ptr(rsp, at));
      at += 16;
    }
  }
  return abi.Words();
}

void X64MacroAssembler::EmitCallInsn(const CallInfo& call) {
  using ir::Opcode;
  switch (call.op) {
    case Opcode::kCall: case Opcode::kCallRuntime: case Opcode::kMemoryGrow:
      // A wasm callee with the pinned registers kept reads its instance from r15.
      if (call.op != Opcode::kCall || !frame_.pinned_registers_kept) a_.mov(rdi, r15);
      EmitExternalCall(call.Reloc(-4, RelocKind::kPcRel32));
      break;
    case Opcode::kCallImport: case Opcode::kReturnCallImport: {
      a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, imports)));
      int32_t off = static_cast<int32_t>(sizeof(wasmc_import_func) * call.index);
      a_.mov(rdi, qword_ptr(rax, off + offsetof(wasmc_import_func, instance)));
      a_.call(qword_ptr(rax, off + offsetof(wasmc_import_func, code)));
      break;
    }
    case Opcode::kCallIndirect: case Opcode::kReturnCallIndirect:
      if (code_in_call_reg_) {  // the code itself (CheckedFuncref, a table of fixed size)
        WASMC_CHECK(frame_.funcrefs_own_code);
        if (funcref_in_rax_) a_.call(rax);
        else a_.call(qword_ptr(rsp, tmp_off_));
        break;
      }
      if (!funcref_in_rax_) a_.mov(rax, qword_ptr(rsp, tmp_off_));
      // Only the module's own functions (FrameInfo::funcrefs_own_code): wasm code,
      // which reads its instance from r15 and keeps the convention's registers.
      if (frame_.funcrefs_own_code) {
        a_.call(qword_ptr(rax, offsetof(wasmc_funcref, code)));
        break;
      }
      a_.mov(rdi, qword_ptr(rax, offsetof(wasmc_funcref, instance)));
      if (call.op == Opcode::kCallIndirect && frame_.indirect_calls_keep_wasm_saved) {
        // wasm code keeps xmm8-xmm14; C code (callee_pops 0) is called out of line,
        // between a save and a restore of them (EmitCCalleeStubs).
        CCalleeStub s{a_.newLabel(), a_.newLabel()};
        if (c_callee_stubs_.empty()) c_callee_shared_ = a_.newLabel();
        a_.cmp(dword_ptr(rax, offsetof(wasmc_funcref, callee_pops)), 0);
        a_.je(s.stub);
        a_.call(qword_ptr(rax, offsetof(wasmc_funcref, code)));
        a_.bind(s.back);
        c_callee_stubs_.push_back(s);
        break;
      }
      a_.call(qword_ptr(rax, offsetof(wasmc_funcref, code)));
      break;
    default: WASMC_UNREACHABLE();
  }
}

void X64MacroAssembler::ResetSp() {
  a_.lea(rsp, qword_ptr(rbp, -(8 * static_cast<int32_t>(num_pushed_) + frame_size_)));
}

void X64MacroAssembler::Call(const CallInfo& call) {
  using ir::Opcode;
  const bool hidden_results = call.results.size() > 1;
  if (call.op == Opcode::kCallIndirect) {
    // Register arguments are placed by register-destination moves (cycles through
    // r11), which leave rax alone; stack and v128 arguments go through rax.
    bool v128 = false;
    for (const Operand& o : call.args) v128 |= o.type == ir::Type::kV128;
    CheckedFuncref(call, !v128 && CallStackWords(call, hidden_results) == 0);
  }
  const uint32_t words = PlaceArgs(call, hidden_results, nullptr);
  if (hidden_results) a_.lea(rsi, qword_ptr(rsp, results_off_));
  EmitCallInsn(call);
  // Where a call_indirect returns the address check knows no register (it may come
  // back through a C-callee stub's computed jump, zext_facts_x64.cc): the registers
  // promised zero-extended (SetZeroExtendedGprs) are extended again, in place.
  if (call.op == Opcode::kCallIndirect)
    for (uint32_t m = zext_gprs_; m; m &= m - 1) a_.mov(gpd(__builtin_ctz(m)), gpd(__builtin_ctz(m)));
  if (words > 0) ResetSp();
  if (call.results.size() == 1) {
    const Operand& r = call.results[0];
    if (r.loc.kind == Location::kNone) return;
    if (r.type == ir::Type::kV128) VDef(r, xmm0);
    else if (ir::IsFloat(r.type)) DefXmm(r, xmm0);
    else DefGp(r, rax);  // i32: a 32-bit move re-zero-extends (slots are read 32-bit)
  } else if (hidden_results) {
    for (size_t k = 0; k < call.results.size(); ++k) {
      const Operand& r = call.results[k];
      if (r.loc.kind == Location::kNone) continue;
      Mem src = qword_ptr(rsp, results_off_ + 16 * static_cast<int32_t>(k));
      if (r.type == ir::Type::kV128) {
        a_.movdqu(xmm0, src.cloneResized(16));
        VDef(r, xmm0);
      } else if (ir::IsFloat(r.type)) {
        if (r.IsReg()) a_.movsd(xmm(r.loc.reg), src);
        else { a_.mov(rax, src); a_.mov(OperandMem(r), rax); }
      } else if (r.IsReg()) {
        if (r.type == ir::Type::kI32) a_.mov(gpd(r.loc.reg), src.cloneResized(4));
        else a_.mov(gpq(r.loc.reg), src);
      } else {
        a_.mov(rax, src);
        a_.mov(OperandMem(r), rax);
      }
    }
  }
}

// ---- Instance state ----------------------------------------------------------

void X64MacroAssembler::InstanceOp(const ir::Inst& in, Operand dst, Operand a) {
  using ir::Opcode;
  WASMC_CHECK(instance_pinned_ && "instance state in a function without instance");
  switch (in.op) {
    case Opcode::kGlobalGet: case Opcode::kGlobalSet: {
      Mem cell;
      if (in.index2 != 0) {  // imported: through the instance's pointer table
        a_.mov(r11, qword_ptr(r15, offsetof(wasmc_instance, globals)));
        a_.mov(r11, qword_ptr(r11, 8 * static_cast<int32_t>(in.index)));
        cell = qword_ptr(r11);
      } else {
        cell = qword_ptr(r15, WASMC_INSTANCE_HEADER_SIZE + 16 * static_cast<int32_t>(in.index));
      }
      const bool fp = ir::IsFloat(in.type);
      const bool w = ir::Is64(in.type);
      if (in.type == ir::Type::kV128) {
        if (in.op == Opcode::kGlobalGet) {
          a_.movdqu(xmm0, cell.cloneResized(16));
          VDef(dst, xmm0);
        } else {
          a_.movdqu(cell.cloneResized(16), VUse(a, xmm0));
        }
        return;
      }
      if (in.op == Opcode::kGlobalGet) {
        if (fp) {
          Xmm d = DstXmm(dst, xmm0);
          if (w) a_.movsd(d, cell); else a_.movss(d, cell.cloneResized(4));
          DefXmm(dst, d);
        } else {
          Gp d = DstGp(dst, r11);  // (`mov r11, [r11]` for an imported one)
          if (w) a_.mov(d, cell); else a_.mov(d.r32(), cell.cloneResized(4));
          DefGp(dst, d);
        }
      } else {
        if (fp) {
          Xmm v = UseXmm(a, xmm0);
          if (w) a_.movsd(cell, v); else a_.movss(cell.cloneResized(4), v);
        } else if (a.IsConst() && (w ? FitsInt32(a.imm) : true)) {
          if (w) a_.mov(cell, static_cast<int32_t>(a.imm));
          else a_.mov(cell.cloneResized(4), static_cast<uint32_t>(a.imm));
        } else if (a.IsReg() || in.index2 == 0) {
          Gp v = UseGp(a, r11);
          if (w) a_.mov(cell, v); else a_.mov(cell.cloneResized(4), v.r32());
        } else {  // the cell's address is in r11: the value through xmm0
          if (a.loc.kind == Location::kSlot) {
            if (w) a_.movq(xmm0, OperandMem(a)); else a_.movd(xmm0, OperandMem(a).cloneResized(4));
          } else {
            LoadFloatConst(xmm0, a.imm, true);  // a 64-bit constant
          }
          if (w) a_.movq(cell, xmm0); else a_.movd(cell.cloneResized(4), xmm0);
        }
      }
      return;
    }
    case Opcode::kRefFunc: {
      Gp d = DstGp(dst, rax);
      a_.mov(d, qword_ptr(r15, offsetof(wasmc_instance, funcrefs)));
      if (in.index) a_.add(d, static_cast<int32_t>(sizeof(wasmc_funcref) * in.index));
      DefGp(dst, d);
      return;
    }
    case Opcode::kTableSize: {
      Gp d = DstGp(dst, rax);
      a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, tables)));
      a_.mov(rax, qword_ptr(rax, 8 * static_cast<int32_t>(in.index)));
      a_.mov(d.r32(), dword_ptr(rax, offsetof(wasmc_table, size)));
      DefGp(dst, d);
      return;
    }
    case Opcode::kMemorySize: case Opcode::kMemoryBase: {
      // The memory object: operand a (kMemorySize), else memory 0 through inst->mem0,
      // others through inst->memories[index].
      Gp d = DstGp(dst, rax);
      Gp obj = rax;
      if (a.loc.kind != Location::kNone) {
        obj = UseGp(a, rax);
      } else if (in.index == 0) {
        a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, mem0)));
      } else {
        a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, memories)));
        a_.mov(rax, qword_ptr(rax, 8 * static_cast<int32_t>(in.index)));
      }
      if (in.op == Opcode::kMemoryBase && in.imm == 1) {
        a_.mov(d, rax);
      } else if (in.op == Opcode::kMemoryBase) {
        a_.mov(d, qword_ptr(rax, offsetof(wasmc_memory, base)));
      } else {
        a_.mov(d, qword_ptr(obj.r64(), offsetof(wasmc_memory, size)));
        if (in.width != 8) a_.shr(d, 16);
      }
      DefGp(dst, d);
      return;
    }
    default: WASMC_UNREACHABLE();
  }
}

// ---- Output ----------------------------------------------------------------

void X64MacroAssembler::Finish() {
  EmitAtomicStubs();
  EmitCCalleeStubs();
  // FrameInfo::uses_instance promised no trap stubs; a stub would pass a stale r15.
  WASMC_CHECK((instance_pinned_ || trap_labels_.empty()) && "trap stub in a function without instance");
  for (auto& [code, label] : trap_labels_) {
    a_.bind(label);
    a_.mov(rdi, r15);
    a_.mov(esi, code);
    EmitExternalCall({0, "wasmc_rt_trap", -4});
    a_.ud2();
  }
  EmitData();
}

std::vector<uint8_t> X64MacroAssembler::Code() { return FinalCode(code_); }

// At -O2, a loop header starts at a multiple of 32 bytes (functions start at one:
// TargetInfo::function_align), padded with multi-byte nops, executed once per entry
// into the loop where the code before falls into it. A loop body of up to 32 bytes
// then never spans two 64-byte lines (fetch blocks, op-cache lines). Measured on the
// bench kernels (docs/backend.md): interp 1.40x -> 0.88x gcc; 16-byte alignment or a
// cap on the padding lost the gain on interp or sieve.
void X64MacroAssembler::AlignLoopHeader() {
  if (!align_loops_) return;
  a_.addEncodingOptions(asmjit::EncodingOptions::kOptimizedAlign);
  a_.align(asmjit::AlignMode::kCode, 32);
  a_.clearEncodingOptions(asmjit::EncodingOptions::kOptimizedAlign);
}

}  // namespace wasmc::x64
