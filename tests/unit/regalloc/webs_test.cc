// Webs (backend/regalloc/webs.h): on random IR, every use reads the vreg that each
// definition reaching it writes (the program is the same), and the liveness SplitWebs
// derives is the one computed again from the result; on a small function, a local
// reused for two values becomes two vregs and a loop variable stays one.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "backend/ir/printer.h"
#include "backend/regalloc/liveness.h"
#include "backend/regalloc/webs.h"
#include "tests/unit/regalloc/random_ir.h"

namespace wasmc::regalloc {
namespace {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

// Per instruction, its operands in ForEachUse / ForEachDef order.
std::vector<VReg> Uses(const ir::Function& f, uint32_t i) {
  std::vector<VReg> out;
  ir::ForEachUse(f, f.insts[i], [&](VReg v) { out.push_back(v); });
  return out;
}
std::vector<VReg> Defs(const ir::Function& f, uint32_t i) {
  std::vector<VReg> out;
  ir::ForEachDef(f, f.insts[i], [&](VReg v) { out.push_back(v); });
  return out;
}

// Reaching definitions at each instruction's start, per vreg: (instruction, operand
// index among its definitions), or (~0u, 0) for the value at entry.
using Def = std::pair<uint32_t, uint32_t>;
std::vector<std::map<VReg, std::set<Def>>> Reaching(const ir::Function& f) {
  const uint32_t n = static_cast<uint32_t>(f.insts.size());
  std::vector<std::map<VReg, std::set<Def>>> in(n);
  for (VReg v = 0; v < f.NumVRegs(); ++v) in[0][v].insert({~0u, 0});
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = 0; i < n; ++i) {
      std::map<VReg, std::set<Def>> out = in[i];
      const std::vector<VReg> defs = Defs(f, i);
      for (uint32_t k = 0; k < defs.size(); ++k) out[defs[k]] = {{i, k}};
      for (uint32_t s : Successors(f, i))
        for (auto& [v, ds] : out)
          for (const Def& d : ds) changed |= in[s][v].insert(d).second;
    }
  }
  return in;
}

bool LiveIn(const RegionLiveness& lv, uint32_t r, VReg v) {
  const uint32_t g = v < lv.global_index.size() ? lv.global_index[v] : ~0u;
  return g != ~0u && lv.live_in[r].Get(g);
}
bool LiveOut(const RegionLiveness& lv, uint32_t r, VReg v) {
  const uint32_t g = v < lv.global_index.size() ? lv.global_index[v] : ~0u;
  return g != ~0u && lv.live_out[r].Get(g);
}

TEST(Webs, RandomFunctionsKeepWhatEachUseReads) {
  uint32_t split_functions = 0;
  for (uint32_t seed = 0; seed < 400; ++seed) {
    const ir::Function before = RandomFunction(seed);
    ir::Function after = before;
    RegionLiveness lv(after);
    const uint32_t added = SplitWebs(after, lv);
    split_functions += added != 0;
    ASSERT_EQ(after.NumVRegs(), before.NumVRegs() + added);
    ASSERT_EQ(after.insts.size(), before.insts.size());
    // The program: a use's vreg is the one each definition reaching it wrote (the
    // value at entry: a param's or an undefined value's, under its own number).
    const auto reaching = Reaching(before);
    std::map<VReg, VReg> entry_name;
    for (uint32_t i = 0; i < before.insts.size(); ++i) {
      const std::vector<VReg> uses = Uses(before, i), renamed = Uses(after, i);
      ASSERT_EQ(uses.size(), renamed.size());
      // Not reached from the entry (every vreg has definitions reaching a reachable
      // instruction, the entry's at least):
      if (reaching[i].size() < before.NumVRegs()) continue;
      for (uint32_t k = 0; k < uses.size(); ++k) {
        auto it = reaching[i].find(uses[k]);
        ASSERT_NE(it, reaching[i].end());
        for (const Def& d : it->second) {
          if (d.first == ~0u) {
            auto [e, fresh] = entry_name.insert({uses[k], renamed[k]});
            EXPECT_EQ(e->second, renamed[k]) << "seed " << seed << " inst " << i;
            if (uses[k] < before.num_params) {
              EXPECT_EQ(renamed[k], uses[k]) << "seed " << seed;
            }
            continue;
          }
          EXPECT_EQ(Defs(after, d.first)[d.second], renamed[k])
              << "seed " << seed << " inst " << i << " reads from " << d.first << "\n"
              << ir::PrintFunction(after);
        }
      }
    }
    // The derived liveness is the result's.
    const RegionLiveness fresh(after);
    ASSERT_EQ(fresh.regions.size(), lv.regions.size());
    for (uint32_t r = 0; r < lv.regions.size(); ++r)
      for (VReg v = 0; v < after.NumVRegs(); ++v) {
        EXPECT_EQ(LiveIn(lv, r, v), LiveIn(fresh, r, v)) << "seed " << seed << " region " << r << " v" << v;
        EXPECT_EQ(LiveOut(lv, r, v), LiveOut(fresh, r, v)) << "seed " << seed << " region " << r << " v" << v;
      }
    // Each global's vreg, the new webs' too (what ComputeIntervals reads them from).
    ASSERT_EQ(lv.global_vreg.size(), lv.num_globals) << "seed " << seed;
    for (uint32_t g = 0; g < lv.num_globals; ++g)
      EXPECT_EQ(lv.global_index[lv.global_vreg[g]], g) << "seed " << seed << " bit " << g;
    if (HasFailure()) return;
  }
  EXPECT_GT(split_functions, 100u);  // (the walk above saw real splits)
}

