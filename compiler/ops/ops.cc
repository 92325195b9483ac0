// The operator tables are constexpr in ops.h; this file checks their invariants at
// compile time so a bad edit of ops.def fails the build, not a test run.
#include "compiler/ops/ops.h"

namespace wasmc {
namespace {

// Every (prefix, code) maps back to the operator that declared it (no duplicates).
constexpr bool LookupRoundTrips() {
  for (size_t i = 0; i < kNumOps; ++i) {
    Op op = static_cast<Op>(i);
    if (OpIsPost20(op)) continue;
    Op found{};
    if (!LookupOp(OpPrefix(op), OpCode(op), &found) || found != op) return false;
  }
  return true;
}
static_assert(LookupRoundTrips(), "ops.def has a duplicate or out-of-range (prefix, code)");

// Post-2.0 operators (not in the lookup tables) have distinct encodings too.
constexpr bool Post20EncodingsDistinct() {
  for (size_t i = 0; i < kNumOps; ++i)
    for (size_t j = i + 1; j < kNumOps; ++j)
      if ((OpIsPost20(static_cast<Op>(i)) || OpIsPost20(static_cast<Op>(j))) &&
          OpPrefix(static_cast<Op>(i)) == OpPrefix(static_cast<Op>(j)) &&
          OpCode(static_cast<Op>(i)) == OpCode(static_cast<Op>(j)))
        return false;
  return true;
}
static_assert(Post20EncodingsDistinct(), "ops.def: a post-2.0 operator reuses an encoding");

// Simple operators have at most 3 params and 1 result (OpSig's storage).
constexpr bool SignaturesFit() {
  for (size_t i = 0; i < kNumOps; ++i) {
    const OpSig& s = OpSignature(static_cast<Op>(i));
    for (uint8_t p = 0; p < s.num_params; ++p)
      if (s.params[p] == ValType::kBottom) return false;
  }
  return true;
}
static_assert(SignaturesFit(), "ops.def has an unknown type letter");

// Memory access kinds carry their natural alignment; lane kinds their lane count.
static_assert(NaturalAlignLog2(OpImm(Op::kI64Load32S)) == 2);
static_assert(LaneCount(OpImm(Op::kV128Load16Lane)) == 8);
static_assert(OpSignature(Op::kI32Add).num_params == 2);

}  // namespace
}  // namespace wasmc
