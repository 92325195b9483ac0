// Reading the input module and writing outputs, for the driver.
//
// Outputs are written atomically: a temporary file in the output's directory is
// filled, fsync'ed, given its final mode and renamed over the output, so a failure
// at any point leaves either the old file or nothing, never half a file. "-" is
// stdout (not atomic).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <sys/types.h>
#include <vector>

#include "backend/diag.h"

namespace wasmc::driver {

// Reads a whole file. A failure is a kIo Diag: "cannot read input (<strerror>)".
Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path, const char* role);

// Writes `bytes` to `path` atomically with permission bits `mode` (minus the
// umask). A failure is a kIo Diag: "cannot write output (<step>: <strerror>)".
Status WriteFileAtomically(const std::string& path, std::span<const uint8_t> bytes, mode_t mode);

}  // namespace wasmc::driver
