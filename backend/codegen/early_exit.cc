// Shrink-wrapping of early exits (early_exit.h, docs/backend.md "Frames and calls").
#include "backend/codegen/early_exit.h"

#include <algorithm>

#include "backend/diag.h"

namespace wasmc {

using ir::Opcode;
using regalloc::Location;

namespace {

constexpr size_t kMaxEntryInsts = 8;  // before the branch
constexpr size_t kMaxExitSteps = 24;  // labels and jumps included

bool IsIntType(ir::Type t) { return t == ir::Type::kI32 || t == ir::Type::kI64; }

}  // namespace

// Instructions the path may hold: integer arithmetic that cannot trap, moves,
// constants, control flow without a condition, the return.
bool EarlyExit::PathInst(const ir::Inst& in) {
  switch (in.op) {
    case Opcode::kNop: case Opcode::kLabel: case Opcode::kJump: case Opcode::kConst:
    case Opcode::kMov: case Opcode::kParallelMove: case Opcode::kSelect: case Opcode::kWrap:
    case Opcode::kExtendS32: case Opcode::kReturn:
    case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd: case Opcode::kOr:
    case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU:
    case Opcode::kRotl: case Opcode::kRotr: case Opcode::kClz: case Opcode::kCtz:
    case Opcode::kPopcnt: case Opcode::kEqz: case Opcode::kCmp: case Opcode::kExtend8S:
    case Opcode::kExtend16S: case Opcode::kExtend32S: case Opcode::kAddShl:
    case Opcode::kOpShifted:
      return true;
    default:
      return false;
  }
}

// The exit path from inst `from`: straight-line code through labels and jumps up to a
// return of at most one value.
bool EarlyExit::CollectExit(uint32_t from, std::vector<uint32_t>& out) const {
  out.clear();
  uint32_t i = from;
  for (size_t steps = 0; steps < kMaxExitSteps && i < fn_.insts.size(); ++steps) {
    const ir::Inst& in = fn_.insts[i];
    if (!PathInst(in)) return false;
    if (in.op == Opcode::kJump) {
      i = fn_.label_block[in.index];
      continue;
    }
    out.push_back(i);
    if (in.op == Opcode::kReturn) return in.index2 <= 1;
    ++i;
  }
  return false;
}

bool EarlyExit::Plan(MacroAssembler& masm, const FrameInfo& frame) {
  if (frame.frameless || fn_.results_ptr != ir::kNoVReg || !masm.SupportsUnframed(&keep_))
    return false;
  // The entry instructions up to the first branch.
  entry_.clear();
  uint32_t i = 0;
  for (; i < fn_.insts.size() && entry_.size() < kMaxEntryInsts; ++i) {
    const ir::Inst& in = fn_.insts[i];
    if (in.op == Opcode::kBrIf || in.op == Opcode::kBrCmp) break;
    if (!PathInst(in) || in.op == Opcode::kLabel || in.op == Opcode::kJump ||
        in.op == Opcode::kReturn)
      return false;
    entry_.push_back(i);
  }
  if (i >= fn_.insts.size()) return false;
  const ir::Inst& br = fn_.insts[i];
  if (br.op != Opcode::kBrIf && br.op != Opcode::kBrCmp) return false;
  entry_.push_back(i);
  exit_taken_ = CollectExit(fn_.label_block[br.index], exit_);
  if (!exit_taken_ && !CollectExit(i + 1, exit_)) return false;

  // Params in registers only; the path's registers.
  std::vector<ir::Type> ptypes(fn_.vreg_types.begin(), fn_.vreg_types.begin() + fn_.num_params);
  param_regs_ = masm.ParamRegisters(ptypes, false);
  uint32_t params = 0, clobbered = 0;
  for (uint32_t p = 0; p < fn_.num_params; ++p) {
    if (param_regs_[p] < 0) return false;
    if (!ir::IsFpr(ptypes[p])) params |= 1u << param_regs_[p];
  }
  if (regs_.clobbers) {
    for (uint32_t k : entry_) clobbered |= regalloc::ClobbersOf(regs_, fn_.insts[k], alloc_.locs);
    for (uint32_t k : exit_) clobbered |= regalloc::ClobbersOf(regs_, fn_.insts[k], alloc_.locs);
  }
  if ((params | keep_) & clobbered) return false;
  pool_.clear();
  for (uint8_t r : regs_.gprs)
    if (!((regs_.gpr_callee_saved | keep_ | params | clobbered) >> r & 1)) pool_.push_back(r);
  exit_label_ = fn_.num_labels;
  body_label_ = fn_.num_labels + 1;
  // A dry run checks every operand and register.
  Reset();
  return Walk(nullptr, entry_) && Walk(nullptr, exit_);
}

void EarlyExit::EmitEntry(MacroAssembler& masm) {
  Reset();
  masm.SetUnframed(true);
  if (rec_) {
    std::vector<Operand> incoming;
    for (uint32_t p = 0; p < fn_.num_params; ++p)
      incoming.push_back(Operand{Location::Reg(static_cast<uint8_t>(param_regs_[p])), 0,
                                 fn_.vreg_types[p], p});
    rec_->Incoming(incoming);
  }
  bool ok = Walk(&masm, entry_);
  if (!exit_taken_) ok = ok && Walk(&masm, exit_);
  WASMC_CHECK(ok && "early exit: the emission differs from the plan");
  masm.SetUnframed(false);
  if (rec_) rec_->BeginInst(~0u);  // the prologue's step
  if (!exit_taken_) masm.Bind(body_label_);
}

void EarlyExit::EmitExit(MacroAssembler& masm) {
  if (!exit_taken_) return;
  masm.SetUnframed(true);
  masm.Bind(exit_label_);
  WASMC_CHECK(Walk(&masm, exit_) && "early exit: the emission differs from the plan");
  masm.SetUnframed(false);
}

void EarlyExit::Reset() {
  state_.assign(fn_.NumVRegs(), kUnset);
  path_reg_.assign(fn_.NumVRegs(), -1);
  path_imm_.assign(fn_.NumVRegs(), 0);
  next_free_ = 0;
}

// A value the path reads: its path register, its constant, or a param's ABI register.
bool EarlyExit::PathOperand(ir::VReg v, Operand& out) const {
  if (v == ir::kNoVReg) {
    out = Operand{};
    return true;
  }
  const ir::Type t = fn_.vreg_types[v];
  if (!IsIntType(t)) return false;
  if (state_[v] == kPathReg) {
    out = Operand{Location::Reg(static_cast<uint8_t>(path_reg_[v])), 0, t, v};
  } else if (state_[v] == kPathConst) {
    out = Operand{Location{Location::kConst}, path_imm_[v], t, v};
  } else if (alloc_.locs[v].kind == Location::kConst) {
    out = Operand{alloc_.locs[v], const_val_[v], t, v};
  } else if (v < fn_.num_params) {
    out = Operand{Location::Reg(static_cast<uint8_t>(param_regs_[v])), 0, t, v};
  } else {
    return false;
  }
  return true;
}

// A value the path writes: a fresh register of the pool at every definition, so that
// no other vreg's register (a renamed one included) and no param's ABI register is
// ever overwritten.
bool EarlyExit::PathDef(ir::VReg v, Operand& out) {
  const ir::Type t = fn_.vreg_types[v];
  if (!IsIntType(t) || alloc_.locs[v].kind != Location::kReg) return false;
  if (next_free_ >= pool_.size()) return false;
  path_reg_[v] = pool_[next_free_++];
  state_[v] = kPathReg;
  out = Operand{Location::Reg(static_cast<uint8_t>(path_reg_[v])), 0, t, v};
  return true;
}

// An operation whose constant operand is its identity (x + 0, x - 0, x | 0, x ^ 0,
// shifts and rotates by 0, x * 1, x & -1) gives the other operand: dst takes its
// location, no code (or null). Every later definition takes a fresh register
// (PathDef), so the shared location is never overwritten while dst is read.
const Operand* EarlyExit::Identity(const ir::Inst& in, const Operand& a, const Operand& b) const {
  const bool w64 = in.type == ir::Type::kI64;
  if (!IsIntType(in.type) || in.dst == ir::kNoVReg || fn_.vreg_types[in.dst] != in.type) return nullptr;
  auto identity = [&](const Operand& k, bool right) {
    if (!k.IsConst()) return false;
    const uint64_t v = w64 ? k.imm : (k.imm & 0xffffffffu);
    const uint64_t ones = w64 ? ~0ull : 0xffffffffull;
    switch (in.op) {
      case Opcode::kAdd: case Opcode::kOr: case Opcode::kXor: return v == 0;
      case Opcode::kSub: return right && v == 0;
      case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU: case Opcode::kRotl:
      case Opcode::kRotr:
        return right && (v & (w64 ? 63 : 31)) == 0;
      case Opcode::kMul: return v == 1;
      case Opcode::kAnd: return v == ones;
      default: return false;
    }
  };
  const Operand* x = identity(b, true) ? &a : identity(a, false) ? &b : nullptr;
  return x && x->type == in.type ? x : nullptr;
}

// Emits (masm) or only checks (null) the instructions `insts` on the path's locations.
bool EarlyExit::Walk(MacroAssembler* masm, const std::vector<uint32_t>& insts) {
  for (uint32_t k : insts) {
    const ir::Inst& in = fn_.insts[k];
    if (masm && rec_) rec_->BeginInst(k);
    const Location dloc = in.dst != ir::kNoVReg ? alloc_.locs[in.dst] : Location{};
    Operand dst, a, b, c;
    switch (in.op) {
      case Opcode::kNop: case Opcode::kLabel: case Opcode::kJump:
        break;
      case Opcode::kConst:
        if (dloc.kind == Location::kNone) break;
        // Read as the constant from here on (the MacroAssembler takes a constant
        // operand anywhere: the allocator gives every single-definition constant one).
        if (!IsIntType(fn_.vreg_types[in.dst])) return false;
        path_reg_[in.dst] = -1;
        path_imm_[in.dst] = in.imm;
        state_[in.dst] = kPathConst;
        // (A constant with several definitions has a register: the checker learns
        // that the path reads it as this immediate here.)
        if (masm && rec_)
          rec_->ConstDef(Operand{Location{Location::kConst}, in.imm, fn_.vreg_types[in.dst], in.dst});
        break;
      case Opcode::kMov:
        if (dloc.kind == Location::kNone) break;
        if (!PathOperand(in.a, a) || !PathDef(in.dst, dst)) return false;
        if (masm) masm->Move(regalloc::Move{dst.loc, a.loc, a.imm, false, ir::Is64(dst.type), in.dst, in.a});
        break;
      case Opcode::kParallelMove: {
        std::vector<regalloc::Move> moves;
        std::vector<Operand> srcs;
        for (uint32_t e = 0; e < in.extra_count; e += 2) {  // every source before any write
          const ir::VReg d = fn_.extra[in.extra_begin + e], s = fn_.extra[in.extra_begin + e + 1];
          if (alloc_.locs[d].kind == Location::kNone) continue;
          if (!PathOperand(s, a)) return false;
          srcs.push_back(a);
        }
        size_t n = 0;
        for (uint32_t e = 0; e < in.extra_count; e += 2) {
          const ir::VReg d = fn_.extra[in.extra_begin + e];
          if (alloc_.locs[d].kind == Location::kNone) continue;
          const Operand& s = srcs[n++];
          if (!PathDef(d, dst)) return false;
          moves.push_back(regalloc::Move{dst.loc, s.loc, s.imm, false, ir::Is64(dst.type), d, s.vreg});
        }
        if (masm) masm->ParallelMove(moves);
        break;
      }
      case Opcode::kBrIf: case Opcode::kBrCmp: {
        if (!PathOperand(in.a, a) || !PathOperand(in.b, b)) return false;
        ir::Inst br = in;
        br.index = exit_taken_ ? exit_label_ : body_label_;
        if (masm) masm->Branch(br, a, b);
        break;
      }
      case Opcode::kReturn: {
        std::vector<Operand> values;
        for (uint32_t e = 0; e < in.index2; ++e) {
          if (!PathOperand(fn_.extra[in.extra_begin + e], a)) return false;
          values.push_back(a);
        }
        if (masm) masm->Return(values, nullptr);
        break;
      }
      default:  // the value operations of PathInst
        if (dloc.kind == Location::kNone || !PathOperand(in.a, a) || !PathOperand(in.b, b) ||
            !PathOperand(in.c, c))
          return false;
        if (const Operand* x = Identity(in, a, b)) {  // a rename of a register (a
          if (x->IsConst()) return false;              // constant's: folded before us)
          state_[in.dst] = kPathReg;
          path_reg_[in.dst] = x->loc.reg;
          if (masm && rec_) rec_->Alias(Operand{x->loc, 0, in.type, in.dst}, *x);
          break;
        }
        if (!PathDef(in.dst, dst)) return false;
        if (!masm) break;
        if (in.op == Opcode::kSelect) masm->Select(in, dst, a, b, c);
        else if (in.op == Opcode::kWrap || in.op == Opcode::kExtendS32) masm->Convert(in, dst, a);
        else masm->IntOp(in, dst, a, b);
        break;
    }
  }
  return true;
}

}  // namespace wasmc
