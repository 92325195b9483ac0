// Lowering a validated wasm module to an object (backend/object.h) for a target: every
// function body through the IR and the backend, the export trampolines and the
// module descriptor. The driver (compiler/driver/) then writes the object (-c) or
// links it (backend/backend.h).
//
//   CompileFunctions      every defined function -> wasmc_func_<i> in ".text"
//   EmitExportEntries     array-call trampolines + wasm-native export symbols
//   EmitModuleDescriptor  wasmc_module_desc and its tables (abi.h)
//
// An unimplemented feature is a DiagKind::kUnsupported diagnostic that names it,
// never a silent fallback.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/object.h"
#include "backend/diag.h"
#include "compiler/module.h"

namespace wasmc {

struct CompileOptions {
  Target target = Target::kX64;
  int opt_level = 2;                  // -O0 / -O1 / -O2
  // --no-single-pass: -O0 and -O1 compile every function through the IR path (at -O1's
  // settings) instead of the single-pass tier first (docs/backend.md, "Optimisation levels").
  bool no_single_pass = false;
  bool want_listing = false;          // --emit=asm: fill CompileResult::listing
  std::vector<uint8_t> manifest;      // serialized grants to embed (wasi-shim/ format), may be empty
  std::string file_name;              // for diagnostics
  // Run the IR verifier and the register-allocation checker on every function
  // (docs/backend.md). Also on when WASMC_VERIFY is set (not "0") and in builds
  // without NDEBUG. A failure is a DiagKind::kCodegenCheck diagnostic (exit 71).
  bool verify_codegen = false;        // hidden driver flag --verify-codegen
  bool strip = false;                 // --strip: no function-name symbols, no line tables
  bool executable = false;            // --emit=exe: the descriptor names the WASI calls it imports
  // The module is the only wasm code in its process (--emit=exe, and --emit=asm, which
  // shows the executable's code): no funcref of another module's wasm code calls into
  // it expecting the wasm-internal convention, so a module without float or vector
  // values may turn the convention off (ir::Function::fprs_kept_across_calls), and the
  // target's instance registers stay pinned through all its code
  // (ir::Function::pinned_registers_kept). Not for objects, whose functions C and
  // other modules' wasm code may call directly; `wasmc wast` sets it for scripts whose
  // modules never link to each other (compiler/wast/wast_worker.cc).
  bool sole_module = false;
  // -j: threads compiling function bodies (compile_functions.h); the output is the
  // same for any number. --emit=asm always uses one.
  int threads = 1;
  // Run first on each helper thread of the compile (the driver's per-thread heap set-up,
  // compiler/driver/heap.h TuneThreadHeap); none when null.
  void (*thread_start)() = nullptr;
  // --cpu: the target's CPU level (backend/codegen/target_codegen.h; 0 = its default).
  int cpu_level = 0;
  // -v: per-compile notes on stderr (at -O0 and -O1: the single-pass tier's counts).
  bool verbose = false;
  // Hidden --cpu-test-missing: the executable requires a CPU feature no CPU has
  // (abi.h WASMC_CPU_TEST_MISSING), to test the start-up check.
  bool cpu_test_missing = false;
};

// The symbols CompileFunctions defines for one defined function, as indices into
// ObjectModule::symbols (compile_functions.h).
struct FunctionSymbols {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t code = kNone;   // wasmc_func_<f>
  uint32_t eh = kNone;     // wasmc_eh_<f>
  uint32_t lines = kNone;  // wasmc_lines_<f>: only with a source line table
};

struct CompileResult {
  ObjectModule object;
  std::string listing;                // --emit=asm text (when want_listing)
};

// Compiles a decoded and validated module: every defined function, the export
// trampolines and the module descriptor (runtime-support/include/wasmc/abi.h),
// whose symbol is `wasmc_module_desc`.
Result<CompileResult> CompileToObject(const Module& module, const CompileOptions& options);

}  // namespace wasmc
