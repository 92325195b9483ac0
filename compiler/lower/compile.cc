// CompileToObject (compiler/lower/lower.h): the whole lowering of one module.
#include "compiler/lower/compile_functions.h"
#include "compiler/lower/descriptor.h"
#include "compiler/lower/export_entries.h"
#include "compiler/lower/lower.h"

namespace wasmc {

Result<CompileResult> CompileToObject(const Module& module, const CompileOptions& options) {
  CompileResult result;
  result.object.target = options.target;
  std::vector<FunctionSymbols> symbols;  // by defined function
  if (!module.codes.empty()) {
    Status s = CompileFunctions(module, options, result.object,
                                options.want_listing ? &result.listing : nullptr, &symbols);
    if (!s.ok()) return s.diag();
  }
  std::unordered_map<uint32_t, uint32_t> trampolines = EmitExportEntries(module, symbols, result.object);
  EmitModuleDescriptor(module, options, symbols, trampolines, result.object);
  return result;
}

}  // namespace wasmc
