// The operator table: enum names are mechanical, encodings round-trip, and the
// generated typing agrees with the spec for a sample of every family.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "compiler/ops/ops.h"

namespace wasmc {
namespace {

struct Row {
  const char* enum_name;
  const char* text;
};
constexpr Row kRows[] = {
#define V(name, prefix, code, text, imm, params, results) {#name, text},
#include "compiler/ops/ops.def"
#undef V
};

// i32.div_s -> kI32DivS (docs/architecture.md): capitalize each part split at '.' and '_'.
std::string Mechanical(const std::string& text) {
  std::string out = "k";
  bool upper = true;
  for (char c : text) {
    if (c == '.' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

TEST(Ops, EveryEnumNameIsMechanical) {
  for (const Row& r : kRows) {
    std::string want = Mechanical(r.text);
    if (std::string(r.enum_name) == "kSelectT") want += "T";  // the typed select
    EXPECT_EQ(r.enum_name, want) << r.text;
  }
}

TEST(Ops, TableCoversWebAssembly2) {
  // 0x00 prefix: 172 MVP/sign-ext/reference ops + typed select + 2 tail calls + 8
  // exception handling ops + 5 typed function reference ops (3.0, implemented);
  // 0xfc: 18; 0xfd: 236.
  size_t one = 0, fc = 0, fd = 0;
  for (size_t i = 0; i < kNumOps; ++i) {
    if (OpIsPost20(static_cast<Op>(i))) continue;
    switch (OpPrefix(static_cast<Op>(i))) {
      case 0x00: ++one; break;
      case 0xfc: ++fc; break;
      case 0xfd: ++fd; break;
      default: ADD_FAILURE() << "bad prefix";
    }
  }
  EXPECT_EQ(fc, 18u);
  EXPECT_EQ(fd, 236u);
  EXPECT_EQ(one, 198u);
  std::set<std::string> texts;
  for (const Row& r : kRows) texts.insert(r.text);
  EXPECT_EQ(texts.size(), kNumOps - 1);  // only "select" appears twice
}

TEST(Ops, Post20OperatorsAreListedButNotDecoded) {
  // 0x00: ref.eq (GC); 0xfb: 29 GC; 0xfe: 4 + 14 + 49
  // threads; 0xfd: 20 relaxed SIMD.
  size_t one = 0, fb = 0, fd = 0, fe = 0;
  for (size_t i = 0; i < kNumOps; ++i) {
    Op op = static_cast<Op>(i), found{};
    if (!OpIsPost20(op)) continue;
    // The threads operators (0xfe) and relaxed SIMD (0xfd) are implemented: LookupOp
    // finds them (ops.h).
    EXPECT_EQ(LookupOp(OpPrefix(op), OpCode(op), &found) && found == op,
              OpIsAtomic(op) || OpPrefix(op) == 0xfd)
        << OpName(op);
    switch (OpPrefix(op)) {
      case 0x00: ++one; break;
      case 0xfb: ++fb; break;
      case 0xfd: ++fd; break;
      case 0xfe: ++fe; break;
      default: ADD_FAILURE() << "bad prefix " << OpName(op);
    }
  }
  EXPECT_EQ(one, 1u);
  EXPECT_EQ(fb, 29u);
  EXPECT_EQ(fe, 67u);
  EXPECT_EQ(fd, 20u);
}

TEST(Ops, LookupRoundTripsAndRejectsHoles) {
  for (size_t i = 0; i < kNumOps; ++i) {
    Op op = static_cast<Op>(i), found{};
    if (OpIsPost20(op)) continue;
    ASSERT_TRUE(LookupOp(OpPrefix(op), OpCode(op), &found)) << OpName(op);
    EXPECT_EQ(found, op);
  }
  Op op{};
  EXPECT_FALSE(LookupOp(0, 0xd3, &op));      // ref.eq (GC): not implemented
  EXPECT_TRUE(LookupOp(0, 0x06, &op) && op == Op::kTry);  // exceptions (3.0): implemented
  EXPECT_FALSE(LookupOp(0, 0xfe, &op));      // threads prefix as a plain opcode
  EXPECT_FALSE(LookupOp(0xfc, 18, &op));     // past table.fill
  EXPECT_FALSE(LookupOp(0xfd, 154, &op));    // SIMD hole
  EXPECT_TRUE(LookupOp(0xfd, 0x100, &op));   // relaxed SIMD: i8x16.relaxed_swizzle
  EXPECT_EQ(op, Op::kI8x16RelaxedSwizzle);
  EXPECT_FALSE(LookupOp(0xfd, 0x114, &op));  // past the relaxed SIMD operators
  EXPECT_FALSE(LookupOp(0xfd, 0xffffffffu, &op));
}

TEST(Ops, KnownEncodings) {
  EXPECT_EQ(OpCode(Op::kI32DivS), 0x6du);
  EXPECT_EQ(OpCode(Op::kI64Extend32S), 0xc4u);
  EXPECT_EQ(OpCode(Op::kMemoryFill), 11u);
  EXPECT_EQ(OpPrefix(Op::kMemoryFill), 0xfc);
  EXPECT_EQ(OpCode(Op::kI8x16Shuffle), 13u);
  EXPECT_EQ(OpCode(Op::kF64x2ConvertLowI32x4U), 255u);
  EXPECT_STREQ(OpName(Op::kI32x4TruncSatF64x2SZero), "i32x4.trunc_sat_f64x2_s_zero");
}

TEST(Ops, SimpleSignatures) {
  const OpSig& add = OpSignature(Op::kI64Add);
  ASSERT_TRUE(add.simple);
  EXPECT_EQ(add.Params().size(), 2u);
  EXPECT_EQ(add.params[0], ValType::kI64);
  EXPECT_EQ(add.Results()[0], ValType::kI64);
  const OpSig& store = OpSignature(Op::kF64Store);
  EXPECT_EQ(store.params[0], ValType::kI32);
  EXPECT_EQ(store.params[1], ValType::kF64);
  EXPECT_EQ(store.num_results, 0u);
  const OpSig& bitselect = OpSignature(Op::kV128Bitselect);
  EXPECT_EQ(bitselect.num_params, 3u);
  const OpSig& shl = OpSignature(Op::kI8x16Shl);
  EXPECT_EQ(shl.params[1], ValType::kI32);
  EXPECT_EQ(OpSignature(Op::kI32x4AllTrue).results[0], ValType::kI32);
  EXPECT_FALSE(OpSignature(Op::kLocalGet).simple);
  EXPECT_FALSE(OpSignature(Op::kCall).simple);
  EXPECT_FALSE(OpSignature(Op::kTableGet).simple);  // typed by the table
}

TEST(Ops, ImmediateKinds) {
  EXPECT_EQ(NaturalAlignLog2(OpImm(Op::kV128Load)), 4);
  EXPECT_EQ(NaturalAlignLog2(OpImm(Op::kV128Load8x8S)), 3);
  EXPECT_EQ(NaturalAlignLog2(OpImm(Op::kV128Load32Zero)), 2);
  EXPECT_EQ(NaturalAlignLog2(OpImm(Op::kI64Store16)), 1);
  EXPECT_EQ(LaneCount(OpImm(Op::kI8x16ExtractLaneS)), 16);
  EXPECT_EQ(LaneCount(OpImm(Op::kV128Store64Lane)), 2);
  EXPECT_EQ(OpImm(Op::kSelectT), ImmKind::kSelectT);
  EXPECT_EQ(OpImm(Op::kTableCopy), ImmKind::kTableCopy);
}

}  // namespace
}  // namespace wasmc
