// The wasmc pipeline: every phase, in order, in one function (pipeline.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/driver/options.h"

namespace wasmc::driver {

// Runs `wasmc <input> -o <output>` as the options say and returns the process exit
// code. Every failure has been printed as `file:0xOFFSET: error: what (why)`.
int RunCompile(const DriverOptions& options);

// The phases after reading: decode, validate, apply the memory limit, compile and
// link (or emit the object/listing/header) `input` as `options` say, into `*output`
// (left empty for --validate). Returns kExitOk, or the exit code of a failure that
// has been printed. `wasmc run` (run.h) shares it, so a cached executable is the
// one `wasmc <input> -o <output>` writes. `exiting`: the process ends soon after (a
// one-shot compile), so the module and the compiled object are left to the kernel,
// not freed (KeepUntilExit, heap.h).
int BuildOutput(const DriverOptions& options, const Grants& grants, std::vector<uint8_t> input,
                std::vector<uint8_t>* output, bool exiting = false);

}  // namespace wasmc::driver
