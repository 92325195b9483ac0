// Liveness (backend/regalloc/liveness.h) against a plain reference on random IR: the
// region-level live-in / live-out sets must be the instruction-level dataflow's (the
// least fixpoint, however the worklist visits the regions), only globals may cross a
// region boundary, and the intervals must cover every position where a value is live
// in the function left after the dead-code removal.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "backend/ir/printer.h"
#include "backend/regalloc/liveness.h"
#include "backend/regalloc/op_flags.h"
#include "backend/regalloc/regalloc.h"
#include "tests/unit/regalloc/random_ir.h"

namespace wasmc::regalloc {
namespace {

using ir::Inst;
using ir::Opcode;
using ir::Type;
using ir::VReg;

// Instruction-level liveness by plain iteration to the fixpoint: live_in[i], live_out[i].
struct Reference {
  std::vector<std::set<VReg>> in, out;
};

Reference Solve(const ir::Function& f) {
  const uint32_t n = static_cast<uint32_t>(f.insts.size());
  Reference r{std::vector<std::set<VReg>>(n), std::vector<std::set<VReg>>(n)};
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = n; i-- > 0;) {
      std::set<VReg> out;
      for (uint32_t s : Successors(f, i)) out.insert(r.in[s].begin(), r.in[s].end());
      std::set<VReg> in = out;
      ir::ForEachDef(f, f.insts[i], [&](VReg v) { in.erase(v); });
      ir::ForEachUse(f, f.insts[i], [&](VReg v) { in.insert(v); });
      if (in != r.in[i] || out != r.out[i]) changed = true;
      r.in[i] = std::move(in);
      r.out[i] = std::move(out);
    }
  }
  return r;
}

bool Covers(const Intervals& iv, VReg v, uint32_t pos) {
  for (uint32_t k = iv.range_begin[v]; k < iv.range_begin[v + 1]; ++k)
    if (iv.ranges[k].start <= pos && pos <= iv.ranges[k].end) return true;
  return false;
}

TEST(Liveness, RegionSetsAreTheInstructionLevelFixpoint) {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    const ir::Function f = RandomFunction(seed);
    const Reference ref = Solve(f);
    const RegionLiveness lv(f);
    const uint32_t nv = f.NumVRegs();
    for (uint32_t r = 0; r < lv.regions.size(); ++r) {
      const Region& rg = lv.regions[r];
      ASSERT_LT(rg.begin, rg.end) << "seed " << seed;
      for (VReg v = 0; v < nv; ++v) {
        const uint32_t g = lv.global_index[v];
        const bool in = ref.in[rg.begin].count(v) > 0, out = ref.out[rg.end - 1].count(v) > 0;
        if (g == ~0u) {
          // Params are global; a region-local value never crosses a region boundary.
          EXPECT_FALSE(in || out) << "seed " << seed << " v" << v << " region " << r << "\n"
                                  << ir::PrintFunction(f);
          continue;
        }
        EXPECT_EQ(lv.live_in[r].Get(g), in) << "seed " << seed << " v" << v << " region " << r;
        EXPECT_EQ(lv.live_out[r].Get(g), out) << "seed " << seed << " v" << v << " region " << r;
      }
    }
  }
}

