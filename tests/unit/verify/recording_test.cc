// The seam: RecordingMacroAssembler over the real x86-64 and AArch64
// MacroAssemblers records what it is told, including the machine moves each
// ParallelMove really emits (set_move_log) and a shrink-wrapped early exit's code
// before the prologue (early_exit.h), and the checker judges that record.
#include <gtest/gtest.h>

#include "backend/codegen/early_exit.h"
#include "backend/codegen/recording_masm.h"
#include "backend/codegen/target_codegen.h"

namespace wasmc {
namespace {

using regalloc::Location;

Operand Reg(ir::VReg v, uint8_t r) { return Operand{Location::Reg(r), 0, ir::Type::kI64, v}; }

regalloc::Move Mv(const Operand& dst, const Operand& src) {
  regalloc::Move m;
  m.dst = dst.loc;
  m.src = src.loc;
  m.dst_vreg = dst.vreg;
  m.src_vreg = src.vreg;
  return m;
}

// v0, v1 arrive in two allocatable GPRs; a parallel move swaps them into v2 (in v0's
// register) and v3 (in v1's); the return reads v2 and v3.
void SwapAndCheck(std::unique_ptr<MacroAssembler> target) {
  ir::Function fn;
  fn.num_params = 2;
  for (int k = 0; k < 4; ++k) fn.NewVReg(ir::Type::kI64);
  fn.insts.resize(3);
  const regalloc::RegisterInfo& regs = target->Registers();
  const uint8_t r0 = regs.gprs[0], r1 = regs.gprs[1];
  RecordingMacroAssembler rec(*target);
  FrameInfo frame;
  const Operand params[] = {Reg(0, r0), Reg(1, r1)};
  rec.Prologue(frame, params, nullptr);
  rec.BeginInst(1);
  const regalloc::Move swap_moves[] = {Mv(Reg(2, r0), Reg(1, r1)), Mv(Reg(3, r1), Reg(0, r0))};
  rec.ParallelMove(swap_moves);
  rec.BeginInst(2);
  const Operand ret[] = {Reg(2, r0)};
  rec.Return(ret, nullptr);
  rec.Finish();
  ASSERT_EQ(rec.steps().size(), 3u);
  const regalloc::CheckStep& swap = rec.steps()[1];
  EXPECT_TRUE(swap.sequenced);
  EXPECT_EQ(swap.sequence.size(), 3u) << "a swap needs the scratch register";
  regalloc::CheckResult r = regalloc::CheckAllocatedCode(fn, regs, rec.steps(), rec.frame());
  EXPECT_TRUE(r.ok) << regalloc::CheckReport(fn, r);

  // The same record, with the cycle broken wrongly (the scratch move dropped): caught.
  std::vector<regalloc::CheckStep> broken = rec.steps();
  broken[1].sequence.erase(broken[1].sequence.begin());
  r = regalloc::CheckAllocatedCode(fn, regs, broken, rec.frame());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 1u);
  // And a return that reads v2 from v1's register: caught.
  broken = rec.steps();
  broken[2].uses[0].loc = Location::Reg(r1);
  r = regalloc::CheckAllocatedCode(fn, regs, broken, rec.frame());
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 2u);
  EXPECT_NE(r.what.find("read of v2 from gpr"), std::string::npos) << r.what;
}

TEST(RecordingMacroAssembler, X64SwapIsRecordedAsEmitted) {
  SwapAndCheck(GetCodegen(Target::kX64).new_macro_assembler(false));
}

TEST(RecordingMacroAssembler, A64SwapIsRecordedAsEmitted) {
  SwapAndCheck(GetCodegen(Target::kA64).new_macro_assembler(false));
}

