// The mid-end passes against hand-made IR. Each test checks three things: the result
// passes the IR verifier, the interpreter for the integer subset of the IR
// (tests/unit/support/ir_interp.h) computes the same results (or the same trap) before
// and after on a set of inputs, and the rewrite the pass is for happened (a constant, a
// shift instead of a division, a nop).
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <optional>

#include "backend/ir/printer.h"
#include "backend/ir/verify.h"
#include "backend/opt/opt.h"
#include "backend/opt/util.h"
#include "tests/unit/support/ir_interp.h"

namespace wasmc::opt {
namespace {

using namespace ir_test;  // NOLINT: the IR's names and the interpreter

struct Fn {
  Function f;
  explicit Fn(std::vector<Type> params, Type result = Type::kI32) {
    for (Type t : params) f.NewVReg(t);
    f.num_params = static_cast<uint32_t>(params.size());
    f.results = {result};
  }
  VReg V(Type t = Type::kI32) { return f.NewVReg(t); }
  uint32_t Label() { f.label_block.push_back(~0u); return f.num_labels++; }
  uint32_t Add(Inst in) {
    if (in.op == Opcode::kLabel) f.label_block[in.index] = static_cast<uint32_t>(f.insts.size());
    f.insts.push_back(in);
    return static_cast<uint32_t>(f.insts.size() - 1);
  }
  VReg Const(uint64_t x, Type t = Type::kI32) {
    VReg d = V(t);
    Add({.op = Opcode::kConst, .type = t, .dst = d, .imm = x});
    return d;
  }
  VReg Bin(Opcode op, VReg a, VReg b, Type t = Type::kI32) {
    VReg d = V(t);
    Add({.op = op, .type = t, .dst = d, .a = a, .b = b});
    return d;
  }
  void Ret(VReg v) {
    Inst in{.op = Opcode::kReturn};
    in.extra_begin = static_cast<uint32_t>(f.extra.size());
    f.extra.push_back(v);
    in.extra_count = in.index2 = 1;
    Add(in);
  }
  uint32_t Count(Opcode op) const {
    uint32_t n = 0;
    for (const Inst& in : f.insts) n += in.op == op;
    return n;
  }
};

const std::vector<uint64_t> kSamples = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, 255,
                                        0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffff0,
                                        0xfffffff8, 0xfffffffc, 0xfffffffe, 0x123456789abcdefull,
                                        0x8000000000000000ull, 0xffffffffffffffffull,
                                        0x7fffffffffffffffull, 0xfffffffffffffff9ull};

// Runs `pass`, checks the verifier and the interpreter on every sample (for each param).
void CheckPass(Fn& t, bool (*pass)(Function&), bool expect_change = true) {
  Function before = t.f;
  EXPECT_EQ(pass(t.f), expect_change) << ir::PrintFunction(t.f);
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
  std::vector<uint64_t> args(t.f.num_params, 0);
  for (uint64_t x : kSamples)
    for (uint64_t y : {uint64_t{0}, uint64_t{5}, uint64_t{0xffffffff}, x}) {
      for (size_t k = 0; k < args.size(); ++k) args[k] = k == 0 ? x : y;
      EXPECT_EQ(Interpret(before, args), Interpret(t.f, args))
          << "args " << x << ", " << y << "\n" << ir::PrintFunction(t.f);
    }
}

// ---- folding ------------------------------------------------------------------------

TEST(Fold, ConstantsWrapAndShiftCountsAreModWidth) {
  Fn t({});
  VReg big = t.Const(0xffffffff), one = t.Const(1), n33 = t.Const(33);
  VReg sum = t.Bin(Opcode::kAdd, big, one);         // wraps to 0
  VReg sh = t.Bin(Opcode::kShl, one, n33);          // 1 << (33 mod 32) = 2
  VReg x = t.Bin(Opcode::kOr, sum, sh);
  t.Ret(x);
  CheckPass(t, FoldConstants);
  EXPECT_EQ(t.Count(Opcode::kShl) + t.Count(Opcode::kAdd) + t.Count(Opcode::kOr), 0u);
  EXPECT_EQ(Interpret(t.f, {}).value, 2u);
}

// The one rule for a branch on a constant (ir.h), which branch folding, both emitters
// and the x86-64 address check's facts share: an i32 br_if reads the low 32 bits, a
// br_table's index is 32 bits and an index out of range takes the default (the last).
TEST(Fold, BranchesOnConstantsTakeWasmsEdge) {
  for (auto [type, cond, value, taken] :
       {std::tuple{Type::kI32, Cond::kNe, 0x100000000ull, false}, {Type::kI64, Cond::kNe, 0x100000000ull, true},
        {Type::kI32, Cond::kEq, 0x100000000ull, true}, {Type::kI64, Cond::kEq, 0ull, true},
        {Type::kI32, Cond::kNe, 0x80000000ull, true}, {Type::kI32, Cond::kEq, 7ull, false}}) {
    const Inst br{.op = Opcode::kBrIf, .type = type, .cond = cond};
    EXPECT_EQ(ir::BrIfTaken(br, value), taken) << value;
  }
  Inst table{.op = Opcode::kBrTable};
  table.extra_count = 3;
  for (auto [index, position] : {std::pair{0ull, 0u}, {2ull, 2u}, {3ull, 2u}, {0xffffffffull, 2u},
                                 {0x100000001ull, 1u}, {0xffffffff00000000ull, 0u}})
    EXPECT_EQ(ir::BrTableTargetIndex(table, index), position) << index;
}

TEST(Fold, TrappingDivisionsStay) {
  for (auto [op, a, b] : {std::tuple{Opcode::kDivS, 0x80000000ull, 0xffffffffull},
                          std::tuple{Opcode::kDivU, 5ull, 0ull}, std::tuple{Opcode::kRemS, 5ull, 0ull}}) {
    Fn t({});
    t.Ret(t.Bin(op, t.Const(a), t.Const(b)));
    CheckPass(t, FoldConstants, false);
    EXPECT_EQ(t.Count(op), 1u) << ir::OpcodeName(op);
    EXPECT_TRUE(Interpret(t.f, {}).trapped);
  }
  Fn t({});  // INT_MIN rem_s -1 is 0, no trap
  t.Ret(t.Bin(Opcode::kRemS, t.Const(0x80000000), t.Const(0xffffffff)));
  CheckPass(t, FoldConstants);
  EXPECT_EQ(t.Count(Opcode::kRemS), 0u);
}

TEST(Fold, AlgebraicIdentitiesPropagateTheOperand) {
  Fn t({Type::kI32, Type::kI32});
  VReg x = t.Bin(Opcode::kAdd, 0, t.Const(0));
  x = t.Bin(Opcode::kMul, t.Const(1), x);  // constant on the left: commuted
  x = t.Bin(Opcode::kAnd, x, t.Const(0xffffffff));
  x = t.Bin(Opcode::kShl, x, t.Const(32));  // count 32 = 0 mod 32
  VReg zero = t.Bin(Opcode::kSub, 1, 1);
  x = t.Bin(Opcode::kOr, x, zero);
  t.Ret(x);
  CheckPass(t, FoldConstants);
  EXPECT_EQ(t.f.extra[t.f.insts.back().extra_begin], 0u) << ir::PrintFunction(t.f);  // returns p0
}

TEST(Fold, MultiDefinitionVariablesAreNotPropagated) {
  // v = 1; if (p0) v = 2; return v + 0: the add becomes a copy of v, never the constant.
  Fn t({Type::kI32});
  VReg v = t.V(), one = t.Const(1), two = t.Const(2);
  uint32_t skip = t.Label();
  t.Add({.op = Opcode::kMov, .dst = v, .a = one});
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kEq, .a = 0, .index = skip});
  t.Add({.op = Opcode::kMov, .dst = v, .a = two});
  t.Add({.op = Opcode::kLabel, .index = skip});
  t.Ret(t.Bin(Opcode::kAdd, v, t.Const(0)));
  CheckPass(t, FoldConstants);
  EXPECT_EQ(t.Count(Opcode::kMov), 3u) << ir::PrintFunction(t.f);
}

