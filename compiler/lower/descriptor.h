// The module descriptor: `const wasmc_module wasmc_module_desc` (abi.h), emitted as
// data so the runtime can instantiate the module without parsing wasm.
//
// Writes the descriptor and its tables to ".data.rel.ro" (they hold pointers:
// kAbs64 relocations) and their strings, type bytes, data segment bytes, element
// items and the manifest to ".rodata".
// Requires: CompileFunctions has defined wasmc_func_<i> for every defined function
// (the descriptor points at the code and records its size), and `trampolines` maps
// every exported function index to its array-call trampoline symbol
// (EmitExportEntries, trampolines.h).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "compiler/lower/lower.h"
#include "backend/object.h"
#include "compiler/module.h"

namespace wasmc {

void EmitModuleDescriptor(const Module& module, const CompileOptions& options,
                          const std::unordered_map<uint32_t, uint32_t>& trampolines,
                          ObjectModule& obj);

}  // namespace wasmc
