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
          if (!trap) ASSERT_EQ(got, want) << ty << "." << op << " " << a << " " << b;
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

TEST(CodegenInt, Unary) {
  Harness h(R"((module
    (func (export "clz32") (param i32) (result i32) local.get 0 i32.clz)
    (func (export "ctz32") (param i32) (result i32) local.get 0 i32.ctz)
    (func (export "pop32") (param i32) (result i32) local.get 0 i32.popcnt)
    (func (export "eqz32") (param i32) (result i32) local.get 0 i32.eqz)
    (func (export "ext8") (param i32) (result i32) local.get 0 i32.extend8_s)
    (func (export "ext16") (param i32) (result i32) local.get 0 i32.extend16_s)
    (func (export "clz64") (param i64) (result i64) local.get 0 i64.clz)
    (func (export "ctz64") (param i64) (result i64) local.get 0 i64.ctz)
    (func (export "pop64") (param i64) (result i64) local.get 0 i64.popcnt)
    (func (export "eqz64") (param i64) (result i32) local.get 0 i64.eqz)
    (func (export "ext32") (param i64) (result i64) local.get 0 i64.extend32_s)
    (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
    (func (export "extu") (param i32) (result i64) local.get 0 i64.extend_i32_u)
    (func (export "exts") (param i32) (result i64) local.get 0 i64.extend_i32_s))
  )");
  ASSERT_EQ(h.error(), "");
  for (uint32_t a : I32Inputs()) {
    uint32_t r;
    uint64_t r64;
    h.Call(&r, "clz32", a); EXPECT_EQ(r, static_cast<uint32_t>(std::countl_zero(a))) << a;
    h.Call(&r, "ctz32", a); EXPECT_EQ(r, static_cast<uint32_t>(std::countr_zero(a))) << a;
    h.Call(&r, "pop32", a); EXPECT_EQ(r, static_cast<uint32_t>(std::popcount(a))) << a;
    h.Call(&r, "eqz32", a); EXPECT_EQ(r, a == 0 ? 1u : 0u);
    h.Call(&r, "ext8", a); EXPECT_EQ(r, static_cast<uint32_t>(static_cast<int8_t>(a)));
    h.Call(&r, "ext16", a); EXPECT_EQ(r, static_cast<uint32_t>(static_cast<int16_t>(a)));
    h.Call(&r64, "extu", a); EXPECT_EQ(r64, uint64_t{a});
    h.Call(&r64, "exts", a); EXPECT_EQ(r64, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a))));
  }
  for (uint64_t a : I64Inputs()) {
    uint64_t r;
    uint32_t r32;
    h.Call(&r, "clz64", a); EXPECT_EQ(r, static_cast<uint64_t>(std::countl_zero(a))) << a;
    h.Call(&r, "ctz64", a); EXPECT_EQ(r, static_cast<uint64_t>(std::countr_zero(a))) << a;
    h.Call(&r, "pop64", a); EXPECT_EQ(r, static_cast<uint64_t>(std::popcount(a))) << a;
    h.Call(&r32, "eqz64", a); EXPECT_EQ(r32, a == 0 ? 1u : 0u);
    h.Call(&r, "ext32", a); EXPECT_EQ(r, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a))));
    h.Call(&r32, "wrap", a); EXPECT_EQ(r32, static_cast<uint32_t>(a));
  }
}

}  // namespace
}  // namespace wasmc::test