TEST(Fold, StrengthReductionOfPowersOfTwo) {
  for (Type ty : {Type::kI32, Type::kI64}) {
    for (Opcode op : {Opcode::kMul, Opcode::kDivU, Opcode::kRemU, Opcode::kDivS, Opcode::kRemS}) {
      for (uint64_t c : {2ull, 8ull, 0x40000000ull}) {
        Fn t({ty}, ty);
        t.Ret(t.Bin(op, 0, t.Const(c, ty), ty));
        CheckPass(t, FoldConstants);
        EXPECT_EQ(t.Count(op), 0u) << ir::OpcodeName(op) << " by " << c << "\n" << ir::PrintFunction(t.f);
      }
    }
  }
}

// i32 division and remainder by other constants become a multiplication in 64 bits
// (fold.cc, DivideU32): no division left, the same results on the samples and on
// dividends around multiples of the divisor and random ones.
TEST(Fold, I32DivisionByAConstantIsAMultiplication) {
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  auto next = [&] { seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; return seed; };
  std::vector<uint64_t> divisors = {3, 5, 6, 7, 10, 11, 25, 30, 100, 641, 1000, 0x7fffffff, 0x80000001,
                                    0xfffffffe, 0xfffffff9, 0xcccccccd, 0x55555555, 0x40000001};
  for (int k = 0; k < 40; ++k) divisors.push_back(static_cast<uint32_t>(next() >> (next() % 32)) | 3);
  for (uint64_t c : divisors) {
    if (c < 3 || (c & (c - 1)) == 0) continue;
    for (Opcode op : {Opcode::kDivU, Opcode::kRemU, Opcode::kDivS, Opcode::kRemS}) {
      const bool sig = op == Opcode::kDivS || op == Opcode::kRemS;
      Fn t({Type::kI32});
      t.Ret(t.Bin(op, 0, t.Const(c)));
      Function before = t.f;
      const bool reduced = !sig || c < 0x80000000ull;  // a negative signed divisor stays
      CheckPass(t, FoldConstants, reduced);
      EXPECT_EQ(t.Count(op), reduced ? 0u : 1u) << ir::OpcodeName(op) << " by " << c;
      std::vector<uint64_t> xs;
      for (uint64_t q : {0ull, 1ull, 2ull, 0xffffffffull / c, 0x7fffffffull / c, 0x80000000ull / c})
        for (int64_t d : {-1, 0, 1}) {
          xs.push_back(static_cast<uint32_t>(q * c + d));
          xs.push_back(static_cast<uint32_t>(-static_cast<int64_t>(q * c) + d));
        }
      for (int k = 0; k < 200; ++k) xs.push_back(static_cast<uint32_t>(next()));
      for (uint64_t x : xs)
        ASSERT_EQ(Interpret(before, {x}), Interpret(t.f, {x}))
            << ir::OpcodeName(op) << " " << x << " by " << c << "\n" << ir::PrintFunction(t.f);
    }
  }
}

TEST(Fold, DivisionByMinusOneOrIntMinIsNotReduced) {
  for (uint64_t c : {0xffffffffull, 0x80000000ull}) {
    Fn t({Type::kI32});
    t.Ret(t.Bin(Opcode::kDivS, 0, t.Const(c)));
    CheckPass(t, FoldConstants, false);
    EXPECT_EQ(t.Count(Opcode::kDivS), 1u);
  }
}

// ---- branches -------------------------------------------------------------------------

TEST(Branches, ConstantConditionsAndUnreachableBlocks) {
  // if (1 <u 2) return p0 + 1 else return 7
  Fn t({Type::kI32});
  uint32_t els = t.Label();
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kGeU, .a = t.Const(1), .b = t.Const(2), .index = els});
  t.Ret(t.Bin(Opcode::kAdd, 0, t.Const(1)));
  t.Add({.op = Opcode::kLabel, .index = els});
  t.Ret(t.Const(7));
  CheckPass(t, FoldBranches);
  EXPECT_EQ(t.Count(Opcode::kBrCmp), 0u);
  EXPECT_EQ(t.Count(Opcode::kReturn), 1u) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.Count(Opcode::kLabel), 0u);
}

TEST(Branches, JumpsToJumpsAreThreaded) {
  // br_if p0 -> L1; L1: jump L2 ... L2: return
  Fn t({Type::kI32});
  uint32_t l1 = t.Label(), l2 = t.Label();
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = 0, .index = l1});
  t.Ret(t.Const(3));
  t.Add({.op = Opcode::kLabel, .index = l1});
  t.Add({.op = Opcode::kJump, .index = l2});
  t.Add({.op = Opcode::kLabel, .index = l2});
  t.Ret(t.Const(4));
  CheckPass(t, FoldBranches);
  EXPECT_EQ(t.f.insts[0].index, l2) << ir::PrintFunction(t.f);
}

// ReachableInsts against the block graph's ReachableBlocks, instruction by instruction,
// on random control flow: labels, jumps (forward and back), br_if, br_table, kEhEdge,
// traps, returns, an out-of-range label id and one never bound.
TEST(Branches, ReachableInstsIsTheBlockGraphsReachability) {
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  auto next = [&](uint32_t m) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return static_cast<uint32_t>(seed % m);
  };
  uint32_t some_unreached = 0;
  for (int round = 0; round < 300; ++round) {
    Fn t({Type::kI32});
    const uint32_t num_labels = 1 + next(8);
    for (uint32_t l = 0; l < num_labels; ++l) t.Label();
    const uint32_t len = 1 + next(40);
    std::vector<uint8_t> bound(num_labels, 0);
    for (uint32_t k = 0; k < len; ++k) {
      const uint32_t l = next(num_labels + 1);  // == num_labels: out of range
      switch (next(9)) {
        case 0: case 1:
          if (l < num_labels && !bound[l] && l + 1 < num_labels) {  // the last is never bound
            bound[l] = 1;
            t.Add({.op = Opcode::kLabel, .index = l});
          }
          break;
        case 2: t.Add({.op = Opcode::kJump, .index = l}); break;
        case 3: t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = 0, .index = l}); break;
        case 4: t.Add({.op = Opcode::kEhEdge, .index = l}); break;
        case 5: {
          Inst in{.op = Opcode::kBrTable, .a = 0};
          in.extra_begin = static_cast<uint32_t>(t.f.extra.size());
          in.extra_count = 1 + next(3);
          for (uint32_t e = 0; e < in.extra_count; ++e) t.f.extra.push_back(next(num_labels + 1));
          t.Add(in);
          break;
        }
        case 6: t.Add({.op = Opcode::kTrap}); break;
        case 7: t.Ret(0); break;
        default: t.Const(k); break;
      }
    }
    const Blocks g = BuildBlocks(t.f);
    const std::vector<uint8_t> blocks = ReachableBlocks(g);
    const std::vector<uint8_t> insts = ReachableInsts(t.f);
    ASSERT_EQ(insts.size(), t.f.insts.size());
    for (uint32_t i = 0; i < insts.size(); ++i) {
      ASSERT_EQ(insts[i], blocks[g.block_of[i]]) << "inst " << i << "\n" << ir::PrintFunction(t.f);
      some_unreached += !insts[i];
    }
  }
  EXPECT_GT(some_unreached, 0u);  // the cases include dead code
}

// ---- CSE --------------------------------------------------------------------------------

