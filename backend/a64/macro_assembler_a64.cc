// Core of the AArch64 MacroAssembler: frame, moves, control flow, calls, output.
// Integer operations and memory: a64_int.cc; floating point and conversions:
// a64_float.cc; the --emit=asm text: a64_listing.cc.
#include "backend/a64/macro_assembler_a64.h"

#include <asmjit/arm/a64utils.h>

#include <bit>

#include "backend/a64/a64_internal.h"
#include "backend/codegen/asmjit_compat.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names

namespace {

constexpr uint32_t kIntArgRegs = 8;  // x0 (inst), x1..x7
constexpr uint32_t kFpArgRegs = 8;   // v0..v7
constexpr uint8_t kCycleGpr = 16;    // x16
constexpr uint8_t kCycleFpr = 31;    // v31

constexpr uint8_t kIntArgRegIds[kIntArgRegs] = {0, 1, 2, 3, 4, 5, 6, 7};

}  // namespace

// Records the first asmjit error (an operand combination the encoder refuses, a
// branch beyond its range) instead of asmjit's default of silently emitting nothing.
class A64MacroAssembler::Errors : public ErrorHandler {
 public:
  void handleError(asmjit::Error err, const char* message, BaseEmitter*) override {
    if (first.empty()) first = std::string(DebugUtils::errorAsString(err)) + ": " + message;
  }
  std::string first;
};

const regalloc::RegisterInfo& Registers() {
  static const regalloc::RegisterInfo info = [] {
    regalloc::RegisterInfo r;
    r.gprs = {9, 10, 11, 12, 13, 14, 8, 7, 6, 5, 4, 3, 2, 1, 0,
              19, 20, 21, 22, 23, 24, 25, 26};
    for (uint8_t v = 16; v <= 28; ++v) r.fprs.push_back(v);
    for (uint8_t v = 0; v <= 15; ++v) r.fprs.push_back(v);
    for (uint8_t x = 19; x <= 26; ++x) r.gpr_callee_saved |= 1u << x;
    for (uint8_t v = 8; v <= 15; ++v) r.fpr_callee_saved |= 1u << v;
    // AAPCS64 keeps only the low 64 bits of v8-v15 across calls: a v128 value live
    // across a call gets a slot (tests/run/simd-v128-live-across-calls.wat).
    r.fpr_callee_saved_v128 = 0;
    r.const_in_register = ConstInRegister;  // constants no immediate takes (a64_int.cc)
    // Kept through all wasm code of a sole module (ir::Function::pinned_registers_kept):
    // x28 = instance, x27 = memory 0's base. Neither is allocatable anyway.
    r.gpr_pinned = (1u << kMemReg) | (1u << kInstReg);
    return r;
  }();
  return info;
}

std::unique_ptr<MacroAssembler> NewMacroAssembler(bool want_listing) {
  return std::make_unique<A64MacroAssembler>(want_listing);
}

A64MacroAssembler::A64MacroAssembler(bool want_listing)
    : errors_(std::make_unique<Errors>()) {
  code_.init(Environment(Arch::kAArch64));
  code_.setErrorHandler(errors_.get());
  if (want_listing) {
    logger_ = NewListingLogger(a_);
    logger_->addFlags(FormatFlags::kHexImms | FormatFlags::kHexOffsets);
    code_.setLogger(logger_.get());
  }
  code_.attach(&a_);
  Attach(a_);
  SetArgRegisters(kIntArgRegIds, kFpArgRegs);
  stack_trap_ = a_.newLabel();
}

A64MacroAssembler::~A64MacroAssembler() = default;

