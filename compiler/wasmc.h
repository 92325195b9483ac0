// The front end's entry points. The driver (compiler/driver/) calls these in order:
//
//   Result<Module> m = DecodeModule(bytes);   // structure: every section, LEB rules
//   Status s = ValidateModule(m.value());     // typing: every function body, const exprs
//
// Both return the first error as a Diag with the file offset where it was found.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/diag.h"
#include "compiler/module.h"

namespace wasmc {

// Decodes a binary module. Takes ownership of the bytes (Module::bytes).
// Never allocates in proportion to a size field before checking it against the
// remaining input; rejects with DiagKind::kMalformed.
Result<Module> DecodeModule(std::vector<uint8_t> bytes);

// Checks the complete WebAssembly 2.0 typing rules (MVP, sign-extension,
// non-trapping float-to-int, multi-value, bulk memory, reference types, SIMD).
// Rejects with DiagKind::kInvalid (or kMalformed for encoding errors found only
// while walking a body, such as an unknown opcode or a bad LEB). The bodies are
// checked on `threads` threads; the diagnostic is the same for any number.
Status ValidateModule(const Module& module, int threads = 1);

// ValidateModule without the function bodies: the compile path's first step. The
// bodies are then typed by the body decoder as CompileToObject builds their IR (the
// same decoder and rules), which saves a second walk over them; on any later failure
// the caller runs ValidateModule, whose diagnostic (if any) is the one to report
// (compiler/driver/pipeline.cc).
Status ValidateDeclarations(const Module& module);

}  // namespace wasmc