TEST(Cse, DominatingComputationIsReused) {
  // a = p0 * p1; if (p0) { b = p1 * p0 (same, commuted) ; return b } return a + a
  Fn t({Type::kI32, Type::kI32});
  VReg a = t.Bin(Opcode::kMul, 0, 1);
  uint32_t els = t.Label();
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kEq, .a = 0, .index = els});
  t.Ret(t.Bin(Opcode::kMul, 1, 0));
  t.Add({.op = Opcode::kLabel, .index = els});
  t.Ret(t.Bin(Opcode::kAdd, a, a));
  CheckPass(t, EliminateCommonSubexpressions);
  EXPECT_EQ(t.Count(Opcode::kMul), 1u) << ir::PrintFunction(t.f);
}

TEST(Cse, NotAcrossSiblingsNorOfVariables) {
  // if (p0) x = p1 + 1 else y = p1 + 1 (siblings: neither dominates the other);
  // v = p1 (variable, written twice): v + 1 twice with a write between stays twice.
  Fn t({Type::kI32, Type::kI32});
  VReg one = t.Const(1), v = t.V(), r = t.V();
  uint32_t els = t.Label(), join = t.Label();
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kEq, .a = 0, .index = els});
  t.Add({.op = Opcode::kMov, .dst = r, .a = t.Bin(Opcode::kAdd, 1, one)});
  t.Add({.op = Opcode::kJump, .index = join});
  t.Add({.op = Opcode::kLabel, .index = els});
  t.Add({.op = Opcode::kMov, .dst = r, .a = t.Bin(Opcode::kAdd, 1, one)});
  t.Add({.op = Opcode::kLabel, .index = join});
  t.Add({.op = Opcode::kMov, .dst = v, .a = 1});
  VReg s1 = t.Bin(Opcode::kAdd, v, one);
  t.Add({.op = Opcode::kMov, .dst = v, .a = s1});
  VReg s2 = t.Bin(Opcode::kAdd, v, one);
  t.Ret(t.Bin(Opcode::kAdd, r, s2));
  CheckPass(t, EliminateCommonSubexpressions, false);
  EXPECT_EQ(t.Count(Opcode::kAdd), 5u);
}

// ---- LICM --------------------------------------------------------------------------------

// The start of a counting loop over (p0, p1): i = 0; s = 0; then the loop's label.
struct LoopStart {
  VReg i, s;
  uint32_t loop;
};
LoopStart StartCountingLoop(Fn& t) {
  VReg i = t.V(), s = t.V(), zero = t.Const(0);
  t.Add({.op = Opcode::kMov, .dst = i, .a = zero});
  t.Add({.op = Opcode::kMov, .dst = s, .a = zero});
  uint32_t loop = t.Label();
  t.Add({.op = Opcode::kLabel, .index = loop});
  return {i, s, loop};
}

// i = 0; s = 0; loop: { k = p1 * 3 (invariant); t = k + i; s = s + t; i = i + 1;
// br_if loop (i <u p0) } return s; optionally p1 is written in the loop too.
Fn CountingLoop(bool write_p1_in_loop, Opcode invariant_op = Opcode::kMul) {
  Fn t({Type::kI32, Type::kI32});
  auto [i, s, loop] = StartCountingLoop(t);
  VReg k = t.Bin(invariant_op, 1, t.Const(3));
  VReg sum = t.Bin(Opcode::kAdd, k, i);
  t.Add({.op = Opcode::kAdd, .dst = s, .a = s, .b = sum});
  t.Add({.op = Opcode::kAdd, .dst = i, .a = i, .b = t.Const(1)});
  if (write_p1_in_loop) t.Add({.op = Opcode::kAdd, .dst = 1, .a = 1, .b = t.Const(1)});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .a = i, .b = 0, .index = loop});
  t.Ret(s);
  return t;
}

// Keeps the loops short for the interpreter: p0 is the trip count.
void CheckLoopPass(Fn& t, bool expect_change,
                   bool (*const_in_register)(uint64_t, Type) = nullptr) {
  Function before = t.f;
  EXPECT_EQ(HoistLoopInvariants(t.f, const_in_register), expect_change) << ir::PrintFunction(t.f);
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
  for (uint64_t trips : {0, 1, 2, 7})
    for (uint64_t y : {uint64_t{0}, uint64_t{5}, uint64_t{0xffffffff}})
      EXPECT_EQ(Interpret(before, {trips, y}), Interpret(t.f, {trips, y})) << ir::PrintFunction(t.f);
}

TEST(Licm, InvariantComputationMovesBeforeTheHeader) {
  Fn t = CountingLoop(false);
  CheckLoopPass(t, true);
  const uint32_t header = t.f.label_block[0];
  uint32_t mul = 0;
  while (t.f.insts[mul].op != Opcode::kMul) ++mul;
  EXPECT_LT(mul, header) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.Count(Opcode::kMul), 1u);
}

TEST(Licm, NotAnAddOfAConstant) {
  // Cheaper to recompute than to reload from a slot if it does not get a register.
  Fn t = CountingLoop(false, Opcode::kAdd);
  CheckLoopPass(t, false);
}

// i = 0; s = 0; loop: { s = s + 1000; s = s ^ 1000; i = i + 1; br_if loop (i <u p0) }
// return s: nothing but the constants is invariant.
Fn ConstantsLoop() {
  Fn t({Type::kI32, Type::kI32});
  auto [i, s, loop] = StartCountingLoop(t);
  t.Add({.op = Opcode::kAdd, .dst = s, .a = s, .b = t.Const(1000)});
  t.Add({.op = Opcode::kXor, .dst = s, .a = s, .b = t.Const(1000)});
  t.Add({.op = Opcode::kAdd, .dst = i, .a = i, .b = t.Const(1)});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .a = i, .b = 0, .index = loop});
  t.Ret(s);
  return t;
}

bool ThousandInRegister(uint64_t bits, Type) { return bits == 1000; }

TEST(Licm, ConstantsStayWhenNothingElseMoves) {
  Fn t = ConstantsLoop();
  CheckLoopPass(t, false);
}

TEST(Licm, ConstantsWorthARegisterMoveAsOne) {
  // The target wants 1000 in a register (RegisterInfo::const_in_register): both its
  // constants leave the loop, merged into one.
  Fn t = ConstantsLoop();
  CheckLoopPass(t, true, ThousandInRegister);
  const uint32_t header = t.f.label_block[0];
  uint32_t thousands = 0;
  for (uint32_t i = 0; i < t.f.insts.size(); ++i) {
    const Inst& in = t.f.insts[i];
    if (in.op != Opcode::kConst) continue;
    if (in.imm != 1000) continue;
    ++thousands;
    EXPECT_LT(i, header) << ir::PrintFunction(t.f);
  }
  EXPECT_EQ(thousands, 1u) << ir::PrintFunction(t.f);
}

TEST(Licm, AConstantInDeadCodeStaysWhenOthersMove) {
  // The counting loop with `jump over; dead = 7; over:` in its body: the multiply and
  // its constant move; the dead constant (asked about only once something moves,
  // licm.cc) stays where it was.
  Fn t = CountingLoop(false);
  const uint32_t over = t.Label();
  const uint32_t at = t.f.label_block[0] + 1;  // first in the body
  const VReg dead = t.V();
  std::vector<Inst> skip = {{.op = Opcode::kJump, .index = over},
                            {.op = Opcode::kConst, .type = Type::kI32, .dst = dead, .imm = 7},
                            {.op = Opcode::kLabel, .index = over}};
  t.f.insts.insert(t.f.insts.begin() + at, skip.begin(), skip.end());
  t.f.label_block[over] = at + 2;
  CheckLoopPass(t, true);
  const uint32_t header = t.f.label_block[0];
  uint32_t mul = 0, seven = 0;
  while (t.f.insts[mul].op != Opcode::kMul) ++mul;
  while (t.f.insts[seven].op != Opcode::kConst || t.f.insts[seven].dst != dead) ++seven;
  EXPECT_LT(mul, header) << ir::PrintFunction(t.f);
  EXPECT_GT(seven, header) << ir::PrintFunction(t.f);
}

