// Compiles the bodies of a module's defined functions to machine code.
//
// Pipeline per function (docs/backend.md):
//   wasm body --(IR builder, a visitor of compiler/validate/body_decoder.h)--> IR
//   --> cheap passes (backend/passes/) --> register allocation (backend/regalloc/)
//   --> emission through the target's MacroAssembler (backend/x64/, backend/a64/).
#pragma once

#include <string>

#include "backend/backend.h"
#include "backend/object.h"
#include "compiler/diag.h"
#include "compiler/module.h"

namespace wasmc {

// Compiles every DEFINED function of `module` (already validated) into the ".text"
// section of `obj` (created if absent), appending to it.
//
// Provides, for defined function index f (imports first, as in the spec):
//   - a symbol `wasmc_func_<f>` (STB_LOCAL, STT_FUNC, with its size) at its entry;
//   - code following the wasm-native calling convention of
//     runtime-support/include/wasmc/abi.h (C ABI, instance pointer first, hidden
//     results pointer second for multi-value results, frame-pointer chain kept);
//   - relocations for direct calls between functions (against the callee's
//     `wasmc_func_<f>` symbol) and for calls to runtime helpers (undefined symbols
//     `wasmc_rt_*`); no other external references.
// Reads at run time: inst->mem0_base, mem0, tables, imports, globals, funcrefs,
// type_ids, stack_limit and the defined-global cells after the instance header.
//
// If `listing` is non-null, appends a disassembly: per function a header line
// `<name> (func <index>):`, then per wasm operator a marker line
// `; <op text name> @0x<file offset>` followed by the instructions it produced.
//
// Errors: a function using v128 gets DiagKind::kUnsupported
// "SIMD (v128) is not supported yet" at the operator's offset; the first error wins.
Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing);

}  // namespace wasmc