// Load-op folding (MacroAssembler::LoadOp): v2 = i32.load [v0] at inst 1, read only by
// v3 = (v1 <u v2) at inst 3. x86-64 folds the pair and the record has the two steps
// it stands for, the user's under its own index, which the checker accepts; AArch64
// has no such form: nothing emitted, nothing recorded.
TEST(RecordingMacroAssembler, LoadOpIsRecordedAsTheLoadAndItsUser) {
  for (Target t : {Target::kX64, Target::kA64}) {
    std::unique_ptr<MacroAssembler> target = GetCodegen(t).new_macro_assembler(false);
    ir::Function fn;
    fn.num_params = 2;
    for (int k = 0; k < 4; ++k) fn.NewVReg(ir::Type::kI32);
    fn.insts.resize(5);
    const regalloc::RegisterInfo& regs = target->Registers();
    const uint8_t r0 = regs.gprs[0], r1 = regs.gprs[1], r2 = regs.gprs[2];
    auto reg32 = [](ir::VReg v, uint8_t r) { return Operand{Location::Reg(r), 0, ir::Type::kI32, v}; };
    RecordingMacroAssembler rec(*target);
    FrameInfo frame;
    frame.uses_memory = true;
    const Operand params[] = {reg32(0, r0), reg32(1, r1)};
    rec.Prologue(frame, params, nullptr);
    ir::Inst load;
    load.op = ir::Opcode::kLoad;
    load.width = 4;
    load.dst = 2;
    load.a = 0;
    ir::Inst user;
    user.op = ir::Opcode::kCmp;
    user.cond = ir::Cond::kLtU;
    user.dst = 3;
    user.a = 1;
    user.b = 2;
    rec.BeginInst(1);
    rec.BeginFusedUser(3);
    const bool folded = rec.LoadOp(load, reg32(0, r0), user, reg32(3, r0), reg32(1, r1), reg32(2, r2));
    EXPECT_EQ(folded, t == Target::kX64);
    if (!folded) {
      EXPECT_EQ(rec.steps().size(), 1u);
      continue;
    }
    rec.BeginInst(4);
    const Operand ret[] = {reg32(3, r0)};
    rec.Return(ret, nullptr);
    rec.Finish();
    ASSERT_EQ(rec.steps().size(), 4u);
    EXPECT_EQ(rec.steps()[1].inst, 1u);
    ASSERT_EQ(rec.steps()[1].defs.size(), 1u);
    EXPECT_EQ(rec.steps()[1].defs[0].vreg, 2u);
    EXPECT_EQ(rec.steps()[2].inst, 3u);
    EXPECT_EQ(rec.steps()[2].uses.size(), 2u);
    regalloc::CheckResult r = regalloc::CheckAllocatedCode(fn, regs, rec.steps(), rec.frame());
    EXPECT_TRUE(r.ok) << regalloc::CheckReport(fn, r);
  }
}

