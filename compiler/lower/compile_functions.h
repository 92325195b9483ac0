// Compiles the bodies of a module's defined functions to machine code.
//
// Per function (docs/backend.md): the body decoder (compiler/validate/body_decoder.h)
// drives the IR builder (ir_builder.h), then the backend compiles the IR for the
// target (backend/codegen/function_compiler.h).
#pragma once

#include <string>

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
// If `listing` is non-null, appends a disassembly: per function a header line
// `<name> (func <index>):`, then its listing (CompileFunction).
//
// Errors: a function using v128 gets DiagKind::kUnsupported
// "SIMD (v128) is not supported yet" at the operator's offset; the first error wins.
Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing);

}  // namespace wasmc