// What the walk notes for SplitWebs and ComputeIntervals: each global's vreg (the inverse
// of global_index), its number of definitions in the body (ForEachDef's, a param's entry
// not counted), and the instructions whose opcode may have operands in Function::extra
// (kOpExtra: all those that have one), in order.
TEST(Liveness, TheWalkListsTheGlobalsTheirDefinitionsAndTheExtraOperands) {
  uint32_t with_extra = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    const ir::Function f = RandomFunction(seed);
    const RegionLiveness lv(f);
    std::vector<uint32_t> defs(f.NumVRegs(), 0), extra_insts;
    for (uint32_t i = 0; i < f.insts.size(); ++i) {
      bool extra = false;
      auto in_extra = [&](const VReg& v) {
        extra |= &v >= f.extra.data() && &v < f.extra.data() + f.extra.size();
      };
      ir::ForEachDef(f, f.insts[i], [&](const VReg& v) { defs[v]++, in_extra(v); });
      ir::ForEachUse(f, f.insts[i], in_extra);
      // (Listed by opcode: a call without arguments or results is too.)
      const bool listed = OpcodeFlags()[static_cast<uint8_t>(f.insts[i].op)] & kOpExtra;
      EXPECT_TRUE(listed || !extra) << "seed " << seed << " inst " << i;
      if (listed) extra_insts.push_back(i);
    }
    with_extra += !extra_insts.empty();
    EXPECT_EQ(lv.extra_insts, extra_insts) << "seed " << seed;
    ASSERT_EQ(lv.global_vreg.size(), lv.num_globals) << "seed " << seed;
    ASSERT_EQ(lv.global_defs.size(), lv.num_globals) << "seed " << seed;
    for (uint32_t g = 0; g < lv.num_globals; ++g) {
      const VReg v = lv.global_vreg[g];
      EXPECT_EQ(lv.global_index[v], g) << "seed " << seed << " bit " << g;
      EXPECT_EQ(lv.global_defs[g], defs[v]) << "seed " << seed << " v" << v;
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(with_extra, 50u);  // (the random functions make calls)
}

// GatherOperands (op_flags.h): the operands ForEachUse and then ForEachDef visit, as
// the addresses they visit (a rename through them renames the instruction's own), the
// uses counted; the vector kept from one call to the next (its stale words ignored).
TEST(Liveness, GatherOperandsListsTheWalkersOperandsInTheirOrder) {
  std::vector<VReg*> ops;
  uint32_t gathered = 0;
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    ir::Function f = RandomFunction(seed);
    for (Inst& in : f.insts) {
      if (!(OpcodeFlags()[static_cast<uint8_t>(in.op)] & kOpExtra)) continue;
      std::vector<VReg*> want;
      ir::ForEachUse(f, in, [&](VReg& v) { want.push_back(&v); });
      const size_t want_uses = want.size();
      ir::ForEachDef(f, in, [&](VReg& v) { want.push_back(&v); });
      const size_t uses = GatherOperands(f, in, ops);
      ASSERT_EQ(uses, want_uses) << "seed " << seed;
      ASSERT_EQ(ops, want) << "seed " << seed;
      ++gathered;
    }
  }
  EXPECT_GT(gathered, 100u);  // (the random functions make calls)
}

TEST(Liveness, IntervalsCoverEveryLivePosition) {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    ir::Function f = RandomFunction(seed);
    const Intervals iv = ComputeIntervals(f);  // deletes dead pure instructions
    const Reference ref = Solve(f);
    for (uint32_t i = 0; i < f.insts.size(); ++i) {
      // Read at 2i, written at 2i+1; live out of i: held at 2i+1 (and on into i+1).
      for (VReg v : ref.in[i]) {
        if (f.insts[i].op != Opcode::kLabel) {
          EXPECT_TRUE(Covers(iv, v, 2 * i)) << "seed " << seed << " v" << v << " at " << i;
        }
      }
      for (VReg v : ref.out[i]) EXPECT_TRUE(Covers(iv, v, 2 * i + 1)) << "seed " << seed << " v" << v << " at " << i;
      ir::ForEachUse(f, f.insts[i], [&](VReg v) { EXPECT_TRUE(Covers(iv, v, 2 * i)) << "seed " << seed; });
      ir::ForEachDef(f, f.insts[i], [&](VReg v) { EXPECT_TRUE(Covers(iv, v, 2 * i + 1)) << "seed " << seed; });
    }
    for (VReg v = 0; v < f.NumVRegs(); ++v)
      if (iv.range_begin[v] < iv.range_begin[v + 1]) {
        EXPECT_EQ(iv.start[v], iv.ranges[iv.range_begin[v]].start);
        EXPECT_EQ(iv.end[v], iv.ranges[iv.range_begin[v + 1] - 1].end);
      }
  }
}

