// Compiles one IR function to machine code for a target.
//
// Pipeline (docs/backend.md): register allocation (backend/regalloc/), then emission
// through the target's MacroAssembler (backend/<isa>/, reached through
// backend/codegen/target_codegen.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backend/codegen/macro_assembler.h"
#include "backend/ir/ir.h"
#include "backend/object.h"

namespace wasmc {

struct FunctionCode {
  std::vector<uint8_t> code;
  // External references: `wasmc_func_<f>` for direct calls to another function of the
  // module, `wasmc_rt_*` for runtime helpers; nothing else.
  std::vector<CodeReloc> relocs;
  // Why the code could not be emitted (e.g. a branch beyond its ISA's range), or "".
  std::string error;
  // With `verify`: the register-allocation checker (backend/regalloc/checker.h) found
  // a use that does not read its value: the instruction and the full report. A bug in
  // wasmc, never in the input.
  bool check_failed = false;
  uint32_t check_inst = 0;
  std::string check_report;
  // Which check failed: the register-allocation checker, or the address check
  // (backend/codegen/address_check.h).
  const char* check_name = "the register-allocation checker";
  // Code offset of the first instruction of each of fn.markers (for line tables).
  std::vector<uint32_t> marker_offsets;
  // Exception handling: calls inside try regions, as code ranges [begin, end) holding
  // the return address, and their landing pads (ir kEhEdge), in code order; and the
  // callee-saved registers the frame saves (MacroAssembler::SavedRegisters).
  struct EhSite {
    uint32_t begin = 0, end = 0, pad = 0;
  };
  std::vector<EhSite> eh_sites;
  uint64_t saved_registers = 0;
};

// Extra listing lines before a wasm operator's marker (e.g. its source line), or "".
using ListingNote = std::function<std::string(const ir::Marker&)>;

// Compiles `fn` (dead pure instructions become kNop on the way). The code follows the
// wasm-native calling convention of runtime-support/include/wasmc/abi.h (C ABI,
// instance pointer first, hidden results pointer second for multi-value results,
// frame-pointer chain kept) and reads at run time: inst->mem0_base, mem0, tables,
// imports, globals, funcrefs, type_ids, stack_limit and the defined-global cells
// after the instance header.
//
// If `listing` is non-null, appends per wasm operator a marker line
// `; <op text name> @0x<file offset>` followed by the instructions it produced, with
// addresses from `base` (where the caller will place the code).
//
// `verify`: replay the emitted code through the register-allocation checker.
// `note` (optional): called for each marker of the listing.
// `cpu_level`: the target's CPU level (TargetCodegen::cpu_level; 0 = its default).
// `opt_level`: -O0 / -O1 / -O2 (the driver's -O; 2 = the default).
FunctionCode CompileFunction(ir::Function& fn, Target target, uint64_t base,
                             std::string* listing, bool verify, const ListingNote& note = {},
                             int cpu_level = 0, int opt_level = 2);

}  // namespace wasmc
