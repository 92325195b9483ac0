// The emitter's buffers kept from site to site (docs/performance.md, "Session 16",
// cspeed12): a parallel move allocates nothing once its MacroAssembler has warmed up,
// on both targets, and StackArgWords, which counts instead of assigning, agrees with
// the ABI assignment that ParamRegisters reports.
#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/target_codegen.h"
#include "tests/unit/counting_new.h"

namespace wasmc {
namespace {

using regalloc::Location;

// A swap of two allocatable GPRs: a cycle, so the sequencer runs (not the one-move path).
std::vector<regalloc::Move> Swap(const MacroAssembler& masm) {
  const uint8_t r0 = masm.Registers().gprs[0], r1 = masm.Registers().gprs[1];
  regalloc::Move a, b;
  a.dst = Location::Reg(r0), a.src = Location::Reg(r1);
  b.dst = Location::Reg(r1), b.src = Location::Reg(r0);
  return {a, b};
}

TEST(EmitAlloc, ParallelMoveAllocatesNothingOnceWarm) {
  for (Target t : {Target::kX64, Target::kA64}) {
    std::unique_ptr<MacroAssembler> masm = GetCodegen(t).new_macro_assembler(false);
    const std::vector<regalloc::Move> moves = Swap(*masm);
    masm->ParallelMove(moves);  // the first takes the buffers (and the code buffer)
    const uint32_t before = masm->Offset();
    const int blocks = test::large_blocks.Count(1, [&] {
      for (int k = 0; k < 8; ++k) masm->ParallelMove(moves);
    });
    EXPECT_EQ(blocks, 0) << "target " << static_cast<int>(t);
    EXPECT_GT(masm->Offset(), before) << "the swaps were emitted";
  }
}

// Words on the stack per ParamRegisters: the params it gives no register (a v128
// takes an integer register or word, as an i64 does, but ParamRegisters gives it -1:
// it is compared as an i64).
uint32_t WordsByParamRegisters(const MacroAssembler& masm, std::vector<ir::Type> types, bool hidden) {
  for (ir::Type& t : types)
    if (t == ir::Type::kV128) t = ir::Type::kI64;
  const std::vector<int> regs = masm.ParamRegisters(types, hidden);
  uint32_t words = 0;
  for (size_t i = 0; i < types.size(); ++i) words += regs[i] < 0;
  return words;
}

TEST(EmitAlloc, StackArgWordsIsTheAssignmentsCount) {
  const ir::Type kinds[] = {ir::Type::kI32, ir::Type::kI64, ir::Type::kF32, ir::Type::kF64,
                            ir::Type::kV128};
  std::mt19937 rng(16);
  for (Target t : {Target::kX64, Target::kA64}) {
    std::unique_ptr<MacroAssembler> masm = GetCodegen(t).new_macro_assembler(false);
    for (int round = 0; round < 2000; ++round) {
      std::vector<ir::Type> types(rng() % 24);
      for (ir::Type& ty : types) ty = kinds[rng() % 5];
      const bool hidden = rng() % 2;
      ASSERT_EQ(masm->StackArgWords(types, hidden), WordsByParamRegisters(*masm, types, hidden))
          << "target " << static_cast<int>(t) << ", round " << round;
    }
  }
}

// A thread's second MacroAssembler starts with the first one's vectors (the spare set,
// asmjit_masm.h): binding the same 20,000 labels takes fewer large blocks the second time
// (asmjit's own label table still takes its blocks each time).
TEST(EmitAlloc, SecondMacroAssemblerStartsWithTheFirstsVectors) {
  for (Target t : {Target::kX64, Target::kA64}) {
    auto bind_all = [&] {
      std::unique_ptr<MacroAssembler> masm = GetCodegen(t).new_macro_assembler(false);
      for (uint32_t l = 0; l < 20000; ++l) masm->Bind(l);
    };
    int first = 0, second = 0;
    std::thread([&] {  // a new thread: nothing spare yet
      first = test::large_blocks.Count(16384, bind_all);
      second = test::large_blocks.Count(16384, bind_all);
    }).join();
    EXPECT_LT(second, first) << "target " << static_cast<int>(t);
  }
}

}  // namespace
}  // namespace wasmc
