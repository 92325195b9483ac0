// CompileToObject (backend/backend.h): the whole back end for one module.
//
//   CompileFunctions      every defined function -> wasmc_func_<i> in ".text"
//   EmitExportEntries     array-call trampolines + wasm-native export symbols
//   EmitModuleDescriptor  wasmc_module_desc and its tables (abi.h)
#include "backend/backend.h"
#include "backend/codegen/descriptor.h"
#include "backend/codegen/function_compiler.h"
#include "backend/codegen/trampolines.h"

namespace wasmc {

Result<CompileResult> CompileToObject(const Module& module, const CompileOptions& options) {
  CompileResult result;
  result.object.target = options.target;
  if (!module.codes.empty()) {
    Status s = CompileFunctions(module, options, result.object,
                                options.want_listing ? &result.listing : nullptr);
    if (!s.ok()) return s.diag();
  }
  std::unordered_map<uint32_t, uint32_t> trampolines = EmitExportEntries(module, result.object);
  EmitModuleDescriptor(module, options, trampolines, result.object);
  return result;
}

}  // namespace wasmc
