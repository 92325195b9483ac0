// The lowering table (compiler/lower/op_lowering.def) against the operator table
// (compiler/ops/ops.def): every numeric operator has a row, and each row agrees with its
// operator's signature (an i64 operator lowers to an integer IR op on i64 operands, a
// load's width fits its result, a conversion goes between the types its opcode names).
// An operator added to ops.def without a row, or a row on the wrong operator, fails here.
#include <gtest/gtest.h>

#include <string>

#include "backend/ir/ir.h"
#include "compiler/lower/op_lowering.h"
#include "compiler/ops/ops.h"

namespace wasmc {
namespace {

using ir::Cond;
using ir::Opcode;

bool IsInt(ValType t) { return t == ValType::kI32 || t == ValType::kI64; }
bool IsFloat(ValType t) { return t == ValType::kF32 || t == ValType::kF64; }
bool IsNumeric(ValType t) { return IsInt(t) || IsFloat(t); }
uint32_t Bytes(ValType t) { return t == ValType::kI32 || t == ValType::kF32 ? 4 : 8; }

// A scalar operator on numbers with no immediate but a constant or a memory argument:
// the ones the table must cover. (Bulk memory, tables, references, atomics and SIMD
// have their own code in the IR builder.)
bool IsNumericOp(Op op) {
  const OpSig& s = OpSignature(op);
  if (!s.simple || OpIsAtomic(op) || OpPrefix(op) == 0xfd) return false;
  for (ValType t : s.Params())
    if (!IsNumeric(t)) return false;
  for (ValType t : s.Results())
    if (!IsNumeric(t)) return false;
  switch (OpImm(op)) {
    case ImmKind::kNone: case ImmKind::kMem8: case ImmKind::kMem16: case ImmKind::kMem32:
    case ImmKind::kMem64: case ImmKind::kI32Const: case ImmKind::kI64Const:
    case ImmKind::kF32Const: case ImmKind::kF64Const:
      return true;
    default: return false;
  }
}

bool IsIntCond(Cond c) {
  switch (c) {
    case Cond::kEq: case Cond::kNe: case Cond::kLtS: case Cond::kLtU: case Cond::kGtS:
    case Cond::kGtU: case Cond::kLeS: case Cond::kLeU: case Cond::kGeS: case Cond::kGeU:
      return true;
    default: return false;
  }
}
bool IsFloatCond(Cond c) {
  switch (c) {
    case Cond::kEq: case Cond::kNe: case Cond::kFLt: case Cond::kFGt: case Cond::kFLe:
    case Cond::kFGe:
      return true;
    default: return false;
  }
}

// The operands an integer / float opcode of the table takes (1 or 2); 0: not one.
int IntArity(Opcode o) {
  switch (o) {
    case Opcode::kEqz: case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt:
    case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
      return 1;
    case Opcode::kCmp: case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kDivS:
    case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: case Opcode::kAnd: case Opcode::kOr:
    case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU: case Opcode::kRotl:
    case Opcode::kRotr:
      return 2;
    default: return 0;
  }
}
int FloatArity(Opcode o) {
  switch (o) {
    case Opcode::kFAbs: case Opcode::kFNeg: case Opcode::kFCeil: case Opcode::kFFloor:
    case Opcode::kFTrunc: case Opcode::kFNearest: case Opcode::kFSqrt:
      return 1;
    case Opcode::kFCmp: case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul:
    case Opcode::kFDiv: case Opcode::kFMin: case Opcode::kFMax: case Opcode::kFCopysign:
      return 2;
    default: return 0;
  }
}

// Does conversion opcode `o` go from `from` to `to`?
bool ConvertFits(Opcode o, ValType from, ValType to) {
  switch (o) {
    case Opcode::kWrap: return from == ValType::kI64 && to == ValType::kI32;
    case Opcode::kExtendS32: case Opcode::kExtendU32: return from == ValType::kI32 && to == ValType::kI64;
    case Opcode::kTruncS: case Opcode::kTruncU: case Opcode::kTruncSatS: case Opcode::kTruncSatU:
      return IsFloat(from) && IsInt(to);
    case Opcode::kConvertS: case Opcode::kConvertU: return IsInt(from) && IsFloat(to);
    case Opcode::kDemote: return from == ValType::kF64 && to == ValType::kF32;
    case Opcode::kPromote: return from == ValType::kF32 && to == ValType::kF64;
    case Opcode::kReinterpret: return Bytes(from) == Bytes(to) && IsInt(from) != IsInt(to);
    default: return false;
  }
}

// Why `op`'s row disagrees with its signature; empty if it agrees.
std::string Mismatch(Op op) {
  const OpLowering& l = LoweringOf(op);
  const OpSig& s = OpSignature(op);
  if (l.shape == LowerShape::kNone) return IsNumericOp(op) ? "a numeric operator without a row" : "";
  if (l.shape == LowerShape::kSpecial) return "";
  if (!s.simple) return "a row on an operator typed by the decoder";
  auto params = s.Params();
  auto results = s.Results();
  const bool is_cmp = l.op == Opcode::kCmp || l.op == Opcode::kFCmp;
  if (!is_cmp && l.cond != Cond::kEq) return "a condition on a non-comparison";
  if (l.shape != LowerShape::kLoad && l.shape != LowerShape::kStore && (l.width != 0 || l.sign))
    return "a width or sign on a non-memory row";
  switch (l.shape) {
    case LowerShape::kInt:
    case LowerShape::kFloat: {
      const bool fp = l.shape == LowerShape::kFloat;
      const int arity = fp ? FloatArity(l.op) : IntArity(l.op);
      if (arity == 0) return fp ? "not a float IR op" : "not an integer IR op";
      if (params.size() != static_cast<size_t>(arity) || results.size() != 1) return "arity";
      for (ValType t : params)
        if (t != params[0] || (fp ? !IsFloat(t) : !IsInt(t))) return "operand type";
      const bool bool_result = is_cmp || l.op == Opcode::kEqz;
      if (results[0] != (bool_result ? ValType::kI32 : params[0])) return "result type";
      if (is_cmp && !(fp ? IsFloatCond(l.cond) : IsIntCond(l.cond))) return "condition";
      if (l.op == Opcode::kExtend32S && params[0] != ValType::kI64) return "extend32_s of i32";
      return "";
    }
    case LowerShape::kConvert:
      if (params.size() != 1 || results.size() != 1) return "arity";
      return ConvertFits(l.op, params[0], results[0]) ? "" : "types of the conversion";
    case LowerShape::kLoad:
      if (l.op != Opcode::kLoad) return "not kLoad";
      if (params.size() != 1 || params[0] != ValType::kI32 || results.size() != 1) return "signature";
      if (l.width != 1u << NaturalAlignLog2(OpImm(op))) return "width is not the access's";
      if (l.width > Bytes(results[0])) return "wider than the result";
      if (l.sign && (l.width == Bytes(results[0]) || !IsInt(results[0]))) return "sign on a full-width load";
      return "";
    case LowerShape::kStore:
      if (l.op != Opcode::kStore) return "not kStore";
      if (params.size() != 2 || params[0] != ValType::kI32 || !results.empty()) return "signature";
      if (l.width != 1u << NaturalAlignLog2(OpImm(op))) return "width is not the access's";
      if (l.width > Bytes(params[1])) return "wider than the value";
      return "";
    default: return "unknown shape";
  }
}

TEST(OpLowering, RowsAgreeWithSignatures) {
  size_t numeric = 0;
  for (size_t k = 0; k < kNumOps; ++k) {
    const Op op = static_cast<Op>(k);
    numeric += IsNumericOp(op);
    EXPECT_EQ(Mismatch(op), "") << OpName(op);
  }
  EXPECT_GT(numeric, 150u);  // (the definition of numeric above is not vacuous)
}

// The checks catch what they are for: rows as they would be if written on the wrong
// operator, checked by the same rules.
TEST(OpLowering, ChecksCatchWrongRows) {
  EXPECT_EQ(ConvertFits(Opcode::kWrap, ValType::kI32, ValType::kI64), false);
  EXPECT_EQ(ConvertFits(Opcode::kReinterpret, ValType::kI32, ValType::kF64), false);
  EXPECT_EQ(IntArity(Opcode::kFAdd), 0);
  EXPECT_EQ(FloatArity(Opcode::kAdd), 0);
  EXPECT_FALSE(IsFloatCond(Cond::kLtS));
  EXPECT_TRUE(IsNumericOp(Op::kI64Add));
  EXPECT_FALSE(IsNumericOp(Op::kMemoryFill));
}

// Both consumers' fields, spot-checked.
TEST(OpLowering, Examples) {
  EXPECT_EQ(LoweringOf(Op::kI64GeU).shape, LowerShape::kInt);
  EXPECT_EQ(LoweringOf(Op::kI64GeU).op, Opcode::kCmp);
  EXPECT_EQ(LoweringOf(Op::kI64GeU).cond, Cond::kGeU);
  EXPECT_EQ(LoweringOf(Op::kF32Lt).cond, Cond::kFLt);
  EXPECT_EQ(LoweringOf(Op::kI64Load16S).width, 2);
  EXPECT_TRUE(LoweringOf(Op::kI64Load16S).sign);
  EXPECT_FALSE(LoweringOf(Op::kI64Load32U).sign);
  EXPECT_EQ(LoweringOf(Op::kI64Store32).width, 4);
  EXPECT_EQ(LoweringOf(Op::kLocalGet).shape, LowerShape::kSpecial);
  EXPECT_EQ(LoweringOf(Op::kCallRef).shape, LowerShape::kNone);
}

}  // namespace
}  // namespace wasmc