// A function with a shrink-wrapped early exit (early_exit.h), emitted by EarlyExit on
// the recorder as the function compiler does (FunctionEmitter::Run), then replayed.
// The function has one param, v0, and `vregs` i32 vregs.
struct ExitHarness {
  ExitHarness(std::unique_ptr<MacroAssembler> t, int vregs)
      : target(std::move(t)), regs(target->Registers()), rec(*target) {
    fn.num_params = 1;
    for (int k = 0; k < vregs; ++k) fn.NewVReg(ir::Type::kI32);
    const ir::Type i32[] = {ir::Type::kI32};
    param = static_cast<uint8_t>(target->ParamRegisters(i32, false)[0]);
    supported = target->SupportsUnframed(&keep);
    // The body's registers: allocatable, caller-saved, neither the param's nor kept.
    for (uint8_t r : regs.gprs)
      if (r != param && !(((regs.gpr_callee_saved | keep) >> r) & 1)) free.push_back(r);
    for (uint8_t r : regs.gprs)
      if ((regs.gpr_callee_saved >> r) & 1) callee_saved = r;
    while (!((keep >> instance) & 1)) ++instance;
  }
  size_t Inst(ir::Opcode op, ir::VReg dst, ir::VReg a = ir::kNoVReg, ir::VReg b = ir::kNoVReg) {
    ir::Inst in;
    in.op = op;
    in.dst = dst, in.a = a, in.b = b;
    fn.insts.push_back(in);
    return fn.insts.size() - 1;
  }
  size_t Const(ir::VReg dst, uint64_t imm) {
    const size_t k = Inst(ir::Opcode::kConst, dst);
    fn.insts[k].imm = imm;
    return k;
  }
  void ExitLabel() {  // L0, the function's only label
    fn.num_labels = 1;
    fn.label_block = {static_cast<uint32_t>(Inst(ir::Opcode::kLabel, ir::kNoVReg))};
  }
  size_t Return(uint32_t extra) {  // returns fn.extra[extra]
    const size_t k = Inst(ir::Opcode::kReturn, ir::kNoVReg);
    fn.insts[k].index2 = 1, fn.insts[k].extra_begin = extra;
    return k;
  }
  Operand Op(ir::VReg v) const { return Operand{alloc.locs[v], const_val[v], ir::Type::kI32, v}; }
  // Plans and records the function (framed: there is a prologue to skip); false when
  // EarlyExit does not shrink-wrap it.
  bool Record() {
    FrameInfo frame;
    EarlyExit early(fn, alloc, regs, const_val);
    early.set_recorder(&rec);
    if (!early.Plan(rec, frame) || !early.exit_taken()) return false;
    early.EmitEntry(rec);
    const Operand params[] = {Op(0)};
    rec.Prologue(frame, params, nullptr);
    for (uint32_t i = 0; i < fn.insts.size(); ++i) {  // the body
      rec.BeginInst(i);
      const ir::Inst& in = fn.insts[i];
      if (i == early.branch_inst()) continue;  // decided before the prologue
      if (in.op == ir::Opcode::kConst && alloc.locs[in.dst].kind == Location::kReg)
        rec.Move(regalloc::Move{alloc.locs[in.dst], Location{Location::kConst}, in.imm, false, false, in.dst});
      if (in.op == ir::Opcode::kAdd) rec.IntOp(in, Op(in.dst), Op(in.a), Op(in.b));
      if (in.op == ir::Opcode::kLabel) rec.Bind(in.index);
      if (in.op == ir::Opcode::kReturn) {
        const Operand ret[] = {Op(fn.extra[in.extra_begin])};
        rec.Return(ret, nullptr);
      }
    }
    early.EmitExit(rec);
    rec.Finish();
    EXPECT_EQ(rec.Error(), "");
    return true;
  }
  regalloc::CheckResult Check(const std::vector<regalloc::CheckStep>& steps) const {
    return regalloc::CheckAllocatedCode(fn, regs, steps, rec.frame());
  }
  // `broken` is rejected at `inst` with a message containing `what`.
  void Rejected(const std::vector<regalloc::CheckStep>& broken, uint32_t inst, const std::string& what) const {
    regalloc::CheckResult b = Check(broken);
    ASSERT_FALSE(b.ok) << what;
    EXPECT_EQ(b.inst, inst) << b.what;
    EXPECT_NE(b.what.find(what), std::string::npos) << b.what;
  }

  std::unique_ptr<MacroAssembler> target;
  const regalloc::RegisterInfo& regs;
  RecordingMacroAssembler rec;
  ir::Function fn;
  regalloc::Allocation alloc;
  std::vector<uint64_t> const_val;
  uint8_t param = 0, callee_saved = 0xff, instance = 0;
  uint32_t keep = 0;
  bool supported = false;
  std::vector<uint8_t> free;
};