TEST(DefCounts, KeptUntilChanged) {
  // p0 and p1 count their entry; v = p0 + p1 one definition; the count is not taken
  // again until Changed (OptimizeFunction calls it after a pass that changed fn).
  Fn t({Type::kI32, Type::kI32});
  const VReg v = t.Bin(Opcode::kAdd, 0, 1);
  t.Ret(v);
  DefCounts defs;
  EXPECT_FALSE(defs.Valid());
  EXPECT_EQ(defs.Of(t.f), (std::vector<uint32_t>{1, 1, 1}));
  t.f.insts.insert(t.f.insts.begin(), Inst{.op = Opcode::kMov, .type = Type::kI32, .dst = v, .a = 0});
  EXPECT_EQ(defs.Of(t.f), (std::vector<uint32_t>{1, 1, 1}));
  defs.Changed();
  EXPECT_EQ(defs.Of(t.f), (std::vector<uint32_t>{1, 1, 2}));
  EXPECT_EQ(defs.Of(t.f), CountDefs(t.f));
}

TEST(Licm, NotWhenAnOperandIsWrittenInTheLoop) {
  Fn t = CountingLoop(true);
  CheckLoopPass(t, false);
}

TEST(Licm, NotWhenTheLoopIsEnteredByABranch) {
  // br_if p0 -> header (from before the loop): no preheader to put code in.
  Fn t = CountingLoop(false);
  Inst br{.op = Opcode::kBrIf, .cond = Cond::kNe, .a = 0, .index = 0};
  t.f.insts.insert(t.f.insts.begin() + 3, br);
  t.f.label_block[0] += 1;
  CheckLoopPass(t, false);
}

// A call (data.drop of segment p0) for t's function to insert.
Inst RuntimeCall(Fn& t) {
  Inst call{.op = Opcode::kCallRuntime, .index = static_cast<uint32_t>(ir::RuntimeFn::kDataDrop)};
  call.extra_begin = static_cast<uint32_t>(t.f.extra.size());
  t.f.extra.push_back(0);
  call.extra_count = call.index2 = 1;
  return call;
}

TEST(Licm, NotOutOfLoopsWithCalls) {
  // A call in the loop: the hoisted value would have to survive it (docs/backend.md).
  Fn t = CountingLoop(false);
  t.f.insts.insert(t.f.insts.end() - 2, RuntimeCall(t));
  EXPECT_FALSE(HoistLoopInvariants(t.f)) << ir::PrintFunction(t.f);
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  EXPECT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
}

TEST(FoldFacts, TheFoldNotesWhatItsWalkFinds) {
  // The counting loop with a call before it and a copy to propagate: what the fold's
  // walk noted (constants, labels, branches, calls) is what a fresh walk finds, and
  // LICM, taking it, still stays out of a loop with a call.
  Fn t = CountingLoop(false);
  const Inst call = RuntimeCall(t);
  t.f.insts.insert(t.f.insts.begin(), call);
  for (uint32_t& l : t.f.label_block) l += 1;
  t.f.insts.insert(t.f.insts.end() - 2, call);  // in the loop, before its back branch
  const VReg c = t.V();
  t.f.insts.insert(t.f.insts.end() - 1, Inst{.op = Opcode::kMov, .type = Type::kI32, .dst = c, .a = 1});
  DefCounts defs;
  bool walked = false;
  EXPECT_TRUE(FoldConstants(t.f, defs, &walked)) << ir::PrintFunction(t.f);  // (the copy)
  ASSERT_TRUE(walked);
  const FoldFacts& facts = ThreadFoldFacts();
  EXPECT_EQ(facts.calls.size(), 2u);
  EXPECT_EQ(facts.branches.size(), 1u);
  EXPECT_TRUE(FoldFactsHold(t.f, CountDefs(t.f), facts));
  EXPECT_FALSE(HoistLoopInvariants(t.f, nullptr, defs, nullptr, &facts)) << ir::PrintFunction(t.f);
  // Without the call in the loop LICM moves `p1 * 3` with the same facts.
  t.f.insts[t.f.insts.size() - 4] = Inst{.op = Opcode::kNop};
  ThreadFoldFacts().calls.pop_back();
  EXPECT_TRUE(FoldFactsHold(t.f, CountDefs(t.f), ThreadFoldFacts()));
  EXPECT_TRUE(HoistLoopInvariants(t.f, nullptr, defs, nullptr, &ThreadFoldFacts())) << ir::PrintFunction(t.f);
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  EXPECT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
}

TEST(FoldFacts, NotAfterAFoldThatInserted) {
  // p0 / 7 becomes a multiplication the fold inserts before the division: the indices
  // it noted moved, so branch folding walks for itself.
  Fn t({Type::kI32});
  const uint32_t l = t.Label();
  const VReg q = t.Bin(Opcode::kDivU, 0, t.Const(7));
  t.Add({.op = Opcode::kBrIf, .type = Type::kI32, .cond = Cond::kNe, .a = q, .index = l});
  t.Add({.op = Opcode::kLabel, .index = l});
  t.Ret(q);
  DefCounts defs;
  bool walked = true;
  EXPECT_TRUE(FoldConstants(t.f, defs, &walked));
  EXPECT_FALSE(walked);
  EXPECT_FALSE(FoldFactsHold(t.f, CountDefs(t.f), ThreadFoldFacts()));
}

TEST(Fold, CountsOfValuesKnownNonZeroAreMarked) {
  // ctz(p0 | 0x80000000), clz(rotl(p0 | p1 | 1, 3)), ctz(zext(p0 | 0x100)) are marked
  // (index2 = 1); ctz(p0 | p1) and ctz(wrap(w | 2^32)) are not.
  Fn t({Type::kI32, Type::kI32});
  VReg a = t.V();
  t.Add({.op = Opcode::kCtz, .dst = a, .a = t.Bin(Opcode::kOr, 0, t.Const(0x80000000))});
  VReg b = t.V();
  VReg r = t.Bin(Opcode::kRotl, t.Bin(Opcode::kOr, 0, t.Bin(Opcode::kOr, 1, t.Const(1))), t.Const(3));
  t.Add({.op = Opcode::kClz, .dst = b, .a = r});
  VReg z = t.V(Type::kI64), c = t.V(Type::kI64);
  t.Add({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = z,
         .a = t.Bin(Opcode::kOr, 0, t.Const(0x100))});
  t.Add({.op = Opcode::kCtz, .type = Type::kI64, .dst = c, .a = z});
  VReg d = t.V();
  t.Add({.op = Opcode::kCtz, .dst = d, .a = t.Bin(Opcode::kOr, 0, 1)});
  VReg w0 = t.V(Type::kI64);
  t.Add({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = w0, .a = 1});
  VReg high = t.Bin(Opcode::kOr, w0, t.Const(0x100000000, Type::kI64), Type::kI64), low = t.V(), e = t.V();
  t.Add({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = low, .a = high});
  t.Add({.op = Opcode::kCtz, .dst = e, .a = low});
  t.Ret(t.Bin(Opcode::kAdd, a, b));
  EXPECT_TRUE(FoldConstants(t.f));
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
  std::vector<uint32_t> marks;
  for (const Inst& in : t.f.insts)
    if (in.op == Opcode::kClz || in.op == Opcode::kCtz) marks.push_back(in.index2);
  EXPECT_EQ(marks, (std::vector<uint32_t>{1, 1, 1, 0, 0})) << ir::PrintFunction(t.f);
}

