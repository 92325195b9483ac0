// Control flow, calls, memory, globals, tables and register pressure.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime-support/include/wasmc/abi.h"
#include "tests/unit/codegen/harness.h"

namespace wasmc::test {
namespace {

TEST(CodegenControl, LoopsAndRecursion) {
  Harness h(R"((module
    (func $fac (export "fac") (param i64) (result i64)
      (local i64) (local.set 1 (i64.const 1))
      (block (loop
        (br_if 1 (i64.le_u (local.get 0) (i64.const 1)))
        (local.set 1 (i64.mul (local.get 1) (local.get 0)))
        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
        (br 0)))
      (local.get 1))
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "swap") (param i32 i32) (result i32)
      ;; a loop whose two locals are exchanged each iteration (parallel-move cycle)
      (local i32)
      (local.set 2 (i32.const 10))
      (block (loop
        (local.get 1) (local.get 0) (local.set 1) (local.set 0)
        (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
        (br_if 0 (local.get 2))))
      (i32.sub (local.get 0) (local.get 1)))
    (func (export "multi") (param i32) (result i32 i64 f64)
      (local.get 0) (i64.extend_i32_u (local.get 0)) (f64.convert_i32_s (local.get 0)))
    (func (export "usemulti") (param i32) (result f64) (local i64 f64)
      (call 3 (local.get 0)) (local.set 2) (local.set 1)
      (f64.convert_i32_u) (f64.convert_i64_u (local.get 1)) (f64.add) (local.get 2) (f64.add))
    (func (export "blockvals") (param i32) (result i32)
      (block (result i32 i32)
        (i32.const 5) (i32.const 6)
        (br_if 0 (local.get 0))
        (drop) (drop) (i32.const 100) (i32.const 200))
      (i32.sub))
    (func (export "brtable") (param i32) (result i32)
      (block (block (block (block
        (br_table 0 1 2 3 (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))
    (func (export "select") (param i32 i64 i64) (result i64)
      (select (local.get 1) (local.get 2) (local.get 0)))
    (func (export "selectf") (param i32 f64 f64) (result f64)
      (select (local.get 1) (local.get 2) (local.get 0)))
    (func (export "unreachable") unreachable))
  )");
  ASSERT_EQ(h.error(), "");
  uint64_t r64;
  ASSERT_EQ(h.Call(&r64, "fac", uint64_t{20}), 0u);
  EXPECT_EQ(r64, 2432902008176640000ull);
  uint32_t r;
  ASSERT_EQ(h.Call(&r, "fib", 20u), 0u);
  EXPECT_EQ(r, 6765u);
  ASSERT_EQ(h.Call(&r, "swap", 7u, 3u), 0u);
  EXPECT_EQ(r, 4u);  // 10 swaps: unchanged
  double d;
  ASSERT_EQ(h.Call(&d, "usemulti", 5u), 0u);
  EXPECT_EQ(d, 15.0);
  ASSERT_EQ(h.Call(&r, "blockvals", 1u), 0u);
  EXPECT_EQ(r, static_cast<uint32_t>(5 - 6));
  ASSERT_EQ(h.Call(&r, "blockvals", 0u), 0u);
  EXPECT_EQ(r, static_cast<uint32_t>(100 - 200));
  for (uint32_t i = 0; i < 6; ++i) {
    ASSERT_EQ(h.Call(&r, "brtable", i), 0u);
    EXPECT_EQ(r, 10u + (i < 3 ? i : 3u));
  }
  ASSERT_EQ(h.Call(&r64, "select", 1u, uint64_t{11}, uint64_t{22}), 0u);
  EXPECT_EQ(r64, 11u);
  ASSERT_EQ(h.Call(&r64, "select", 0u, uint64_t{11}, uint64_t{22}), 0u);
  EXPECT_EQ(r64, 22u);
  ASSERT_EQ(h.Call(&d, "selectf", 0u, 1.5, 2.5), 0u);
  EXPECT_EQ(d, 2.5);
  EXPECT_EQ(h.CallVoid("unreachable"), uint32_t{WASMC_TRAP_UNREACHABLE});
}

TEST(CodegenControl, MemoryAndGlobals) {
  Harness h(R"((module
    (memory 1 4)
    (global $g (mut i64) (i64.const 40))
    (global $f (mut f32) (f32.const 1.5))
    (data (i32.const 16) "\01\02\03\04\85\86\87\88")
    (func (export "loads") (result i64)
      (i64.add (i64.load8_s (i32.const 20))
        (i64.add (i64.load16_u offset=16 (i32.const 0))
          (i64.extend_i32_u (i32.load (i32.const 16))))))
    (func (export "store") (param i32 i64)
      (i64.store offset=8 (local.get 0) (local.get 1))
      (i32.store8 (local.get 0) (i32.const 0x1ff)))
    (func (export "load") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
    (func (export "oob") (param i32) (result i32) (i32.load offset=0xfffffff0 (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "glob") (param i64) (result i64)
      (global.set $g (i64.add (global.get $g) (local.get 0)))
      (global.set $f (f32.mul (global.get $f) (f32.const 2)))
      (i64.add (global.get $g) (i64.trunc_f32_s (global.get $f)))))
  )");
  ASSERT_EQ(h.error(), "");
  uint64_t r64;
  ASSERT_EQ(h.Call(&r64, "loads"), 0u);
  EXPECT_EQ(r64, static_cast<uint64_t>(int64_t{-123} + 0x0201 + 0x04030201));
  ASSERT_EQ(h.CallVoid("store", 100u, uint64_t{0x1122334455667788}), 0u);
  ASSERT_EQ(h.Call(&r64, "load", 100u), 0u);
  EXPECT_EQ(r64, 0x1122334455667788ull);
  EXPECT_EQ(h.memory()[100], 0xff);
  uint32_t r;
  ASSERT_EQ(h.Call(&r, "size"), 0u);
  EXPECT_EQ(r, 1u);
  ASSERT_EQ(h.Call(&r, "grow", 2u), 0u);
  EXPECT_EQ(r, 1u);
  ASSERT_EQ(h.Call(&r, "grow", 5u), 0u);
  EXPECT_EQ(r, 0xffffffffu);
  ASSERT_EQ(h.Call(&r, "size"), 0u);
  EXPECT_EQ(r, 3u);
  ASSERT_EQ(h.CallVoid("fill", 1000u, 0xabu, 10u), 0u);
  EXPECT_EQ(h.memory()[1009], 0xab);
  ASSERT_EQ(h.Call(&r64, "glob", uint64_t{2}), 0u);
  EXPECT_EQ(r64, 42u + 3u);
  ASSERT_EQ(h.Call(&r64, "glob", uint64_t{2}), 0u);
  EXPECT_EQ(r64, 44u + 6u);
}

TEST(CodegenControl, CallIndirect) {
  Harness h(R"((module
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 4 funcref)
    (elem (i32.const 0) $inc $dbl $nop)
    (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
    (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $nop (type $v))
    (func (export "call") (param i32 i32) (result i32)
      (call_indirect (type $ii) (local.get 1) (local.get 0))))
  )");
  ASSERT_EQ(h.error(), "");
  uint32_t r;
  ASSERT_EQ(h.Call(&r, "call", 0u, 5u), 0u);
  EXPECT_EQ(r, 6u);
  ASSERT_EQ(h.Call(&r, "call", 1u, 5u), 0u);
  EXPECT_EQ(r, 10u);
  EXPECT_EQ(h.Call(&r, "call", 2u, 5u), uint32_t{WASMC_TRAP_INDIRECT_CALL_TYPE});
  EXPECT_EQ(h.Call(&r, "call", 3u, 5u), uint32_t{WASMC_TRAP_INDIRECT_CALL_NULL});
  EXPECT_EQ(h.Call(&r, "call", 4u, 5u), uint32_t{WASMC_TRAP_UNDEFINED_ELEMENT});
}

// More live values than registers, across calls, with many arguments (stack args).
TEST(CodegenControl, RegisterPressure) {
  std::string wat = "(module\n(func $many (param";
  for (int i = 0; i < 10; ++i) wat += " i64";
  for (int i = 0; i < 10; ++i) wat += " f64";
  wat += ") (result f64) (local.get 0)";
  for (int i = 1; i < 10; ++i) wat += " (local.get " + std::to_string(i) + ") (i64.add)";
  wat += " (f64.convert_i64_u)";
  for (int i = 10; i < 20; ++i) wat += " (local.get " + std::to_string(i) + ") (f64.add)";
  wat += ")\n(func (export \"press\") (param i64) (result f64) (local";
  for (int i = 0; i < 20; ++i) wat += " i64";
  wat += ")";
  for (int i = 1; i <= 20; ++i)
    wat += " (local.set " + std::to_string(i) + " (i64.mul (local.get 0) (i64.const " + std::to_string(i) + ")))";
  // A call in the middle: every local is live across it.
  wat += " (call $many";
  for (int i = 1; i <= 10; ++i) wat += " (local.get " + std::to_string(i) + ")";
  for (int i = 11; i <= 20; ++i) wat += " (f64.convert_i64_s (local.get " + std::to_string(i) + "))";
  wat += ") (f64.convert_i64_u (local.get 1))";
  for (int i = 2; i <= 20; ++i) wat += " (f64.convert_i64_u (local.get " + std::to_string(i) + ")) (f64.add)";
  wat += " (f64.add)))";
  Harness h(wat);
  ASSERT_EQ(h.error(), "");
  double d;
  ASSERT_EQ(h.Call(&d, "press", uint64_t{3}), 0u);
  double want = 0;
  for (int i = 1; i <= 20; ++i) want += 3.0 * i;  // the call's sum
  want *= 2;                                       // plus the same sum afterwards
  EXPECT_EQ(d, want);
}

}  // namespace
}  // namespace wasmc::test

namespace wasmc::test {
namespace {

// A loop that compares two locals and bumps one (from the memory_fill spec test).
TEST(CodegenControl, CheckRangeLoop) {
  Harness h(R"((module
    (memory 1 1)
    (func (export "checkRange") (param $from i32) (param $to i32) (param $expected i32) (result i32)
      (loop $cont
        (if (i32.eq (local.get $from) (local.get $to))
          (then (return (i32.const -1))))
        (if (i32.eq (i32.load8_u (local.get $from)) (local.get $expected))
          (then
            (local.set $from (i32.add (local.get $from) (i32.const 1)))
            (br $cont))))
      (return (local.get $from))))
  )");
  ASSERT_EQ(h.error(), "");
  uint32_t r;
  ASSERT_EQ(h.Call(&r, "checkRange", 0u, 100u, 0u), 0u);
  EXPECT_EQ(r, 0xffffffffu) << h.listing();
  h.memory()[50] = 1;
  ASSERT_EQ(h.Call(&r, "checkRange", 0u, 100u, 0u), 0u);
  EXPECT_EQ(r, 50u);
}

}  // namespace
}  // namespace wasmc::test
