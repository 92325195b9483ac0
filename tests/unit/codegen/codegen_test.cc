// Differential tests of the x86-64 function code generator: each operator is run on
// a spread of edge-case and pseudo-random inputs and compared with a C++ reference
// implementation of the WebAssembly semantics.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "runtime-support/include/wasmc/abi.h"
#include "tests/unit/codegen/harness.h"

namespace wasmc::test {
namespace {

std::vector<uint32_t> I32Inputs() {
  std::vector<uint32_t> v = {0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0x7fffffff, 0x80000000,
                             0x80000001, 0xffffffff, 0xfffffffe, 0x12345678, 0xdeadbeef};
  std::mt19937 rng(42);
  for (int i = 0; i < 40; ++i) v.push_back(rng());
  return v;
}

std::vector<uint64_t> I64Inputs() {
  std::vector<uint64_t> v = {0, 1, 2, 3, 63, 64, 65, 0x7fffffff, 0x80000000, 0xffffffff,
                             0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                             0x8000000000000001ull, ~0ull, ~1ull, 0x123456789abcdef0ull};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 40; ++i) v.push_back(rng());
  return v;
}

// Reference semantics: returns false when the operation traps (code in *trap).
template <typename T>
bool RefIntBinary(const std::string& op, T a, T b, T* r, uint32_t* trap) {
  using S = std::make_signed_t<T>;
  constexpr unsigned kBits = sizeof(T) * 8;
  const S sa = static_cast<S>(a), sb = static_cast<S>(b);
  if (op == "add") *r = a + b;
  else if (op == "sub") *r = a - b;
  else if (op == "mul") *r = static_cast<T>(a * b);
  else if (op == "and") *r = a & b;
  else if (op == "or") *r = a | b;
  else if (op == "xor") *r = a ^ b;
  else if (op == "shl") *r = static_cast<T>(a << (b % kBits));
  else if (op == "shr_u") *r = a >> (b % kBits);
  else if (op == "shr_s") *r = static_cast<T>(sa >> (b % kBits));
  else if (op == "rotl") *r = std::rotl(a, static_cast<int>(b % kBits));
  else if (op == "rotr") *r = std::rotr(a, static_cast<int>(b % kBits));
  else if (op == "div_u" || op == "rem_u") {
    if (b == 0) { *trap = WASMC_TRAP_INT_DIV_BY_ZERO; return false; }
    *r = op == "div_u" ? a / b : a % b;
  } else if (op == "div_s" || op == "rem_s") {
    if (b == 0) { *trap = WASMC_TRAP_INT_DIV_BY_ZERO; return false; }
    if (sa == std::numeric_limits<S>::min() && sb == -1) {
      if (op == "div_s") { *trap = WASMC_TRAP_INT_OVERFLOW; return false; }
      *r = 0;
    } else {
      *r = static_cast<T>(op == "div_s" ? sa / sb : sa % sb);
    }
  } else if (op == "eq") *r = a == b;
  else if (op == "ne") *r = a != b;
  else if (op == "lt_s") *r = sa < sb;
  else if (op == "lt_u") *r = a < b;
  else if (op == "gt_s") *r = sa > sb;
  else if (op == "gt_u") *r = a > b;
  else if (op == "le_s") *r = sa <= sb;
  else if (op == "le_u") *r = a <= b;
  else if (op == "ge_s") *r = sa >= sb;
  else if (op == "ge_u") *r = a >= b;
  else ADD_FAILURE() << "no reference for " << op;
  return true;
}

const char* kIntBinaryOps[] = {"add", "sub", "mul", "and", "or", "xor", "shl", "shr_u",
                               "shr_s", "rotl", "rotr", "div_u", "rem_u", "div_s", "rem_s",
                               "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u",
                               "ge_s", "ge_u"};

bool IsCompare(const std::string& op) {
  return op == "eq" || op == "ne" || op.starts_with("lt") || op.starts_with("gt") ||
         op.starts_with("le") || op.starts_with("ge");
}

// Each operator three ways: both operands variable, rhs constant, and fused into a
// branch (compares) — different instruction selection paths.
template <typename T>
void CheckIntBinary(const char* ty) {
  const std::vector<T> inputs = [] {
    if constexpr (sizeof(T) == 4) return I32Inputs(); else return I64Inputs();
  }();
  std::string wat = "(module\n";
  for (const char* op : kIntBinaryOps) {
    std::string rt = IsCompare(op) ? "i32" : ty;
    wat += std::string("(func (export \"") + op + "\") (param " + ty + " " + ty + ") (result " + rt +
           ") local.get 0 local.get 1 " + ty + "." + op + ")\n";
    if (IsCompare(op))
      wat += std::string("(func (export \"br_") + op + "\") (param " + ty + " " + ty +
             ") (result i32) (block (br_if 0 (" + ty + "." + op +
             " (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))\n";
  }
  wat += ")";
  Harness h(wat);
  ASSERT_EQ(h.error(), "");
  for (const char* op : kIntBinaryOps) {
    for (T a : inputs) {
      for (T b : inputs) {
        T want = 0;
        uint32_t want_trap = 0;
        RefIntBinary<T>(op, a, b, &want, &want_trap);
        if (IsCompare(op)) {
          uint32_t got = 0;
          ASSERT_EQ(h.Call(&got, op, a, b), 0u) << op;
          ASSERT_EQ(got, static_cast<uint32_t>(want)) << ty << "." << op << " " << a << " " << b;
          ASSERT_EQ(h.Call(&got, std::string("br_") + op, a, b), 0u);
          ASSERT_EQ(got, static_cast<uint32_t>(want)) << "br " << ty << "." << op << " " << a << " " << b;
        } else {
          T got = 0;
          uint32_t trap = h.Call(&got, op, a, b);
          ASSERT_EQ(trap, want_trap) << ty << "." << op << " " << a << " " << b;
          if (!trap) {
            ASSERT_EQ(got, want) << ty << "." << op << " " << a << " " << b;
          }
        }
      }
    }
  }
}

TEST(CodegenInt, I32Binary) { CheckIntBinary<uint32_t>("i32"); }
TEST(CodegenInt, I64Binary) { CheckIntBinary<uint64_t>("i64"); }

// Constant right-hand sides (immediate forms, power-of-two division).
TEST(CodegenInt, ConstantOperands) {
  Harness h(R"((module
    (func (export "divu8") (param i32) (result i32) local.get 0 i32.const 8 i32.div_u)
    (func (export "remu8") (param i32) (result i32) local.get 0 i32.const 8 i32.rem_u)
    (func (export "divs7") (param i32) (result i32) local.get 0 i32.const -7 i32.div_s)
    (func (export "divsm1") (param i32) (result i32) local.get 0 i32.const -1 i32.div_s)
    (func (export "remsm1") (param i32) (result i32) local.get 0 i32.const -1 i32.rem_s)
    (func (export "shl35") (param i64) (result i64) local.get 0 i64.const 35 i64.shl)
    (func (export "big") (param i64) (result i64) local.get 0 i64.const 0x123456789 i64.add)
    (func (export "remu64") (param i64) (result i64) local.get 0 i64.const 0x100000000 i64.rem_u))
  )");
  ASSERT_EQ(h.error(), "");
  for (uint32_t a : I32Inputs()) {
    uint32_t r;
    ASSERT_EQ(h.Call(&r, "divu8", a), 0u); EXPECT_EQ(r, a / 8);
    ASSERT_EQ(h.Call(&r, "remu8", a), 0u); EXPECT_EQ(r, a % 8);
    ASSERT_EQ(h.Call(&r, "divs7", a), 0u); EXPECT_EQ(r, static_cast<uint32_t>(static_cast<int32_t>(a) / -7));
    if (a == 0x80000000u) EXPECT_EQ(h.Call(&r, "divsm1", a), uint32_t{WASMC_TRAP_INT_OVERFLOW});
    else { ASSERT_EQ(h.Call(&r, "divsm1", a), 0u); EXPECT_EQ(r, 0u - a); }
    ASSERT_EQ(h.Call(&r, "remsm1", a), 0u); EXPECT_EQ(r, 0u);
  }
  for (uint64_t a : I64Inputs()) {
    uint64_t r;
    ASSERT_EQ(h.Call(&r, "shl35", a), 0u); EXPECT_EQ(r, a << 35);
    ASSERT_EQ(h.Call(&r, "big", a), 0u); EXPECT_EQ(r, a + 0x123456789ull);
    ASSERT_EQ(h.Call(&r, "remu64", a), 0u); EXPECT_EQ(r, a % 0x100000000ull);
  }
}