void A64MacroAssembler::SetError(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

Mem A64MacroAssembler::SpMem(int32_t offset, uint32_t scale) {
  const int32_t sc = static_cast<int32_t>(scale);
  if (offset >= 0 && offset % sc == 0 && offset / sc <= 4095) return ptr(sp, offset);
  MovImm(x15, static_cast<uint32_t>(offset), true);
  return ptr(sp, x15);
}

Mem A64MacroAssembler::BaseOffset(const Gp& base, uint32_t off, uint32_t scale,
                                  const Gp& tmp) {
  if (off % scale == 0 && off / scale <= 4095) return ptr(base, off);
  MovImm(tmp, off, true);
  return ptr(base, tmp.x());
}

Mem A64MacroAssembler::SlotMem(uint32_t slot, uint32_t scale) {
  return SpMem(slots_off_ + 8 * static_cast<int32_t>(slot), scale);
}

void A64MacroAssembler::MovImm(const Gp& dst, uint64_t imm, bool is64) {
  if (!is64) imm &= 0xffffffffu;
  const uint32_t width = is64 ? 64 : 32;
  const Gp d = is64 ? Gp(dst.x()) : Gp(dst.w());
  const uint32_t parts = width / 16;
  uint32_t zeros = 0, ones = 0;
  for (uint32_t k = 0; k < parts; ++k) {
    uint64_t h = (imm >> (16 * k)) & 0xffff;
    zeros += h == 0;
    ones += h == 0xffff;
  }
  const bool invert = ones > zeros;
  const uint32_t needed = parts - (invert ? ones : zeros);
  if (needed <= 1) {  // one movz / movn (asmjit picks the form)
    a_.mov(d, imm);
    return;
  }
  if (Utils::isLogicalImm(imm, width)) {
    a_.orr(d, is64 ? Gp(xzr) : Gp(wzr), imm);
    return;
  }
  bool first = true;
  for (uint32_t k = 0; k < parts; ++k) {
    uint64_t h = (imm >> (16 * k)) & 0xffff;
    if (h == (invert ? 0xffffu : 0u)) continue;
    if (first) {
      if (invert) a_.movn(d, (~h) & 0xffff, lsl(16 * k));
      else a_.movz(d, h, lsl(16 * k));
      first = false;
    } else {
      a_.movk(d, h, lsl(16 * k));
    }
  }
  if (first) {  // all parts 0 (or all 0xffff)
    if (invert) a_.movn(d, 0);
    else a_.movz(d, 0);
  }
}

Gp A64MacroAssembler::UseGp(const Operand& o, const Gp& scratch, bool zr_ok) {
  switch (o.loc.kind) {
    case Location::kReg: return x(o.loc.reg);
    case Location::kSlot:
      if (ir::Is64(o.type)) a_.ldr(scratch.x(), SlotMem(o.loc.slot));
      else a_.ldr(scratch.w(), SlotMem(o.loc.slot, 4));
      return scratch.x();
    case Location::kConst: {
      const bool is64 = o.type == ir::Type::kI64 || o.type == ir::Type::kF64;
      const uint64_t v = is64 ? o.imm : (o.imm & 0xffffffffu);
      if (v == 0 && zr_ok) return xzr;
      MovImm(scratch, v, is64);
      return scratch.x();
    }
    default: WASMC_UNREACHABLE();
  }
}

void A64MacroAssembler::LoadFpConst(const Vec& dst, uint64_t bits, bool is64) {
  // fmov for zero and the 8-bit immediates, else a PC-relative literal load from
  // the function's constant pool (an f32 is the low half of its 8-byte entry).
  if (is64) {
    if (bits == 0) a_.fmov(dst.d(), xzr);
    else if (Utils::isFP64Imm8(bits)) a_.fmov(dst.d(), std::bit_cast<double>(bits));
    else a_.ldr(dst.d(), ptr(ConstLabel(bits)));
  } else {
    const uint32_t b = static_cast<uint32_t>(bits);
    if (b == 0) a_.fmov(dst.s(), wzr);
    else if (Utils::isFP32Imm8(b)) a_.fmov(dst.s(), std::bit_cast<float>(b));
    else a_.ldr(dst.s(), ptr(ConstLabel(b)));
  }
}

Vec A64MacroAssembler::UseFp(const Operand& o, const Vec& scratch) {
  const bool is64 = o.type == ir::Type::kF64 || o.type == ir::Type::kI64;
  switch (o.loc.kind) {
    case Location::kReg: return d(o.loc.reg);
    case Location::kSlot:
      if (is64) a_.ldr(scratch.d(), SlotMem(o.loc.slot));
      else a_.ldr(scratch.s(), SlotMem(o.loc.slot, 4));
      return scratch.d();
    case Location::kConst: LoadFpConst(scratch, o.imm, is64); return scratch.d();
    default: WASMC_UNREACHABLE();
  }
}

// DefGp and DefFp: a Move from the register (at dst's width; a slot gets all 64 bits)
// to dst's register or slot, unless dst is that register.
void A64MacroAssembler::DefReg(const Operand& dst, uint32_t src, bool fp) {
  const bool reg = dst.loc.kind == Location::kReg;
  if (!(reg || dst.loc.kind == Location::kSlot) || (reg && dst.loc.reg == src)) return;
  const bool wide = dst.type != (fp ? ir::Type::kF32 : ir::Type::kI32);
  Move(regalloc::Move{dst.loc, Location::Reg(static_cast<uint8_t>(src)), 0, fp, wide});
}

void A64MacroAssembler::DefGp(const Operand& dst, const Gp& src) { DefReg(dst, src.id(), false); }
void A64MacroAssembler::DefFp(const Operand& dst, const Vec& src) { DefReg(dst, src.id(), true); }

Gp A64MacroAssembler::DstGp(const Operand& dst, const Gp& scratch) const {
  return dst.IsReg() ? x(dst.loc.reg) : scratch.x();
}

Vec A64MacroAssembler::DstFp(const Operand& dst, const Vec& scratch) const {
  return dst.IsReg() ? d(dst.loc.reg) : scratch.d();
}

// ---- Moves ---------------------------------------------------------------

void A64MacroAssembler::Move(const regalloc::Move& m) {
  // Uses x17 (constants, slot-to-slot) and x15 (far slots) only: x16 / v31 may
  // hold a parallel move's cycle value.
  const Location& dl = m.dst;
  const Location& sl = m.src;
  if (m.v128) {
    MoveV128(m);
    return;
  }
  if (sl.kind == Location::kConst) {
    if (dl.kind == Location::kReg) {
      if (m.fp) LoadFpConst(d(dl.reg), m.imm, m.wide);
      else MovImm(x(dl.reg), m.imm, m.wide);
    } else {
      const uint64_t v = m.wide ? m.imm : (m.imm & 0xffffffffu);
      if (v == 0) {
        a_.str(xzr, SlotMem(dl.slot));
      } else {
        MovImm(x17, v, true);
        a_.str(x17, SlotMem(dl.slot));
      }
    }
    return;
  }
  if (sl.kind == Location::kReg && dl.kind == Location::kReg) {
    if (m.fp) {
      if (sl.reg != dl.reg) {
        if (m.wide) a_.fmov(d(dl.reg), d(sl.reg));
        else a_.fmov(s(dl.reg), s(sl.reg));
      }
    } else if (m.wide) {
      if (sl.reg != dl.reg) a_.mov(x(dl.reg), x(sl.reg));
    } else {
      // Also re-zero-extends: in place, only where the upper half may not be zero.
      if (sl.reg != dl.reg || !UpperHalfZero(dl.reg)) a_.mov(w(dl.reg), w(sl.reg));
    }
  } else if (sl.kind == Location::kReg) {
    if (m.fp) a_.str(d(sl.reg), SlotMem(dl.slot));
    else a_.str(x(sl.reg), SlotMem(dl.slot));
  } else if (dl.kind == Location::kReg) {
    if (m.fp) {
      if (m.wide) a_.ldr(d(dl.reg), SlotMem(sl.slot));
      else a_.ldr(s(dl.reg), SlotMem(sl.slot, 4));
    } else {
      if (m.wide) a_.ldr(x(dl.reg), SlotMem(sl.slot));
      else a_.ldr(w(dl.reg), SlotMem(sl.slot, 4));
    }
  } else {
    if (sl.slot == dl.slot) return;
    a_.ldr(x17, SlotMem(sl.slot));
    a_.str(x17, SlotMem(dl.slot));
  }
}

void A64MacroAssembler::ParallelMove(std::span<const regalloc::Move> moves) {
  EmitParallelMove(moves, kCycleGpr, kCycleFpr);
}

// ---- Frame ---------------------------------------------------------------

void A64MacroAssembler::Prologue(const FrameInfo& frame, std::span<const Operand> params,
                                 const Operand* results_ptr) {
  frame_ = frame;
  // Where x28 and x27 are pinned through all wasm code (FrameInfo::
  // pinned_registers_kept), they hold on entry: no save, no set, no restore.
  const bool kept = frame.pinned_registers_kept;
  auto choose_saves = [&](bool needs_instance) {
    saved_gprs_.clear();
    saved_fprs_.clear();
    for (uint8_t r = 19; r <= 26; ++r)
      if ((frame.gpr_callee_saved_used >> r) & 1) saved_gprs_.push_back(r);
    if (frame.uses_memory && !kept) saved_gprs_.push_back(kMemReg);
    if (needs_instance && !kept) saved_gprs_.push_back(kInstReg);
    for (uint8_t v = 8; v <= 15; ++v)
      if ((frame.fpr_callee_saved_used >> v) & 1) saved_fprs_.push_back(v);
    saves_size_ = static_cast<int32_t>(8 * (saved_gprs_.size() + saved_fprs_.size()) + 15) & ~15;
  };

  // Frames whose slots are all within the immediate range (16 KiB for 4-byte
  // accesses) keep x15 free, so call_indirect holds its target there; far frames
  // address slots through x15 and keep the target in a stack temporary.
  auto layout = [&](int32_t tmp_size) {
    tmp_off_ = 8 * static_cast<int32_t>(frame.max_stack_args);
    results_off_ = (tmp_off_ + tmp_size + 15) & ~15;
    vargs_off_ = results_off_ + 16 * static_cast<int32_t>(frame.max_call_results);
    slots_off_ = vargs_off_ + 16 * static_cast<int32_t>(frame.max_v128_args);
    frame_size_ = (slots_off_ + 8 * static_cast<int32_t>(frame.num_slots) + saves_size_ + 15) & ~15;
  };
  // A small leaf lives within the reserve below stack_limit (kLeafUncheckedFrameBytes):
  // no stack check, and without instance uses no instance register either.
  const bool leaf = !frame.makes_calls;
  bool needs_instance = true;
  if (leaf && !frame.uses_instance) {
    choose_saves(false);
    layout(0);
    needs_instance = 16u + static_cast<uint32_t>(frame_size_) > kLeafUncheckedFrameBytes;
  }
  instance_pinned_ = needs_instance || kept;
  choose_saves(needs_instance);
  layout(0);
  far_frame_ = frame_size_ > 16000;
  if (far_frame_) layout(8);

  std::vector<AbiLoc> abi = ParamAbi(params, results_ptr != nullptr, &incoming_area_);
  // A frameless leaf (FrameInfo::frameless) with no saves, no frame area and no stack
  // params keeps sp, x29 and x30 as the call left them: no frame record at all.
  frameless_ = frame.frameless && !needs_instance && frame_size_ == 0 &&
               incoming_area_ == 0 && results_ptr == nullptr;
  if (!frameless_) {
    a_.stp(x29, x30, ptr_pre(sp, -16));
    a_.mov(x29, sp);
  }
  // sp -= frame_size_, then the stack-limit check before anything is stored.
  const uint32_t fs = static_cast<uint32_t>(frame_size_);
  if (fs <= 0xffffff) {
    if (fs >> 12) a_.sub(sp, sp, fs >> 12, lsl(12));
    if (fs & 0xfff) a_.sub(sp, sp, fs & 0xfff);
  } else {
    MovImm(x16, fs, true);
    a_.sub(sp, sp, x16);
  }
  // A small leaf lives within the reserve below stack_limit (kLeafUncheckedFrameBytes).
  stack_checked_ = !leaf || 16u + fs > kLeafUncheckedFrameBytes;
  if (stack_checked_) {
    a_.ldr(x16, ptr(kept ? x(kInstReg) : x0, offsetof(wasmc_instance, stack_limit)));
    a_.cmp(sp, x16);
    a_.b(CondCode::kLO, stack_trap_);
  }

  // Callee-saved registers, in pairs, below the frame record.
  TransferSaved(true);
  if (needs_instance && !kept) a_.mov(x(kInstReg), x0);
  if (frame.uses_memory && !kept) a_.ldr(x(kMemReg), ptr(x0, offsetof(wasmc_instance, mem0_base)));

  // Params: from their ABI locations to their allocated ones.
  // FP moves first, then the v128 params (loaded through their pointers, which the
  // GPR moves may overwrite, into registers the FP moves may still read), then GPRs.
  std::vector<regalloc::Move> moves, gpr_moves;
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (abi[i].on_stack || p.loc.kind == Location::kNone || ir::IsV128(p.type)) continue;
    const bool fp = ir::IsFloat(p.type);
    // AAPCS64 leaves the upper bits of narrow arguments unspecified: zero-extend in
    // place unless the param moves to another register (a 32-bit `mov`, which does)
    // or stays in its register and only its low half is ever read.
    const bool low32_only = i < 64 && p.IsReg() && ((frame.params_low32_only >> i) & 1);
    if (p.type == ir::Type::kI32 && !(p.IsReg() && p.loc.reg != abi[i].reg) && !low32_only)
      a_.mov(w(abi[i].reg), w(abi[i].reg));
    (fp ? moves : gpr_moves).push_back({p.loc, Location::Reg(abi[i].reg), 0, fp, ir::Is64(p.type)});
  }
  if (results_ptr && results_ptr->loc.kind != Location::kNone)
    gpr_moves.push_back({results_ptr->loc, Location::Reg(1), 0, false, true});
  ParallelMove(std::move(moves));
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (!abi[i].on_stack && p.loc.kind != Location::kNone && ir::IsV128(p.type))
      LoadV128Param(p, x(abi[i].reg));
  }
  ParallelMove(std::move(gpr_moves));
  for (size_t i = 0; i < params.size(); ++i) {
    const Operand& p = params[i];
    if (!abi[i].on_stack || p.loc.kind == Location::kNone) continue;
    const int32_t off = 16 + 8 * static_cast<int32_t>(abi[i].word);
    Mem src = ptr(x29, off);
    if (off > 16380) {
      MovImm(x17, static_cast<uint32_t>(off), true);
      src = ptr(x29, x17);
    }
    if (ir::IsV128(p.type)) {
      a_.ldr(x16, src);
      LoadV128Param(p, x16);
    } else if (p.IsReg()) {
      if (p.type == ir::Type::kF64) a_.ldr(d(p.loc.reg), src);
      else if (p.type == ir::Type::kF32) a_.ldr(s(p.loc.reg), src);
      else if (p.type == ir::Type::kI32) a_.ldr(w(p.loc.reg), src);
      else a_.ldr(x(p.loc.reg), src);
    } else {
      if (p.type == ir::Type::kI32 || p.type == ir::Type::kF32) a_.ldr(w16, src);
      else a_.ldr(x16, src);
      a_.str(x16, SlotMem(p.loc.slot));
    }
  }
}

