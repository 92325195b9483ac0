// Where the prebuilt runtime image of a target lives.
//
// CMake builds it at <build>/lib/wasmc/<triple>/runtime.elf, beside <build>/bin/wasmc;
// an installed wasmc keeps the same layout (<prefix>/bin, <prefix>/lib/wasmc).
// WASMC_RUNTIME_DIR, when set, replaces <prefix>/lib/wasmc.
#pragma once

#include <string>

#include "backend/object.h"
#include "compiler/module.h"

namespace wasmc::driver {

// Two images per target: runtime.elf (every WASI call) and runtime-min.elf (only the
// calls of wasi-shim/calls_min.def, the rest of the shim garbage-collected at build
// time; runtime-support/CMakeLists.txt).
enum class ImageKind { kFull, kMinimal };

// The path where the image for `target` must be: $WASMC_RUNTIME_DIR/<triple>/runtime.elf,
// else <dir of /proc/self/exe>/../lib/wasmc/<triple>/runtime.elf (runtime-min.elf for
// kMinimal). It may not exist; the caller reports that with the path.
std::string RuntimeImagePath(Target target, ImageKind kind = ImageKind::kFull);

// kMinimal when every import of `m` is a function of wasi_snapshot_preview1 listed in
// calls_min.def (so the minimal image resolves them all), else kFull.
ImageKind ImageKindFor(const Module& m);

}  // namespace wasmc::driver
