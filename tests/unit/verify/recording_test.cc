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

}  // namespace
}  // namespace wasmc
