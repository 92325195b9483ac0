// Where the prebuilt runtime image of a target lives.
//
// CMake builds it at <build>/lib/wasmc/<triple>/runtime.elf, beside <build>/bin/wasmc;
// an installed wasmc keeps the same layout (<prefix>/bin, <prefix>/lib/wasmc).
// WASMC_RUNTIME_DIR, when set, replaces <prefix>/lib/wasmc.
#pragma once

#include <string>

#include "backend/object.h"

namespace wasmc::driver {

// The path where the image for `target` must be: $WASMC_RUNTIME_DIR/<triple>/runtime.elf,
// else <dir of /proc/self/exe>/../lib/wasmc/<triple>/runtime.elf. It may not exist;
// the caller reports that with the path.
std::string RuntimeImagePath(Target target);

}  // namespace wasmc::driver
