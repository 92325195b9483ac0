// What the asmjit-based MacroAssemblers (backend/x64, backend/a64) share: the IR's
// labels, the trap stubs' labels, the 8-byte constant pool, jump tables and the
// function's external references, the data emitted after the code, and the generic
// part of IntOp, Branch, Return and TailCall over each ISA's leaf emitters.
// The ISA part (instructions, trap stubs, registers) stays in each target's folder.
#pragma once

#include <asmjit/core.h>

#include <bit>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <vector>

#include "backend/kept_vectors.h"
#include "backend/codegen/macro_assembler.h"

namespace wasmc {

// Small helpers of both ISAs' lowering.
inline bool IsPow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
inline uint64_t F64Bits(double v) { return std::bit_cast<uint64_t>(v); }
inline uint64_t F32Bits(float v) { return std::bit_cast<uint32_t>(v); }

// Where each param (and the results pointer) of a wasm function arrives in both ISAs'
// conventions (docs/backend.md, "Calls"): the first `int_regs` entry is the instance's,
// the second the results pointer's when the results are returned through memory; then
// integer params take the integer registers in order and float params the first
// `num_fp_regs` vector registers; the rest go to stack words in param order.
struct AbiLoc {
  bool on_stack = false;
  uint8_t reg = 0;     // GPR or vector register id
  uint32_t word = 0;   // stack word index
};
std::vector<AbiLoc> AssignAbi(std::span<const ir::Type> types, bool hidden_results,
                              std::span<const uint8_t> int_regs, uint32_t num_fp_regs,
                              uint32_t* stack_words);
// AssignAbi one param at a time, in order: Next gives the next one's location, Words
// the stack words taken so far. (A call's arguments are placed as they are assigned:
// no vector of types nor of locations per call.)
class AbiCursor {
 public:
  AbiCursor(bool hidden_results, std::span<const uint8_t> int_regs, uint32_t num_fp_regs)
      : int_regs_(int_regs), num_fp_regs_(num_fp_regs), next_int_(hidden_results ? 2 : 1) {}
  AbiLoc Next(ir::Type t) {
    AbiLoc l;
    const bool fp = ir::IsFloat(t);
    if (fp && next_fp_ < num_fp_regs_) l.reg = static_cast<uint8_t>(next_fp_++);
    else if (!fp && next_int_ < int_regs_.size()) l.reg = int_regs_[next_int_++];
    else l.on_stack = true, l.word = words_++;
    return l;
  }
  uint32_t Words() const { return words_; }

