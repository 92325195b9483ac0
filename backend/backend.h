// The back end's entry points, called by the driver (compiler/driver/) in order:
//
//   Result<ObjectModule> obj = CompileToObject(module, options);   // backend/codegen/
//   -c:        std::vector<uint8_t> elf = WriteElfObject(obj);      // backend/elf/
//   otherwise: Result<std::vector<uint8_t>> exe = LinkExecutable(obj, runtime_image);  // backend/link/
//
// Each returns the first problem as a Diag; an unimplemented feature is a
// DiagKind::kUnsupported diagnostic that names it, never a silent fallback.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/object.h"
#include "compiler/diag.h"
#include "compiler/module.h"

namespace wasmc {

struct CompileOptions {
  Target target = Target::kX64;
  int opt_level = 2;                  // -O0 / -O1 / -O2
  bool want_listing = false;          // --emit=asm: fill CompileResult::listing
  std::vector<uint8_t> manifest;      // serialized grants to embed (wasi-shim/ format), may be empty
  std::string file_name;              // for diagnostics
  bool strip = false;                 // --strip: no function-name symbols, no line tables
};

struct CompileResult {
  ObjectModule object;
  std::string listing;                // --emit=asm text (when want_listing)
};

// Compiles a decoded and validated module: every defined function, the export
// trampolines and the module descriptor (runtime-support/include/wasmc/abi.h),
// whose symbol is `wasmc_module_desc`.
Result<CompileResult> CompileToObject(const Module& module, const CompileOptions& options);

// Serialises an object as an ELF64 relocatable file for ld/lld.
std::vector<uint8_t> WriteElfObject(const ObjectModule& object);

// Links the object with the prebuilt runtime image of its target (an ELF
// executable built with wasmc, see runtime-support/) into a static executable.
// strip (--strip): no .symtab/.strtab (backtraces keep the descriptor's names).
Result<std::vector<uint8_t>> LinkExecutable(const ObjectModule& object,
                                            std::span<const uint8_t> runtime_image,
                                            bool strip = false);

}  // namespace wasmc