void A64MacroAssembler::Epilogue() {
  if (unframed_) {  // a shrink-wrapped exit (early_exit.h): no stack params by its rules
    WASMC_CHECK(incoming_area_ == 0);
    a_.ret(x30);
    return;
  }
  RestoreSaved();
  if (frame_size_ > 0) a_.mov(sp, x29);  // else sp == x29 throughout the body
  if (!frameless_) a_.ldp(x29, x30, ptr_post(sp, 16));
  // Callee-pops (docs/backend.md): at most 8 KiB (1000 params), two immediates.
  if (incoming_area_ >> 12) a_.add(sp, sp, incoming_area_ >> 12, lsl(12));
  if (incoming_area_ & 0xfff) a_.add(sp, sp, incoming_area_ & 0xfff);
  a_.ret(x30);
}

void A64MacroAssembler::RestoreSaved() { TransferSaved(false); }

// Stores (prologue) or loads (epilogue, tail calls) the callee-saved registers in pairs at
// x29 - saves_size_: the general registers first, then the low halves of the vector ones.
void A64MacroAssembler::TransferSaved(bool store) {
  auto transfer = [&](auto reg_of, const std::vector<uint8_t>& regs, int32_t base) {
    for (size_t k = 0; k < regs.size(); k += 2) {
      const Mem m = ptr(x29, base + 8 * static_cast<int32_t>(k));
      if (k + 1 < regs.size()) {
        if (store) a_.stp(reg_of(regs[k]), reg_of(regs[k + 1]), m);
        else a_.ldp(reg_of(regs[k]), reg_of(regs[k + 1]), m);
      } else {
        if (store) a_.stur(reg_of(regs[k]), m);
        else a_.ldur(reg_of(regs[k]), m);
      }
    }
  };
  transfer([](uint8_t r) { return x(r); }, saved_gprs_, -saves_size_);
  transfer([](uint8_t r) { return d(r); }, saved_fprs_,
           -saves_size_ + 8 * static_cast<int32_t>(saved_gprs_.size()));
}