// `if (n <u 2) return n + 2; return n + n;`
//   0: v1 = const 2   1: br_cmp ltu v0, v1 -> L0   2: v2 = add v0, v0   3: return v2
//   4: L0:            5: v3 = add v0, v1           6: return v3
// The exit (insts 5, 6) runs before the prologue on v0's ABI register and returns with
// a bare `ret`; the checker replays it, and catches each way of breaking it.
void EarlyExitAndCheck(std::unique_ptr<MacroAssembler> target) {
  ExitHarness h(std::move(target), 4);
  ir::Function& fn = h.fn;
  h.Const(1, 2);
  h.Inst(ir::Opcode::kBrCmp, ir::kNoVReg, 0, 1);
  fn.insts[1].cond = ir::Cond::kLtU;
  h.Inst(ir::Opcode::kAdd, 2, 0, 0);
  fn.extra = {2, 3};
  h.Return(0);
  h.ExitLabel();
  h.Inst(ir::Opcode::kAdd, 3, 0, 1);
  h.Return(1);
  ASSERT_TRUE(h.supported);
  ASSERT_GE(h.free.size(), 2u);
  ASSERT_NE(h.callee_saved, 0xff);
  const uint8_t param = h.param;
  h.alloc.locs = {Location::Reg(param), Location{Location::kConst}, Location::Reg(h.free[0]),
                  Location::Reg(h.free[1])};
  h.alloc.entry_locs = {h.alloc.locs[0]};
  h.const_val = {0, 2, 0, 0};
  ASSERT_TRUE(h.Record());
  const std::vector<regalloc::CheckStep>& steps = h.rec.steps();
  // The record: the incoming params, the constant v1 (no code), the entry branch (all
  // unframed), the prologue reading v0 in its ABI register, the body, the exit's
  // label, add and return (unframed).
  ASSERT_GE(steps.size(), 5u);
  EXPECT_TRUE(steps[0].unframed);
  ASSERT_EQ(steps[0].defs.size(), 1u);
  EXPECT_TRUE(steps[1].unframed);
  ASSERT_EQ(steps[1].defs.size(), 1u);
  EXPECT_EQ(steps[1].defs[0].loc.kind, Location::kConst);
  const size_t branch = 2;
  EXPECT_EQ(steps[branch].flow, regalloc::CheckStep::kBranch);
  EXPECT_TRUE(steps[branch].unframed);
  EXPECT_EQ(steps[branch + 1].inst, ~0u);
  EXPECT_FALSE(steps[branch + 1].unframed);
  // It reads the param in its ABI register, which unframed code therefore may not write.
  EXPECT_TRUE((h.rec.frame().unframed_keep >> param) & 1);
  const size_t add = steps.size() - 2, ret = steps.size() - 1;
  EXPECT_TRUE(steps[add].unframed && steps[ret].unframed);
  EXPECT_EQ(steps[add].inst, 5u);
  EXPECT_EQ(steps[ret].flow, regalloc::CheckStep::kExit);
  ASSERT_EQ(steps[add].defs.size(), 1u);
  const uint8_t path_reg = steps[add].defs[0].loc.reg;
  EXPECT_NE(path_reg, param);
  regalloc::CheckResult r = h.Check(steps);
  EXPECT_TRUE(r.ok) << regalloc::CheckReport(fn, r);

  // The exit returns its value from another register (the param's): caught at the return.
  std::vector<regalloc::CheckStep> broken = steps;
  broken[ret].uses[0].loc = Location::Reg(param);
  h.Rejected(broken, 6, "read of v3 from gpr");
  // The exit's add writes a callee-saved register, which nothing saved yet.
  broken = steps;
  broken[add].defs[0].loc = broken[ret].uses[0].loc = Location::Reg(h.callee_saved);
  h.Rejected(broken, 5, "callee-saved register nothing saved");
  // ... or the incoming instance, which the framed path's prologue reads.
  broken = steps;
  broken[add].defs[0].loc = broken[ret].uses[0].loc = Location::Reg(h.instance);
  h.Rejected(broken, 5, "the prologue still reads it");
  // ... or a spill slot: there is no frame.
  broken = steps;
  broken[add].defs[0].loc = broken[ret].uses[0].loc = Location::Slot(0);
  h.Rejected(broken, 5, "no slots");
  // Code on the entry branch's fall-through side overwrites the param's ABI register,
  // where the prologue (the framed path) reads it: caught at the write.
  broken = steps;
  regalloc::CheckStep clobber = broken[add];
  clobber.inst = 0;
  clobber.defs[0].loc = Location::Reg(param);
  clobber.uses.clear();
  broken.insert(broken.begin() + branch, clobber);
  h.Rejected(broken, 0, "the prologue still reads it");
  // The entry branch reads v0 from the register the allocator gives it after the
  // prologue: nothing holds it there yet.
  broken = steps;
  bool moved = false;
  for (regalloc::CheckOperand& u : broken[branch].uses)
    if (u.vreg == 0) u.loc = Location::Reg(h.free[0]), moved = true;
  ASSERT_TRUE(moved);
  h.Rejected(broken, 1, "read of v0 from gpr");
  // A call on the unframed path.
  broken = steps;
  broken[add].call = true;
  h.Rejected(broken, 5, "a call in code without the frame");
}

