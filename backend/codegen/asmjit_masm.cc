// What the asmjit-based MacroAssemblers share (asmjit_masm.h).
#include "backend/codegen/asmjit_masm.h"

#include "backend/codegen/asmjit_compat.h"

#include "backend/diag.h"

namespace wasmc {

std::vector<AbiLoc> AssignAbi(std::span<const ir::Type> types, bool hidden_results,
                              std::span<const uint8_t> int_regs, uint32_t num_fp_regs,
                              uint32_t* stack_words) {
  std::vector<AbiLoc> out;
  out.reserve(types.size());
  AbiCursor cursor(hidden_results, int_regs, num_fp_regs);
  for (ir::Type t : types) out.push_back(cursor.Next(t));
  if (stack_words) *stack_words = cursor.Words();
  return out;
}

AsmjitMacroAssembler::AsmjitMacroAssembler() { TakeSpareVectors(Kept()); }

AsmjitMacroAssembler::~AsmjitMacroAssembler() { GiveBackSpareVectors(Kept()); }

asmjit::Label AsmjitMacroAssembler::LabelFor(uint32_t label) {
  if (label >= labels_.size()) labels_.resize(label + 1);
  IrLabel& l = labels_[label];
  if (!l.label.isValid()) {
    l.label = asm_->newLabel();
    // Bound before anything referred to it: bound now where BindIrLabel was.
    if (l.bound_at != kUnbound) asm_->code()->bindLabel(l.label, asm_->currentSection()->id(), l.bound_at);
  }
  return l.label;
}

bool AsmjitMacroAssembler::BindIrLabel(uint32_t label) {
  if (label >= labels_.size()) labels_.resize(label + 1);
  IrLabel& l = labels_[label];
  WASMC_CHECK(l.bound_at == kUnbound && "IR label bound twice");
  if (l.label.isValid()) {
    asm_->bind(l.label);
    return false;
  }
  l.bound_at = Offset();
  return true;
}

std::vector<uint32_t> AsmjitMacroAssembler::BoundOffsets(const asmjit::CodeHolder& code) const {
  std::vector<uint32_t> out = BoundLabelOffsets(code);
  for (const IrLabel& l : labels_)
    if (l.bound_at != kUnbound && !l.label.isValid()) out.push_back(l.bound_at);
  return out;
}

asmjit::Label AsmjitMacroAssembler::TrapLabel(uint32_t code) {
  WASMC_CHECK(!unframed_ && "trap stub in code without the frame");
  auto [it, fresh] = trap_labels_.try_emplace(code);
  if (fresh) it->second = asm_->newLabel();
  return it->second;
}

asmjit::Label AsmjitMacroAssembler::ConstLabel(uint64_t bits) {
  auto [it, fresh] = consts_.try_emplace(bits);
  if (fresh) it->second = asm_->newLabel();
  return it->second;
}

bool AsmjitMacroAssembler::BranchOnConstant(const ir::Inst& in, const Operand& a) {
  if (in.op != ir::Opcode::kBrIf || !a.IsConst()) return false;
  if (ir::BrIfTaken(in, a.imm)) Jump(in.index);
  return true;
}

void AsmjitMacroAssembler::Branch(const ir::Inst& in, Operand a, Operand b) {
  if (BranchOnConstant(in, a)) return;
  const bool w64 = in.type == ir::Type::kI64;
  const asmjit::Label target = LabelFor(in.index);
  if (in.op == ir::Opcode::kBrIf) return BranchOnZero(a, w64, in.cond == ir::Cond::kNe, target);
  BranchOnCompare(in.cond, w64, a, b, target);
}

void AsmjitMacroAssembler::Return(std::span<const Operand> values, const Operand* results_ptr) {
  if (values.size() == 1) {
    const Operand& v = values[0];
    regalloc::Move m{regalloc::Location::Reg(0), v.loc, v.imm, ir::IsFpr(v.type), ir::Is64(v.type)};
    m.v128 = ir::IsV128(v.type);
    Move(m);
  } else if (values.size() > 1) {
    WASMC_CHECK(results_ptr != nullptr);
    StoreResults(values, *results_ptr);
  }
  Epilogue();
}

namespace {

// Whether two locations are one for the sequencer (parallel_move.cc's KeyOf): registers
// by class and number, slots by index whatever the class.
bool SameLocation(const regalloc::Location& a, bool a_fp, const regalloc::Location& b, bool b_fp) {
  using regalloc::Location;
  if (a.kind != b.kind) return false;
  if (a.kind == Location::kReg) return a.reg == b.reg && a_fp == b_fp;
  return a.kind != Location::kSlot || a.slot == b.slot;
}

// Where IndependentMoves' masks keep a location: registers by class (0: GPRs, 1: FPRs),
// slots whatever the class (2), as SameLocation compares them. False: no bit (a number
// of 64 or more, or neither a register nor a slot).
bool LocationBit(const regalloc::Location& l, bool fp, int* set, uint64_t* bit) {
  using regalloc::Location;
  uint32_t id;
  if (l.kind == Location::kReg) *set = fp ? 1 : 0, id = l.reg;
  else if (l.kind == Location::kSlot) *set = 2, id = l.slot;
  else return false;
  if (id >= 64) return false;
  *bit = uint64_t{1} << id;
  return true;
}

}  // namespace

// One walk, a bit per location: the pairwise test below, answered by masks. Two writes
// to one location: not independent. A move reading what another one writes (neither a
// move to itself): not independent. A move that does not move to itself never reads
// its own destination, so a read bit that is also a written one is two moves'. A
// source that is a constant, or neither a register nor a slot, is no destination's.
bool IndependentMoves(std::span<const regalloc::Move> moves) {
  using regalloc::Location;
  // Per set: every destination; the destinations and sources of real moves.
  uint64_t written[3] = {}, moved[3] = {}, read[3] = {};
  int set;
  uint64_t bit;
  for (const regalloc::Move& m : moves) {
    if (!LocationBit(m.dst, m.fp, &set, &bit)) return IndependentMovesQuadratic(moves);
    if (written[set] & bit) return false;
    written[set] |= bit;
    if (regalloc::MovesToItself(m)) continue;
    moved[set] |= bit;
    if (m.src.kind == Location::kConst) continue;
    if (LocationBit(m.src, m.fp, &set, &bit)) read[set] |= bit;
    else if (m.src.kind == Location::kReg || m.src.kind == Location::kSlot)
      return IndependentMovesQuadratic(moves);
  }
  return ((moved[0] & read[0]) | (moved[1] & read[1]) | (moved[2] & read[2])) == 0;
}

// The pairwise test: no move writes a location another one reads, and no two write
// one location. (The sequencer also stops on two writes to one location.)
bool IndependentMovesQuadratic(std::span<const regalloc::Move> moves) {
  using regalloc::Location;
  const size_t n = moves.size();
  for (size_t i = 0; i < n; ++i) {
    const regalloc::Move& m = moves[i];
    const bool noop = regalloc::MovesToItself(m);
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const regalloc::Move& o = moves[j];
      if (SameLocation(m.dst, m.fp, o.dst, o.fp)) return false;
      if (!noop && o.src.kind != Location::kConst && !regalloc::MovesToItself(o) &&
          SameLocation(m.dst, m.fp, o.src, o.fp))
        return false;
    }
  }
  return true;
}