void A64MacroAssembler::StoreResults(std::span<const Operand> values, const Operand& results_ptr) {
  Gp p = UseGp(results_ptr, x16);
  for (size_t k = 0; k < values.size(); ++k) {
    const Operand& v = values[k];
    const int32_t off = 16 * static_cast<int32_t>(k);
    Mem dst = ptr(p, off);
    if (off > 16380) {
      MovImm(x15, static_cast<uint32_t>(off), true);
      dst = ptr(p, x15);
    }
    if (ir::IsV128(v.type)) a_.str(UseV(v, v30).q(), dst);
    else if (v.type == ir::Type::kF64) a_.str(UseFp(v, v30).d(), dst);
    else if (v.type == ir::Type::kF32) a_.str(UseFp(v, v30).s(), dst);
    else a_.str(UseGp(v, x17, true).x(), dst);
  }
}

// ---- Control flow ----------------------------------------------------------

void A64MacroAssembler::BranchOnZero(const Operand& a, bool w64, bool if_nonzero, Label target) {
  Gp r = UseGp(a, x16);
  Gp rr = w64 ? Gp(r.x()) : Gp(r.w());
  if (if_nonzero) a_.cbnz(rr, target);
  else a_.cbz(rr, target);
}

void A64MacroAssembler::BranchOnCompare(ir::Cond cond, bool w64, const Operand& a, const Operand& b,
                                        Label target) {
  // Against a zero constant: cbz / cbnz.
  if (b.IsConst() && (cond == ir::Cond::kEq || cond == ir::Cond::kNe) &&
      (w64 ? b.imm : (b.imm & 0xffffffffu)) == 0)
    return BranchOnZero(a, w64, cond == ir::Cond::kNe, target);
  a_.b(CompareInt(w64, a, b, cond), target);
}

