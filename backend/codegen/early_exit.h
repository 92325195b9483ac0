// Shrink-wrapping of early exits (docs/backend.md, "Frames and calls"): when a
// function starts with a few pure integer instructions and a branch one of whose
// sides reaches a `return` through pure integer code only, that side runs before the
// frame is built: the entry code evaluates the branch on the incoming argument
// registers, and the exit path returns with a bare `ret` (no frame record, no saved
// registers, no stack check). The other side falls into the ordinary prologue, and
// the body re-evaluates the entry instructions on the allocated locations.
//
// The path gets its own registers: params stay in their ABI registers (never written),
// every definition in the path takes a fresh caller-saved allocatable register that is
// neither an argument register, nor the incoming instance, nor a scratch register some
// path instruction writes (RegisterInfo::clobbers). Nothing in the path can trap,
// fault, call or read the instance, so no backtrace or unwinder ever sees the missing
// frame. An operation with an identity constant (x + 0, x * 1, ...) only renames x.
//
// Under --verify-codegen (WASMC_VERIFY=1) the path is emitted on the
// RecordingMacroAssembler (set_recorder) and the register-allocation checker replays
// it like the body (checker.h, "Unframed steps"): the params in their ABI registers at
// entry and again at the prologue, every read, every write (no callee-saved register,
// no slot, not the instance), the return.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/recording_masm.h"
#include "backend/ir/ir.h"
#include "backend/regalloc/regalloc.h"

namespace wasmc {

class EarlyExit {
 public:
  // `const_val`: per vreg, the bits of its kConst definition (for kConst locations).
  EarlyExit(const ir::Function& fn, const regalloc::Allocation& alloc,
            const regalloc::RegisterInfo& regs, const std::vector<uint64_t>& const_val)
      : fn_(fn), alloc_(alloc), regs_(regs), const_val_(const_val) {}

  // Whether the function has such an exit (and `masm` supports unframed code); on true,
  // EmitEntry() before the prologue and EmitExit() after the body.
  bool Plan(MacroAssembler& masm, const FrameInfo& frame);
  // Under --verify-codegen: the MacroAssembler given to EmitEntry / EmitExit, told which IR
  // instruction each step is and where the params arrive.
  void set_recorder(RecordingMacroAssembler* rec) { rec_ = rec; }
  // The entry instructions and the branch; when the exit is the branch's fall-through
  // side, also the exit path, then the label the prologue starts at.
  void EmitEntry(MacroAssembler& masm);
  // The exit path when it is the branch's taken side (out of line, after the body).
  void EmitExit(MacroAssembler& masm);
  // The entry branch's instruction: in the body it always goes to the non-exit side
  // (the entry instructions are pure and read the same values as before the prologue),
  // so the body emits nothing for it (exit on the taken side) or a jump.
  uint32_t branch_inst() const { return entry_.back(); }
  bool exit_taken() const { return exit_taken_; }

 private:
  void Reset();
  bool Walk(MacroAssembler* masm, const std::vector<uint32_t>& insts);
  bool PathOperand(ir::VReg v, Operand& out) const;
  bool PathDef(ir::VReg v, Operand& out);
  const Operand* Identity(const ir::Inst& in, const Operand& a, const Operand& b) const;
  static bool PathInst(const ir::Inst& in);
  bool CollectExit(uint32_t from, std::vector<uint32_t>& out) const;

  const ir::Function& fn_;
  const regalloc::Allocation& alloc_;
  const regalloc::RegisterInfo& regs_;
  const std::vector<uint64_t>& const_val_;
  RecordingMacroAssembler* rec_ = nullptr;
  std::vector<int> param_regs_;    // per param: its ABI register
  std::vector<uint32_t> entry_;    // the entry instructions, the branch last
  std::vector<uint32_t> exit_;     // the exit path, kReturn last
  bool exit_taken_ = false;        // the exit is the branch's taken side
  uint32_t exit_label_ = 0, body_label_ = 0;  // fresh label ids (beyond the IR's)
  uint32_t keep_ = 0;              // GPRs the path must not write
  std::vector<uint8_t> pool_;      // free registers for the path's values
  size_t next_free_ = 0;
  // Per vreg, in the path: unset (a param: its ABI register), in path_reg_, or the
  // constant path_imm_.
  enum State : uint8_t { kUnset, kPathReg, kPathConst };
  std::vector<State> state_;
  std::vector<int> path_reg_;
  std::vector<uint64_t> path_imm_;
};

}  // namespace wasmc