 private:
  std::span<const uint8_t> int_regs_;
  uint32_t num_fp_regs_;
  size_t next_int_;
  uint32_t next_fp_ = 0, words_ = 0;
};

// EmitParallelMove's common case (asmjit_masm.cc): no move of `moves` writes a location
// another reads, and no two write one. Then their sequence is the moves themselves, in
// the order regalloc::SequenceMovesInto gives them: ForEachIndependentMove. Decided by
// a bit per location when every destination is a register or slot below 64 (calls'
// arguments, most block edges), else by IndependentMovesQuadratic, the pairwise test.
bool IndependentMoves(std::span<const regalloc::Move> moves);
bool IndependentMovesQuadratic(std::span<const regalloc::Move> moves);
// The sequencer's order of independent moves (its first sweep emits every one: the
// first, then the rest from the last down, as it swaps each emitted move out), moves
// of a location to itself left out.
template <typename F>
void ForEachIndependentMove(std::span<const regalloc::Move> moves, F&& f) {
  const size_t n = moves.size();
  size_t first = 0;
  while (first < n && regalloc::MovesToItself(moves[first])) ++first;
  if (first == n) return;
  f(moves[first]);
  for (size_t i = n; i-- > first + 1;)
    if (!regalloc::MovesToItself(moves[i])) f(moves[i]);
}
// When IndependentMoves: `out` = their sequence, exactly as SequenceMovesInto gives it,
// and true; else false (nothing written).
bool IndependentMovesInto(std::span<const regalloc::Move> moves, std::vector<regalloc::Move>& out);

class AsmjitMacroAssembler : public MacroAssembler {
 public:
  // The vectors below that grow with a function (labels, relocations, jump tables and
  // the call buffers) come from, and go back to, a spare set per thread: a thread's
  // next MacroAssembler starts with their capacity, not with an allocation each.
  // (backend/kept_vectors.h.)
  AsmjitMacroAssembler();
  ~AsmjitMacroAssembler() override;
  struct JumpTable {
    asmjit::Label table;
    std::vector<uint32_t> labels;  // IR labels, 4-byte deltas from the table
  };
  uint32_t Offset() const override { return static_cast<uint32_t>(asm_->offset()); }
  uint32_t DataStart() const override { return data_start_; }
  const std::vector<CodeReloc>& Relocs() const override { return relocs_; }
  // The one dispatch of the integer operations to the ISA's leaf emitters below.
  void IntOp(const ir::Inst& in, Operand dst, Operand a, Operand b) final;
  // The one tail-call sequence (docs/backend.md, "Tail calls") over the ISA's steps
  // below: checks, arguments placed, then a jump that reuses our caller's stack
  // argument area, or, where that cannot work, a call followed by our epilogue.
  void TailCall(const CallInfo& call, const Operand* results_ptr) final;
  // The one branch lowering: a br_if on a constant folded to a jump (or nothing), the
  // others to the ISA's BranchOnZero / BranchOnCompare.
  void Branch(const ir::Inst& in, Operand a, Operand b) final;
  // One value moved to the first result register, several stored through the results
  // pointer by the ISA's StoreResults; then the epilogue.
  void Return(std::span<const Operand> values, const Operand* results_ptr) final;
  // The wasm convention's argument registers (AssignAbi below, set by SetArgRegisters).
  std::vector<int> ParamRegisters(std::span<const ir::Type> params,
                                  bool hidden_results) const final;
  // AssignAbi's stack words, counted without assigning: the integer arguments beyond the
  // argument registers and the float ones beyond the vector registers take one each.
  uint32_t StackArgWords(std::span<const ir::Type> args, bool hidden_results) const final;
  // Unframed code (early_exit.h) keeps the instance argument register; the ISA's
  // Epilogue is then the bare return.
  bool SupportsUnframed(uint32_t* keep_gprs) const final {
    *keep_gprs = 1u << arg_ints_[0];
    return true;
  }
  void SetUnframed(bool on) final { unframed_ = on; }

