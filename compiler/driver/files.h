// Reading the input module and writing outputs, for the driver.
//
// Outputs are written atomically: a temporary file in the output's directory is
// filled, fsync'ed, given its final mode and renamed over the output, so a failure
// at any point leaves either the old file or nothing, never half a file. "-" is
// stdout (not atomic). Files that every reader verifies in full (`wasmc run`'s cache
// entries and memos) skip the fsync (Durability).
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

// What a crash of the machine (not of wasmc: then the old file or nothing is left
// either way) may do to a file WriteFileAtomically wrote. kSynced: the data is
// fsync'ed before the rename, so the name holds the old file or all of the new one.
// kVerifiedByReader: no fsync (2-20 ms for 2 MB on this project's VM,
// docs/performance.md "Session 18"), so after a crash the name may hold a file cut
// short; only for files whose every reader checks them whole and replaces a bad one.
enum class Durability { kSynced, kVerifiedByReader };

// Writes `bytes` to `path` atomically with permission bits `mode` (minus the
// umask). A failure is a kIo Diag: "cannot write output (<step>: <strerror>)".
Status WriteFileAtomically(const std::string& path, std::span<const uint8_t> bytes, mode_t mode,
                           Durability durability = Durability::kSynced);

}  // namespace wasmc::driver
