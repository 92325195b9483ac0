// RegisterInfo::clobber_free_ops (backend/regalloc/regalloc.h): ClobbersOf skips the
// target's `clobbers` call for the opcodes in the set, so the set must hold only
// opcodes for which `clobbers` answers 0 whatever the instruction's fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/target_codegen.h"

namespace wasmc {
namespace {

using regalloc::Location;

// Random fields for every field `clobbers` might read (the opcode given).
ir::Inst RandomInst(std::mt19937_64& rng, ir::Opcode op) {
  ir::Inst in;
  in.op = op;
  in.type = static_cast<ir::Type>(rng() % 5);
  in.src_type = static_cast<ir::Type>(rng() % 5);
  in.cond = static_cast<ir::Cond>(rng() % 14);
  in.width = static_cast<uint8_t>(1u << (rng() % 5));
  in.sign = rng() & 1;
  in.dst = rng() % 4 == 0 ? ir::kNoVReg : static_cast<ir::VReg>(rng() % 8);
  in.a = rng() % 4 == 0 ? ir::kNoVReg : static_cast<ir::VReg>(rng() % 8);
  in.b = rng() % 4 == 0 ? ir::kNoVReg : static_cast<ir::VReg>(rng() % 8);
  in.c = rng() % 4 == 0 ? ir::kNoVReg : static_cast<ir::VReg>(rng() % 8);
  in.index = static_cast<uint32_t>(rng() % 300);
  in.index2 = static_cast<uint32_t>(rng() % 4);
  const uint64_t imms[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, ~uint64_t{0}, rng()};
  in.imm = imms[rng() % 7];
  return in;
}

TEST(Clobbers, OpcodesInTheSetClobberNothing) {
  std::mt19937_64 rng(14);
  for (Target t : {Target::kX64, Target::kA64}) {
    std::unique_ptr<MacroAssembler> masm = GetCodegen(t).new_macro_assembler(false);
    const regalloc::RegisterInfo& regs = masm->Registers();
    if (!regs.clobbers) continue;
    std::vector<Location> locs(8);
    for (uint32_t k = 0; k < 256; ++k)
      for (int n = 0; n < 200; ++n) {
        const ir::Inst in = RandomInst(rng, static_cast<ir::Opcode>(k));
        for (bool b_const : {false, true}) {
          const uint32_t m = regs.clobbers(in, b_const);
          EXPECT_TRUE(m == 0 || !regs.NeverClobbers(in.op)) << "opcode " << k << " target " << static_cast<int>(t);
        }
        // ClobbersOf (which skips the call for the set) answers as `clobbers`.
        for (uint32_t v = 0; v < 8; ++v) locs[v].kind = (rng() & 1) ? Location::kConst : Location::kReg;
        const bool b_const = in.b < locs.size() && locs[in.b].kind == Location::kConst;
        EXPECT_EQ(regalloc::ClobbersOf(regs, in, locs), regs.clobbers(in, b_const)) << "opcode " << k;
      }
  }
}

// The set is what makes the skip: on x86-64 most opcodes clobber nothing. A target that
// sets `clobbers` and no set is asked for every opcode (RegisterInfo's default).
TEST(Clobbers, X64SetLeavesOutPlainArithmetic) {
  std::unique_ptr<MacroAssembler> masm = GetCodegen(Target::kX64).new_macro_assembler(false);
  const regalloc::RegisterInfo& regs = masm->Registers();
  ASSERT_TRUE(regs.clobbers);
  for (ir::Opcode op : {ir::Opcode::kAdd, ir::Opcode::kLoad, ir::Opcode::kConst, ir::Opcode::kLabel, ir::Opcode::kJump})
    EXPECT_TRUE(regs.NeverClobbers(op)) << static_cast<int>(op);
  for (ir::Opcode op : {ir::Opcode::kDivS, ir::Opcode::kShl, ir::Opcode::kStore, ir::Opcode::kCall, ir::Opcode::kReturn})
    EXPECT_FALSE(regs.NeverClobbers(op)) << static_cast<int>(op);
  regalloc::RegisterInfo plain;
  plain.clobbers = regs.clobbers;
  ir::Inst div{.op = ir::Opcode::kDivS};
  EXPECT_NE(regalloc::ClobbersOf(plain, div, {}), 0u) << "no set: every opcode is asked";
}

// rax is allocatable on x86-64 (branch gpr11): kept from values across the lowerings
// that still write it (division's rdx:rax, calls' result, a narrow store whose value and
// address both need r11, ...), not across those whose scratch is r11 alone.
TEST(Clobbers, X64RaxAllocatableExceptAroundItsLowerings) {
  std::unique_ptr<MacroAssembler> masm = GetCodegen(Target::kX64).new_macro_assembler(false);
  const regalloc::RegisterInfo& regs = masm->Registers();
  ASSERT_TRUE(std::find(regs.gprs.begin(), regs.gprs.end(), 0) != regs.gprs.end()) << "rax allocatable";
  EXPECT_FALSE((regs.gpr_callee_saved >> 0) & 1) << "rax is caller-saved";
  constexpr uint32_t kRax = 1;
  auto clobbers_rax = [&](ir::Inst in) { return (regs.clobbers(in, false) & kRax) != 0; };
  for (ir::Opcode op : {ir::Opcode::kAdd, ir::Opcode::kSub, ir::Opcode::kMul, ir::Opcode::kXor,
                        ir::Opcode::kAddShl, ir::Opcode::kShl, ir::Opcode::kRotr, ir::Opcode::kCmp,
                        ir::Opcode::kEqz, ir::Opcode::kSelect, ir::Opcode::kLoad, ir::Opcode::kBrIf,
                        ir::Opcode::kBrCmp, ir::Opcode::kMov, ir::Opcode::kWrap})
    EXPECT_FALSE(clobbers_rax(ir::Inst{.op = op, .type = ir::Type::kI32})) << static_cast<int>(op);
  for (ir::Opcode op : {ir::Opcode::kDivS, ir::Opcode::kRemU, ir::Opcode::kCall, ir::Opcode::kCallIndirect,
                        ir::Opcode::kReturn, ir::Opcode::kBrTable, ir::Opcode::kAtomicCmpxchg,
                        ir::Opcode::kPopcnt, ir::Opcode::kVec})
    EXPECT_TRUE(clobbers_rax(ir::Inst{.op = op, .type = ir::Type::kI32})) << static_cast<int>(op);
  ir::Inst store{.op = ir::Opcode::kStore, .type = ir::Type::kI32};
  for (uint8_t w : {1, 2, 4}) {
    store.width = w;
    EXPECT_EQ(clobbers_rax(store), w < 4) << "store width " << int{w};
  }
  store.type = ir::Type::kI64;
  store.width = 8;
  EXPECT_FALSE(clobbers_rax(store));
}

}  // namespace
}  // namespace wasmc
