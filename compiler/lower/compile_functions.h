// Compiles the bodies of a module's defined functions to machine code.
//
// Per function (docs/backend.md): the body decoder (compiler/validate/body_decoder.h)
// drives the IR builder (ir_builder.h), then the backend compiles the IR for the
// target (backend/codegen/function_compiler.h).
#pragma once

#include <string>
#include <vector>

#include "backend/object.h"
#include "backend/diag.h"
#include "compiler/lower/lower.h"
#include "compiler/module.h"

namespace wasmc {

// Compiles every DEFINED function of `module` (already validated) into the ".text"
// section of `obj` (created if absent), appending to it.
//
// Provides, for defined function index f (imports first, as in the spec):
//   - a symbol `wasmc_func_<f>` (STB_LOCAL, STT_FUNC, with its size) at its entry,
//     code as backend/codegen/function_compiler.h describes;
//   - relocations for direct calls between functions (against the callee's
//     `wasmc_func_<f>` symbol) and for calls to runtime helpers (undefined symbols
//     `wasmc_rt_*`); no other external references.
//
// Functions are compiled on `options.threads` threads (the calling one among them)
// and added in function order, so the object is byte-identical for any thread count;
// with a listing, on the calling thread alone.
//
// If `listing` is non-null, appends a disassembly: per function a header line
// `<name> (func <index>):`, then its listing (CompileFunction).
//
// If `symbols` is non-null, it gets one entry per defined function (defined index d,
// function index num_imported_funcs + d): the indices in obj.symbols of the symbols
// defined for it, for EmitExportEntries and EmitModuleDescriptor to point at by
// index (a function's own name from the name section may be any of these names).
//
// Errors: a function whose code cannot be generated gets DiagKind::kUnsupported; a
// failed codegen check DiagKind::kCodegenCheck (its report on stderr). The first
// failing function in index order gives the diagnostic, whatever the thread count.
Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing, std::vector<FunctionSymbols>* symbols = nullptr);

}  // namespace wasmc
