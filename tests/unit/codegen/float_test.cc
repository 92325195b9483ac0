// Floating point and conversions vs. a C++ reference of the WebAssembly semantics.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "runtime-support/include/wasmc/abi.h"
#include "tests/unit/codegen/harness.h"

namespace wasmc::test {
namespace {

std::vector<double> F64Inputs() {
  const double inf = std::numeric_limits<double>::infinity();
  return {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1.0, -1.0, 3.7, -3.7, 1e10, -1e10,
          4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
          2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0, -2147483648.9,
          4294967295.0, 4294967296.0, 9223372036854775807.0, -9223372036854775808.0,
          18446744073709551615.0, 1e300, -1e300, 5e-324, inf, -inf,
          std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN()};
}

bool SameBitsOrBothNaN(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}
bool SameBitsOrBothNaN(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
}

template <typename F>
F WasmMin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<F>::quiet_NaN();
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <typename F>
F WasmMax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<F>::quiet_NaN();
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

template <typename F>
void CheckFloat(const char* ty) {
  std::string wat = "(module\n";
  for (const char* op : {"add", "sub", "mul", "div", "min", "max", "copysign"})
    wat += std::string("(func (export \"") + op + "\") (param " + ty + " " + ty + ") (result " + ty +
           ") local.get 0 local.get 1 " + ty + "." + op + ")\n";
  for (const char* op : {"abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"})
    wat += std::string("(func (export \"") + op + "\") (param " + ty + ") (result " + ty +
           ") local.get 0 " + ty + "." + op + ")\n";
  for (const char* op : {"eq", "ne", "lt", "gt", "le", "ge"}) {
    wat += std::string("(func (export \"") + op + "\") (param " + ty + " " + ty +
           ") (result i32) local.get 0 local.get 1 " + ty + "." + op + ")\n";
  }
  wat += ")";
  Harness h(wat);
  ASSERT_EQ(h.error(), "");
  std::vector<F> in;
  for (double d : F64Inputs()) in.push_back(static_cast<F>(d));
  for (F a : in) {
    F r;
    h.Call(&r, "abs", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::fabs(a))) << ty << ".abs " << a;
    h.Call(&r, "neg", a); EXPECT_TRUE(SameBitsOrBothNaN(r, -a)) << ty << ".neg " << a;
    h.Call(&r, "sqrt", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::sqrt(a))) << ty << ".sqrt " << a;
    h.Call(&r, "ceil", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::ceil(a))) << ty << ".ceil " << a << " got " << r;
    h.Call(&r, "floor", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::floor(a))) << ty << ".floor " << a << " got " << r;
    h.Call(&r, "trunc", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::trunc(a))) << ty << ".trunc " << a << " got " << r;
    h.Call(&r, "nearest", a); EXPECT_TRUE(SameBitsOrBothNaN(r, std::nearbyint(a))) << ty << ".nearest " << a << " got " << r;
    for (F b : in) {
      h.Call(&r, "add", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, a + b));
      h.Call(&r, "sub", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, a - b));
      h.Call(&r, "mul", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, a * b));
      h.Call(&r, "div", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, a / b));
      h.Call(&r, "min", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, WasmMin(a, b))) << ty << ".min " << a << " " << b;
      h.Call(&r, "max", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, WasmMax(a, b))) << ty << ".max " << a << " " << b;
      h.Call(&r, "copysign", a, b); EXPECT_TRUE(SameBitsOrBothNaN(r, std::copysign(a, b)));
      uint32_t c;
      h.Call(&c, "eq", a, b); EXPECT_EQ(c, a == b ? 1u : 0u);
      h.Call(&c, "ne", a, b); EXPECT_EQ(c, a != b ? 1u : 0u);
      h.Call(&c, "lt", a, b); EXPECT_EQ(c, a < b ? 1u : 0u);
      h.Call(&c, "gt", a, b); EXPECT_EQ(c, a > b ? 1u : 0u);
      h.Call(&c, "le", a, b); EXPECT_EQ(c, a <= b ? 1u : 0u) << a << " " << b;
      h.Call(&c, "ge", a, b); EXPECT_EQ(c, a >= b ? 1u : 0u);
    }
  }
}

TEST(CodegenFloat, F64) { CheckFloat<double>("f64"); }
TEST(CodegenFloat, F32) { CheckFloat<float>("f32"); }

