// CompileToObject's IR arrays (compiler/lower/compile_functions.cc, SpareArrays): a
// thread lends the arrays of the function it compiled last to the next one, so
// compiling many large functions takes the IR's large blocks once per thread, not
// once per function (docs/performance.md, "Compile throughput": allocation traffic).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "compiler/lower/lower.h"
#include "tests/unit/wat_module.h"
#include "compiler/wasmc.h"
#include "tests/unit/counting_new.h"

namespace wasmc {
namespace {

Module Decoded(const std::string& wat) { return test::ModuleOfWat(wat); }

// `n` functions of `ops` increments of a local each (the same body), exported.
Module ManyFunctions(int n, int ops) {
  std::string body;
  for (int k = 0; k < ops; ++k) body += "local.get 0 i32.const 1 i32.add local.set 0\n";
  std::string wat = "(module\n";
  for (int f = 0; f < n; ++f)
    wat += "(func (export \"f" + std::to_string(f) + "\") (param i32) (result i32)\n" + body + "local.get 0)\n";
  return Decoded(wat + ")");
}

// The blocks of at least `size` bytes a compile of `m` on one thread takes (a new
// thread: nothing kept from an earlier compile), through the IR path (-O1 without
// its single-pass tier: --no-single-pass).
int LargeBlocks(const Module& m, int opt_level, size_t size) {
  int n = 0;
  std::thread([&] {
    CompileOptions options;
    options.threads = 1;
    options.opt_level = opt_level;
    options.no_single_pass = true;
    bool ok = false;
    n = test::large_blocks.Count(size, [&] { ok = CompileToObject(m, options).ok(); });
    EXPECT_TRUE(ok);
  }).join();
  return n;
}

TEST(CompileArrays, LargeIrBlocksTakenOncePerThread) {
#ifndef NDEBUG
  GTEST_SKIP() << "a build without NDEBUG runs the IR verifier and the register-allocation "
                  "checker on every function, whose own blocks this count would include";
#endif
  // The count is of the compile alone: .ci/run exports WASMC_VERIFY=1, and the checkers'
  // per-function blocks (~3 of 64 KB and more each) are not the IR's. Read once, before
  // the first compile of this process.
  setenv("WASMC_VERIFY", "0", 1);
  // 4,000 operators a function (~28 KB of body): its instruction and marker arrays
  // are reserved at half the body's bytes, blocks of 64 KB and more.
  const Module few = ManyFunctions(2, 4000), many = ManyFunctions(12, 4000);
  for (int opt : {1, 2}) {
    const int a = LargeBlocks(few, opt, 64 * 1024), b = LargeBlocks(many, opt, 64 * 1024);
    std::printf("-O%d: %d blocks for 2 functions, %d for 12\n", opt, a, b);
    // Per function more: ~1 block of other passes' (the register allocator's, the
    // emitter's); the IR's took 3 more each (2026-12-06: 10 -> 52 blocks before, 7
    // -> 19 with the arrays lent).
    EXPECT_LE(b - a, 2 * 10) << "-O" << opt;
  }
}

// The blocks of any size each further function takes: `few` has 2 functions, `many` 12.
// (Without the checkers, as LargeIrBlocksTakenOncePerThread.)
double BlocksPerFunction(const Module& few, const Module& many, int opt_level) {
  setenv("WASMC_VERIFY", "0", 1);
  const int a = LargeBlocks(few, opt_level, 1), b = LargeBlocks(many, opt_level, 1);
  std::printf("-O%d: %d blocks for 2 functions, %d for 12: %.1f per function\n", opt_level, a, b, (b - a) / 10.0);
  return (b - a) / 10.0;
}

// The blocks of any size each further function takes at -O1 (the IR builder's, the
// allocator's and the emitter's working vectors kept per thread: docs/performance.md
// "Session 17", o1t): 2026-12-06, 84.7 a function before, 45.4 after.
TEST(CompileArrays, FewBlocksPerFunctionAtO1) {
#ifndef NDEBUG
  GTEST_SKIP() << "a build without NDEBUG runs the checkers, whose blocks this count would include";
#endif
  EXPECT_LE(BlocksPerFunction(ManyFunctions(2, 300), ManyFunctions(12, 300), 1), 55);
}

// `n` functions with a loop each: `ops` loads summed into a local, a call, the index
// stepped and compared (-O2's passes all have work: folds, LICM, the splitters, the
// scan's slots, x86-64's zero-extension facts).
Module ManyLoops(int n, int ops) {
  std::string body;
  for (int k = 0; k < ops; ++k)
    body += "local.get 0 i32.load offset=" + std::to_string(4 * k) + " local.get 1 i32.add local.set 1\n";
  std::string wat = "(module (memory 1) (func $g (param i32) (result i32) local.get 0)\n";
  for (int f = 0; f < n; ++f)
    wat += "(func (export \"f" + std::to_string(f) + "\") (param i32) (result i32) (local i32)\n"
           "(loop $l\n" + body + "local.get 1 call $g local.set 1\n"
           "local.get 0 i32.const 4 i32.add local.tee 0 i32.const 4000 i32.lt_u br_if $l)\n"
           "local.get 1)\n";
  return Decoded(wat + ")");
}

// The same at -O2 (the mid-end's, the use splitter's and the scan's vectors kept per
// thread: docs/performance.md "Session 20", o2mem): 2026-12-06, 83.2 a function before,
// 38.2 after.
TEST(CompileArrays, FewBlocksPerFunctionAtO2) {
#ifndef NDEBUG
  GTEST_SKIP() << "a build without NDEBUG runs the checkers, whose blocks this count would include";
#endif
  EXPECT_LE(BlocksPerFunction(ManyLoops(2, 60), ManyLoops(12, 60), 2), 55);
}

}  // namespace
}  // namespace wasmc
