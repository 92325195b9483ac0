// `wasmc -c --emit=header`: a C header for the object's exports.
//
// Declares, for every exported function, its wasm-native entry point
// `wasmc_export_<mangled name>` (symbols.h) as a C prototype (abi.h's calling
// convention: instance first; several results through a `wasmc_val* results`
// after it), and lists the module's imports and its other exports in comments so
// an embedder knows what its resolver must provide. docs/embedding.md shows how to
// instantiate and call it with the hosted runtime (runtime.h).
#pragma once

#include <string>

#include "compiler/module.h"

namespace wasmc {

struct HeaderOptions {
  std::string source_name;  // the input file, for the banner comment
  std::string guard;        // include guard base, e.g. the output's stem; sanitized
};

std::string EmitCHeader(const Module& module, const HeaderOptions& options);

}  // namespace wasmc
