// Export entry points: the array-call trampolines and the wasm-native export symbols.
//
// For every exported function f (defined or a re-exported import) this emits into
// the ".text" section, through the target's emitters (backend/codegen/trampolines.h):
//   - wasmc_tramp_<f> (local): the array-call trampoline of f;
//   - wasmc_export_<mangled name> (global): f's wasm-native entry, for C callers of
//     `wasmc -c` objects. For a defined function it is an alias of wasmc_func_<f>;
//     for a re-exported import it is a thunk that tail-jumps to inst->imports[k].
// Requires: CompileFunctions has defined wasmc_func_<f> for every defined function,
// `symbols` (its FunctionSymbols).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "backend/codegen/trampolines.h"
#include "backend/object.h"
#include "compiler/lower/lower.h"
#include "compiler/module.h"

namespace wasmc {

// Returns the symbol index of each exported function's trampoline, by function index.
std::unordered_map<uint32_t, uint32_t> EmitExportEntries(const Module& module,
                                                        const std::vector<FunctionSymbols>& symbols,
                                                        ObjectModule& obj);

}  // namespace wasmc
