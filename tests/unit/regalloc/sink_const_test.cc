// Constants of a dispatch moved onto the br_table edges that read them
// (backend/regalloc/sink_const.h): on random dispatch loops, the function computes the
// same before and after (the IR interpreter of tests/unit/support) and passes the IR
// verifier; the block of the br_table keeps no constant that a target reads, and a
// target entered another way gets it through an edge block.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "backend/ir/printer.h"
#include "backend/ir/verify.h"
#include "backend/regalloc/sink_const.h"
#include "tests/unit/support/ir_interp.h"

namespace wasmc::regalloc {
namespace {

using namespace ir_test;

// params n, x; variables r, z, acc (several definitions each). A loop whose head sets r
// and z to constants (in either order, perhaps with an add of acc between) and
// dispatches on n & 7 over four cases and a default; each case reads or writes r, z and
// acc at random, counts n down and loops while n > 0, then falls into the next case or
// jumps to the exit, which returns acc (plus r, at random). Some cases also branch into
// another case. Every path ends: n only falls.
Function DispatchLoop(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](uint32_t k) { return static_cast<uint32_t>(rng() % k); };
  Function f;
  const VReg n = f.NewVReg(Type::kI32), x = f.NewVReg(Type::kI32);
  f.num_params = 2;
  f.results = {Type::kI32};
  const VReg r = f.NewVReg(Type::kI32), z = f.NewVReg(Type::kI32), acc = f.NewVReg(Type::kI32);
  const VReg seven = f.NewVReg(Type::kI32), one = f.NewVReg(Type::kI32), zero = f.NewVReg(Type::kI32);
  const VReg op = f.NewVReg(Type::kI32);
  constexpr uint32_t kHead = 0, kExit = 5;  // cases: labels 1..4
  f.num_labels = 6;
  f.label_block.assign(6, ~0u);
  auto add = [&](Inst in) { f.insts.push_back(in); };
  auto bind = [&](uint32_t l, uint8_t depth) {
    f.label_block[l] = static_cast<uint32_t>(f.insts.size());
    add({.op = Opcode::kLabel, .loop_depth = depth, .index = l});
  };
  add({.op = Opcode::kConst, .dst = acc, .imm = 0});
  add({.op = Opcode::kConst, .dst = r, .imm = 7});
  add({.op = Opcode::kConst, .dst = z, .imm = 9});
  add({.op = Opcode::kConst, .dst = seven, .imm = 7});
  add({.op = Opcode::kConst, .dst = one, .imm = 1});
  add({.op = Opcode::kConst, .dst = zero, .imm = 0});
  bind(kHead, 1);
  add({.op = Opcode::kAnd, .loop_depth = 1, .dst = op, .a = n, .b = seven});
  const Inst set_r{.op = Opcode::kConst, .loop_depth = 1, .dst = r, .imm = 100 + pick(50)};
  const Inst set_z{.op = Opcode::kConst, .loop_depth = 1, .dst = z, .imm = 200 + pick(50)};
  const Inst mix{.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = x};
  const bool r_first = pick(2);
  add(r_first ? set_r : set_z);
  if (pick(2)) add(mix);
  add(r_first ? set_z : set_r);
  Inst br{.op = Opcode::kBrTable, .loop_depth = 1, .a = op};
  br.extra_begin = static_cast<uint32_t>(f.extra.size());
  for (uint32_t k = 0; k < 4; ++k) f.extra.push_back(pick(5) == 0 ? kExit : 1 + pick(4));
  f.extra.push_back(pick(2) ? kExit : 1 + pick(4));  // the default
  br.extra_count = 5;
  add(br);
  for (uint32_t c = 1; c <= 4; ++c) {
    bind(c, 1);
    for (uint32_t k = pick(4); k-- > 0;) {
      switch (pick(6)) {
        case 0: add({.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = r}); break;
        case 1: add({.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = z}); break;
        case 2: add({.op = Opcode::kAdd, .loop_depth = 1, .dst = r, .a = x, .b = n}); break;
        case 3: add({.op = Opcode::kConst, .loop_depth = 1, .dst = z, .imm = pick(9)}); break;
        case 4: add({.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = n}); break;
        default:
          if (c < 4) add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = x, .b = n, .index = c + 1});
          break;
      }
    }
    add({.op = Opcode::kSub, .loop_depth = 1, .dst = n, .a = n, .b = one});
    add({.op = Opcode::kBrCmp, .cond = Cond::kGtS, .loop_depth = 1, .a = n, .b = zero, .index = kHead});
    if (c == 4 || pick(2)) add({.op = Opcode::kJump, .loop_depth = 1, .index = kExit});
  }
  bind(kExit, 0);
  VReg result = acc;
  if (pick(2)) {
    result = f.NewVReg(Type::kI32);
    add({.op = Opcode::kAdd, .dst = result, .a = acc, .b = r});
  }
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = static_cast<uint32_t>(f.extra.size());
  ret.extra_count = 1;
  f.extra.push_back(result);
  add(ret);
  return f;
}

