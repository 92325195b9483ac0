// The single-pass tier's choice of the locals in registers (compiler/lower/single_pass.cc,
// ChooseRegLocals): at -O0 the first ones (params last); from -O1
// (SinglePassOptions::opt_level) the ones used most, weighted by loop depth, so a
// local read and written only in a loop gets a register that locals declared before it
// take at -O0. Read from the listing: the loop's code reads no slot at -O1.
#include <gtest/gtest.h>

#include <string>

#include "compiler/lower/single_pass.h"
#include "tests/unit/wat_module.h"
#include "compiler/validate/body_decoder.h"
#include "compiler/wasmc.h"

namespace wasmc {
namespace {

Module Parse(const std::string& wat) { return test::ModuleOfWat(wat); }

// The listing of defined function 0's loop (from its `; loop` marker to the `; end`
// after it) at -O`opt_level` for `target`.
std::string LoopCode(const Module& m, Target target, int opt_level) {
  SinglePassOptions o;
  o.target = target;
  o.opt_level = opt_level;
  SinglePassCallAreas(m, &o);
  BodyDecoder decoder(m);
  std::string listing;
  const SinglePassResult r = CompileSinglePass(m, decoder, m.num_imported_funcs, o, &listing, 0);
  EXPECT_TRUE(r.compiled) << r.reason;
  const size_t loop = listing.find("; loop");
  const size_t end = listing.find("; end", loop);
  EXPECT_NE(loop, std::string::npos);
  return listing.substr(loop, end - loop);
}

// Three i32 locals and seven f64 ones used once before the loop (the registers' first
// takers at -O0: x86-64 has three GPRs and seven FPRs for locals), then an i32 counter
// and an f64 sum used only in the loop.
const char* kWat = R"((module
  (func (param $n i32) (result f64)
    (local $a i32) (local $b i32) (local $c i32)
    (local $f0 f64) (local $f1 f64) (local $f2 f64) (local $f3 f64) (local $f4 f64)
    (local $f5 f64) (local $f6 f64) (local $f7 f64)
    (local $i i32) (local $sum f64)
    (local.set $a (local.get $n)) (local.set $b (local.get $n)) (local.set $c (local.get $n))
    (local.set $f0 (f64.const 1)) (local.set $f1 (f64.const 1)) (local.set $f2 (f64.const 1))
    (local.set $f3 (f64.const 1)) (local.set $f4 (f64.const 1)) (local.set $f5 (f64.const 1))
    (local.set $f6 (f64.const 1)) (local.set $f7 (f64.const 1))
    (loop $l
      (local.set $sum (f64.add (local.get $sum) (f64.const 0.5)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (f64.add (local.get $sum) (f64.convert_i32_u (i32.add (local.get $a) (local.get $c))))))
)";

TEST(SinglePassLocals, X64LoopLocalsInRegistersFromO1) {
  const Module m = Parse(kWat);
  EXPECT_NE(LoopCode(m, Target::kX64, 0).find("[rsp+"), std::string::npos);
  EXPECT_EQ(LoopCode(m, Target::kX64, 1).find("[rsp+"), std::string::npos) << LoopCode(m, Target::kX64, 1);
}

TEST(SinglePassLocals, A64LoopLocalsInRegistersFromO1) {
  // AArch64 has eight FPRs for locals but three GPRs (RegLocals::kMaxGprs) too.
  const Module m = Parse(kWat);
  EXPECT_NE(LoopCode(m, Target::kA64, 0).find("[sp"), std::string::npos) << LoopCode(m, Target::kA64, 0);
  EXPECT_EQ(LoopCode(m, Target::kA64, 1).find("[sp"), std::string::npos) << LoopCode(m, Target::kA64, 1);
}

}  // namespace
}  // namespace wasmc
