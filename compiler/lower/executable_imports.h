// Which imports an executable can have.
//
// A wasmc executable links only the runtime and the WASI preview1 shim, so every
// import must be a function of module "wasi_snapshot_preview1" that
// wasi-shim/calls.def lists, with exactly the signature listed there. (`-c`
// objects may import anything: the embedder's resolver provides it.) The driver
// calls this before compiling for --emit=exe, so the problem is a compile-time
// diagnostic at the import's offset, not a start-up failure.
//
// Diagnostics (DiagKind::kUnsupported, stable text):
//   "unknown import"            why: "<module>.<name> is not a WASI preview1 function ..."
//   "incompatible import type"  why: "<module>.<name> has type ..., WASI preview1 defines ..."
#pragma once

#include "backend/diag.h"
#include "compiler/module.h"

namespace wasmc {

Status CheckExecutableImports(const Module& module);

}  // namespace wasmc