TEST(Fold, ConstantLeftOperandOfACompareGoesRight) {
  // 5 <u p0 -> p0 >u 5; br_cmp le_s 0, p1 -> br_cmp ge_s p1, 0.
  Fn t({Type::kI32, Type::kI32});
  VReg c = t.V(), k = t.V();
  const uint32_t l = t.Label();
  t.Add({.op = Opcode::kCmp, .cond = Cond::kLtU, .dst = c, .a = t.Const(5), .b = 0});
  t.Add({.op = Opcode::kMov, .dst = k, .a = c});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLeS, .a = t.Const(0), .b = 1, .index = l});
  t.Add({.op = Opcode::kConst, .dst = k, .imm = 9});
  t.Add({.op = Opcode::kLabel, .index = l});
  t.Ret(k);
  CheckPass(t, FoldConstants);
  for (const Inst& in : t.f.insts) {
    if (in.op == Opcode::kCmp) {
      EXPECT_TRUE(in.a == 0 && in.cond == Cond::kGtU) << ir::PrintFunction(t.f);
    }
    if (in.op == Opcode::kBrCmp) {
      EXPECT_TRUE(in.a == 1 && in.cond == Cond::kGeS) << ir::PrintFunction(t.f);
    }
  }
}

// ---- compare-and-branch fusion ------------------------------------------------------------

bool FuseCompares(Function& f) { return FuseCompareBranches(f); }

TEST(FuseCompares, ResultReadOnlyByALaterBranchMovesToIt) {
  // c = p0 <s p1; k = 7; br_if c -> L; k = 9; L: return k (and the same with eqz of p0).
  // Then with c a variable, zero at entry (a wasm local), read only by the branch;
  // then also read after the label, where every path has defined it again.
  for (int local = 0; local < 3; ++local)
  for (Opcode op : {Opcode::kCmp, Opcode::kEqz}) {
    Fn t({Type::kI32, Type::kI32});
    VReg k = t.V(), c = t.V();
    const uint32_t l = t.Label();
    if (local) t.Add({.op = Opcode::kConst, .dst = c, .imm = 0});
    t.Add({.op = op, .cond = Cond::kLtS, .dst = c, .a = 0, .b = op == Opcode::kCmp ? 1 : ir::kNoVReg});
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 7});
    if (local == 2) t.Add({.op = Opcode::kMov, .dst = c, .a = 1});  // (before the branch: kept)
    t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = c, .index = l});
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 9});
    t.Add({.op = Opcode::kLabel, .index = l});
    if (local == 2) {
      t.Ret(t.Bin(Opcode::kAdd, k, c));
      CheckPass(t, FuseCompares, false);
      continue;
    }
    t.Ret(k);
    CheckPass(t, FuseCompares);
    EXPECT_EQ(t.Count(op), 0u) << ir::PrintFunction(t.f);
    EXPECT_EQ(t.Count(op == Opcode::kCmp ? Opcode::kBrCmp : Opcode::kBrIf), 1u) << ir::PrintFunction(t.f);
  }
}

TEST(FuseCompares, AResultReadElsewhereOnlyWhenNoPathReadsItFirst) {
  // c (a local) = p0 <s p1; br_if c -> L; c = 5; L: c = 3 | k: the paths from the
  // branch define c before they read it (fused); with `k = c` at L instead, the
  // taken path reads the compare's value (kept).
  for (int read = 0; read < 2; ++read) {
    Fn t({Type::kI32, Type::kI32});
    VReg c = t.V(), k = t.V();
    const uint32_t l = t.Label();
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 1});
    t.Add({.op = Opcode::kCmp, .cond = Cond::kLtS, .dst = c, .a = 0, .b = 1});
    t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = c, .index = l});
    t.Add({.op = Opcode::kConst, .dst = c, .imm = 5});
    t.Add({.op = Opcode::kLabel, .index = l});
    if (read) t.Add({.op = Opcode::kMov, .dst = k, .a = c});
    else t.Add({.op = Opcode::kConst, .dst = c, .imm = 3});
    t.Ret(t.Bin(Opcode::kOr, c, k));
    CheckPass(t, FuseCompares, read == 0);
    EXPECT_EQ(t.Count(Opcode::kCmp), read ? 1u : 0u) << ir::PrintFunction(t.f);
  }
}

TEST(FuseCompares, AnOperandAMoveRedefinesIsCopiedFirst) {
  // v = p0; x = p0 + 1; c = v <u p1; v = x; br_if !c -> L; v = 100; L: return v.
  Fn t({Type::kI32, Type::kI32});
  VReg v = t.V(), c = t.V();
  const uint32_t l = t.Label();
  t.Add({.op = Opcode::kMov, .dst = v, .a = 0});
  VReg x = t.Bin(Opcode::kAdd, 0, t.Const(1));
  t.Add({.op = Opcode::kCmp, .cond = Cond::kLtU, .dst = c, .a = v, .b = 1});
  t.Add({.op = Opcode::kMov, .dst = v, .a = x});
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kEq, .a = c, .index = l});
  t.Add({.op = Opcode::kConst, .dst = v, .imm = 100});
  t.Add({.op = Opcode::kLabel, .index = l});
  t.Ret(v);
  CheckPass(t, FuseCompares);
  EXPECT_EQ(t.Count(Opcode::kCmp), 0u) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.Count(Opcode::kBrCmp), 1u);
  EXPECT_EQ(t.Count(Opcode::kMov), 3u);
}

TEST(FuseCompares, NotWhenReadTwiceRedefinedByArithmeticOrAcrossACall) {
  for (int which = 0; which < 3; ++which) {
    Fn t({Type::kI32, Type::kI32});
    VReg v = t.V(), c = t.V(), k = t.V();
    const uint32_t l = t.Label();
    t.Add({.op = Opcode::kMov, .dst = v, .a = 0});
    t.Add({.op = Opcode::kCmp, .cond = Cond::kGeU, .dst = c, .a = v, .b = 1});
    if (which == 0) {
      t.Add({.op = Opcode::kMov, .dst = k, .a = c});  // a second reader
    } else if (which == 1) {
      t.Add({.op = Opcode::kAdd, .dst = v, .a = v, .b = t.Const(1)});
      t.Add({.op = Opcode::kConst, .dst = k, .imm = 3});
    } else {
      Inst call{.op = Opcode::kCall, .index = 0, .index2 = 1};
      call.extra_begin = static_cast<uint32_t>(t.f.extra.size());
      t.f.extra.push_back(1);
      t.f.extra.push_back(k);
      call.extra_count = 2;
      t.Add(call);
    }
    t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = c, .index = l});
    t.Add({.op = Opcode::kConst, .dst = v, .imm = 100});
    t.Add({.op = Opcode::kLabel, .index = l});
    t.Ret(t.Bin(Opcode::kAdd, v, k));
    CheckPass(t, FuseCompares, false);
    EXPECT_EQ(t.Count(Opcode::kCmp), 1u) << which << "\n" << ir::PrintFunction(t.f);
  }
}

TEST(Pipeline, OnlyAtO2) {
  Fn t({});
  t.Ret(t.Bin(Opcode::kAdd, t.Const(2), t.Const(3)));
  OptimizeFunction(t.f, 1);
  EXPECT_EQ(t.Count(Opcode::kAdd), 1u);
  OptimizeFunction(t.f, 2);
  EXPECT_EQ(t.Count(Opcode::kAdd), 0u);
  EXPECT_EQ(Interpret(t.f, {}).value, 5u);
}

// ---- scaled adds -------------------------------------------------------------------------

bool ScaledAdds(Function& f) { return FoldScaledAdds(f); }
// The two i32 params as i64 values: zero- and sign-extended.
std::pair<VReg, VReg> WideParams(Fn& t) {
  VReg w0 = t.V(Type::kI64), w1 = t.V(Type::kI64);
  t.Add({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = w0, .a = 0});
  t.Add({.op = Opcode::kExtendS32, .type = Type::kI64, .src_type = Type::kI32, .dst = w1, .a = 1});
  return {w0, w1};
}
// AArch64's answer for constants no immediate takes, as a stand-in: "all of them".
bool ScaledAddsAllConstsInRegisters(Function& f) {
  return FoldScaledAdds(f, [](uint64_t, Type) { return true; });
}

// ---- multiply-accumulate (AArch64) -------------------------------------------------