// The -O1 tier's temporaries (Intervals::temps, ComputeIntervals(fn, true)): exactly the
// values of one region with one range that are not params, each with that range as its
// start and end and no ranges of its own, in the order a walk over the definitions
// meets their first ones (an instruction's dst, then ir::ForEachDef's order: the random
// calls' results tie); every other value has the ranges it has without the option.
TEST(Liveness, TemporariesApartAreTheOneRangeValuesOfOneRegionInStartOrder) {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    ir::Function f = RandomFunction(seed);
    ir::Function g = f;
    const Intervals full = ComputeIntervals(f);
    const Intervals apart = ComputeIntervals(g, /*temps_apart=*/true);
    ASSERT_EQ(ir::PrintFunction(f), ir::PrintFunction(g)) << "seed " << seed;  // the same dead code
    const uint32_t nv = f.NumVRegs();
    auto one_range_local = [&](VReg v) {
      return full.liveness.global_index[v] == ~0u && full.range_begin[v + 1] - full.range_begin[v] == 1 &&
             v >= f.num_params;
    };
    std::vector<VReg> expected;
    std::vector<uint8_t> listed(nv, 0);
    for (uint32_t i = 0; i < f.insts.size(); ++i) {
      auto visit = [&](VReg d) {
        if (one_range_local(d) && !listed[d] && full.start[d] == 2 * i + 1) listed[d] = 1, expected.push_back(d);
      };
      if (f.insts[i].dst != ir::kNoVReg) visit(f.insts[i].dst);
      ir::ForEachDef(f, f.insts[i], visit);
    }
    EXPECT_EQ(apart.temps, expected) << "seed " << seed << "\n" << ir::PrintFunction(f);
    for (VReg v = 0; v < nv; ++v) {
      if (one_range_local(v)) {
        EXPECT_TRUE(listed[v]) << "seed " << seed << " v" << v;
        EXPECT_EQ(apart.range_begin[v], apart.range_begin[v + 1]) << "seed " << seed << " v" << v;
      } else {
        ASSERT_EQ(apart.range_begin[v + 1] - apart.range_begin[v], full.range_begin[v + 1] - full.range_begin[v])
            << "seed " << seed << " v" << v;
        for (uint32_t k = 0; k < full.range_begin[v + 1] - full.range_begin[v]; ++k) {
          EXPECT_EQ(apart.ranges[apart.range_begin[v] + k].start, full.ranges[full.range_begin[v] + k].start);
          EXPECT_EQ(apart.ranges[apart.range_begin[v] + k].end, full.ranges[full.range_begin[v] + k].end);
        }
      }
      EXPECT_EQ(apart.start[v], full.start[v]) << "seed " << seed << " v" << v;
      EXPECT_EQ(apart.end[v], full.end[v]) << "seed " << seed << " v" << v;
      EXPECT_EQ(apart.num_defs[v], full.num_defs[v]);
      EXPECT_EQ(apart.weight[v], full.weight[v]);
    }
  }
}

// Spill weights are float sums of 1, 10, 100, 1000, 10000 per occurrence by loop depth,
// in instruction order. Above 2^24 a float sum depends on the order of its terms: the
// weights must still be those of that order (x: 18,000,000 from its occurrences at
// depth 4, then five at depth 0, each rounded away).
// A value read early in a block and written again later in it, by an instruction that
// does not read it, is dead in between: its range has a hole inside the region (its
// register is free there). x is live around the loop (into and out of its one block).
//   0: x = 0; 1: L: (loop); 2: y = x + p; 3: z = y + p; 4: x = z + p; 5: br_if p L;
//   6: return x
TEST(Liveness, AValueIsDeadFromItsLastReadToItsNextDefinitionInABlock) {
  ir::Function f;
  const VReg p = f.NewVReg(Type::kI32);
  f.num_params = 1;
  f.results = {Type::kI32};
  const VReg x = f.NewVReg(Type::kI32), y = f.NewVReg(Type::kI32), z = f.NewVReg(Type::kI32);
  f.num_labels = 1;
  f.label_block = {1};
  f.insts.push_back({.op = Opcode::kConst, .dst = x, .imm = 0});
  f.insts.push_back({.op = Opcode::kLabel, .loop_depth = 1, .index = 0});
  f.insts.push_back({.op = Opcode::kAdd, .loop_depth = 1, .dst = y, .a = x, .b = p});
  f.insts.push_back({.op = Opcode::kAdd, .loop_depth = 1, .dst = z, .a = y, .b = p});
  f.insts.push_back({.op = Opcode::kAdd, .loop_depth = 1, .dst = x, .a = z, .b = p});
  f.insts.push_back({.op = Opcode::kBrIf, .loop_depth = 1, .a = p, .index = 0});
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = 0;
  ret.extra_count = 1;
  f.extra.push_back(x);
  f.insts.push_back(ret);
  const Intervals iv = ComputeIntervals(f);
  EXPECT_TRUE(Covers(iv, x, 2));   // live into the loop
  EXPECT_TRUE(Covers(iv, x, 4));   // read by instruction 2
  for (uint32_t pos = 5; pos <= 8; ++pos) EXPECT_FALSE(Covers(iv, x, pos)) << pos;
  EXPECT_TRUE(Covers(iv, x, 9));   // written by instruction 4
  EXPECT_TRUE(Covers(iv, x, 11));  // live around the back edge
  EXPECT_TRUE(Covers(iv, p, 6));
}

