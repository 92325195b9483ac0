// The module descriptor: `const wasmc_module wasmc_module_desc` (abi.h), emitted as
// data so the runtime can instantiate the module without parsing wasm.
//
// Writes the descriptor and its tables to ".data.rel.ro" (they hold pointers:
// kAbs64 relocations) and their strings, type bytes, data segment bytes, element
// items and the manifest to ".rodata".
// Requires: CompileFunctions has defined wasmc_func_<i> for every defined function
// (the descriptor points at the code and records its size; `symbols` are its
// FunctionSymbols, by defined function index), and `trampolines` maps
// every exported function index to its array-call trampoline symbol
// (EmitExportEntries, trampolines.h).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "compiler/lower/lower.h"
#include "backend/ir/ir.h"
#include "backend/object.h"
#include "compiler/module.h"

namespace wasmc {

// The bytes wasmc_type_desc.types holds for type `index`: params then results as
// wasm value type bytes, then the structural key (typed references), whose size is
// *key_size.
void TypeDescBytes(const Module& module, uint32_t index, std::vector<uint8_t>* bytes,
                   uint32_t* key_size);

// The signature id the runtime gives each type index (abi.h, wasmc_plain_type_id),
// or ir::kUnknownTypeId where only the process's registry knows it (typed references,
// more than WASMC_PLAIN_TYPE_MAX_VALUES values): call_indirect compares a known id
// as a constant, an unknown one loaded from inst->type_ids.
using ir::kUnknownTypeId;
std::vector<uint32_t> KnownTypeIds(const Module& module);

void EmitModuleDescriptor(const Module& module, const CompileOptions& options,
                          const std::vector<FunctionSymbols>& symbols,
                          const std::unordered_map<uint32_t, uint32_t>& trampolines,
                          ObjectModule& obj);

}  // namespace wasmc