// i32x4 splats of p0, p1, p2; `ops` builds on them; the result's lane 0 is returned.
VReg VecOf(Fn& t, VReg p, ir::VecOp splat = ir::VecOp::kI32x4Splat) {
  VReg d = t.V(Type::kV128);
  t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = d, .a = p, .index = static_cast<uint32_t>(splat)});
  return d;
}
VReg VecBin(Fn& t, ir::VecOp op, VReg a, VReg b) {
  VReg d = t.V(Type::kV128);
  t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = d, .a = a, .b = b, .index = static_cast<uint32_t>(op)});
  return d;
}
uint32_t CountVec(const Fn& t, ir::VecOp op) {
  uint32_t n = 0;
  for (const Inst& in : t.f.insts) n += in.op == Opcode::kVec && in.index == static_cast<uint32_t>(op);
  return n;
}
void RetLane0(Fn& t, VReg v) {
  VReg r = t.V();
  t.Add({.op = Opcode::kVec, .type = Type::kI32, .dst = r, .a = v,
         .index = static_cast<uint32_t>(ir::VecOp::kI32x4ExtractLane), .index2 = 0});
  t.Ret(r);
}

TEST(MultiplyAdd, ProductReadOnceByAnAddOrTheRightOfASubFolds) {
  // a + b*c (i32x4), b*c + a (i16x8), a - b*c (i32x4): three multiply-accumulates.
  using ir::VecOp;
  Fn t({Type::kI32, Type::kI32, Type::kI32});
  VReg a = VecOf(t, 0), b = VecOf(t, 1), c = VecOf(t, 2);
  VReg x = VecBin(t, VecOp::kI32x4Add, a, VecBin(t, VecOp::kI32x4Mul, b, c));
  VReg y = VecBin(t, VecOp::kI16x8Add, VecBin(t, VecOp::kI16x8Mul, b, c), x);
  VReg z = VecBin(t, VecOp::kI32x4Sub, y, VecBin(t, VecOp::kI32x4Mul, c, a));
  RetLane0(t, z);
  EXPECT_TRUE(FoldMultiplyAdds(t.f));
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
  EXPECT_EQ(CountVec(t, VecOp::kI32x4MulAdd), 1u) << ir::PrintFunction(t.f);
  EXPECT_EQ(CountVec(t, VecOp::kI16x8MulAdd), 1u);
  EXPECT_EQ(CountVec(t, VecOp::kI32x4MulSub), 1u);
  EXPECT_EQ(CountVec(t, VecOp::kI32x4Mul) + CountVec(t, VecOp::kI16x8Mul), 0u);
  for (const Inst& in : t.f.insts)  // the accumulator is a, the product's operands b, c
    if (in.op == Opcode::kVec && in.index == static_cast<uint32_t>(VecOp::kI32x4MulSub)) {
      EXPECT_EQ(in.a, y);
      EXPECT_EQ(in.b, c);
      EXPECT_EQ(in.c, a);
    }
}

TEST(MultiplyAdd, ProductsReadTwiceOnTheLeftOfASubOrOfOtherLanesStay) {
  // m read twice; b*c - a; an i16x8 product under an i32x4 add; f32x4 mul + add;
  // b written between the multiply and the add.
  using ir::VecOp;
  Fn t({Type::kI32, Type::kI32, Type::kI32});
  VReg a = VecOf(t, 0), b = VecOf(t, 1), c = VecOf(t, 2);
  VReg m = VecBin(t, VecOp::kI32x4Mul, b, c);
  VReg x = VecBin(t, VecOp::kI32x4Add, VecBin(t, VecOp::kI32x4Add, a, m), m);
  VReg y = VecBin(t, VecOp::kI32x4Sub, VecBin(t, VecOp::kI32x4Mul, b, c), x);
  VReg z = VecBin(t, VecOp::kI32x4Add, y, VecBin(t, VecOp::kI16x8Mul, b, c));
  VReg f = VecBin(t, VecOp::kF32x4Add, z, VecBin(t, VecOp::kF32x4Mul, b, c));
  VReg w = t.V(Type::kV128);
  t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = w, .a = 1,
         .index = static_cast<uint32_t>(VecOp::kI32x4Splat)});
  VReg p = VecBin(t, VecOp::kI32x4Mul, w, c);
  t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = w, .a = 2,
         .index = static_cast<uint32_t>(VecOp::kI32x4Splat)});
  RetLane0(t, VecBin(t, VecOp::kI32x4Add, f, p));
  EXPECT_FALSE(FoldMultiplyAdds(t.f)) << ir::PrintFunction(t.f);
  EXPECT_EQ(CountVec(t, VecOp::kI32x4Mul), 3u);
}

TEST(ScaledAdd, ShiftReadOnlyByTheAddFolds) {
  // (p1 << 2) + p0 and p0 + (p1 << 67 = 3) at i64: both become AddShl, the shifts go.
  Fn t({Type::kI32, Type::kI32});
  VReg s = t.Bin(Opcode::kShl, 1, t.Const(2));
  VReg x = t.Bin(Opcode::kAdd, s, 0);
  VReg w0 = t.V(Type::kI64), w1 = t.V(Type::kI64);
  t.Add({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = w0, .a = 0});
  t.Add({.op = Opcode::kExtendS32, .type = Type::kI64, .src_type = Type::kI32, .dst = w1, .a = x});
  VReg s64 = t.Bin(Opcode::kShl, w1, t.Const(67, Type::kI64), Type::kI64);
  VReg y = t.Bin(Opcode::kAdd, w0, s64, Type::kI64);
  VReg r = t.V();
  t.Add({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = r, .a = y});
  t.Ret(r);
  CheckPass(t, ScaledAdds);
  EXPECT_EQ(t.Count(Opcode::kAddShl), 2u) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.Count(Opcode::kShl), 0u);
}

TEST(ScaledAdd, SharedShiftsLargeShiftsAndRewrittenOperandsStay) {
  // a = p1 << 2 read twice; b = p1 << 4; c = p0 << 1 with p0 written before the add.
  Fn t({Type::kI32, Type::kI32});
  VReg a = t.Bin(Opcode::kShl, 1, t.Const(2));
  VReg s1 = t.Bin(Opcode::kAdd, 0, a);
  VReg s2 = t.Bin(Opcode::kXor, s1, a);
  VReg b = t.Bin(Opcode::kShl, 1, t.Const(4));
  VReg s3 = t.Bin(Opcode::kAdd, s2, b);
  VReg c = t.Bin(Opcode::kShl, 0, t.Const(1));
  t.Add({.op = Opcode::kMov, .dst = 0, .a = s3});
  t.Ret(t.Bin(Opcode::kAdd, 0, c));
  CheckPass(t, ScaledAdds, false);
  EXPECT_EQ(t.Count(Opcode::kShl), 3u);
}

TEST(ScaledAdd, ConstantOfASumGoesIntoTheDisplacement) {
  // (p0 + p1) + 3904, 100 + (p0 + (p1 << 2)), ((p0 + p1) + 4) + 8 at i32 (wrapping),
  // (w0 + w1) - 5 at i64: each one kAddShl, no kAdd, kSub or kShl left.
  Fn t({Type::kI32, Type::kI32});
  VReg a = t.Bin(Opcode::kAdd, t.Bin(Opcode::kAdd, 0, 1), t.Const(3904));
  VReg b = t.Bin(Opcode::kAdd, t.Const(100), t.Bin(Opcode::kAdd, 0, t.Bin(Opcode::kShl, 1, t.Const(2))));
  VReg c = t.Bin(Opcode::kAdd, t.Bin(Opcode::kAdd, t.Bin(Opcode::kAdd, 0, 1), t.Const(4)), t.Const(0xfffffff8));
  auto [w0, w1] = WideParams(t);
  VReg d64 = t.Bin(Opcode::kSub, t.Bin(Opcode::kAdd, w0, w1, Type::kI64), t.Const(5, Type::kI64), Type::kI64);
  VReg d = t.V();
  t.Add({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = d, .a = d64});
  t.Ret(t.Bin(Opcode::kXor, t.Bin(Opcode::kXor, a, b), t.Bin(Opcode::kXor, c, d)));
  CheckPass(t, ScaledAdds);
  EXPECT_EQ(t.Count(Opcode::kAddShl), 4u) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.Count(Opcode::kAdd) + t.Count(Opcode::kSub) + t.Count(Opcode::kShl), 0u)
      << ir::PrintFunction(t.f);
}