void A64MacroAssembler::BrTable(Operand index, std::span<const uint32_t> labels) {
  const uint32_t n = static_cast<uint32_t>(labels.size()) - 1;
  Label dflt = LabelFor(labels.back());
  Gp idx = UseGp(index, x17);
  if (n <= 4095) {
    a_.cmp(idx.w(), n);
  } else {
    MovImm(x16, n, false);
    a_.cmp(idx.w(), w16);
  }
  a_.b(CondCode::kHS, dflt);
  JumpTable jt{a_.newLabel(), std::vector<uint32_t>(labels.begin(), labels.end() - 1)};
  a_.adr(x16, jt.table);
  a_.ldrsw(x17, ptr(x16, idx.w(), uxtw(2)));
  a_.add(x16, x16, x17);
  a_.br(x16);
  jump_tables_.push_back(std::move(jt));
}

// ---- Calls ---------------------------------------------------------------

void A64MacroAssembler::EmitCall(const std::string& symbol, CodeReloc reloc) {
  reloc.offset = Offset();
  relocs_.push_back(std::move(reloc));
  if (logger_) SetNextListingText(*logger_, "bl " + symbol);
  a_.embedUInt32(0x94000000u);  // BL #0, patched through the CALL26 relocation
}

// w16 (a funcref's signature id) against a constant id: one `cmp` where it fits 12
// bits, else through w17.
void A64MacroAssembler::CompareTypeIdW16(uint32_t type_id) {
  if (type_id <= 4095) {
    a_.cmp(w16, type_id);
  } else {
    MovImm(x17, type_id, false);
    a_.cmp(w16, w17);
  }
}

void A64MacroAssembler::CheckedFuncref(const CallInfo& call) {
  // The element index where it is (else w17), x16 = table, x15 = the funcref (kept
  // there through the argument moves, which do not touch x15 in frames without far
  // slots).
  code_in_x15_ = false;
  if (call.table == ir::kCallRefTable) {  // call_ref: the callee is the funcref itself
    Gp ref = UseGp(call.callee, x15);
    if (ref.id() != 15) a_.mov(x15, ref);
    a_.cbz(x15, TrapLabel(WASMC_TRAP_NULL_FUNC_REF));
    if (far_frame_) a_.str(x15, SpMem(tmp_off_));
    return;
  }
  const Gp inst = x(kInstReg);
  Gp idx = UseGp(call.callee, x17);  // read where it is (32 bits, uxtw)
  const uint32_t fixed = frame_.table0_fixed_size;
  if (call.table == 0 && call.op == ir::Opcode::kCallIndirect && fixed != ir::Function::kNoFixedTable &&
      call.type_id != ir::kUnknownTypeId) {
    // Table 0's size never changes and the runtime keeps each element's code at
    // elems[size + i] (abi.h, wasmc_table): the bound is a constant and x15 = the code,
    // one load from the index, where it was two (funcref, then funcref->code);
    // x16 = the funcref, for the signature check, whose read faults for a null one.
    a_.ldr(x16, ptr(inst, offsetof(wasmc_instance, table0)));
    a_.ldr(x16, ptr(x16, offsetof(wasmc_table, elems)));
    if (fixed <= 4095) {
      a_.cmp(idx.w(), fixed);
    } else {
      MovImm(x15, fixed, false);
      a_.cmp(idx.w(), w15);
    }
    a_.b(CondCode::kHS, TrapLabel(WASMC_TRAP_UNDEFINED_ELEMENT));
    const uint32_t codes = 8 * fixed;  // below 2^30 (FixedTable0Size)
    if (codes <= 4095) {
      a_.add(x15, x16, codes);
    } else {
      MovImm(x15, codes, true);
      a_.add(x15, x16, x15);
    }
    a_.ldr(x15, ptr(x15, idx.w(), uxtw(3)));
    a_.ldr(x16, ptr(x16, idx.w(), uxtw(3)));
    a_.ldr(w16, ptr(x16, offsetof(wasmc_funcref, type_id)));
    CompareTypeIdW16(call.type_id);
    a_.b(CondCode::kNE, TrapLabel(WASMC_TRAP_INDIRECT_CALL_TYPE));
    code_in_x15_ = true;
    if (far_frame_) a_.str(x15, SpMem(tmp_off_));
    return;
  }
  if (call.table == 0) {  // table 0 straight from the instance header
    a_.ldr(x16, ptr(inst, offsetof(wasmc_instance, table0)));
  } else {
    a_.ldr(x16, ptr(inst, offsetof(wasmc_instance, tables)));
    a_.ldr(x16, BaseOffset(x16, 8 * call.table, 8, x15));
  }
  // The table's first two words in one load: x16 = elems, x15 = size | max << 32 (the
  // compare reads its low half).
  static_assert(offsetof(wasmc_table, elems) == 0 && offsetof(wasmc_table, size) == 8);
  a_.ldp(x16, x15, ptr(x16));
  a_.cmp(idx.w(), w15);
  a_.b(CondCode::kHS, TrapLabel(WASMC_TRAP_UNDEFINED_ELEMENT));
  a_.ldr(x15, ptr(x16, idx.w(), uxtw(3)));
  // No null test: a null element's signature load below reads the null page, and the
  // fault handler reports a fault below WASMC_NULL_FAULT_LIMIT from generated code as
  // "uninitialized element" (runtime-support/core/trap.c).
  if (call.type_id != ir::kUnknownTypeId) {  // a plain type's id is a constant (abi.h)
    a_.ldr(w16, ptr(x15, offsetof(wasmc_funcref, type_id)));
    CompareTypeIdW16(call.type_id);
  } else {
    a_.ldr(x17, ptr(inst, offsetof(wasmc_instance, type_ids)));
    a_.ldr(w17, BaseOffset(x17, 4 * call.index, 4, x16));
    a_.ldr(w16, ptr(x15, offsetof(wasmc_funcref, type_id)));
    a_.cmp(w16, w17);
  }
  a_.b(CondCode::kNE, TrapLabel(WASMC_TRAP_INDIRECT_CALL_TYPE));
  if (far_frame_) a_.str(x15, SpMem(tmp_off_));
}