 protected:
  bool unframed_ = false;  // SetUnframed: no frame to tear down, no trap stub to reach
  // The ISA's argument registers: integer ones in order (the instance's first, then the
  // results pointer's), and how many vector registers carry floats (call from its
  // constructor).
  void SetArgRegisters(std::span<const uint8_t> ints, uint32_t num_fps) {
    arg_ints_ = ints, arg_fps_ = num_fps;
  }
  std::vector<AbiLoc> AssignAbi(std::span<const ir::Type> types, bool hidden_results,
                                uint32_t* stack_words) const {
    return wasmc::AssignAbi(types, hidden_results, arg_ints_, arg_fps_, stack_words);
  }
  // AssignAbi for a function's own params; *incoming_area = the bytes of their stack
  // words, rounded up to 16, which its returns pop (callee-pops, docs/backend.md).
  std::vector<AbiLoc> ParamAbi(std::span<const Operand> params, bool hidden_results,
                               uint32_t* incoming_area) const {
    std::vector<ir::Type> types;
    for (const Operand& p : params) types.push_back(p.type);
    uint32_t words = 0;
    std::vector<AbiLoc> abi = AssignAbi(types, hidden_results, &words);
    *incoming_area = 8 * ((words + 1) & ~1u);
    return abi;
  }
  // The locations of a call's arguments, one by one (AbiCursor).
  AbiCursor CallAbi(bool hidden_results) const { return AbiCursor(hidden_results, arg_ints_, arg_fps_); }
  // The stack words of `call`'s arguments (StackArgWords of their types).
  uint32_t CallStackWords(const CallInfo& call, bool hidden_results) const;
  // PlaceArgs' register-argument moves, kept from call to call (no allocation per call).
  std::vector<regalloc::Move> arg_moves_;
  // IntOp's leaves (declared in each ISA's class by WASMC_ASMJIT_LEAF_OVERRIDES).
  virtual void IntArith(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;  // Add Sub Mul And Or Xor
  virtual void IntDivRem(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;
  virtual void IntShift(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;  // Shl..Rotr
  virtual void IntBits(const ir::Inst& in, Operand dst, Operand a) = 0;              // Clz Ctz Popcnt
  virtual void IntEqz(const ir::Inst& in, Operand dst, Operand a) = 0;
  virtual void IntCmp(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;
  virtual void IntExtend(const ir::Inst& in, Operand dst, Operand a) = 0;            // Extend8S..32S
  // What both ISAs' IntDivRem branch on: signedness, div or rem, and b's constant at
  // the operation's width (0 when b is not a constant).
  struct DivRemKind {
    bool is_signed, is_rem;
    uint64_t divisor;
  };
  static DivRemKind DivRemOf(const ir::Inst& in, const Operand& b);

  // The steps of calls that TailCall orders (each ISA's macro_assembler_*.cc).
  virtual void CheckedFuncref(const CallInfo& call) = 0;  // call_indirect's checks
  // Arguments to the outgoing area and the ABI registers (and the results pointer `rp`,
  // when given); returns the stack words.
  virtual uint32_t PlaceArgs(const CallInfo& call, bool hidden_results, const Operand* rp) = 0;
  virtual void EmitCallInsn(const CallInfo& call) = 0;  // the call instruction itself
  virtual void ResetSp() = 0;  // after a call with stack arguments: sp to the frame's bottom
  virtual void Epilogue() = 0;
  // A tail call done as a call, then our epilogue (TailCallIsCallThenReturn).
  void CallThenReturn(const CallInfo& call);

  // The leaves of Branch, Return and TailCall (declared in each ISA's class by
  // WASMC_ASMJIT_LEAF_OVERRIDES). Branch's: jump to `target` when `a` (64 or 32 bits,
  // `w64`) is nonzero (`if_nonzero`) or zero; when `cond` holds for a and b.
  virtual void BranchOnZero(const Operand& a, bool w64, bool if_nonzero, asmjit::Label target) = 0;
  virtual void BranchOnCompare(ir::Cond cond, bool w64, const Operand& a, const Operand& b,
                               asmjit::Label target) = 0;
  // Return's: two or more values stored at results_ptr + 16 * k (abi.h).
  virtual void StoreResults(std::span<const Operand> values, const Operand& results_ptr) = 0;
  // TailCall's own steps (each ISA's *_tail.cc): a branch to `c_callee` when the callee
  // is C code (callee_pops 0; only where TailCallChecksCalleePops), then the jump: the
  // callee loaded, our frame popped, its `stack_words` moved into our caller's area.
  virtual void BranchIfCCallee(const CallInfo& call, asmjit::Label c_callee) = 0;
  virtual void TailJump(const CallInfo& call, uint32_t stack_words) = 0;
  virtual const FrameInfo& Frame() const = 0;  // the Prologue's

  // The target's assembler, attached to its CodeHolder (call from its constructor).
  void Attach(asmjit::BaseAssembler& a) { asm_ = &a; }

  asmjit::Label LabelFor(uint32_t label);  // the IR label's asmjit label
  // Binds IR label `label` here. Only a label something already refers to gets its
  // asmjit label bound now; one nothing refers to yet (a block's or if's end that no
  // branch leaves for, a loop header) has its offset noted, and LabelFor binds an
  // asmjit label there when first asked (a loop's back edge, a jump table): most block
  // ends are reached by no branch, and an asmjit label costs an entry, a bind and, in
  // LabelOffsets, a walk. True when it only noted the offset (the ISA's own bind
  // tracking, which asmjit's bind would have updated, is then the ISA's to update).
  bool BindIrLabel(uint32_t label);
  // The code offsets of every label bound: asmjit's and the noted ones (the address
  // check's block starts, MacroAssembler::LabelOffsets).
  std::vector<uint32_t> BoundOffsets(const asmjit::CodeHolder& code) const;
  asmjit::Label TrapLabel(uint32_t code);  // the trap stub for `code` (Finish emits it)
  asmjit::Label ConstLabel(uint64_t bits);  // an 8-byte entry in the constant pool
  // A br_if whose condition is a constant: a Jump, or nothing. False (and nothing
  // emitted) for any other branch.
  bool BranchOnConstant(const ir::Inst& in, const Operand& a);
  // ParallelMove's body: `moves` sequenced (cycles broken through the scratch
  // registers cycle_gpr / cycle_fpr), each emitted by Move and logged for the
  // register-allocation checker (set_move_log).
  void EmitParallelMove(std::span<const regalloc::Move> moves, uint8_t cycle_gpr,
                        uint8_t cycle_fpr);
  // After the code and the trap stubs: the 16-byte constants (16-aligned), the
  // constant pool (8-aligned) and the jump tables (4-aligned); sets DataStart().
  void EmitData();

  std::map<uint32_t, asmjit::Label> trap_labels_;
  // Per IR label: its asmjit label (invalid until something refers to it) and, when
  // BindIrLabel bound it without one, the code offset it was bound at.
  struct IrLabel {
    asmjit::Label label;
    uint32_t bound_at = kUnbound;
  };
  static constexpr uint32_t kUnbound = ~0u;
  std::vector<IrLabel> labels_;
  std::vector<JumpTable> jump_tables_;
  std::vector<CodeReloc> relocs_;
  std::map<std::pair<uint64_t, uint64_t>, asmjit::Label> vconsts_;  // v128 {lo, hi}: EmitData

 private:
  uint32_t StackWords(size_t ints, size_t fps, bool hidden_results) const;
  auto Kept() {  // the vectors kept per thread (the constructor's comment)
    return std::tie(labels_, relocs_, jump_tables_, sequence_, arg_moves_);
  }

  asmjit::BaseAssembler* asm_ = nullptr;
  std::span<const uint8_t> arg_ints_;
  uint32_t arg_fps_ = 0;
  std::map<uint64_t, asmjit::Label> consts_;
  uint32_t data_start_ = 0;
  std::vector<regalloc::Move> sequence_;  // EmitParallelMove's
};

#define WASMC_ASMJIT_INT_OVERRIDES                                                   \
  void IntArith(const ir::Inst& in, Operand dst, Operand a, Operand b) override;     \
  void IntDivRem(const ir::Inst& in, Operand dst, Operand a, Operand b) override;    \
  void IntShift(const ir::Inst& in, Operand dst, Operand a, Operand b) override;     \
  void IntBits(const ir::Inst& in, Operand dst, Operand a) override;                 \
  void IntEqz(const ir::Inst& in, Operand dst, Operand a) override;                  \
  void IntCmp(const ir::Inst& in, Operand dst, Operand a, Operand b) override;       \
  void IntExtend(const ir::Inst& in, Operand dst, Operand a) override;

// Every leaf above, declared at once in each ISA's class.
#define WASMC_ASMJIT_LEAF_OVERRIDES                                                   \
  WASMC_ASMJIT_INT_OVERRIDES                                                         \
  void BranchOnZero(const Operand& a, bool w64, bool if_nonzero,                     \
                    asmjit::Label target) override;                                  \
  void BranchOnCompare(ir::Cond cond, bool w64, const Operand& a, const Operand& b,  \
                       asmjit::Label target) override;                               \
  void StoreResults(std::span<const Operand> values, const Operand& results_ptr) override; \
  void BranchIfCCallee(const CallInfo& call, asmjit::Label c_callee) override;       \
  void TailJump(const CallInfo& call, uint32_t stack_words) override;               \
  const FrameInfo& Frame() const override { return frame_; }

}  // namespace wasmc