bool IndependentMovesInto(std::span<const regalloc::Move> moves,
                          std::vector<regalloc::Move>& out) {
  if (!IndependentMoves(moves)) return false;
  out.clear();
  ForEachIndependentMove(moves, [&](const regalloc::Move& m) { out.push_back(m); });
  return true;
}

void AsmjitMacroAssembler::EmitParallelMove(std::span<const regalloc::Move> moves,
                                            uint8_t cycle_gpr, uint8_t cycle_fpr) {
  auto emit = [&](const regalloc::Move& m) {
    if (move_log_) move_log_->push_back(m);  // the register-allocation checker's view
    Move(m);
  };
  // Moves that need no sequencing (one move, most call arguments, most block edges)
  // are emitted from `moves` as they are, in the sequencer's order: no working lists.
  // (One move or none is always independent.)
  if (moves.size() <= 1 || IndependentMoves(moves)) return ForEachIndependentMove(moves, emit);
  // The sequence goes to a buffer of this MacroAssembler (no allocation per parallel
  // move); Move never comes back here, so nothing else writes it meanwhile.
  regalloc::SequenceMovesInto(moves, cycle_gpr, cycle_fpr, sequence_);
  for (const regalloc::Move& m : sequence_) emit(m);
}

void AsmjitMacroAssembler::EmitData() {
  data_start_ = Offset();
  if (!vconsts_.empty()) {
    asm_->align(asmjit::AlignMode::kData, 16);  // vector memory operands want 16-alignment
    for (auto& [bits, label] : vconsts_) {
      asm_->bind(label);
      asm_->embedUInt64(bits.first);
      asm_->embedUInt64(bits.second);
    }
  }
  if (!consts_.empty()) {
    asm_->align(asmjit::AlignMode::kData, 8);
    for (auto& [bits, label] : consts_) {
      asm_->bind(label);
      asm_->embedUInt64(bits);
    }
  }
  for (JumpTable& jt : jump_tables_) {
    asm_->align(asmjit::AlignMode::kData, 4);
    asm_->bind(jt.table);
    for (uint32_t l : jt.labels) asm_->embedLabelDelta(LabelFor(l), jt.table, 4);
  }
}

