// The wasmc pipeline: every phase, in order, in one function (pipeline.cc).
#pragma once

#include "compiler/driver/options.h"

namespace wasmc::driver {

// Runs `wasmc <input> -o <output>` as the options say and returns the process exit
// code. Every failure has been printed as `file:0xOFFSET: error: what (why)`.
int RunCompile(const DriverOptions& options);

// `wasmc run`: fails loudly until it is implemented.
int RunModule(const DriverOptions& options);

}  // namespace wasmc::driver
