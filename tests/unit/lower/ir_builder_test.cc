// IrBuilder's vreg numbers (compiler/lower/ir_builder.h): every number it hands out
// occurs in the IR but the parameters the body never reads, because every per-vreg
// array of the backend (liveness, intervals, the allocator, the checker, the emitter)
// is sized by NumVRegs (docs/performance.md, "vregs").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend/ir/ir.h"
#include "compiler/lower/ir_builder.h"
#include "tests/unit/wat_module.h"
#include "compiler/validate/body_decoder.h"
#include "compiler/wasmc.h"

namespace wasmc {
namespace {

Module Parse(const std::string& wat) { return test::ModuleOfWat(wat); }

// The vregs of defined function `d`'s IR that no instruction reads or writes.
std::vector<ir::VReg> Unused(const Module& m, uint32_t d, uint32_t* num_vregs) {
  ir::Function fn;
  ir::IrBuilder builder(m, fn);
  BodyDecoder decoder(m);
  EXPECT_TRUE(decoder.Decode(m.num_imported_funcs + d, builder).ok());
  std::vector<bool> seen(fn.NumVRegs());
  for (const ir::Inst& in : fn.insts) {
    ir::ForEachUse(fn, in, [&](ir::VReg v) { seen[v] = true; });
    ir::ForEachDef(fn, in, [&](ir::VReg v) { seen[v] = true; });
  }
  std::vector<ir::VReg> unused;
  for (ir::VReg v = fn.num_params; v < fn.NumVRegs(); ++v)
    if (!seen[v]) unused.push_back(v);
  *num_vregs = fn.NumVRegs();
  return unused;
}

TEST(IrBuilderVRegs, NoNumberLeftUnused) {
  // Each function has one of the ways a temporary's definition is moved: local.set of
  // an add (and of a call's result), br_if and if on a compare or eqz, a block's and a
  // loop's value carried by br / its params.
  const Module m = Parse(R"((module
    (func $id (param i32) (result i32) local.get 0)
    (func (param i32 i32) (result i32) (local i32)
      local.get 0 local.get 1 i32.add local.set 2
      local.get 2 call $id local.set 2
      local.get 2)
    (func (param i32 i32) (result i32)
      (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))))
      (if (i32.eqz (local.get 0)) (then (return (i32.const 7))))
      local.get 1)
    (func (param i32) (result i32)
      (block (result i32)
        (if (local.get 0) (then (br 1 (i32.mul (local.get 0) (i32.const 5)))))
        (i32.const 3)))
    (func (param i32) (result i32)
      local.get 0
      (loop (param i32) (result i32)
        i32.const 1 i32.sub
        local.tee 0
        local.get 0 br_if 0)))
  )");
  // Without the builder giving numbers back, the last four had two holes each (of 5
  // vregs): the add's and the call's; the compare's and the eqz's; the mul's (then the
  // block's target) and the 3's; the loop's param copy (then its target) and the sub's.
  const std::vector<uint32_t> vregs = {1, 3, 3, 3, 3};
  for (uint32_t d = 0; d < 5; ++d) {
    uint32_t n = 0;
    EXPECT_EQ(Unused(m, d, &n), std::vector<ir::VReg>{}) << "function " << d;
    EXPECT_EQ(n, vregs[d]) << "function " << d;
  }
}

}  // namespace
}  // namespace wasmc