TEST(ScaledAdd, SharedSumsWideConstantsAndRewrittenOperandsKeepTheirAdd) {
  // s = p0 + p1 read twice; (w0 + w1) + 2^31 at i64 (no int32 displacement);
  // (p0 + p1) + 7 with p1 written in between.
  Fn t({Type::kI32, Type::kI32});
  VReg s = t.Bin(Opcode::kAdd, 0, 1);
  VReg x = t.Bin(Opcode::kXor, t.Bin(Opcode::kAdd, s, t.Const(16)), s);
  auto [w0, w1] = WideParams(t);
  VReg big = t.Bin(Opcode::kAdd, t.Bin(Opcode::kAdd, w0, w1, Type::kI64), t.Const(0x80000000, Type::kI64), Type::kI64);
  VReg y = t.V();
  t.Add({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = y, .a = big});
  VReg u = t.Bin(Opcode::kAdd, 0, 1);
  t.Add({.op = Opcode::kMov, .dst = 1, .a = x});
  VReg z = t.Bin(Opcode::kAdd, u, t.Const(7));
  t.Ret(t.Bin(Opcode::kXor, t.Bin(Opcode::kXor, x, y), t.Bin(Opcode::kAdd, z, 1)));
  CheckPass(t, ScaledAdds, false);
  EXPECT_EQ(t.Count(Opcode::kAddShl), 0u) << ir::PrintFunction(t.f);
}

TEST(ScaledAdd, ConstantsTheTargetKeepsInRegistersStay) {
  Fn t({Type::kI32, Type::kI32});
  t.Ret(t.Bin(Opcode::kAdd, t.Bin(Opcode::kAdd, 0, 1), t.Const(0x12345)));
  CheckPass(t, ScaledAddsAllConstsInRegisters, false);
  CheckPass(t, ScaledAdds);
  EXPECT_EQ(t.Count(Opcode::kAddShl), 1u) << ir::PrintFunction(t.f);
}

// ---- byte-compare loops (the behaviour: tests/codegen/byte_compare.test) -----------

// musl's memcmp loop as the builder makes it (wasm function 1015 of SQLite):
//   if n == 0 -> done; L: x = load8 [l]; y = load8 [r]; br_cmp ne x, y -> diff;
//   r += 1; l += 1; n -= 1; br_if n -> L; jump done; diff: res = x - y; done: ret res
// `change` edits the body before the back branch (at `at`, the instruction after the
// increments) to make a loop the pass must leave alone.
struct MemcmpLoop {
  Fn t{{Type::kI32, Type::kI32, Type::kI32}};
  VReg res = 0, x = 0, y = 0;
  uint32_t header = 0, done = 0, diff = 0;
  explicit MemcmpLoop(const std::function<void(MemcmpLoop&)>& change = nullptr, uint32_t width = 1,
                      uint64_t step = 1) {
    res = t.V(), x = t.V(), y = t.V();
    header = t.Label(), done = t.Label(), diff = t.Label();
    for (VReg v : {res, x, y}) t.Add({.op = Opcode::kConst, .type = Type::kI32, .dst = v, .imm = 0});
    t.Add({.op = Opcode::kBrIf, .type = Type::kI32, .cond = Cond::kEq, .a = 2, .index = done});
    t.Add({.op = Opcode::kLabel, .index = header});
    t.Add({.op = Opcode::kLoad, .type = Type::kI32, .width = static_cast<uint8_t>(width), .dst = x, .a = 0});
    t.Add({.op = Opcode::kLoad, .type = Type::kI32, .width = 1, .dst = y, .a = 1});
    t.Add({.op = Opcode::kBrCmp, .type = Type::kI32, .cond = Cond::kNe, .a = x, .b = y, .index = diff});
    t.Add({.op = Opcode::kAdd, .type = Type::kI32, .dst = 1, .a = 1, .b = t.Const(1)});
    t.Add({.op = Opcode::kAdd, .type = Type::kI32, .dst = 0, .a = 0, .b = t.Const(step)});
    t.Add({.op = Opcode::kSub, .type = Type::kI32, .dst = 2, .a = 2, .b = t.Const(1)});
    if (change) change(*this);
    t.Add({.op = Opcode::kBrIf, .type = Type::kI32, .cond = Cond::kNe, .a = 2, .index = header});
    t.Add({.op = Opcode::kJump, .index = done});
    t.Add({.op = Opcode::kLabel, .index = diff});
    t.Add({.op = Opcode::kSub, .type = Type::kI32, .dst = res, .a = x, .b = y});
    t.Add({.op = Opcode::kLabel, .index = done});
    t.Ret(res);
  }
  bool Run() {
    const bool changed = WidenByteCompares(t.f);
    ir::VerifyResult v = ir::VerifyFunction(t.f);
    EXPECT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
    return changed;
  }
};

TEST(ByteCompare, MemcmpLoopGetsTheBlockLoop) {
  MemcmpLoop m;
  EXPECT_TRUE(m.Run()) << ir::PrintFunction(m.t.f);
  // the block loads (8 bytes in the loop, then one 4-byte block), the size they are
  // checked against (read once), the mismatch's byte index in each
  uint32_t words = 0, halves = 0;
  for (const Inst& in : m.t.f.insts) {
    words += in.op == Opcode::kLoad && in.width == 8;
    halves += in.op == Opcode::kLoad && in.width == 4 && in.type == Type::kI32;
  }
  EXPECT_EQ(words, 2u);
  EXPECT_EQ(halves, 2u);
  EXPECT_EQ(m.t.Count(Opcode::kMemorySize), 1u);
  EXPECT_EQ(m.t.Count(Opcode::kCtz), 2u);
  EXPECT_EQ(m.t.Count(Opcode::kLabel), 8u);
}

TEST(ByteCompare, LoopsWithOtherWorkOrShapesStay) {
  using Change = std::function<void(MemcmpLoop&)>;
  const std::vector<std::pair<const char*, Change>> cases = {
      {"a store", [](MemcmpLoop& m) { m.t.Add({.op = Opcode::kStore, .type = Type::kI32, .width = 1, .a = 0, .b = 1}); }},
      {"a loaded byte read by another operation",
       [](MemcmpLoop& m) { m.t.Add({.op = Opcode::kAdd, .type = Type::kI32, .dst = m.res, .a = m.res, .b = m.x}); }},
      {"a value carried to the next iteration", [](MemcmpLoop& m) { m.t.Add({.op = Opcode::kMov, .dst = m.res, .a = 1}); }},
      {"a call", [](MemcmpLoop& m) {
         Inst call{.op = Opcode::kCall};
         call.extra_begin = static_cast<uint32_t>(m.t.f.extra.size());
         m.t.Add(call);
       }},
      {"a second increment of an induction variable",
       [](MemcmpLoop& m) { m.t.Add({.op = Opcode::kAdd, .type = Type::kI32, .dst = 1, .a = 1, .b = m.t.Const(1)}); }},
      {"a count test that goes on while equal",
       [](MemcmpLoop& m) { m.t.Add({.op = Opcode::kBrCmp, .type = Type::kI32, .cond = Cond::kNe, .a = 2, .b = m.t.Const(5), .index = m.done}); }},
  };
  for (const auto& [name, change] : cases) {
    MemcmpLoop m(change);
    EXPECT_FALSE(m.Run()) << name << "\n" << ir::PrintFunction(m.t.f);
  }
  MemcmpLoop wide(nullptr, 2);
  EXPECT_FALSE(wide.Run()) << "a 2-byte load";
  MemcmpLoop stride(nullptr, 1, 2);
  EXPECT_FALSE(stride.Run()) << "an address of step 2";
}