// SQLite's function 690 (bench/sqlite at -O2), reduced: two locals zeroed on entry and
// defined again in the body, so neither is a single-definition constant; the exit
// returns one of them as the immediate 0.
//   0: v1 = const 0   1: v2 = const 0   2: br_if eqz v0 -> L0
//   3: v2 = add v0, v0   4: v1 = add v2, v0   5: return v1   6: L0:   7: return v1
// The exit's constants are facts of the checker's state (both at once); each way of
// getting one wrong is caught.
void ZeroedLocalsExitAndCheck(std::unique_ptr<MacroAssembler> target) {
  ExitHarness h(std::move(target), 3);
  ir::Function& fn = h.fn;
  h.Const(1, 0);
  h.Const(2, 0);
  const size_t br = h.Inst(ir::Opcode::kBrIf, ir::kNoVReg, 0);
  fn.insts[br].cond = ir::Cond::kEq;
  h.Inst(ir::Opcode::kAdd, 2, 0, 0);
  h.Inst(ir::Opcode::kAdd, 1, 2, 0);
  fn.extra = {1};
  h.Return(0);
  h.ExitLabel();
  h.Return(0);
  ASSERT_TRUE(h.supported);
  ASSERT_GE(h.free.size(), 2u);
  h.alloc.locs = {Location::Reg(h.param), Location::Reg(h.free[0]), Location::Reg(h.free[1])};
  h.alloc.entry_locs = {h.alloc.locs[0]};
  h.const_val = {0, 0, 0};
  ASSERT_TRUE(h.Record());
  const std::vector<regalloc::CheckStep>& steps = h.rec.steps();
  // The incoming param, v1 = 0 and v2 = 0 (no code), the branch: all unframed.
  ASSERT_GE(steps.size(), 5u);
  for (size_t k : {1, 2}) {
    EXPECT_TRUE(steps[k].unframed);
    ASSERT_EQ(steps[k].defs.size(), 1u);
    EXPECT_EQ(steps[k].defs[0].vreg, k);
    EXPECT_EQ(steps[k].defs[0].loc.kind, Location::kConst);
  }
  EXPECT_EQ(steps[3].flow, regalloc::CheckStep::kBranch);
  const size_t ret = steps.size() - 1;
  EXPECT_TRUE(steps[ret].unframed);
  ASSERT_EQ(steps[ret].uses.size(), 1u);
  EXPECT_EQ(steps[ret].uses[0].loc.kind, Location::kConst);
  regalloc::CheckResult r = h.Check(steps);
  EXPECT_TRUE(r.ok) << regalloc::CheckReport(fn, r);

  // The exit returns another immediate.
  std::vector<regalloc::CheckStep> broken = steps;
  broken[ret].uses[0].imm = 1;
  h.Rejected(broken, 7, "read of v1 as the constant 1");
  // The record lacks v1's constant definition (the second one is v2's only).
  broken = steps;
  broken.erase(broken.begin() + 1);
  h.Rejected(broken, 7, "read of v1 as the constant 0");
  // A constant definition that is not its instruction's.
  broken = steps;
  broken[1].defs[0].imm = 5;
  h.Rejected(broken, 0, "which is not the instruction's constant");
  broken = steps;
  broken[2].defs[0].vreg = 1;
  h.Rejected(broken, 1, "which is not the instruction's constant");
  // The exit reached after the body defined v1 again: a body branch to the exit's
  // label after inst 4 (v1 = v2 + v0).
  broken = steps;
  size_t after_v1 = 0;
  for (size_t k = 0; k < broken.size(); ++k)
    if (broken[k].inst == 4 && !broken[k].defs.empty()) after_v1 = k + 1;
  ASSERT_GT(after_v1, 0u);
  regalloc::CheckStep to_exit = broken[3];
  to_exit.unframed = false;
  to_exit.uses[0].loc = h.alloc.locs[0];
  broken.insert(broken.begin() + after_v1, to_exit);
  h.Rejected(broken, 7, "read of v1 as the constant 0");
}

