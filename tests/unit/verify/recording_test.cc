// The seam: RecordingMacroAssembler over the real x86-64 and AArch64
// MacroAssemblers records what it is told, including the machine moves each
// ParallelMove really emits (set_move_log), and the checker judges that record.
#include <gtest/gtest.h>

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
  rec.ParallelMove({Mv(Reg(2, r0), Reg(1, r1)), Mv(Reg(3, r1), Reg(0, r0))});
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

}  // namespace
}  // namespace wasmc