void AsmjitMacroAssembler::TailCall(const CallInfo& call, const Operand* results_ptr) {
  if (call.op == ir::Opcode::kReturnCallIndirect) CheckedFuncref(call);
  const uint32_t words = PlaceArgs(call, results_ptr != nullptr, results_ptr);
  if (TailCallIsCallThenReturn(call, words)) return CallThenReturn(call);
  asmjit::Label c_callee;
  // (A funcref of the module's own code, FrameInfo::funcrefs_own_code, is wasm code.)
  const bool own_code = Frame().funcrefs_own_code && call.op == ir::Opcode::kReturnCallIndirect;
  if (!own_code && TailCallChecksCalleePops(call, words,
                                            Frame().tail_calls_keep_wasm_saved ? Registers().fpr_wasm_saved : 0)) {
    c_callee = asm_->newLabel();
    BranchIfCCallee(call, c_callee);
  }
  TailJump(call, words);
  if (c_callee.isValid()) {
    asm_->bind(c_callee);
    CallThenReturn(call);
  }
}

void AsmjitMacroAssembler::CallThenReturn(const CallInfo& call) {
  EmitCallInsn(call);
  ResetSp();
  Epilogue();
}

AsmjitMacroAssembler::DivRemKind AsmjitMacroAssembler::DivRemOf(const ir::Inst& in,
                                                                const Operand& b) {
  using ir::Opcode;
  const bool w = in.type == ir::Type::kI64;
  return {in.op == Opcode::kDivS || in.op == Opcode::kRemS,
          in.op == Opcode::kRemS || in.op == Opcode::kRemU,
          b.IsConst() ? (w ? b.imm : (b.imm & 0xffffffffu)) : 0};
}

void AsmjitMacroAssembler::IntOp(const ir::Inst& in, Operand dst, Operand a, Operand b) {
  using ir::Opcode;
  switch (in.op) {
    case Opcode::kDivS: case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU:
      return IntDivRem(in, dst, a, b);
    case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU: case Opcode::kRotl:
    case Opcode::kRotr:
      return IntShift(in, dst, a, b);
    case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt:
      return IntBits(in, dst, a);
    case Opcode::kEqz:
      return IntEqz(in, dst, a);
    case Opcode::kCmp:
      return IntCmp(in, dst, a, b);
    case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
      return IntExtend(in, dst, a);
    default:
      return IntArith(in, dst, a, b);
  }
}

std::vector<int> AsmjitMacroAssembler::ParamRegisters(std::span<const ir::Type> params,
                                                      bool hidden_results) const {
  const std::vector<AbiLoc> abi = AssignAbi(params, hidden_results, nullptr);
  std::vector<int> out;
  for (size_t i = 0; i < abi.size(); ++i)  // a v128 arrives as a pointer: no register
    out.push_back(abi[i].on_stack || ir::IsV128(params[i]) ? -1 : abi[i].reg);
  if (hidden_results) out.push_back(arg_ints_[1]);
  return out;
}

uint32_t AsmjitMacroAssembler::StackWords(size_t ints, size_t fps, bool hidden_results) const {
  const size_t first = hidden_results ? 2 : 1;
  const size_t int_regs = arg_ints_.size() > first ? arg_ints_.size() - first : 0;
  return static_cast<uint32_t>((ints > int_regs ? ints - int_regs : 0) +
                               (fps > arg_fps_ ? fps - arg_fps_ : 0));
}

uint32_t AsmjitMacroAssembler::StackArgWords(std::span<const ir::Type> args,
                                             bool hidden_results) const {
  size_t fps = 0;
  for (ir::Type t : args) fps += ir::IsFloat(t);
  return StackWords(args.size() - fps, fps, hidden_results);
}

uint32_t AsmjitMacroAssembler::CallStackWords(const CallInfo& call, bool hidden_results) const {
  size_t fps = 0;
  for (const Operand& o : call.args) fps += ir::IsFloat(o.type);
  return StackWords(call.args.size() - fps, fps, hidden_results);
}

}  // namespace wasmc
