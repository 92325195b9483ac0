// Export entry points: the array-call trampolines and the wasm-native export symbols.
//
// For every exported function f (defined or a re-exported import) this emits into
// the ".text" section:
//   - wasmc_tramp_<f> (local): `void tramp(wasmc_instance* inst, wasmc_val* slots)`,
//     abi.h's array-call contract: reads params from slots[0..n), calls f with the
//     wasm-native convention, writes results to slots[0..m). Several results are
//     written by f itself through the hidden results pointer, which is `slots`.
//   - wasmc_export_<mangled name> (global): f's wasm-native entry, for C callers of
//     `wasmc -c` objects. For a defined function it is an alias of wasmc_func_<f>;
//     for a re-exported import it is a thunk that tail-jumps to inst->imports[k].
// Requires: CompileFunctions has defined wasmc_func_<f> for every defined function.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "backend/object.h"
#include "compiler/diag.h"
#include "compiler/module.h"

namespace wasmc {

// Returns the symbol index of each exported function's trampoline, by function index.
std::unordered_map<uint32_t, uint32_t> EmitExportEntries(const Module& module,
                                                        ObjectModule& obj);

// ---- Shared by the per-ISA emitters (backend/x64/trampolines_x64.cc,
// backend/a64/trampolines_a64.cc), reached through TargetInfo (backend/target.h).

// Where the wasm-native convention puts one parameter (after `inst` and, for
// several results, the hidden results pointer).
struct ArgLocation {
  enum Kind : uint8_t { kIntReg, kFpReg, kStack } kind = kIntReg;
  uint32_t index = 0;  // register number within its class, or 8-byte stack slot number
};

struct ArgPlan {
  std::vector<ArgLocation> params;  // one per wasm parameter
  uint32_t stack_slots = 0;         // 8-byte outgoing stack slots
  bool results_pointer = false;     // several results: hidden pointer after inst
};

// Both SysV x86-64 and AAPCS64 (Linux) give integers and pointers (i32, i64, refs,
// v128 by pointer) the next integer register, f32/f64 the next FP register, and
// every argument that does not fit a register one 8-byte stack slot, in order.
// `int_regs` counts integer argument registers including the one taken by `inst`.
ArgPlan PlanArgs(const FuncType& type, uint32_t int_regs, uint32_t fp_regs);

// Who the trampoline calls.
struct TrampolineCallee {
  bool imported = false;
  uint32_t import_index = 0;  // imported: index into inst->imports
  uint32_t code_symbol = 0;   // defined: the wasmc_func_<f> symbol
};

// Append one function's code to `text` (16-aligned start), adding relocations;
// return the code's offset in the section.
uint64_t EmitArrayTrampolineX64(const FuncType& type, const TrampolineCallee& callee,
                                Section& text);
uint64_t EmitImportThunkX64(uint32_t import_index, Section& text);
uint64_t EmitArrayTrampolineA64(const FuncType& type, const TrampolineCallee& callee,
                                Section& text);
uint64_t EmitImportThunkA64(uint32_t import_index, Section& text);

}  // namespace wasmc
