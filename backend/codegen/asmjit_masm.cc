// What the asmjit-based MacroAssemblers share (asmjit_masm.h).
#include "backend/codegen/asmjit_masm.h"

#include "backend/codegen/asmjit_compat.h"

#include "backend/diag.h"

namespace wasmc {

void AssignAbiInto(std::span<const ir::Type> types, bool hidden_results,
                   std::span<const uint8_t> int_regs, uint32_t num_fp_regs,
                   uint32_t* stack_words, std::vector<AbiLoc>& out) {
  out.clear();
  out.reserve(types.size());
  size_t next_int = hidden_results ? 2 : 1;
  uint32_t next_fp = 0, words = 0;
  for (ir::Type t : types) {
    AbiLoc l;
    const bool fp = ir::IsFloat(t);
    if (fp && next_fp < num_fp_regs) l.reg = static_cast<uint8_t>(next_fp++);
    else if (!fp && next_int < int_regs.size()) l.reg = int_regs[next_int++];
    else l.on_stack = true, l.word = words++;
    out.push_back(l);
  }
  if (stack_words) *stack_words = words;
}

std::vector<AbiLoc> AssignAbi(std::span<const ir::Type> types, bool hidden_results,
                              std::span<const uint8_t> int_regs, uint32_t num_fp_regs,
                              uint32_t* stack_words) {
  std::vector<AbiLoc> out;
  AssignAbiInto(types, hidden_results, int_regs, num_fp_regs, stack_words, out);
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

}  // namespace

// The common parallel move (most call arguments): no move writes a location another
// one reads, and no two write one location. Its sequence is then the moves themselves,
// in the order SequenceMovesInto gives them (its first sweep emits every one: the
// first, then the rest from the last down, as it swaps each emitted move out), without
// its working lists. False: anything else, for SequenceMovesInto (which also stops on
// two writes to one location).
bool IndependentMovesInto(std::span<const regalloc::Move> moves,
                          std::vector<regalloc::Move>& out) {
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
  out.clear();
  size_t first = n;
  for (size_t i = 0; i < n; ++i)
    if (!regalloc::MovesToItself(moves[i])) {
      first = i;
      out.push_back(moves[i]);
      break;
    }
  for (size_t i = n; i-- > first + 1;)
    if (!regalloc::MovesToItself(moves[i])) out.push_back(moves[i]);
  return true;
}

void AsmjitMacroAssembler::EmitParallelMove(std::span<const regalloc::Move> moves,
                                            uint8_t cycle_gpr, uint8_t cycle_fpr) {
  // One move (or none) needs no sequencing: SequenceMoves would return it as it is, or
  // nothing for a move of a location to itself; skip its working lists (most calls
  // pass one register argument or none, most block edges move one value or none).
  if (moves.size() <= 1) {
    if (moves.empty() || regalloc::MovesToItself(moves[0])) return;
    if (move_log_) move_log_->push_back(moves[0]);
    Move(moves[0]);
    return;
  }
  // The sequence goes to a buffer of this MacroAssembler (no allocation per parallel
  // move); Move never comes back here, so nothing else writes it meanwhile.
  if (!IndependentMovesInto(moves, sequence_))
    regalloc::SequenceMovesInto(moves, cycle_gpr, cycle_fpr, sequence_);
  for (const regalloc::Move& m : sequence_) {
    if (move_log_) move_log_->push_back(m);  // the register-allocation checker's view
    Move(m);
  }
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

const std::vector<AbiLoc>& AsmjitMacroAssembler::CallArgAbi(const CallInfo& call, bool hidden_results,
                                                            uint32_t max_stack_words,
                                                            uint32_t* stack_words) {
  call_types_.clear();
  for (const Operand& o : call.args) call_types_.push_back(o.type);
  AssignAbiInto(call_types_, hidden_results, arg_ints_, arg_fps_, stack_words, call_abi_);
  WASMC_CHECK(*stack_words <= max_stack_words);
  return call_abi_;
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
