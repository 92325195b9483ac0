// IrBuilder: builds an ir::Function from a wasm body; a Visitor of the one body
// decoder (compiler/validate/body_decoder.h).
//
// Requires: a valid body (the decoder validates before it calls the visitor).
// Provides: an ir::Function in wasm code order (see backend/ir/ir.h) with
//   - the wasm operand stack replaced by vregs: `local.get` pushes the local's own
//     vreg (no copy); a later write to that local first copies any stack entry that
//     still names it; stack entries naming locals are copied at every block entry;
//   - `local.set` of a value computed by the instruction just before retargets that
//     instruction's destination (no move);
//   - compare-and-branch fusion: br_if/if on the result of the integer compare (or
//     eqz) just before becomes one kBrIf/kBrCmp;
//   - labels only where something branches to them;
//   - one marker per wasm operator (`--emit=asm`).
// Errors: v128 anywhere -> kUnsupported "SIMD (v128) is not supported yet".
#pragma once

#include <vector>

#include "backend/ir/ir.h"
#include "compiler/module.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc::ir {

class IrBuilder : public NullVisitor {
 public:
  IrBuilder(const Module& module, Function& fn) : m_(module), fn_(fn) {}

  bool StartFunction(const FunctionStart& s);
  bool Instruction(const Instr& i);
  bool Block(const ControlEvent& e);
  bool Loop(const ControlEvent& e);
  bool If(const ControlEvent& e);
  bool Else(const ControlEvent& e);
  bool End(const ControlEvent& e);
  Diag error() const { return error_; }
  // Per vreg: 0 = temporary (defined once), else a variable (local / block result);
  // for the IR verifier (verify.h).
  const std::vector<uint8_t>& VRegKinds() const { return is_var_; }
  // The IR type of a wasm value type (references are i64 pointers).
  static Type TypeOf(ValType t);

 private:
  struct Frame {
    FrameKind kind;
    uint32_t label = 0;        // branch target (loop: header; others: end)
    uint32_t else_label = 0;   // if
    bool branched = false;     // something branches to `label`
    bool has_else = false;     // if: an else arm was seen
    size_t height = 0;         // stack height below the params
    std::vector<Type> result_types;
    std::vector<VReg> targets; // vregs a branch writes: loop params / results
    std::vector<VReg> params;  // if: params snapshot for the else arm
  };

  bool Unsupported(uint64_t offset);
  void Mark(uint64_t offset, const char* name);
  Inst& Emit(Inst in);
  VReg Pop() { VReg v = stack_.back(); stack_.pop_back(); return v; }
  void Push(VReg v) { stack_.push_back(v); }
  VReg Const(Type t, uint64_t bits);
  // A kGlobalGet/kGlobalSet placed as ir.h says (imported or defined, index in its kind).
  Inst GlobalAccess(Inst in, uint32_t global) const;
  VReg Unary(Opcode op, Type t, Type result);
  VReg Binary(Opcode op, Type t, Type result, Cond cond = Cond::kEq);
  void SetLocal(uint32_t index, VReg v);
  // If the instruction just emitted defines temporary v (its only use is the caller's),
  // makes it define `to` instead; false if not applicable.
  bool RetargetLastDef(VReg v, VReg to);
  void MaterializeLocals();
  uint32_t NewLabel() { fn_.label_block.push_back(~0u); return fn_.num_labels++; }
  void BindLabel(uint32_t label);
  // Moves values (the top n of the stack) into `f`'s branch targets, creating them.
  void MovesToTarget(Frame& f, const std::vector<VReg>& values);
  void BranchTo(uint32_t depth, const std::vector<VReg>& values);  // unconditional
  void CondBranch(VReg cond, bool branch_if_nonzero, uint32_t label);
  // br_if to frame `depth` (carrying its top label values) when cond is (non)zero.
  void BranchIf(VReg cond, bool if_nonzero, uint32_t depth);
  std::vector<VReg> TopValues(size_t n) {
    return std::vector<VReg>(stack_.end() - n, stack_.end());
  }
  void EmitReturn(const std::vector<VReg>& values);
  VReg CallRuntime(RuntimeFn f, std::vector<VReg> args, bool has_result, Type rt);
  void EmitCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type);
  void EmitTailCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type);

  const Module& m_;
  Function& fn_;
  Diag error_;
  std::vector<VReg> locals_;
  std::vector<uint8_t> is_var_;  // per vreg: 1 if locals/targets (multi-def)
  std::vector<VReg> stack_;
  std::vector<Frame> frames_;
  std::vector<std::vector<Type>> loop_results_;  // result types of the open loops
  uint8_t loop_depth_ = 0;
  uint32_t marker_ = 0;
};

}  // namespace wasmc::ir
