// ZeroExtendedAtLabels (backend/x64/zext_facts_x64.cc): each constant's value is the
// caller's (the function emitter's table, as Operand::imm has it) or, without one, taken
// from the function's kConst before the walk, so a constant read before its definition
// in the layout (a use in a block placed before the one defining it) reads the
// function's value, not what the thread's working vectors held before.
#include <gtest/gtest.h>

#include "backend/x64/macro_assembler_x64.h"

namespace wasmc {
namespace {

using ir::Inst;
using ir::Opcode;
using regalloc::Location;

constexpr uint8_t kReg = 3;  // v1's GPR (rbx)

// v1 (i32, in kReg) = mov v0, where v0 is a constant (Location::kConst) of value k,
// then a jump to label 2, whose facts the test reads. const_first: v0's definition
// comes first; else after the use, in a block the entry jumps to (label 1), which
// jumps back to the use's block (label 0).
ir::Function MovOfConstant(uint64_t k, bool const_first) {
  ir::Function fn;
  fn.vreg_types = {ir::Type::kI32, ir::Type::kI32};
  fn.num_labels = 3;
  const Inst def{.op = Opcode::kConst, .type = ir::Type::kI32, .dst = 0, .imm = k};
  auto label = [](uint32_t l) { return Inst{.op = Opcode::kLabel, .index = l}; };
  auto jump = [](uint32_t l) { return Inst{.op = Opcode::kJump, .index = l}; };
  const Inst mov{.op = Opcode::kMov, .type = ir::Type::kI32, .dst = 1, .a = 0};
  if (const_first) fn.insts = {def, jump(0), label(0), mov, jump(2), label(1), jump(0), label(2)};
  else fn.insts = {jump(1), label(0), mov, jump(2), label(1), def, jump(0), label(2)};
  fn.insts.push_back(Inst{.op = Opcode::kReturn});
  return fn;
}

uint16_t FactsAtLabel2(const ir::Function& fn, std::span<const uint64_t> const_val = {}) {
  regalloc::Allocation alloc;
  alloc.locs = {Location{Location::kConst}, Location::Reg(kReg)};
  const std::vector<uint16_t> at = x64::ZeroExtendedAtLabels(fn, alloc, x64::Registers(), 0, nullptr, const_val);
  EXPECT_EQ(at.size(), 3u);
  return at.size() == 3 ? at[2] : 0;
}

TEST(ZeroExtendedAtLabels, AConstantReadBeforeItsDefinition) {
  // mov r32, imm of a value below 2^32 leaves the register zero-extended; of one above,
  // not (the rule is the function's: MoveExtends).
  for (bool const_first : {true, false}) {
    // First a function whose v0 is 7, so the thread's vectors hold that for v0.
    EXPECT_TRUE(FactsAtLabel2(MovOfConstant(7, true)) >> kReg & 1);
    EXPECT_FALSE(FactsAtLabel2(MovOfConstant(uint64_t{1} << 32, const_first)) >> kReg & 1)
        << "const_first " << const_first;
    EXPECT_TRUE(FactsAtLabel2(MovOfConstant(7, const_first)) >> kReg & 1) << "const_first " << const_first;
  }
}

TEST(ZeroExtendedAtLabels, ReadsTheCallersConstants) {
  // The caller's value of v0 decides, whatever the kConst says (the emitter's table is
  // what the code is emitted from).
  const std::vector<uint64_t> small = {7, 0}, large = {uint64_t{1} << 32, 0};
  for (bool const_first : {true, false}) {
    EXPECT_FALSE(FactsAtLabel2(MovOfConstant(7, const_first), large) >> kReg & 1) << "const_first " << const_first;
    EXPECT_TRUE(FactsAtLabel2(MovOfConstant(uint64_t{1} << 32, const_first), small) >> kReg & 1)
        << "const_first " << const_first;
  }
}

// v0 (i32, in kReg) the address of a load of memory 0 into v1 (in addr_and_dst ? kReg :
// r12), then a jump to label 0, whose facts are returned. The access extends its
// 32-bit address in place (ZeroExtendedIndex) before the load writes its result.
uint16_t FactsAfterLoad(ir::Type type, uint8_t width, bool addr_and_dst) {
  ir::Function fn;
  fn.vreg_types = {ir::Type::kI32, type};
  fn.num_labels = 1;
  fn.insts = {Inst{.op = Opcode::kLoad, .type = type, .src_type = ir::Type::kI32, .width = width, .dst = 1,
                   .a = 0},
              Inst{.op = Opcode::kJump, .index = 0}, Inst{.op = Opcode::kLabel, .index = 0},
              Inst{.op = Opcode::kReturn}};
  regalloc::Allocation alloc;
  alloc.locs = {Location::Reg(kReg), Location::Reg(addr_and_dst ? kReg : 12)};
  const std::vector<uint16_t> at = x64::ZeroExtendedAtLabels(fn, alloc, x64::Registers(), 0);
  EXPECT_EQ(at.size(), 1u);
  return at.empty() ? 0 : at[0];
}

TEST(ZeroExtendedAtLabels, AnAccessExtendsItsAddressThenWritesItsResult) {
  // The address's register extended; a 32-bit load's result too, a 64-bit one not.
  EXPECT_EQ(FactsAfterLoad(ir::Type::kI32, 4, false), (1u << kReg) | (1u << 12));
  EXPECT_EQ(FactsAfterLoad(ir::Type::kI64, 8, false), 1u << kReg);
  // A result written over the address: its own fact wins.
  EXPECT_EQ(FactsAfterLoad(ir::Type::kI64, 8, true), 0u);
  EXPECT_EQ(FactsAfterLoad(ir::Type::kI32, 4, true), 1u << kReg);
}

// Each access that runs gets its block's state just before it (the MacroAssembler's
// answer at its address, X64MacroAssembler::IrKnowsZeroExtended): here label 0's
// block loads through v0 (rbx) into v1 (i32, r12), then through v1 into v2 (i64, rbx),
// then through v1 again; an access after the return is dead and gets none.
TEST(ZeroExtendedAtLabels, EachAccessGetsItsBlocksStateBeforeIt) {
  ir::Function fn;
  fn.vreg_types = {ir::Type::kI32, ir::Type::kI32, ir::Type::kI64};
  fn.num_labels = 1;
  auto load = [](ir::Type type, uint8_t width, ir::VReg dst, ir::VReg addr) {
    return Inst{.op = Opcode::kLoad, .type = type, .src_type = ir::Type::kI32, .width = width, .dst = dst,
                .a = addr};
  };
  fn.insts = {Inst{.op = Opcode::kJump, .index = 0}, Inst{.op = Opcode::kLabel, .index = 0},
              load(ir::Type::kI32, 4, 1, 0), load(ir::Type::kI64, 8, 2, 1), load(ir::Type::kI32, 4, 1, 1),
              Inst{.op = Opcode::kReturn}, load(ir::Type::kI32, 4, 1, 0)};
  regalloc::Allocation alloc;
  alloc.locs = {Location::Reg(kReg), Location::Reg(12), Location::Reg(kReg)};
  std::vector<x64::AccessZext> accesses;
  const std::vector<uint16_t> at = x64::ZeroExtendedAtLabels(fn, alloc, x64::Registers(), 1u << kReg, &accesses);
  ASSERT_EQ(at.size(), 1u);
  EXPECT_EQ(at[0], 1u << kReg);  // the prologue's extension, carried by the entry's jump
  ASSERT_EQ(accesses.size(), 3u);
  auto state = [&](const x64::AccessZext& z) { return static_cast<uint16_t>((at[z.label] & z.keep) | z.gen); };
  const uint32_t insts[] = {2, 3, 4};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(accesses[k].inst, insts[k]);
    EXPECT_EQ(accesses[k].label, 0u);
  }
  EXPECT_EQ(state(accesses[0]), 1u << kReg);                // from the label
  EXPECT_EQ(state(accesses[1]), (1u << kReg) | (1u << 12));  // + the 32-bit load's result
  EXPECT_EQ(state(accesses[2]), 1u << 12);                  // rbx written at 64 bits
}

// A loop whose back edge takes a fact away from its header (rbx written at 64 bits in
// its body, the header's own block): the label after the loop, reached from the
// header, loses it too; the rounds go on while a round changes a label it has passed
// (here the header's, from the block it begins).
TEST(ZeroExtendedAtLabels, ABackEdgeChangesWhatTheLoopsExitsSee) {
  ir::Function fn;
  fn.vreg_types = {ir::Type::kI32, ir::Type::kI64};
  fn.num_labels = 2;
  fn.insts = {Inst{.op = Opcode::kJump, .index = 0}, Inst{.op = Opcode::kLabel, .index = 0},
              Inst{.op = Opcode::kBrIf, .a = 0, .index = 1},
              Inst{.op = Opcode::kLoad, .type = ir::Type::kI64, .src_type = ir::Type::kI32, .width = 8,
                   .dst = 1, .a = 0},
              Inst{.op = Opcode::kJump, .index = 0}, Inst{.op = Opcode::kLabel, .index = 1},
              Inst{.op = Opcode::kReturn}};
  regalloc::Allocation alloc;
  alloc.locs = {Location::Reg(12), Location::Reg(kReg)};
  const uint16_t entry = (1u << kReg) | (1u << 12);
  const std::vector<uint16_t> at = x64::ZeroExtendedAtLabels(fn, alloc, x64::Registers(), entry);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0], 1u << 12);
  EXPECT_EQ(at[1], 1u << 12);
}

}  // namespace
}  // namespace wasmc
