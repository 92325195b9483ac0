// CompileToObject (backend/backend.h): the whole back end for one module.
//
//   CompileFunctions      every defined function -> wasmc_func_<i> in ".text"
//   EmitExportEntries     array-call trampolines + wasm-native export symbols
//   EmitModuleDescriptor  wasmc_module_desc and its tables (abi.h)
#include "backend/backend.h"
#include "backend/codegen/descriptor.h"
#include "backend/codegen/trampolines.h"

namespace wasmc {

Result<CompileResult> CompileToObject(const Module& module, const CompileOptions& options) {
  CompileResult result;
  result.object.target = options.target;
  if (!module.codes.empty()) {
    // Until backend/codegen/function_compiler.h lands, a module with code cannot compile.
    return MakeDiag(DiagKind::kUnsupported, module.codes.front().offset,
                    "function code generation is not implemented yet",
                    "CompileFunctions has not landed");
  }
  std::unordered_map<uint32_t, uint32_t> trampolines = EmitExportEntries(module, result.object);
  EmitModuleDescriptor(module, options, trampolines, result.object);
  return result;
}

}  // namespace wasmc