uint32_t A64MacroAssembler::PlaceArgs(const CallInfo& call, bool hidden_results, const Operand* rp) {
  // v128 arguments go by pointer to a copy in this frame (macro_assembler.h): the copies
  // first, the k-th v128 argument's at vargs_off_ + 16 * k.
  bool v128 = false;
  for (const Operand& o : call.args) v128 |= ir::IsV128(o.type);
  if (v128) {
    int32_t at = vargs_off_;
    for (const Operand& o : call.args)
      if (ir::IsV128(o.type)) {
        a_.str(UseV(o, v30).q(), SpMem(at, 16));
        at += 16;
      }
  }
  // The stack arguments as their locations come, the register ones to one parallel move.
  AbiCursor abi = CallAbi(hidden_results);
  std::vector<regalloc::Move>& moves = arg_moves_;
  moves.clear();
  int32_t at = vargs_off_;
  for (const Operand& o : call.args) {
    const AbiLoc l = abi.Next(o.type);
    const bool vcopy = ir::IsV128(o.type);
    if (l.on_stack) {
      if (vcopy) SpAddress(x17, at);
      Mem dst = SpMem(8 * static_cast<int32_t>(l.word));
      if (vcopy) a_.str(x17, dst);
      else if (ir::IsFloat(o.type) && o.IsReg()) a_.str(d(o.loc.reg), dst);
      else a_.str(UseGp(o, x17, true).x(), dst);
    } else if (!vcopy) {
      moves.push_back({Location::Reg(l.reg), o.loc, o.imm, ir::IsFloat(o.type), ir::Is64(o.type)});
    }
    if (vcopy) at += 16;
  }
  WASMC_CHECK(abi.Words() <= frame_.max_stack_args);
  if (rp) moves.push_back({Location::Reg(1), rp->loc, rp->imm, false, true});
  ParallelMove(moves);
  if (v128) {  // the pointers to the copies of the register ones
    AbiCursor after = CallAbi(hidden_results);
    at = vargs_off_;
    for (const Operand& o : call.args) {
      const AbiLoc l = after.Next(o.type);
      if (!ir::IsV128(o.type)) continue;
      if (!l.on_stack) SpAddress(x(l.reg), at);
      at += 16;
    }
  }
  return abi.Words();
}