// x = 1; call; y = x + x; x = 2; loop: x = x + y; br x < 100; return x
// The first x (live across the call) and the second (the loop's, from `x = 2` on) meet
// at no use: two vregs. The loop's definitions all reach the loop's uses: one.
TEST(Webs, ALocalReusedForTwoValuesBecomesTwoVRegs) {
  ir::Function f;
  f.num_params = 0;
  f.results = {ir::Type::kI32};
  const VReg x = f.NewVReg(ir::Type::kI32), y = f.NewVReg(ir::Type::kI32), c = f.NewVReg(ir::Type::kI32);
  f.num_labels = 1;
  f.label_block.assign(1, ~0u);
  auto add = [&](Inst in) { f.insts.push_back(in); };
  add({.op = Opcode::kConst, .dst = x, .imm = 1});
  add({.op = Opcode::kCall, .index = 0});
  add({.op = Opcode::kAdd, .dst = y, .a = x, .b = x});
  add({.op = Opcode::kConst, .dst = x, .imm = 2});
  add({.op = Opcode::kConst, .dst = c, .imm = 100});
  f.label_block[0] = static_cast<uint32_t>(f.insts.size());
  add({.op = Opcode::kLabel, .loop_depth = 1, .index = 0});
  add({.op = Opcode::kAdd, .loop_depth = 1, .dst = x, .a = x, .b = y});
  add({.op = Opcode::kBrCmp, .cond = ir::Cond::kLtU, .loop_depth = 1, .a = x, .b = c, .index = 0});
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = 0;
  ret.extra_count = 1;
  f.extra.push_back(x);
  add(ret);
  RegionLiveness lv(f);
  EXPECT_EQ(SplitWebs(f, lv), 1u) << ir::PrintFunction(f);
  // (Which web keeps x's number: the one with the lowest node, here the loop's, live
  // into the loop header; the first x lives in one region.)
  const VReg first = f.insts[0].dst, second = f.insts[3].dst;
  EXPECT_NE(first, second);
  EXPECT_TRUE(first == x || second == x);
  EXPECT_EQ(f.insts[2].a, first);
  EXPECT_EQ(f.insts[2].b, first);
  EXPECT_EQ(f.insts[6].dst, second);
  EXPECT_EQ(f.insts[6].a, second);
  EXPECT_EQ(f.insts[7].a, second);
  EXPECT_EQ(f.extra[0], second);
  EXPECT_EQ(f.insts[6].b, y);  // single definitions keep their numbers
}

// params x, y; z = x + y; x = 2; y = z + z; br y < x -> L; return y; L: return x + y
// The second webs of x and y are new vregs, numbered in the order of the first region
// each is live into: y's (into the return's region, which only the first region enters
// and which has no live-in node of its own in SplitWebs) before x's (into L), though x's
// definition comes first. (The numbers decide the scan's order among equal starts: the
// output stays the same only if they do.)
TEST(Webs, NewWebsAreNumberedByTheFirstRegionTheyAreLiveInto) {
  ir::Function f;
  f.num_params = 2;
  f.results = {ir::Type::kI32};
  const VReg x = f.NewVReg(ir::Type::kI32), y = f.NewVReg(ir::Type::kI32);
  const VReg z = f.NewVReg(ir::Type::kI32), t = f.NewVReg(ir::Type::kI32);
  f.num_labels = 1;
  f.label_block.assign(1, ~0u);
  auto add = [&](Inst in) { f.insts.push_back(in); };
  auto ret = [&](VReg v) {
    Inst in{.op = Opcode::kReturn, .index2 = 1};
    in.extra_begin = static_cast<uint32_t>(f.extra.size());
    in.extra_count = 1;
    f.extra.push_back(v);
    add(in);
  };
  add({.op = Opcode::kAdd, .dst = z, .a = x, .b = y});
  add({.op = Opcode::kConst, .dst = x, .imm = 2});
  add({.op = Opcode::kAdd, .dst = y, .a = z, .b = z});
  add({.op = Opcode::kBrCmp, .cond = ir::Cond::kLtU, .a = y, .b = x, .index = 0});
  ret(y);
  f.label_block[0] = static_cast<uint32_t>(f.insts.size());
  add({.op = Opcode::kLabel, .index = 0});
  add({.op = Opcode::kAdd, .dst = t, .a = x, .b = y});
  ret(t);
  RegionLiveness lv(f);
  ASSERT_EQ(SplitWebs(f, lv), 2u) << ir::PrintFunction(f);
  EXPECT_EQ(f.insts[0].a, x);  // the params' values keep their numbers
  EXPECT_EQ(f.insts[0].b, y);
  EXPECT_EQ(f.insts[2].dst, 4u) << ir::PrintFunction(f);  // y's second web first
  EXPECT_EQ(f.insts[1].dst, 5u);
  EXPECT_EQ(f.insts[3].a, 4u);
  EXPECT_EQ(f.insts[3].b, 5u);
  EXPECT_EQ(f.extra[0], 4u);
  EXPECT_EQ(f.insts[6].a, 5u);
  EXPECT_EQ(f.insts[6].b, 4u);
  // Both new webs are live into a region: global, with the liveness of the result.
  const RegionLiveness fresh(f);
  ASSERT_EQ(fresh.regions.size(), lv.regions.size());
  for (uint32_t r = 0; r < lv.regions.size(); ++r)
    for (VReg v = 0; v < f.NumVRegs(); ++v) {
      EXPECT_EQ(LiveIn(lv, r, v), LiveIn(fresh, r, v)) << "region " << r << " v" << v;
      EXPECT_EQ(LiveOut(lv, r, v), LiveOut(fresh, r, v)) << "region " << r << " v" << v;
    }
}

}  // namespace
}  // namespace wasmc::regalloc
