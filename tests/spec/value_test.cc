// Unit tests of the spec runner's value parsing and comparison (value.h), which
// the executor relies on: run by lit through tests/spec/values.test.
#include <gtest/gtest.h>

#include "compiler/wast/value.h"

namespace wasmc::spec {
namespace {

using nlohmann::json;

Pattern Expect(const char* text) {
  Pattern p;
  std::string error;
  EXPECT_TRUE(ParseExpected(json::parse(text), &p, &error)) << error;
  return p;
}

Value Arg(const char* text) {
  Value v;
  std::string error;
  EXPECT_TRUE(ParseArg(json::parse(text), &v, &error)) << error;
  return v;
}

Value Scalar(ValType t, uint64_t bits) { return Value{t, bits, 0, false}; }

TEST(SpecValues, IntegersCompareBitPatterns) {
  EXPECT_TRUE(Matches(Expect(R"({"type":"i32","value":"4294967295"})"), Scalar(ValType::kI32, 0xffffffff)));
  EXPECT_FALSE(Matches(Expect(R"({"type":"i32","value":"4294967295"})"), Scalar(ValType::kI32, 0xfffffffe)));
  // i32 results must not carry garbage in the upper half.
  EXPECT_FALSE(Matches(Expect(R"({"type":"i32","value":"1"})"), Scalar(ValType::kI32, 0x100000001)));
  EXPECT_TRUE(Matches(Expect(R"({"type":"i64","value":"18446744073709551615"})"), Scalar(ValType::kI64, ~0ull)));
  // The type is part of the value.
  EXPECT_FALSE(Matches(Expect(R"({"type":"i64","value":"1"})"), Scalar(ValType::kI32, 1)));
}

TEST(SpecValues, FloatsCompareBitsNotValues) {
  // -0.0 is not +0.0; a NaN with a given payload matches only that payload.
  EXPECT_FALSE(Matches(Expect(R"({"type":"f32","value":"0"})"), Scalar(ValType::kF32, 0x80000000)));
  EXPECT_TRUE(Matches(Expect(R"({"type":"f32","value":"2143289345"})"), Scalar(ValType::kF32, 0x7fc00001)));
  EXPECT_FALSE(Matches(Expect(R"({"type":"f32","value":"2143289345"})"), Scalar(ValType::kF32, 0x7fc00000)));
  EXPECT_TRUE(Matches(Expect(R"({"type":"f64","value":"9221120237041090560"})"),
                      Scalar(ValType::kF64, 0x7ff8000000000000)));
}

TEST(SpecValues, NanClasses) {
  Pattern canon32 = Expect(R"({"type":"f32","value":"nan:canonical"})");
  EXPECT_TRUE(Matches(canon32, Scalar(ValType::kF32, 0x7fc00000)));
  EXPECT_TRUE(Matches(canon32, Scalar(ValType::kF32, 0xffc00000)));   // either sign
  EXPECT_FALSE(Matches(canon32, Scalar(ValType::kF32, 0x7fc00001)));  // payload
  EXPECT_FALSE(Matches(canon32, Scalar(ValType::kF32, 0x7f800000)));  // infinity
  Pattern arith32 = Expect(R"({"type":"f32","value":"nan:arithmetic"})");
  EXPECT_TRUE(Matches(arith32, Scalar(ValType::kF32, 0x7fc00001)));
  EXPECT_TRUE(Matches(arith32, Scalar(ValType::kF32, 0xffffffff)));
  EXPECT_FALSE(Matches(arith32, Scalar(ValType::kF32, 0x7fa00000)));  // signalling
  Pattern canon64 = Expect(R"({"type":"f64","value":"nan:canonical"})");
  EXPECT_TRUE(Matches(canon64, Scalar(ValType::kF64, 0xfff8000000000000)));
  EXPECT_FALSE(Matches(canon64, Scalar(ValType::kF64, 0x7ff8000000000001)));
  Pattern arith64 = Expect(R"({"type":"f64","value":"nan:arithmetic"})");
  EXPECT_TRUE(Matches(arith64, Scalar(ValType::kF64, 0x7ff8000000000001)));
  EXPECT_FALSE(Matches(arith64, Scalar(ValType::kF64, 0x7ff4000000000000)));
}

TEST(SpecValues, V128Lanes) {
  Value v = Arg(R"({"type":"v128","lane_type":"i16","value":["1","2","3","4","5","6","7","65535"]})");
  EXPECT_EQ(v.lo, 0x0004000300020001ull);
  EXPECT_EQ(v.hi, 0xffff000700060005ull);
  EXPECT_TRUE(Matches(Expect(R"({"type":"v128","lane_type":"i32","value":["131073","262147","393221","4294901767"]})"), v));
  EXPECT_TRUE(Matches(Expect(R"({"type":"v128","lane_type":"i64","value":["1125912791875585","18446462628798005253"]})"), v));
  EXPECT_FALSE(Matches(Expect(R"({"type":"v128","lane_type":"i8","value":["1","0","2","0","3","0","4","0","5","0","6","0","7","0","255","254"]})"), v));
  // Per-lane NaN classes.
  Value f = Arg(R"({"type":"v128","lane_type":"f32","value":["2143289344","4290772992","1065353216","2139095041"]})");
  EXPECT_TRUE(Matches(Expect(R"({"type":"v128","lane_type":"f32","value":["nan:canonical","nan:canonical","1065353216","2139095041"]})"), f));
  EXPECT_FALSE(Matches(Expect(R"({"type":"v128","lane_type":"f32","value":["nan:canonical","nan:canonical","1065353216","nan:arithmetic"]})"), f));
  EXPECT_TRUE(Matches(Expect(R"({"type":"v128","lane_type":"f64","value":["nan:arithmetic","4611686018427387904"]})"),
                      Value{ValType::kV128, 0x7ff8000000000123, 0x4000000000000000, false}));
}

TEST(SpecValues, References) {
  Value null_ext = Arg(R"({"type":"externref","value":"null"})");
  EXPECT_TRUE(null_ext.is_null);
  Value ext2 = Arg(R"({"type":"externref","value":"2"})");
  EXPECT_FALSE(ext2.is_null);
  EXPECT_EQ(ext2.lo, 2u);
  EXPECT_TRUE(Matches(Expect(R"({"type":"externref","value":"null"})"), null_ext));
  EXPECT_FALSE(Matches(Expect(R"({"type":"externref","value":"null"})"), ext2));
  EXPECT_TRUE(Matches(Expect(R"({"type":"externref","value":"2"})"), ext2));
  EXPECT_FALSE(Matches(Expect(R"({"type":"externref","value":"3"})"), ext2));
  EXPECT_TRUE(Matches(Expect(R"({"type":"externref"})"), ext2));       // any non-null
  EXPECT_FALSE(Matches(Expect(R"({"type":"externref"})"), null_ext));
  EXPECT_FALSE(Matches(Expect(R"({"type":"funcref"})"), ext2));        // wrong type
  Value func{ValType::kFuncRef, 0x1234, 0, false};
  EXPECT_TRUE(Matches(Expect(R"({"type":"funcref"})"), func));
  EXPECT_FALSE(Matches(Expect(R"({"type":"funcref","value":"null"})"), func));
}

TEST(SpecValues, RejectsMalformedJson) {
  Pattern p;
  Value v;
  std::string error;
  EXPECT_FALSE(ParseExpected(json::parse(R"({"type":"i33","value":"1"})"), &p, &error));
  EXPECT_FALSE(ParseExpected(json::parse(R"({"type":"i32","value":"12x"})"), &p, &error));
  EXPECT_FALSE(ParseExpected(json::parse(R"({"type":"v128","lane_type":"i32","value":["1"]})"), &p, &error));
  EXPECT_FALSE(ParseArg(json::parse(R"({"type":"f32","value":"nan:canonical"})"), &v, &error));
  EXPECT_FALSE(ParseArg(json::parse(R"({"type":"externref"})"), &v, &error));
}

TEST(SpecValues, Formatting) {
  EXPECT_EQ(FormatValue(Scalar(ValType::kI32, 42)), "i32:0x2a");
  EXPECT_EQ(FormatPattern(Expect(R"({"type":"f32","value":"nan:canonical"})")), "f32:nan:canonical");
  EXPECT_EQ(FormatValue(Value{ValType::kExternRef, 0, 0, true}), "externref:null");
  EXPECT_EQ(FormatValue(Value{ValType::kV128, 1, 2, false}), "v128:0x00000000000000020000000000000001");
}

}  // namespace
}  // namespace wasmc::spec
