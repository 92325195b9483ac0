#include "backend/codegen/recording_masm.h"

namespace wasmc {

using regalloc::CheckOperand;
using regalloc::CheckStep;

CheckStep& RecordingMacroAssembler::NewStep(CheckStep::Flow flow) {
  CheckStep& s = steps_.emplace_back();
  s.flow = flow;
  s.inst = inst_;
  s.unframed = unframed_;
  return s;
}

void RecordingMacroAssembler::SetUnframed(bool on) {
  inner_.SetUnframed(on);
  unframed_ = on;
  if (on) inner_.SupportsUnframed(&unframed_keep_);
}

void RecordingMacroAssembler::Incoming(std::span<const Operand> params) {
  incoming_.assign(params.begin(), params.end());
  CheckStep& s = NewStep();
  for (const Operand& p : params) Def(s, p);
}

void RecordingMacroAssembler::ConstDef(const Operand& c) { Def(NewStep(), c); }

void RecordingMacroAssembler::Alias(const Operand& dst, const Operand& src) {
  CheckStep& s = NewStep();
  s.moves.push_back(regalloc::Move{dst.loc, src.loc, src.imm, ir::IsFpr(dst.type), ir::Is64(dst.type),
                                   dst.vreg, src.vreg});
  s.sequenced = true;  // and no machine move
}

void RecordingMacroAssembler::Use(CheckStep& step, const Operand& o) {
  if (o.vreg != ir::kNoVReg)
    step.uses.push_back({o.vreg, o.loc, o.imm, ir::IsFpr(o.type), ir::IsV128(o.type)});
}

void RecordingMacroAssembler::Def(CheckStep& step, const Operand& o) {
  if (o.vreg != ir::kNoVReg)
    step.defs.push_back({o.vreg, o.loc, o.imm, ir::IsFpr(o.type), ir::IsV128(o.type)});
}

void RecordingMacroAssembler::Prologue(const FrameInfo& frame, std::span<const Operand> params,
                                       const Operand* results_ptr) {
  inner_.Prologue(frame, params, results_ptr);
  // The prologue reads the params where they arrived: unframed code may not write there.
  uint32_t keep = unframed_keep_, keep_fpr = 0;
  for (const Operand& p : incoming_)
    (ir::IsFpr(p.type) ? keep_fpr : keep) |= 1u << p.loc.reg;
  frame_ = {true, frame.num_slots, frame.gpr_callee_saved_used, frame.fpr_callee_saved_used,
            keep, keep_fpr};
  CheckStep& s = NewStep();
  for (const Operand& p : params) Def(s, p);
  if (results_ptr) Def(s, *results_ptr);
}

void RecordingMacroAssembler::Bind(uint32_t label) {
  inner_.Bind(label);
  NewStep(CheckStep::kLabel).label = label;
}

void RecordingMacroAssembler::EhEdge(uint32_t label) { NewStep(CheckStep::kBranch).label = label; }

void RecordingMacroAssembler::Move(const regalloc::Move& m) {
  inner_.Move(m);
  CheckStep& s = NewStep();
  s.moves.push_back(m);
}

void RecordingMacroAssembler::ParallelMove(std::span<const regalloc::Move> moves) {
  CheckStep& s = NewStep();
  s.moves.assign(moves.begin(), moves.end());
  s.sequenced = true;
  inner_.set_move_log(&s.sequence);
  inner_.ParallelMove(moves);
  inner_.set_move_log(nullptr);
}

void RecordingMacroAssembler::Record(std::initializer_list<const Operand*> uses,
                                     const Operand* def) {
  CheckStep& s = NewStep();
  for (const Operand* o : uses) Use(s, *o);
  if (def) Def(s, *def);
}

// The hooks that read their operands and write `dst`: forwarded, then one step.
#define WASMC_RECORD_HOOK_1(Hook)                                                  \
  void RecordingMacroAssembler::Hook(const ir::Inst& in, Operand dst, Operand a) { \
    inner_.Hook(in, dst, a);                                                       \
    Record({&a}, &dst);                                                            \
  }
#define WASMC_RECORD_HOOK_2(Hook)                                                             \
  void RecordingMacroAssembler::Hook(const ir::Inst& in, Operand dst, Operand a, Operand b) { \
    inner_.Hook(in, dst, a, b);                                                               \
    Record({&a, &b}, &dst);                                                                   \
  }
#define WASMC_RECORD_HOOK_3(Hook)                                                        \
  void RecordingMacroAssembler::Hook(const ir::Inst& in, Operand dst, Operand a, Operand b, \
                                     Operand c) {                                        \
    inner_.Hook(in, dst, a, b, c);                                                       \
    Record({&a, &b, &c}, &dst);                                                          \
  }
WASMC_RECORD_HOOK_2(IntOp)
WASMC_RECORD_HOOK_2(FloatOp)
WASMC_RECORD_HOOK_1(Convert)
WASMC_RECORD_HOOK_3(Select)
WASMC_RECORD_HOOK_1(Load)
WASMC_RECORD_HOOK_3(Atomic)
WASMC_RECORD_HOOK_1(InstanceOp)
WASMC_RECORD_HOOK_3(Vector)

void RecordingMacroAssembler::BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) {
  inner_.BulkMemory(in, a, b, c);
  Record({&a, &b, &c}, nullptr);
}