// QuickJS's function 572 on AArch64 (bench/quickjs), reduced: the entry defines the
// param again (`local.tee`) before the branch.
//   0: v0 = add v0, v0   1: br_if eqz v0 -> L0   2: return v0   3: L0:   4: return v0
// The path gives the new v0 a fresh register and leaves the incoming one in its ABI
// register for the prologue: accepted (the prologue once read v0 there by name, and the
// checker, which knows only the newer v0, rejected it). Writing the new v0 into the
// ABI register is caught.
void ParamRedefinedExitAndCheck(std::unique_ptr<MacroAssembler> target) {
  ExitHarness h(std::move(target), 1);
  ir::Function& fn = h.fn;
  h.Inst(ir::Opcode::kAdd, 0, 0, 0);
  const size_t br = h.Inst(ir::Opcode::kBrIf, ir::kNoVReg, 0);
  fn.insts[br].cond = ir::Cond::kEq;
  fn.extra = {0};
  h.Return(0);
  h.ExitLabel();
  h.Return(0);
  ASSERT_TRUE(h.supported);
  h.alloc.locs = {Location::Reg(h.param)};
  h.alloc.entry_locs = {h.alloc.locs[0]};
  h.const_val = {0};
  ASSERT_TRUE(h.Record());
  const std::vector<regalloc::CheckStep>& steps = h.rec.steps();
  ASSERT_GE(steps.size(), 3u);
  ASSERT_EQ(steps[1].inst, 0u);  // the path's add: v0 in a fresh register
  ASSERT_EQ(steps[1].defs.size(), 1u);
  EXPECT_NE(steps[1].defs[0].loc.reg, h.param);
  regalloc::CheckResult r = h.Check(steps);
  EXPECT_TRUE(r.ok) << regalloc::CheckReport(fn, r);
  std::vector<regalloc::CheckStep> broken = steps;
  broken[1].defs[0].loc = Location::Reg(h.param);
  h.Rejected(broken, 0, "the prologue still reads it");
}

// Each early-exit case on both targets' MacroAssemblers.
TEST(RecordingMacroAssembler, EarlyExitsAreReplayed) {
  for (Target t : {Target::kX64, Target::kA64}) {
    SCOPED_TRACE(t == Target::kX64 ? "x86-64" : "AArch64");
    EarlyExitAndCheck(GetCodegen(t).new_macro_assembler(false));
    ZeroedLocalsExitAndCheck(GetCodegen(t).new_macro_assembler(false));
    ParamRedefinedExitAndCheck(GetCodegen(t).new_macro_assembler(false));
  }
}

}  // namespace
}  // namespace wasmc
