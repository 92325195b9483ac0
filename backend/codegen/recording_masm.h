// RecordingMacroAssembler: the seam between code generation and the
// register-allocation checker (backend/regalloc/checker.h).
//
// A MacroAssembler decorator: every call is forwarded unchanged to the target's
// MacroAssembler (so the emitted code is exactly what it would be without it) and
// also recorded as a regalloc::CheckStep: the operands the code generator passes,
// each with the vreg it stands for (Operand::vreg, Move::dst_vreg / src_vreg), and,
// for parallel moves, the sequence of machine moves the target actually emitted
// (MacroAssembler::set_move_log). The function compiler calls BeginInst(i) before
// emitting IR instruction i, so failures name it.
#pragma once

#include <initializer_list>

#include <memory>
#include <vector>

#include "backend/codegen/macro_assembler.h"
#include "backend/regalloc/checker.h"

namespace wasmc {

class RecordingMacroAssembler final : public MacroAssembler {
 public:
  // `expected_steps`: a capacity hint (the IR instruction count).
  explicit RecordingMacroAssembler(MacroAssembler& inner, size_t expected_steps = 0)
      : inner_(inner) {
    steps_.reserve(expected_steps + 8);
  }

  void BeginInst(uint32_t i) { inst_ = i; }
  // Before LoadOp: the index of its user instruction, whose step it records.
  void BeginFusedUser(uint32_t j) { user_inst_ = j; }
  // An exception edge (ir kEhEdge): no code, a possible transfer to `label` after the
  // call just recorded, with the registers the call left.
  void EhEdge(uint32_t label);
  // Code before the prologue (a shrink-wrapped exit, backend/codegen/early_exit.h):
  // the params arrive in `params`' (ABI) registers. Recorded as the first step; the
  // prologue reads them there, so unframed steps may not write those registers
  // (CheckFrame::unframed_keep, unframed_keep_fpr).
  void Incoming(std::span<const Operand> params);
  // A value renamed without code (early_exit.h: x + 0 is x): `dst` now also lives in
  // `src`'s register. Recorded as a move without machine moves.
  void Alias(const Operand& dst, const Operand& src);
  // A value defined as the constant `c` (Location::kConst, its imm) without code: the
  // early exit reads it as that immediate. Recorded as a constant definition.
  void ConstDef(const Operand& c);
  const std::vector<regalloc::CheckStep>& steps() const { return steps_; }
  // The frame the prologue was given.
  const regalloc::CheckFrame& frame() const { return frame_; }

  const regalloc::RegisterInfo& Registers() const override { return inner_.Registers(); }
  bool HasVectors() const override { return inner_.HasVectors(); }
  opt::TargetCapabilities OptCapabilities() const override { return inner_.OptCapabilities(); }
  std::vector<int> ParamRegisters(std::span<const ir::Type> params,
                                  bool hidden_results) const override {
    return inner_.ParamRegisters(params, hidden_results);
  }
  uint32_t StackArgWords(std::span<const ir::Type> args, bool hidden_results) const override {
    return inner_.StackArgWords(args, hidden_results);
  }
  void Prologue(const FrameInfo& frame, std::span<const Operand> params,
                const Operand* results_ptr) override;
  bool SupportsUnframed(uint32_t* keep_gprs) const override { return inner_.SupportsUnframed(keep_gprs); }
  // Steps recorded while on are CheckStep::unframed.
  void SetUnframed(bool on) override;
  void PlanBody(const ir::Function& fn, const regalloc::Allocation& alloc,
                const regalloc::RegisterInfo& regs, std::span<const uint64_t> const_val) override {
    inner_.PlanBody(fn, alloc, regs, const_val);
  }
  uint32_t Offset() const override { return inner_.Offset(); }
  void Bind(uint32_t label) override;
  void AlignLoopHeader() override { inner_.AlignLoopHeader(); }
  bool InlinesBulkMemory() const override { return inner_.InlinesBulkMemory(); }
  void BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) override;
  WASMC_MASM_LOWERING_OVERRIDES
  void IntOp(const ir::Inst& in, Operand dst, Operand a, Operand b) override;
  void TailCall(const CallInfo& call, const Operand* results_ptr) override;
  void Branch(const ir::Inst& in, Operand a, Operand b) override;
  // Recorded as the two steps it stands for: the load (defining its result, which
  // only the user reads) and the user.
  bool LoadOp(const ir::Inst& load, Operand addr, const ir::Inst& user, Operand dst, Operand a,
              Operand b) override;
  // Recorded as the two steps it stands for: the compare (defining its result, which
  // only the select reads) and the select.
  bool CompareSelect(const ir::Inst& cmp, Operand cdst, Operand ca, Operand cb, const ir::Inst& sel,
                     Operand dst, Operand a, Operand b) override;
  // Recorded as the two steps it stands for: the and (defining its result, which only
  // the branch reads) and the branch.
  bool TestBranch(const ir::Inst& and_inst, Operand tdst, Operand x, Operand y, const ir::Inst& br,
                  Operand ba, Operand bb) override;
  void Return(std::span<const Operand> values, const Operand* results_ptr) override;
  void Jump(uint32_t label) override;
  void Trap(uint32_t code) override;
  void Finish() override { inner_.Finish(); }
  uint32_t DataStart() const override { return inner_.DataStart(); }
  std::vector<uint8_t> Code() override { return inner_.Code(); }
  std::vector<uint32_t> LabelOffsets() override { return inner_.LabelOffsets(); }
  const std::vector<CodeReloc>& Relocs() const override { return inner_.Relocs(); }
  std::string Error() const override { return inner_.Error(); }
  void ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to, uint64_t base,
                 std::string& out) const override {
    inner_.ListRange(code, from, to, base, out);
  }

 private:
  regalloc::CheckStep& NewStep(regalloc::CheckStep::Flow flow = regalloc::CheckStep::kNext);
  // Appends o as a use / def of `step` when it stands for a vreg.
  static void Use(regalloc::CheckStep& step, const Operand& o);
  static void Def(regalloc::CheckStep& step, const Operand& o);
  // One step that reads a, b, c (those standing for a vreg) and defines dst.
  // One step that reads `uses` (in order) and then writes `def` (if any).
  void Record(std::initializer_list<const Operand*> uses, const Operand* def);
  void RecordBranch(const ir::Inst& in, const Operand& a, const Operand& b);

  MacroAssembler& inner_;
  uint32_t inst_ = ~0u;
  uint32_t user_inst_ = ~0u;
  std::vector<regalloc::CheckStep> steps_;
  regalloc::CheckFrame frame_;
  bool unframed_ = false;
  uint32_t unframed_keep_ = 0;      // SupportsUnframed's GPRs, once unframed code was recorded
  std::vector<Operand> incoming_;   // Incoming()'s params
};

}  // namespace wasmc
