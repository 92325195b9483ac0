// The operator tables are constexpr in ops.h; this file checks their invariants at
// compile time so a bad edit of ops.def fails the build, not a test run.
#include "compiler/ops/ops.h"

#include <array>

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

// Post-2.0 operators (not in the lookup tables) have distinct encodings too. One pass
// over a table of (prefix, code) pairs: a pairwise check exceeds clang's constexpr
// step limit.
constexpr bool Post20EncodingsDistinct() {
  constexpr size_t kCodes = 2048;
  auto prefix_slot = [](uint32_t prefix) -> size_t {
    switch (prefix) {
      case 0x00: return 0;
      case 0xfb: return 1;
      case 0xfc: return 2;
      case 0xfd: return 3;
      case 0xfe: return 4;
      default: return 5;
    }
  };
  std::array<bool, 6 * kCodes> seen{};
  for (size_t i = 0; i < kNumOps; ++i) {
    const Op op = static_cast<Op>(i);
    const size_t code = static_cast<size_t>(OpCode(op));
    if (code >= kCodes) return false;
    bool& slot = seen[prefix_slot(OpPrefix(op)) * kCodes + code];
    if (slot) return false;
    slot = true;
  }
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
