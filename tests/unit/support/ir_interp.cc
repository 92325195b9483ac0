// The integer-subset IR interpreter of the unit tests (ir_interp.h).
#include "tests/unit/support/ir_interp.h"

#include <gtest/gtest.h>

#include <bit>
#include <optional>

namespace wasmc::ir_test {
namespace {

bool Wide(Type t) { return t == Type::kI64; }
uint64_t Cut(Type t, uint64_t x) { return Wide(t) ? x : static_cast<uint32_t>(x); }
int64_t AsSigned(Type t, uint64_t x) {
  return Wide(t) ? static_cast<int64_t>(x) : static_cast<int32_t>(static_cast<uint32_t>(x));
}
int Count(Type t, uint64_t b) { return static_cast<int>(b & (Wide(t) ? 63 : 31)); }
uint64_t RotateLeft(Type t, uint64_t a, int n) {
  return Wide(t) ? std::rotl(a, n) : std::rotl(static_cast<uint32_t>(a), n);
}

// A condition is a set of orderings (-1 less, 0 equal, 1 greater), compared signed or not.
struct CondRow {
  Cond cond;
  bool is_signed;
  bool less, equal, greater;
};
constexpr CondRow kConds[] = {
    {Cond::kEq, false, false, true, false},  {Cond::kNe, false, true, false, true},
    {Cond::kLtS, true, true, false, false},  {Cond::kLtU, false, true, false, false},
    {Cond::kGtS, true, false, false, true},  {Cond::kGtU, false, false, false, true},
    {Cond::kLeS, true, true, true, false},   {Cond::kLeU, false, true, true, false},
    {Cond::kGeS, true, false, true, true},   {Cond::kGeU, false, false, true, true},
};

bool Holds(Cond c, Type t, uint64_t a, uint64_t b) {
  for (const CondRow& row : kConds) {
    if (row.cond != c) continue;
    const auto order = row.is_signed ? AsSigned(t, a) <=> AsSigned(t, b) : Cut(t, a) <=> Cut(t, b);
    return order < 0 ? row.less : order > 0 ? row.greater : row.equal;
  }
  ADD_FAILURE() << "interpreter: condition outside the integer subset";
  return false;
}

// The binary operations that cannot trap: operands already cut to the type.
using BinaryFn = uint64_t (*)(Type t, uint64_t a, uint64_t b);
struct BinaryRow {
  Opcode op;
  BinaryFn eval;
};
constexpr BinaryRow kBinary[] = {
    {Opcode::kAdd, [](Type, uint64_t a, uint64_t b) { return a + b; }},
    {Opcode::kSub, [](Type, uint64_t a, uint64_t b) { return a - b; }},
    {Opcode::kMul, [](Type, uint64_t a, uint64_t b) { return a * b; }},
    {Opcode::kAnd, [](Type, uint64_t a, uint64_t b) { return a & b; }},
    {Opcode::kOr, [](Type, uint64_t a, uint64_t b) { return a | b; }},
    {Opcode::kXor, [](Type, uint64_t a, uint64_t b) { return a ^ b; }},
    {Opcode::kShl, [](Type t, uint64_t a, uint64_t b) { return a << Count(t, b); }},
    {Opcode::kShrU, [](Type t, uint64_t a, uint64_t b) { return a >> Count(t, b); }},
    {Opcode::kShrS,
     [](Type t, uint64_t a, uint64_t b) { return static_cast<uint64_t>(AsSigned(t, a) >> Count(t, b)); }},
    {Opcode::kRotl, [](Type t, uint64_t a, uint64_t b) { return RotateLeft(t, a, Count(t, b)); }},
    {Opcode::kRotr, [](Type t, uint64_t a, uint64_t b) { return RotateLeft(t, a, -Count(t, b)); }},
};

// Division and remainder: the result, or the trap code (Outcome).
struct Quotient {
  uint64_t value = 0;
  uint32_t trap = 0;
};
Quotient DivRem(Opcode op, Type t, uint64_t a, uint64_t b) {
  if (b == 0) return {0, 2};
  const bool rem = op == Opcode::kRemS || op == Opcode::kRemU;
  if (op == Opcode::kDivU || op == Opcode::kRemU) return {rem ? a % b : a / b};
  const int64_t sa = AsSigned(t, a), sb = AsSigned(t, b);
  if (sb == -1) {  // the one case whose quotient may not fit: INT_MIN / -1
    if (rem) return {0};
    return sa == (Wide(t) ? INT64_MIN : INT32_MIN) ? Quotient{0, 3} : Quotient{0 - a};
  }
  return {static_cast<uint64_t>(rem ? sa % sb : sa / sb)};
}

std::optional<BinaryFn> BinaryOf(Opcode op) {
  for (const BinaryRow& row : kBinary)
    if (row.op == op) return row.eval;
  return std::nullopt;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << (o.trapped ? "trap " : "value ") << o.value;
}

Outcome Interpret(const Function& f, const std::vector<uint64_t>& args) {
  std::vector<uint64_t> r(f.NumVRegs(), 0xdeadbeefdeadbeefull);
  for (size_t k = 0; k < args.size(); ++k) r[k] = Cut(f.vreg_types[k], args[k]);
  std::vector<uint32_t> label(f.num_labels, ~0u);
  for (uint32_t i = 0; i < f.insts.size(); ++i)
    if (f.insts[i].op == Opcode::kLabel) label[f.insts[i].index] = i;
  uint32_t pc = 0;
  for (uint32_t steps = 0; pc < f.insts.size() && steps < 100000; ++steps) {
    const Inst& in = f.insts[pc++];
    const Type t = in.type;
    const uint64_t a = in.a != ir::kNoVReg ? Cut(t, r[in.a]) : 0;
    const uint64_t b = in.b != ir::kNoVReg ? Cut(t, r[in.b]) : 0;
    uint64_t x = 0;
    switch (in.op) {
      case Opcode::kNop: case Opcode::kLabel: continue;
      case Opcode::kJump: pc = label[in.index]; continue;
      case Opcode::kBrIf: if (Holds(in.cond, t, a, 0)) pc = label[in.index]; continue;
      case Opcode::kBrCmp: if (Holds(in.cond, t, a, b)) pc = label[in.index]; continue;
      case Opcode::kBrTable: {  // extra = the targets, the default last
        const uint64_t last = in.extra_count - 1;
        pc = label[f.extra[in.extra_begin + (a < last ? a : last)]];
        continue;
      }
      case Opcode::kTrap: return {true, in.index};
      case Opcode::kCall: {  // the tests' callee: first result = the sum of the arguments,
                             // the further results 0, 1, ... (tests/unit/regalloc/split_test.cc)
        uint64_t sum = 0;
        for (uint32_t k = 0; k < in.index2; ++k) sum += r[f.extra[in.extra_begin + k]];
        for (uint32_t k = in.index2; k < in.extra_count; ++k) {
          const VReg res = f.extra[in.extra_begin + k];
          r[res] = Cut(f.vreg_types[res], k == in.index2 ? sum : k - in.index2 - 1);
        }
        continue;
      }
      case Opcode::kReturn: return {false, r[f.extra[in.extra_begin]]};
      case Opcode::kConst: x = in.imm; break;
      case Opcode::kMov: case Opcode::kWrap: x = r[in.a]; break;
      case Opcode::kSelect: x = static_cast<uint32_t>(r[in.c]) != 0 ? a : b; break;
      case Opcode::kEqz: x = a == 0; break;
      case Opcode::kCmp: x = Holds(in.cond, t, a, b); break;
      case Opcode::kOpShifted: {  // backend/opt/shifted_operand.cc
        const BinaryFn op = *BinaryOf(static_cast<Opcode>(in.index));
        const BinaryFn shift = *BinaryOf(static_cast<Opcode>(in.index2));
        x = op(t, a, Cut(t, shift(t, b, in.imm)));
        break;
      }
      case Opcode::kAddShl:  // backend/opt/scaled_add.cc
        x = a + (b << in.imm) + static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(in.index)));
        break;
      case Opcode::kExtendU32: x = static_cast<uint32_t>(r[in.a]); break;
      case Opcode::kExtendS32: x = static_cast<uint64_t>(AsSigned(Type::kI32, r[in.a])); break;
      case Opcode::kDivS: case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: {
        const Quotient q = DivRem(in.op, t, a, b);
        if (q.trap != 0) return {true, q.trap};
        x = q.value;
        break;
      }
      default:
        if (std::optional<BinaryFn> eval = BinaryOf(in.op)) {
          x = (*eval)(t, a, b);
          break;
        }
        ADD_FAILURE() << "interpreter: " << ir::OpcodeName(in.op) << " is outside the integer subset";
        return {true, 999};
    }
    r[in.dst] = Cut(f.vreg_types[in.dst], x);
  }
  ADD_FAILURE() << "interpreter: fell off the end or ran over 100000 steps";
  return {true, 998};
}

}  // namespace wasmc::ir_test
