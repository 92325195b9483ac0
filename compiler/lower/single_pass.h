// The single-pass tier (-O0 and -O1, docs/backend.md "Optimisation levels"): a visitor of the
// one body decoder that emits through the MacroAssembler contract
// (backend/codegen/macro_assembler.h) as it decodes, with no IR, no liveness and no
// register allocation (as V8's Liftoff and Wasmtime's Winch; stage 1 of such a tier).
//
// Stage 1's model (docs/backend.md, "The single-pass tier: -O0 and -O1", has the whole of it):
// local i lives in slot i; the operand-stack value at depth d, when not in a register,
// in slot num_locals + d, so its place depends only on its depth. Constants and
// local.get stay lazy (read in place); an operator's result goes to a caller-saved
// register no lowering but a call writes, spilled when its class runs out. At every
// block, loop and if start, else and end the whole stack goes to its slots, so a
// fall-through needs no move and a branch copies its carried values down to the
// target's slots.
//
// One decode per function: the emission runs the scan (every operator supported? the
// frame's facts: the deepest stack, calls and their stack arguments) as it goes, for a
// guessed frame; where the scan finds the body needs more, the code is thrown away and
// the function emitted again for the frame it found. A function with anything the tier
// does not handle is left to the IR path (the -O1 pipeline): `reason` names the first
// such thing. Nothing approximate is ever emitted.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backend/codegen/function_compiler.h"
#include "backend/object.h"
#include "compiler/lower/line_table.h"
#include "compiler/module.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc {

// What the function-level compiler passes down (the facts compile_functions.cc keeps
// per module; see ir::Function for each).
struct SinglePassOptions {
  Target target = Target::kX64;
  int cpu_level = 0;
  bool verify = false;                 // WASMC_VERIFY=1: the address check on the code
  bool fprs_kept_across_calls = true;  // ir::Function::fprs_kept_across_calls
  bool pinned_registers_kept = false;  // ir::Function::pinned_registers_kept
  bool funcrefs_own_code = false;      // ir::Function::funcrefs_own_code
  uint32_t table0_fixed_size = UINT32_MAX;  // ir::Function::table0_fixed_size
  const std::vector<uint32_t>* type_ids = nullptr;  // ir::Function::type_ids
  // The frame's call areas, the same for every function: the most stack-argument
  // words and results of any function type of the module (SinglePassCallAreas).
  uint32_t max_stack_args = 0;
  uint32_t max_call_results = 0;
  // -O level (the tier serves -O0, and -O1 where the driver routes it): from 1, the
  // locals in registers are those used most, weighted by loop depth (counted in a
  // first emission, the function emitted again when they differ from the first
  // guess); 0 keeps the one emission and takes the first locals.
  int opt_level = 0;
};

// Fills options->max_stack_args and max_call_results from the module's types.
void SinglePassCallAreas(const Module& module, SinglePassOptions* options);

struct SinglePassResult {
  // False: the function is not for this tier (`reason`, then `detail`, say why: both
  // static strings); nothing else is set.
  bool compiled = false;
  const char* reason = "";
  const char* detail = "";
  FunctionCode code;  // code, relocs, saved_registers; error / check_* as CompileFunction's
  // Per operator, in code order: where its code starts and its file offset (the line
  // table's points) and its text name (the listing's markers); only with a listing
  // or when the module has DWARF lines (the points' only readers).
  std::vector<CodePoint> points;
  std::vector<const char*> names;
  uint32_t data_start = 0;  // where constant data starts in code.code (the listing)
  bool divides = false;     // an integer division or remainder (compile_functions.cc)
};

// Whether the tier is there for this target at all (TargetCodegen::single_pass_gprs:
// x86-64 and AArch64).
bool SinglePassSupportsTarget(Target target);

// What a listing shows before the marker of the operator at a wasm offset: its source
// line where that changes (compile_functions.cc, with DWARF lines), else nothing.
using SinglePassNote = std::function<std::string(uint64_t wasm_offset)>;

// Compiles defined function `func_index` (imports counted) with `decoder`. With
// `listing` (--emit=asm), appends the function's listing (addresses from `base`, each
// operator's marker after `note`'s text, if any) when the tier compiled it.
SinglePassResult CompileSinglePass(const Module& module, BodyDecoder& decoder, uint32_t func_index,
                                   const SinglePassOptions& options, std::string* listing, uint64_t base,
                                   const SinglePassNote& note = {});

}  // namespace wasmc
