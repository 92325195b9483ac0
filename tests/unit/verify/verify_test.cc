// The IR verifier against hand-made IR: a correct function passes, and each kind of
// broken IR is reported at the right instruction.
#include <gtest/gtest.h>

#include "backend/ir/printer.h"
#include "backend/ir/verify.h"

namespace wasmc::ir {
namespace {

// A small function builder for tests: vregs by type, instructions in order.
struct Fn {
  Function f;
  std::vector<uint8_t> kinds;
  explicit Fn(uint32_t params = 0) {
    f.func_index = 7;
    for (uint32_t p = 0; p < params; ++p) Var(Type::kI32);
    f.num_params = params;
  }
  VReg Temp(Type t = Type::kI32) { kinds.push_back(0); return f.NewVReg(t); }
  VReg Var(Type t = Type::kI32) { kinds.push_back(1); return f.NewVReg(t); }
  uint32_t Label() { f.label_block.push_back(~0u); return f.num_labels++; }
  uint32_t Add(Inst in) {
    if (in.op == Opcode::kLabel) f.label_block[in.index] = static_cast<uint32_t>(f.insts.size());
    f.insts.push_back(in);
    return static_cast<uint32_t>(f.insts.size() - 1);
  }
  uint32_t Ret(std::vector<VReg> values) {
    Inst in{.op = Opcode::kReturn};
    in.extra_begin = static_cast<uint32_t>(f.extra.size());
    for (VReg v : values) f.extra.push_back(v);
    in.extra_count = in.index2 = static_cast<uint32_t>(values.size());
    return Add(in);
  }
  VerifyResult Verify(const ModuleSignatures* m = nullptr) { return VerifyFunction(f, m, kinds); }
};

// if (p0) x = 1 else x = 2; return x + p0  -- correct.
Fn Diamond() {
  Fn t(1);
  t.f.results = {Type::kI32};
  VReg x = t.Var(), one = t.Temp(), two = t.Temp(), sum = t.Temp();
  uint32_t els = t.Label(), join = t.Label();
  t.Add({.op = Opcode::kBrIf, .cond = Cond::kEq, .a = 0, .index = els});
  t.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  t.Add({.op = Opcode::kMov, .dst = x, .a = one});
  t.Add({.op = Opcode::kJump, .index = join});
  t.Add({.op = Opcode::kLabel, .index = els});
  t.Add({.op = Opcode::kConst, .dst = two, .imm = 2});
  t.Add({.op = Opcode::kMov, .dst = x, .a = two});
  t.Add({.op = Opcode::kLabel, .index = join});
  t.Add({.op = Opcode::kAdd, .dst = sum, .a = x, .b = 0});
  t.Ret({sum});
  return t;
}

TEST(IrVerifier, AcceptsACorrectDiamond) {
  Fn t = Diamond();
  VerifyResult r = t.Verify();
  EXPECT_TRUE(r.ok) << VerifyReport(t.f, r);
}

TEST(IrVerifier, UseBeforeDefinitionOnOnePath) {
  Fn t = Diamond();
  t.f.insts[6] = Inst{.op = Opcode::kNop};  // the else arm no longer sets x
  VerifyResult r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 8u);
  EXPECT_NE(r.what.find("use of v1"), std::string::npos) << r.what;
  EXPECT_NE(r.what.find("not defined on every path"), std::string::npos) << r.what;
  std::string report = VerifyReport(t.f, r);
  EXPECT_NE(report.find("func 7, inst 8"), std::string::npos) << report;
  EXPECT_NE(report.find("  > 8: v4:i32 = Add.i32 v1:i32, v0:i32"), std::string::npos) << report;
}

TEST(IrVerifier, UseOfATemporaryWhoseDefinitionDoesNotDominate) {
  Fn t = Diamond();
  t.f.insts[8].b = 3;  // `two`, defined only in the else arm
  VerifyResult r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 8u);
  EXPECT_NE(r.what.find("use of v3 (i32, temporary"), std::string::npos) << r.what;
}

TEST(IrVerifier, TemporaryDefinedTwice) {
  Fn t = Diamond();
  t.f.insts[5].dst = 2;  // the else arm's constant now also defines `one`
  t.f.insts[6].a = 2;
  VerifyResult r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 5u);
  EXPECT_NE(r.what.find("temporary v2 defined again (first at inst 1)"), std::string::npos) << r.what;
  // A variable may be defined on both arms (x is), and without kinds nothing is checked.
  EXPECT_TRUE(VerifyFunction(t.f).ok);
}

TEST(IrVerifier, BadLabels) {
  {
    Fn t = Diamond();
    t.f.insts[3].index = 9;  // jump to a label that does not exist
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.inst, 3u);
    EXPECT_NE(r.what.find("label L9 out of range"), std::string::npos) << r.what;
  }
  {
    Fn t = Diamond();
    uint32_t never = t.Label();
    t.f.insts[0].index = never;
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.inst, 0u);
    EXPECT_NE(r.what.find("never bound"), std::string::npos) << r.what;
  }
  {
    Fn t = Diamond();
    t.f.insts[7].index = 0;  // L0 bound at 4 and again at 7
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.inst, 7u);
    EXPECT_NE(r.what.find("bound twice"), std::string::npos) << r.what;
  }
}