// The constants left in the br_table's block (from its head label to the br_table).
uint32_t ConstantsAtTheDispatch(const Function& f) {
  uint32_t k = 0;
  for (uint32_t i = f.label_block[0] + 1; f.insts[i].op != Opcode::kBrTable; ++i) k += f.insts[i].op == Opcode::kConst;
  return k;
}

TEST(SinkDispatchConstants, KeepsWhatTheFunctionComputes) {
  uint32_t changed = 0, edge_blocks = 0, in_place = 0;
  for (uint32_t seed = 0; seed < 400; ++seed) {
    const Function before = DispatchLoop(seed);
    Function after = before;
    if (!SinkDispatchConstants(after)) continue;
    ++changed;
    edge_blocks += after.num_labels - before.num_labels;
    in_place += after.insts.size() - before.insts.size() - 3 * (after.num_labels - before.num_labels) > 0;
    const ir::VerifyResult v = ir::VerifyFunction(after);
    ASSERT_TRUE(v.ok) << ir::VerifyReport(after, v);
    EXPECT_EQ(ConstantsAtTheDispatch(after), 0u) << ir::PrintFunction(after);
    for (uint64_t nv : {0u, 1u, 2u, 3u, 5u, 8u, 13u, 17u})
      for (uint64_t xv : {0u, 4u, 100u})
        ASSERT_EQ(Interpret(after, {nv, xv}), Interpret(before, {nv, xv}))
            << "seed " << seed << " n=" << nv << " x=" << xv << "\n" << ir::PrintFunction(before) << "\n"
            << ir::PrintFunction(after);
  }
  // Both placements were exercised.
  EXPECT_GT(changed, 300u);
  EXPECT_GT(edge_blocks, 100u);
  EXPECT_GT(in_place, 50u);
}

// The exit reads r and is entered from every case: r's constant goes to an edge block
// after the br_table, which the default's entry now names; z, read by no target before
// its next definition, is dropped from the dispatch.
TEST(SinkDispatchConstants, ASharedTargetGetsAnEdgeBlock) {
  Function f;
  const VReg n = f.NewVReg(Type::kI32);
  f.num_params = 1;
  f.results = {Type::kI32};
  const VReg r = f.NewVReg(Type::kI32), z = f.NewVReg(Type::kI32), one = f.NewVReg(Type::kI32);
  f.num_labels = 3;  // 0 head, 1 case, 2 exit
  f.label_block.assign(3, ~0u);
  auto add = [&](Inst in) {
    if (in.op == Opcode::kLabel) f.label_block[in.index] = static_cast<uint32_t>(f.insts.size());
    f.insts.push_back(in);
  };
  add({.op = Opcode::kConst, .dst = r, .imm = 1});
  add({.op = Opcode::kConst, .dst = z, .imm = 2});
  add({.op = Opcode::kConst, .dst = one, .imm = 1});
  add({.op = Opcode::kLabel, .index = 0});
  add({.op = Opcode::kConst, .dst = r, .imm = 44});
  add({.op = Opcode::kConst, .dst = z, .imm = 0});
  Inst br{.op = Opcode::kBrTable, .loop_depth = 1, .a = n};  // (a dispatch in a loop)
  br.extra_begin = 0;
  f.extra = {1, 2};
  br.extra_count = 2;
  add(br);
  add({.op = Opcode::kLabel, .index = 1});
  add({.op = Opcode::kConst, .dst = z, .imm = 5});
  add({.op = Opcode::kAdd, .dst = r, .a = z, .b = n});
  add({.op = Opcode::kSub, .dst = n, .a = n, .b = one});
  add({.op = Opcode::kBrIf, .a = n, .index = 0});
  add({.op = Opcode::kLabel, .index = 2});
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = static_cast<uint32_t>(f.extra.size());
  ret.extra_count = 1;
  f.extra.push_back(r);
  add(ret);
  const Function before = f;
  ASSERT_TRUE(SinkDispatchConstants(f));
  EXPECT_EQ(ConstantsAtTheDispatch(f), 0u) << ir::PrintFunction(f);
  // br_table, edge label, r = 44, jump exit, then case 1 as before.
  const uint32_t at = f.label_block[0] + 3;
  ASSERT_EQ(f.insts[at].op, Opcode::kBrTable) << ir::PrintFunction(f);
  EXPECT_EQ(f.num_labels, 4u);
  EXPECT_EQ(f.extra[f.insts[at].extra_begin + 1], 3u);
  EXPECT_EQ(f.insts[at + 1].op, Opcode::kLabel);
  EXPECT_EQ(f.insts[at + 1].index, 3u);
  EXPECT_EQ(f.insts[at + 2].op, Opcode::kConst);
  EXPECT_EQ(f.insts[at + 2].dst, r);
  EXPECT_EQ(f.insts[at + 2].imm, 44u);
  EXPECT_EQ(f.insts[at + 3].op, Opcode::kJump);
  EXPECT_EQ(f.insts[at + 3].index, 2u);
  EXPECT_EQ(f.label_block[1], at + 4);
  for (uint64_t nv : {0u, 1u, 2u, 3u})
    EXPECT_EQ(Interpret(f, {nv}), Interpret(before, {nv})) << "n=" << nv;
}

}  // namespace
}  // namespace wasmc::regalloc