// ---- what OptimizeFunction and the passes keep ---------------------------------------

// OptimizeFunction runs the loop passes only where an instruction has a loop depth (the
// builder's, opt.h): the counting loop's invariant multiply moves out when its body
// has depth 1; with every depth 0 (a contract the builder never breaks) LICM does not
// run, and under WASMC_VERIFY the back branch is reported.
TEST(Pipeline, LoopPassesOnlyWhereALoopHasDepth) {
  auto mul_before_header = [](const Fn& t) {
    uint32_t mul = 0;
    while (t.f.insts[mul].op != Opcode::kMul) ++mul;
    return mul < t.f.label_block[0];
  };
  Fn deep = CountingLoop(false);
  for (uint32_t i = deep.f.label_block[0]; i < deep.f.insts.size(); ++i)
    if (deep.f.insts[i].op != Opcode::kReturn) deep.f.insts[i].loop_depth = 1;
  OptimizeFunction(deep.f, 2);
  EXPECT_TRUE(mul_before_header(deep)) << ir::PrintFunction(deep.f);

  Fn flat = CountingLoop(false);
  const char* verify = std::getenv("WASMC_VERIFY");
  if (verify != nullptr && std::string(verify) != "0") {
    EXPECT_DEATH(OptimizeFunction(flat.f, 2), "back branch but no instruction with a loop depth");
  } else {
    OptimizeFunction(flat.f, 2);
    EXPECT_FALSE(mul_before_header(flat)) << ir::PrintFunction(flat.f);
  }
}

// Fold, branch folding and compare fusion keep the shared counts exact when they change
// the function (DefCounts::Kept): a copy propagated and a constant made by strength
// reduction; an unreachable block's definitions; a compare fused into its branch.
TEST(DefCounts, KeptByThePassesThatChange) {
  {
    Fn t({Type::kI32});
    const VReg x = t.V();
    t.Add({.op = Opcode::kMov, .dst = x, .a = 0});
    t.Ret(t.Bin(Opcode::kMul, x, t.Const(8)));  // -> x << 3, with a new constant 3
    DefCounts defs;
    const uint32_t vregs = t.f.NumVRegs();
    EXPECT_TRUE(FoldConstants(t.f, defs));
    EXPECT_GT(t.f.NumVRegs(), vregs);
    EXPECT_TRUE(defs.TakeKept());
    EXPECT_EQ(defs.Of(t.f), CountDefs(t.f)) << ir::PrintFunction(t.f);
    EXPECT_EQ(defs.Of(t.f)[x], 0u);
  }
  {
    Fn t({Type::kI32});
    const uint32_t els = t.Label();
    t.Add({.op = Opcode::kBrCmp, .cond = Cond::kGeU, .a = t.Const(1), .b = t.Const(2), .index = els});
    t.Ret(t.Bin(Opcode::kAdd, 0, t.Const(1)));
    t.Add({.op = Opcode::kLabel, .index = els});
    const VReg dead = t.Const(7);
    t.Ret(dead);
    DefCounts defs;
    EXPECT_TRUE(FoldBranches(t.f, defs));
    EXPECT_TRUE(defs.TakeKept());
    EXPECT_EQ(defs.Of(t.f), CountDefs(t.f)) << ir::PrintFunction(t.f);
    EXPECT_EQ(defs.Of(t.f)[dead], 0u);
  }
  {
    Fn t({Type::kI32, Type::kI32});
    const VReg c = t.V(), k = t.V(), v = t.V();
    const uint32_t l = t.Label();
    t.Add({.op = Opcode::kMov, .dst = v, .a = 0});
    t.Add({.op = Opcode::kCmp, .cond = Cond::kLtU, .dst = c, .a = v, .b = 1});
    t.Add({.op = Opcode::kMov, .dst = v, .a = 1});  // (v is copied before it: a new vreg)
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 7});
    t.Add({.op = Opcode::kBrIf, .cond = Cond::kNe, .a = c, .index = l});
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 9});
    t.Add({.op = Opcode::kLabel, .index = l});
    t.Ret(t.Bin(Opcode::kAdd, k, v));
    DefCounts defs;
    defs.Of(t.f);  // (valid on entry, as in OptimizeFunction)
    EXPECT_TRUE(FuseCompareBranches(t.f, defs));
    EXPECT_TRUE(defs.TakeKept());
    EXPECT_EQ(defs.Of(t.f), CountDefs(t.f)) << ir::PrintFunction(t.f);
    EXPECT_EQ(defs.Of(t.f)[c], 0u);
  }
}

// Insertions::Apply (in place) against the rebuild it replaced: the instructions in
// order, each label's label_block its kLabel's new place, each marker of inst i at the
// first instruction inserted before i; insertions at 0, before labels, twice at one
// place, at the end, and a new label among them.
TEST(Insertions, ApplyInPlaceAsTheRebuild) {
  uint64_t seed = 0x243f6a8885a308d3ull;
  auto next = [&](uint32_t m) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return static_cast<uint32_t>(seed % m);
  };
  for (int round = 0; round < 200; ++round) {
    Fn t({Type::kI32});
    const uint32_t len = 1 + next(30);
    for (uint32_t k = 0; k < len; ++k) {
      if (next(4) == 0) {
        const uint32_t l = t.Label();
        t.Add({.op = Opcode::kLabel, .index = l});
      } else {
        t.Const(k);
      }
      if (next(2) == 0) t.f.markers.push_back({static_cast<uint32_t>(t.f.insts.size() - 1), k, "m"});
    }
    t.f.markers.push_back({static_cast<uint32_t>(t.f.insts.size()), 99, "end"});
    Insertions ins;
    std::vector<std::pair<uint32_t, Inst>> added;
    const uint32_t n = static_cast<uint32_t>(t.f.insts.size());
    for (uint32_t k = next(6); k > 0; --k) {
      Inst in{.op = Opcode::kConst, .dst = t.V(), .imm = 1000 + k};
      if (next(3) == 0) {
        in = Inst{.op = Opcode::kLabel, .index = t.Label()};
      }
      const uint32_t at = next(n + 1);
      ins.Add(at, in);
      added.push_back({at, in});
    }
    // The reference: the rebuild into a new vector (ReplaceInsts's new_index).
    Function want = t.f;
    std::stable_sort(added.begin(), added.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<Inst> out;
    std::vector<uint32_t> new_index(n + 1);
    size_t q = 0;
    for (uint32_t i = 0; i <= n; ++i) {
      new_index[i] = static_cast<uint32_t>(out.size());
      for (; q < added.size() && added[q].first == i; ++q) out.push_back(added[q].second);
      if (i < n) out.push_back(want.insts[i]);
    }
    ReplaceInsts(want, std::move(out), new_index);
    ins.Apply(t.f);
    ASSERT_EQ(t.f.insts.size(), want.insts.size());
    for (size_t i = 0; i < want.insts.size(); ++i) {
      EXPECT_EQ(t.f.insts[i].op, want.insts[i].op) << round << " " << i;
      EXPECT_EQ(t.f.insts[i].imm, want.insts[i].imm) << round << " " << i;
      EXPECT_EQ(t.f.insts[i].index, want.insts[i].index) << round << " " << i;
    }
    EXPECT_EQ(t.f.label_block, want.label_block) << round;
    ASSERT_EQ(t.f.markers.size(), want.markers.size());
    for (size_t m = 0; m < want.markers.size(); ++m)
      EXPECT_EQ(t.f.markers[m].first_inst, want.markers[m].first_inst) << round << " " << m;
    EXPECT_TRUE(ins.before.empty());
  }
}

}  // namespace
}  // namespace wasmc::opt