// The callee's instance to x0 and, for imports and funcrefs, its code to x17. A wasm
// callee with the pinned registers kept (FrameInfo::pinned_registers_kept) reads its
// instance from x28: direct calls pass none, nor do funcrefs that are all the module's
// own code (FrameInfo::funcrefs_own_code); runtime helpers, imports and other funcrefs
// (C code) still get it in x0.
void A64MacroAssembler::LoadCallee(const CallInfo& call) {
  using ir::Opcode;
  switch (call.op) {
    case Opcode::kCall: case Opcode::kReturnCall:
      if (!frame_.pinned_registers_kept) a_.mov(x0, x(kInstReg));
      break;
    case Opcode::kCallRuntime: case Opcode::kMemoryGrow:
      a_.mov(x0, x(kInstReg));
      break;
    case Opcode::kCallImport: case Opcode::kReturnCallImport: {
      a_.ldr(x16, ptr(x(kInstReg), offsetof(wasmc_instance, imports)));
      const uint32_t off = static_cast<uint32_t>(sizeof(wasmc_import_func)) * call.index;
      if (off + 8 <= 8 * 4095) {
        a_.ldr(x17, ptr(x16, off + offsetof(wasmc_import_func, code)));
        a_.ldr(x0, ptr(x16, off + offsetof(wasmc_import_func, instance)));
      } else {
        MovImm(x17, off, true);
        a_.add(x16, x16, x17);
        a_.ldr(x17, ptr(x16, offsetof(wasmc_import_func, code)));
        a_.ldr(x0, ptr(x16, offsetof(wasmc_import_func, instance)));
      }
      break;
    }
    case Opcode::kCallIndirect: case Opcode::kReturnCallIndirect: {
      if (code_in_x15_) {  // the code itself (CheckedFuncref, a table of fixed size)
        WASMC_CHECK(call.op == Opcode::kCallIndirect && frame_.funcrefs_own_code);
        if (far_frame_) a_.ldr(x17, SpMem(tmp_off_));
        break;
      }
      Gp ref = x15;
      if (far_frame_) {
        a_.ldr(x16, SpMem(tmp_off_));
        ref = x16;
      }
      if (!frame_.funcrefs_own_code) a_.ldr(x0, ptr(ref, offsetof(wasmc_funcref, instance)));
      a_.ldr(x17, ptr(ref, offsetof(wasmc_funcref, code)));
      break;
    }
    default: WASMC_UNREACHABLE();
  }
}

void A64MacroAssembler::EmitCallInsn(const CallInfo& call) {
  LoadCallee(call);
  if (call.op == ir::Opcode::kCall || call.op == ir::Opcode::kCallRuntime ||
      call.op == ir::Opcode::kMemoryGrow)
    EmitCall(call.symbol, call.Reloc(0, RelocKind::kA64Call26));
  else
    a_.blr(code_in_x15_ && !far_frame_ ? x15 : x17);
  code_in_x15_ = false;
}

void A64MacroAssembler::ResetSp() {
  const uint32_t fs = static_cast<uint32_t>(frame_size_);
  if (fs <= 0xffffff) {
    if (fs >> 12) {
      a_.sub(sp, x29, fs >> 12, lsl(12));
      if (fs & 0xfff) a_.sub(sp, sp, fs & 0xfff);
    } else {
      a_.sub(sp, x29, fs & 0xfff);
    }
  } else {
    MovImm(x16, fs, true);
    a_.sub(sp, x29, x16);
  }
}

void A64MacroAssembler::Call(const CallInfo& call) {
  using ir::Opcode;
  const bool hidden_results = call.results.size() > 1;
  if (call.op == Opcode::kCallIndirect) CheckedFuncref(call);
  const uint32_t words = PlaceArgs(call, hidden_results, nullptr);
  if (hidden_results) {
    if (results_off_ <= 4095) {
      a_.add(x1, sp, results_off_);
    } else {
      MovImm(x16, static_cast<uint32_t>(results_off_), true);
      a_.add(x1, sp, x16);
    }
  }
  EmitCallInsn(call);
  if (words > 0) ResetSp();  // the callee popped its stack arguments if it was wasm
  if (call.results.size() == 1) {
    const Operand& r = call.results[0];
    if (r.loc.kind == Location::kNone) return;
    if (ir::IsV128(r.type)) {
      DefV(r, v0);
    } else if (ir::IsFloat(r.type)) {
      DefFp(r, d0);
    } else if (r.type == ir::Type::kI32) {
      // AAPCS64 leaves the upper half of a 32-bit result unspecified.
      if (r.IsReg()) a_.mov(w(r.loc.reg), w0);
      else { a_.mov(w0, w0); DefGp(r, x0); }
    } else {
      DefGp(r, x0);
    }
  } else if (hidden_results) {
    for (size_t k = 0; k < call.results.size(); ++k) {
      const Operand& r = call.results[k];
      if (r.loc.kind == Location::kNone) continue;
      Mem src = SpMem(results_off_ + 16 * static_cast<int32_t>(k), ir::Is64(r.type) ? 8 : 4);
      switch (r.type) {
        case ir::Type::kV128: a_.ldr(DstV(r, v30).q(), SpMem(results_off_ + 16 * static_cast<int32_t>(k), 16)); DefV(r, DstV(r, v30)); break;
        case ir::Type::kF64: a_.ldr(DstFp(r, v30).d(), src); DefFp(r, DstFp(r, v30)); break;
        case ir::Type::kF32: a_.ldr(DstFp(r, v30).s(), src); DefFp(r, DstFp(r, v30)); break;
        case ir::Type::kI32: a_.ldr(DstGp(r, x16).w(), src); DefGp(r, DstGp(r, x16)); break;
        case ir::Type::kI64: a_.ldr(DstGp(r, x16).x(), src); DefGp(r, DstGp(r, x16)); break;
      }
    }
  }
}

// ---- Instance state ----------------------------------------------------------