TEST(Liveness, WeightsAreFloatSumsInInstructionOrder) {
  ir::Function f;
  const VReg x = f.NewVReg(Type::kI32);
  f.num_params = 1;
  f.results = {Type::kI32};
  const VReg y = f.NewVReg(Type::kI32);
  for (int k = 0; k < 600; ++k)
    f.insts.push_back({.op = Opcode::kAdd, .loop_depth = 4, .dst = x, .a = x, .b = x});
  f.insts.push_back({.op = Opcode::kConst, .dst = y, .imm = 0});
  for (int k = 0; k < 5; ++k) f.insts.push_back({.op = Opcode::kAdd, .dst = y, .a = x, .b = y});
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = 0;
  ret.extra_count = 1;
  f.extra.push_back(y);
  f.insts.push_back(ret);
  std::vector<float> expected(f.NumVRegs(), 0.f);
  uint64_t exact_x = 0;
  static const float kDepth[] = {1.f, 10.f, 100.f, 1000.f, 10000.f};
  for (const Inst& in : f.insts) {
    const float w = kDepth[std::min<int>(in.loop_depth, 4)];
    ir::ForEachUse(f, in, [&](VReg v) { expected[v] += w; exact_x += v == x ? static_cast<uint64_t>(w) : 0; });
    ir::ForEachDef(f, in, [&](VReg v) { expected[v] += w; exact_x += v == x ? static_cast<uint64_t>(w) : 0; });
  }
  ASSERT_NE(static_cast<float>(exact_x), expected[x]);  // the order matters here
  const Intervals iv = ComputeIntervals(f);
  for (VReg v = 0; v < f.NumVRegs(); ++v) EXPECT_EQ(iv.weight[v], expected[v]) << "v" << v;
}

// The scan takes UsesWasmConvention and CallsCCode from the liveness (its kEhEdge flag
// and its calls) instead of a walk; the emitter reads the first from the allocation.
TEST(Liveness, ConventionFactsFromTheLivenessAreTheWalks) {
  RegisterInfo regs;
  regs.gprs = {1, 2, 3, 4};
  regs.fprs = {8, 9, 10};
  regs.fpr_wasm_saved = (1u << 8) | (1u << 9) | (1u << 10);
  int eh = 0, c = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    ir::Function f = RandomFunction(seed);
    std::mt19937 rng(seed);
    for (Inst& in : f.insts) {  // some calls reach C code, some adds become exception edges
      if (in.op == Opcode::kCall && rng() % 3 == 0) in.op = Opcode::kCallImport;
      if (in.op == Opcode::kAdd && rng() % 40 == 0) in = Inst{.op = Opcode::kEhEdge, .index = 0};
    }
    const bool wasm_convention = UsesWasmConvention(f);
    const bool calls_c = CallsCCode(f);
    eh += !wasm_convention, c += calls_c;
    ir::Function g = f;
    const Allocation a = AllocateRegisters(g, regs, nullptr, /*split_loops=*/false);
    EXPECT_EQ(a.wasm_convention, wasm_convention) << "seed " << seed;
    // (Only i32 values: no FPR is allocated, so the wasm-saved FPRs are marked used
    // exactly when the function may call C code.)
    EXPECT_EQ(a.fpr_callee_saved_used & regs.fpr_wasm_saved, calls_c ? regs.fpr_wasm_saved : 0u) << "seed " << seed;
  }
  EXPECT_GT(eh, 10);
  EXPECT_GT(c, 10);
}

}  // namespace
}  // namespace wasmc::regalloc