// Reference trapping truncation: returns trap code or 0.
template <typename I, typename F>
uint32_t RefTrunc(F x, I* out) {
  if (std::isnan(x)) return WASMC_TRAP_INVALID_CONVERSION;
  long double t = std::trunc(static_cast<long double>(x));
  if (t < static_cast<long double>(std::numeric_limits<I>::min()) ||
      t > static_cast<long double>(std::numeric_limits<I>::max()))
    return WASMC_TRAP_INT_OVERFLOW;
  *out = static_cast<I>(t);
  return 0;
}
template <typename I, typename F>
I RefTruncSat(F x) {
  if (std::isnan(x)) return 0;
  long double t = std::trunc(static_cast<long double>(x));
  if (t < static_cast<long double>(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (t > static_cast<long double>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(t);
}

template <typename I, typename F>
void CheckTrunc(Harness& h, const std::string& name) {
  for (double d : F64Inputs()) {
    F x = static_cast<F>(d);
    I want{}, got{};
    uint32_t want_trap = RefTrunc<I, F>(x, &want);
    uint32_t trap = h.Call(&got, name, x);
    EXPECT_EQ(trap, want_trap) << name << " " << x;
    if (!trap && !want_trap) {
      EXPECT_EQ(got, want) << name << " " << x;
    }
    I sat{};
    EXPECT_EQ(h.Call(&sat, name + "_sat", x), 0u);
    EXPECT_EQ(sat, (RefTruncSat<I, F>(x))) << name << "_sat " << x;
  }
}

TEST(CodegenFloat, Conversions) {
  std::string wat = "(module\n";
  const char* ints[] = {"i32", "i64"};
  const char* floats[] = {"f32", "f64"};
  for (const char* i : ints)
    for (const char* f : floats)
      for (const char* s : {"s", "u"}) {
        std::string n = std::string(i) + "_trunc_" + f + "_" + s;
        wat += "(func (export \"" + n + "\") (param " + f + ") (result " + i + ") local.get 0 " + i +
               ".trunc_" + f + "_" + s + ")\n";
        wat += "(func (export \"" + n + "_sat\") (param " + f + ") (result " + i + ") local.get 0 " +
               i + ".trunc_sat_" + f + "_" + s + ")\n";
        std::string c = std::string(f) + "_convert_" + i + "_" + s;
        wat += "(func (export \"" + c + "\") (param " + i + ") (result " + f + ") local.get 0 " + f +
               ".convert_" + i + "_" + s + ")\n";
      }
  wat += R"((func (export "demote") (param f64) (result f32) local.get 0 f32.demote_f64)
            (func (export "promote") (param f32) (result f64) local.get 0 f64.promote_f32)
            (func (export "ri64") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
            (func (export "rf32") (param i32) (result f32) local.get 0 f32.reinterpret_i32)))";
  Harness h(wat);
  ASSERT_EQ(h.error(), "");
  CheckTrunc<int32_t, float>(h, "i32_trunc_f32_s");
  CheckTrunc<uint32_t, float>(h, "i32_trunc_f32_u");
  CheckTrunc<int32_t, double>(h, "i32_trunc_f64_s");
  CheckTrunc<uint32_t, double>(h, "i32_trunc_f64_u");
  CheckTrunc<int64_t, float>(h, "i64_trunc_f32_s");
  CheckTrunc<uint64_t, float>(h, "i64_trunc_f32_u");
  CheckTrunc<int64_t, double>(h, "i64_trunc_f64_s");
  CheckTrunc<uint64_t, double>(h, "i64_trunc_f64_u");
  std::vector<uint64_t> ints64 = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
                                  0x8000000000000000ull, 0xffffffffffffffffull, 0x8000000000000401ull,
                                  0x20000000000001ull, 0xfffffffffffff7ffull};
  for (uint64_t v : ints64) {
    uint32_t v32 = static_cast<uint32_t>(v);
    float f;
    double d;
    h.Call(&f, "f32_convert_i32_s", v32); EXPECT_EQ(f, static_cast<float>(static_cast<int32_t>(v32)));
    h.Call(&f, "f32_convert_i32_u", v32); EXPECT_EQ(f, static_cast<float>(v32));
    h.Call(&d, "f64_convert_i32_s", v32); EXPECT_EQ(d, static_cast<double>(static_cast<int32_t>(v32)));
    h.Call(&d, "f64_convert_i32_u", v32); EXPECT_EQ(d, static_cast<double>(v32));
    h.Call(&f, "f32_convert_i64_s", v); EXPECT_EQ(f, static_cast<float>(static_cast<int64_t>(v)));
    h.Call(&f, "f32_convert_i64_u", v); EXPECT_EQ(f, static_cast<float>(v)) << v;
    h.Call(&d, "f64_convert_i64_s", v); EXPECT_EQ(d, static_cast<double>(static_cast<int64_t>(v)));
    h.Call(&d, "f64_convert_i64_u", v); EXPECT_EQ(d, static_cast<double>(v)) << v;
  }
  for (double x : F64Inputs()) {
    float f;
    h.Call(&f, "demote", x);
    EXPECT_TRUE(SameBitsOrBothNaN(f, static_cast<float>(x)));
    double d;
    h.Call(&d, "promote", static_cast<float>(x));
    EXPECT_TRUE(SameBitsOrBothNaN(d, static_cast<double>(static_cast<float>(x))));
    uint64_t bits;
    h.Call(&bits, "ri64", x);
    EXPECT_EQ(bits, std::bit_cast<uint64_t>(x));
  }
  float f;
  h.Call(&f, "rf32", 0x7fa00001u);  // a signalling NaN keeps its payload
  EXPECT_EQ(std::bit_cast<uint32_t>(f), 0x7fa00001u);
}

}  // namespace
}  // namespace wasmc::test