void RecordingMacroAssembler::Store(const ir::Inst& in, Operand addr, Operand value) {
  inner_.Store(in, addr, value);
  Record({&addr, &value}, nullptr);
}

void RecordingMacroAssembler::Jump(uint32_t label) {
  inner_.Jump(label);
  NewStep(CheckStep::kJump).label = label;
}

void RecordingMacroAssembler::RecordBranch(const ir::Inst& in, const Operand& a, const Operand& b) {
  CheckStep& s = NewStep(CheckStep::kBranch);
  s.label = in.index;
  Use(s, a);
  Use(s, b);
}

void RecordingMacroAssembler::Branch(const ir::Inst& in, Operand a, Operand b) {
  inner_.Branch(in, a, b);
  RecordBranch(in, a, b);
}

bool RecordingMacroAssembler::LoadOp(const ir::Inst& load, Operand addr, const ir::Inst& user,
                                     Operand dst, Operand a, Operand b) {
  if (!inner_.LoadOp(load, addr, user, dst, a, b)) return false;
  const Operand& loaded = a.vreg == load.dst ? a : b;
  Record({&addr}, &loaded);
  inst_ = user_inst_;
  if (user.op == ir::Opcode::kBrIf || user.op == ir::Opcode::kBrCmp) RecordBranch(user, a, b);
  else Record({&a, &b}, &dst);
  return true;
}

bool RecordingMacroAssembler::CompareSelect(const ir::Inst& cmp, Operand cdst, Operand ca,
                                            Operand cb, const ir::Inst& sel, Operand dst,
                                            Operand a, Operand b) {
  if (!inner_.CompareSelect(cmp, cdst, ca, cb, sel, dst, a, b)) return false;
  Record({&ca, &cb}, &cdst);
  inst_ = user_inst_;
  Record({&a, &b, &cdst}, &dst);
  return true;
}

bool RecordingMacroAssembler::TestBranch(const ir::Inst& and_inst, Operand tdst, Operand x, Operand y,
                                         const ir::Inst& br, Operand ba, Operand bb) {
  if (!inner_.TestBranch(and_inst, tdst, x, y, br, ba, bb)) return false;
  Record({&x, &y}, &tdst);
  inst_ = user_inst_;
  RecordBranch(br, ba, bb);
  return true;
}

void RecordingMacroAssembler::BrTable(Operand index, std::span<const uint32_t> labels) {
  inner_.BrTable(index, labels);
  CheckStep& s = NewStep(CheckStep::kTable);
  s.labels.assign(labels.begin(), labels.end());
  Use(s, index);
}

void RecordingMacroAssembler::Call(const CallInfo& call) {
  inner_.Call(call);
  CheckStep& s = NewStep();
  Use(s, call.callee);
  for (const Operand& a : call.args) Use(s, a);
  s.call = true;
  for (const Operand& r : call.results) Def(s, r);
}

void RecordingMacroAssembler::Return(std::span<const Operand> values, const Operand* results_ptr) {
  inner_.Return(values, results_ptr);
  CheckStep& s = NewStep(CheckStep::kExit);
  for (const Operand& v : values) Use(s, v);
  if (results_ptr) Use(s, *results_ptr);
}

void RecordingMacroAssembler::TailCall(const CallInfo& call, const Operand* results_ptr) {
  inner_.TailCall(call, results_ptr);
  CheckStep& s = NewStep(CheckStep::kExit);
  Use(s, call.callee);
  for (const Operand& a : call.args) Use(s, a);
  if (results_ptr) Use(s, *results_ptr);
}

void RecordingMacroAssembler::Trap(uint32_t code) {
  inner_.Trap(code);
  NewStep(CheckStep::kExit);
}

}  // namespace wasmc