void A64MacroAssembler::InstanceOp(const ir::Inst& in, Operand dst, Operand a) {
  using ir::Opcode;
  WASMC_CHECK(instance_pinned_ && "instance state in a function without instance");
  const Gp inst = x(kInstReg);
  switch (in.op) {
    case Opcode::kGlobalGet: case Opcode::kGlobalSet: {
      Mem cell;
      if (in.index2 != 0) {  // imported: through the instance's pointer table
        a_.ldr(x16, ptr(inst, offsetof(wasmc_instance, globals)));
        a_.ldr(x16, BaseOffset(x16, 8 * in.index, 8, x17));
        cell = ptr(x16);
      } else {
        const uint32_t off = WASMC_INSTANCE_HEADER_SIZE + 16 * in.index;
        if (off <= 16380) {
          cell = ptr(inst, off);
        } else {
          MovImm(x16, off, true);
          a_.add(x16, inst, x16);
          cell = ptr(x16);
        }
      }
      const bool fp = ir::IsFloat(in.type);
      const bool w64 = ir::Is64(in.type);
      if (ir::IsV128(in.type)) {
        if (in.op == Opcode::kGlobalGet) {
          Vec out = DstV(dst, v30);
          a_.ldr(out.q(), cell);
          DefV(dst, out);
        } else {
          a_.str(UseV(a, v30).q(), cell);
        }
        return;
      }
      if (in.op == Opcode::kGlobalGet) {
        if (fp) {
          Vec v = DstFp(dst, v30);
          if (w64) a_.ldr(v.d(), cell); else a_.ldr(v.s(), cell);
          DefFp(dst, v);
        } else {
          Gp g = DstGp(dst, x17);
          if (w64) a_.ldr(g.x(), cell); else a_.ldr(g.w(), cell);
          DefGp(dst, g);
        }
      } else {
        if (fp) {
          Vec v = UseFp(a, v30);
          if (w64) a_.str(v.d(), cell); else a_.str(v.s(), cell);
        } else {
          Gp g = UseGp(a, x17, true);
          if (w64) a_.str(g.x(), cell); else a_.str(g.w(), cell);
        }
      }
      return;
    }
    case Opcode::kRefFunc: {
      Gp g = DstGp(dst, x16);
      a_.ldr(g, ptr(inst, offsetof(wasmc_instance, funcrefs)));
      const uint64_t off = uint64_t{sizeof(wasmc_funcref)} * in.index;
      if (off != 0) {
        if (off <= 0xfff) {
          a_.add(g, g, off);
        } else {
          MovImm(x17, off, true);
          a_.add(g, g, x17);
        }
      }
      DefGp(dst, g);
      return;
    }
    case Opcode::kTableSize: {
      Gp g = DstGp(dst, x16);
      a_.ldr(x17, ptr(inst, offsetof(wasmc_instance, tables)));
      a_.ldr(x17, BaseOffset(x17, 8 * in.index, 8, x16));
      a_.ldr(g.w(), ptr(x17, offsetof(wasmc_table, size)));
      DefGp(dst, g);
      return;
    }
    case Opcode::kMemorySize: case Opcode::kMemoryBase: {
      // The memory object: operand a (kMemorySize), else memory 0 through inst->mem0,
      // others through inst->memories[index].
      Gp g = DstGp(dst, x16);
      Gp obj = x17;
      if (a.loc.kind != regalloc::Location::kNone) {
        obj = UseGp(a, x17);
      } else if (in.index == 0) {
        a_.ldr(x17, ptr(inst, offsetof(wasmc_instance, mem0)));
      } else {
        a_.ldr(x17, ptr(inst, offsetof(wasmc_instance, memories)));
        a_.ldr(x17, BaseOffset(x17, 8 * in.index, 8, x16));
      }
      if (in.op == Opcode::kMemoryBase && in.imm == 1) {
        a_.mov(g.x(), x17);
      } else if (in.op == Opcode::kMemoryBase) {
        a_.ldr(g.x(), ptr(x17, offsetof(wasmc_memory, base)));
      } else {
        a_.ldr(g.x(), ptr(obj.x(), offsetof(wasmc_memory, size)));
        if (in.width != 8) a_.lsr(g.x(), g.x(), 16);
      }
      DefGp(dst, g);
      return;
    }
    default: WASMC_UNREACHABLE();
  }
}

// ---- Output ----------------------------------------------------------------

void A64MacroAssembler::Finish() {
  EmitAtomicStubs();
  if (stack_checked_) {
    // x0 still holds the instance (nothing stored yet), unless it is pinned in x28.
    a_.bind(stack_trap_);
    if (frame_.pinned_registers_kept) a_.mov(x0, x(kInstReg));
    a_.mov(w1, static_cast<uint32_t>(WASMC_TRAP_STACK_EXHAUSTED));
    EmitCall("wasmc_rt_trap", {0, "wasmc_rt_trap", 0, RelocKind::kA64Call26});
    a_.brk(1);
  }
  // FrameInfo::uses_instance promised no trap stubs; a stub would pass a stale x28.
  WASMC_CHECK((instance_pinned_ || trap_labels_.empty()) && "trap stub in a function without instance");
  for (auto& [code, label] : trap_labels_) {
    a_.bind(label);
    a_.mov(x0, x(kInstReg));
    a_.mov(w1, code);
    EmitCall("wasmc_rt_trap", {0, "wasmc_rt_trap", 0, RelocKind::kA64Call26});
    a_.brk(1);
  }
  EmitData();
  for (size_t l = 0; l < labels_.size(); ++l)
    if (labels_[l].label.isValid() && !code_.isLabelBound(labels_[l].label))
      SetError("internal: IR label " + std::to_string(l) + " never bound");
  if (!errors_->first.empty())
    SetError("AArch64 code generation failed (" + errors_->first + ")");
}

std::vector<uint8_t> A64MacroAssembler::Code() {
  if (!error_.empty()) return {};
  return FinalCode(code_);
}

}  // namespace wasmc::a64
