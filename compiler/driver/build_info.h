// The build identity an executable carries (the INFO record of its manifest
// blob), and `wasmc inspect`, which reads it back with the grants.
#pragma once

#include <string>

#include "compiler/driver/options.h"
#include "compiler/manifest/manifest.h"

namespace wasmc::driver {

// wasmc's version and build id (the GNU build-id of this wasmc binary: changes
// with every rebuild), the target, its CPU level and -O (with --no-single-pass).
BuildInfo CurrentBuildInfo(const DriverOptions& o);

// The CPU level generated code requires on `t` at `level` (--cpu; docs/usage.md).
std::string CpuLevel(Target t, int level);

// `wasmc inspect <app> [--json]` (argv[1] == "inspect"): prints what the
// executable may touch and how it was built; returns the exit code.
int InspectMain(int argc, char** argv);

}  // namespace wasmc::driver