TEST(IrVerifier, WrongCallArity) {
  ModuleSignatures m;
  m.types = {Signature{{Type::kI32, Type::kI64}, {Type::kI32}}};
  m.funcs = {m.types[0], m.types[0]};
  Fn t(1);
  t.f.func_index = 1;
  t.f.results = {Type::kI32};
  VReg r = t.Temp();
  Inst call{.op = Opcode::kCall, .index = 0};
  call.extra_begin = 0;
  t.f.extra = {0, r};  // one argument, one result: the callee takes two
  call.index2 = 1;
  call.extra_count = 2;
  t.Add(call);
  t.Ret({r});
  VerifyResult res = t.Verify(&m);
  ASSERT_FALSE(res.ok);
  EXPECT_EQ(res.inst, 0u);
  EXPECT_NE(res.what.find("call with 1 arguments and 1 results; the callee takes 2 and returns 1"),
            std::string::npos)
      << res.what;
  // A runtime helper with the wrong arity is caught without a module.
  t.f.insts[0].op = Opcode::kCallRuntime;
  t.f.insts[0].index = static_cast<uint32_t>(RuntimeFn::kMemoryFill);
  res = t.Verify();
  ASSERT_FALSE(res.ok);
  EXPECT_NE(res.what.find("the callee takes 3 and returns 0"), std::string::npos) << res.what;
}

TEST(IrVerifier, OperandTypesAndShapes) {
  {
    Fn t = Diamond();
    VReg wide = t.Temp(Type::kI64);
    t.f.insts[8].b = wide;  // i32 add of an i64
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.what.find("is i64, expected i32"), std::string::npos) << r.what;
  }
  {
    Fn t = Diamond();
    t.f.insts[8].b = 99;
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.what.find("out of range"), std::string::npos) << r.what;
  }
  {
    Fn t = Diamond();
    t.f.insts[9].extra_count = 40;  // extra range beyond extra
    t.f.insts[9].index2 = 40;
    VerifyResult r = t.Verify();
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.what.find("beyond extra"), std::string::npos) << r.what;
  }
}

// Vector instructions against backend/ir/vec_ops.def: opcode kind, operand and
// result types, access width, lane index; no v128 kConst.
TEST(IrVerifier, VectorOperations) {
  auto check = [](auto mutate) {
    Fn t(1);  // p0: i32 address
    t.f.results = {Type::kI32};
    VReg c = t.Temp(Type::kV128), l = t.Temp(Type::kV128), s = t.Temp(Type::kV128),
         x = t.Temp(Type::kI32);
    auto vec = [](VecOp op) { return static_cast<uint32_t>(op); };
    t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = c, .index = vec(VecOp::kV128Const),
           .imm = 1, .imm_hi = 2});
    t.Add({.op = Opcode::kVecLoad, .type = Type::kV128, .width = 4, .dst = l, .a = 0, .b = c,
           .index = vec(VecOp::kV128Load32Lane), .index2 = 3, .imm = 8});
    t.Add({.op = Opcode::kVec, .type = Type::kV128, .dst = s, .a = c, .b = l,
           .index = vec(VecOp::kI32x4Add)});
    t.Add({.op = Opcode::kVecStore, .type = Type::kV128, .width = 16, .a = 0, .b = s,
           .index = vec(VecOp::kV128Store)});
    t.Add({.op = Opcode::kVec, .type = Type::kI32, .dst = x, .a = s,
           .index = vec(VecOp::kI32x4ExtractLane), .index2 = 1});
    t.Ret({x});
    mutate(t.f);
    return t.Verify();
  };
  VerifyResult r = check([](Function&) {});
  EXPECT_TRUE(r.ok) << r.what;
  r = check([](Function& f) { f.insts[2].b = 0; });  // an i32 where a v128 goes
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 2u);
  EXPECT_NE(r.what.find("is i32, expected v128"), std::string::npos) << r.what;
  r = check([](Function& f) { f.insts[1].index2 = 4; });  // i32 lane 4 of 4
  EXPECT_EQ(r.what, "lane 4 of 4 in V128Load32Lane");
  r = check([](Function& f) { f.insts[3].width = 8; });
  EXPECT_EQ(r.what, "access width 8 for V128Store, expected 16");
  r = check([](Function& f) { f.insts[2].op = Opcode::kVecLoad; });
  EXPECT_EQ(r.what, "I32x4Add under VecLoad, expected Vec");
  r = check([](Function& f) { f.insts[4].type = Type::kI64; });
  EXPECT_EQ(r.what, "I32x4ExtractLane with type i64, expected i32");
  r = check([](Function& f) { f.insts[0] = Inst{.op = Opcode::kConst, .type = Type::kV128, .dst = 1}; });
  EXPECT_EQ(r.what, "v128 constant as kConst (use kVec V128Const)");
}

TEST(IrVerifier, ParallelMoveShape) {
  Fn t(2);
  VReg a = t.Var(), b = t.Var();
  Inst pm{.op = Opcode::kParallelMove};
  t.f.extra = {a, 1, a, 0};  // a written twice
  pm.extra_count = 4;
  t.Add(pm);
  t.Ret({});
  (void)b;
  VerifyResult r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.what.find("writes v2 twice"), std::string::npos) << r.what;
  t.f.extra = {a, 1, b};
  t.f.insts[0].extra_count = 3;
  r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.what.find("(dst, src) pairs"), std::string::npos) << r.what;
}

TEST(IrVerifier, LoopsWithoutValuesTerminate) {
  // No vreg is read across blocks: the dataflow has nothing to track, and must still
  // reach its fixed point (an endless self-loop in the IR is fine).
  Fn t;
  uint32_t top = t.Label();
  t.Add({.op = Opcode::kLabel, .index = top});
  t.Add({.op = Opcode::kJump, .index = top});
  VerifyResult r = t.Verify();
  EXPECT_TRUE(r.ok) << VerifyReport(t.f, r);
}

TEST(IrVerifier, FallingOffTheEnd) {
  Fn t = Diamond();
  t.f.insts.pop_back();
  VerifyResult r = t.Verify();
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.what.find("falls off the end"), std::string::npos) << r.what;
}

}  // namespace
}  // namespace wasmc::ir
