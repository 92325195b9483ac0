// How each WebAssembly operator lowers to the IR: the table of op_lowering.def, read
// by the IR builder (ir_builder.cc) and the single-pass tier (single_pass.cc), so the
// two cannot disagree on which ir::Opcode, condition, width or extension an operator
// becomes. A constexpr array indexed by Op: no allocation, safe from any thread.
#pragma once

#include <array>
#include <cstdint>

#include "backend/ir/ir.h"
#include "compiler/ops/ops.h"

namespace wasmc {

// The form of an operator's lowering (op_lowering.def's row kinds).
enum class LowerShape : uint8_t {
  kNone,     // no row: the IR builder's own code; not in the single-pass tier
  kSpecial,  // its own code in both consumers
  kInt,      // `op` (and `cond`) on integer operands: unary or binary by arity
  kFloat,    // `op` (and `cond`) on float operands
  kConvert,  // `op` from the operand's type to the result's
  kLoad,     // kLoad: `width` bytes, `sign`-extended
  kStore,    // kStore: the value's low `width` bytes
};

struct OpLowering {
  LowerShape shape = LowerShape::kNone;
  ir::Opcode op = ir::Opcode::kNop;
  ir::Cond cond = ir::Cond::kEq;  // kCmp, kFCmp
  uint8_t width = 0;              // loads, stores: bytes accessed
  bool sign = false;              // loads
};

namespace op_lowering_internal {

// Not constexpr: a second row for an operator calls it, which fails the build (kTable
// is evaluated at compile time).
void OperatorListedTwice();

constexpr void SetRow(std::array<OpLowering, kNumOps>& t, Op op, OpLowering l) {
  OpLowering& row = t[static_cast<size_t>(op)];
  if (row.shape != LowerShape::kNone) OperatorListedTwice();
  row = l;
}

constexpr std::array<OpLowering, kNumOps> MakeTable() {
  using enum LowerShape;
  using ir::Cond;
  using ir::Opcode;
  std::array<OpLowering, kNumOps> t{};
#define ROW(o, ...) SetRow(t, Op::o, OpLowering{__VA_ARGS__});
#define INT(o, opcode) ROW(o, kInt, Opcode::opcode)
#define FLOAT(o, opcode) ROW(o, kFloat, Opcode::opcode)
#define ICMP(o, c) ROW(o, kInt, Opcode::kCmp, Cond::c)
#define FCMP(o, c) ROW(o, kFloat, Opcode::kFCmp, Cond::c)
#define CONVERT(o, opcode) ROW(o, kConvert, Opcode::opcode)
#define LOAD(o, w, s) ROW(o, kLoad, Opcode::kLoad, Cond::kEq, w, s)
#define STORE(o, w) ROW(o, kStore, Opcode::kStore, Cond::kEq, w)
#define SPECIAL(o) ROW(o, kSpecial)
#include "compiler/lower/op_lowering.def"
#undef SPECIAL
#undef STORE
#undef LOAD
#undef CONVERT
#undef FCMP
#undef ICMP
#undef FLOAT
#undef INT
#undef ROW
  return t;
}

inline constexpr std::array<OpLowering, kNumOps> kTable = MakeTable();

}  // namespace op_lowering_internal

constexpr const OpLowering& LoweringOf(Op op) { return op_lowering_internal::kTable[static_cast<size_t>(op)]; }

}  // namespace wasmc