// One unary operator: its export, wasm signature and instruction, and the reference
// result for an input (its bits zero-extended to 64).
struct UnaryCase {
  const char* name;
  const char* param;
  const char* result;
  const char* op;
  uint64_t (*ref)(uint64_t);
};

uint64_t SignExtend(uint64_t v, int bits) {
  return static_cast<uint64_t>(static_cast<int64_t>(v << (64 - bits)) >> (64 - bits));
}

const UnaryCase kUnaryCases[] = {
    {"clz32", "i32", "i32", "i32.clz", [](uint64_t a) -> uint64_t { return std::countl_zero(static_cast<uint32_t>(a)); }},
    {"ctz32", "i32", "i32", "i32.ctz", [](uint64_t a) -> uint64_t { return std::countr_zero(static_cast<uint32_t>(a)); }},
    {"pop32", "i32", "i32", "i32.popcnt", [](uint64_t a) -> uint64_t { return std::popcount(a); }},
    {"eqz32", "i32", "i32", "i32.eqz", [](uint64_t a) -> uint64_t { return a == 0; }},
    {"ext8", "i32", "i32", "i32.extend8_s", [](uint64_t a) { return SignExtend(a, 8) & 0xffffffffu; }},
    {"ext16", "i32", "i32", "i32.extend16_s", [](uint64_t a) { return SignExtend(a, 16) & 0xffffffffu; }},
    {"extu", "i32", "i64", "i64.extend_i32_u", [](uint64_t a) { return a; }},
    {"exts", "i32", "i64", "i64.extend_i32_s", [](uint64_t a) { return SignExtend(a, 32); }},
    {"clz64", "i64", "i64", "i64.clz", [](uint64_t a) -> uint64_t { return std::countl_zero(a); }},
    {"ctz64", "i64", "i64", "i64.ctz", [](uint64_t a) -> uint64_t { return std::countr_zero(a); }},
    {"pop64", "i64", "i64", "i64.popcnt", [](uint64_t a) -> uint64_t { return std::popcount(a); }},
    {"eqz64", "i64", "i32", "i64.eqz", [](uint64_t a) -> uint64_t { return a == 0; }},
    {"ext32", "i64", "i64", "i64.extend32_s", [](uint64_t a) { return SignExtend(a, 32); }},
    {"wrap", "i64", "i32", "i32.wrap_i64", [](uint64_t a) { return a & 0xffffffffu; }},
};

template <typename In>
void CheckUnary(Harness& h, const UnaryCase& c, In a) {
  if (std::string(c.result) == "i32") {
    uint32_t r = 0;
    h.Call(&r, c.name, a);
    EXPECT_EQ(r, static_cast<uint32_t>(c.ref(a))) << c.name << " " << a;
  } else {
    uint64_t r = 0;
    h.Call(&r, c.name, a);
    EXPECT_EQ(r, c.ref(a)) << c.name << " " << a;
  }
}

TEST(CodegenInt, Unary) {
  std::string wat = "(module\n";
  for (const UnaryCase& c : kUnaryCases)
    wat += std::string("(func (export \"") + c.name + "\") (param " + c.param + ") (result " +
           c.result + ") local.get 0 " + c.op + ")\n";
  Harness h(wat + ")");
  ASSERT_EQ(h.error(), "");
  for (const UnaryCase& c : kUnaryCases) {
    if (std::string(c.param) == "i32") {
      for (uint32_t a : I32Inputs()) CheckUnary(h, c, a);
    } else {
      for (uint64_t a : I64Inputs()) CheckUnary(h, c, a);
    }
  }
}

}  // namespace
}  // namespace wasmc::test
