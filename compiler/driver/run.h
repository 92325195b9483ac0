// `wasmc run [options] app.wasm [args...]`: compile into a cache, then execve the
// cached executable (no process in between: its exit status, signals, stdin,
// stdout and stderr are the program's). docs/usage.md "wasmc run".
//
// The cache: $WASMC_CACHE_DIR, else $XDG_CACHE_HOME/wasmc, else ~/.cache/wasmc.
// An entry is <cache>/run-v1/<key>, key = SHA-256 of the module bytes, the
// target, -O, the serialized grants (manifest + flags, exactly as embedded) and
// wasmc's identity (version, SHA-256 of the wasmc binary and of the runtime
// image). Nothing else affects the executable: relative grant paths stay relative
// in the blob and resolve against the working directory when the program starts,
// like a compiled executable's, so one entry is right in every directory.
//
// An entry is the executable followed by a trailer (its SHA-256, its size, a
// magic): a hit is verified in full and executed through the same open file
// (fexecve), so a corrupt or truncated entry is recompiled, never run. Entries
// are written to a temporary file and renamed (concurrent runs are safe). An
// unusable cache directory costs one warning line and a private temporary file.
#pragma once

#include "compiler/driver/options.h"

namespace wasmc::driver {

// Does not return when the program starts; otherwise returns the exit code of
// a failure it has printed (the same codes as compiling, docs/usage.md).
int RunModule(const DriverOptions& options);

}  // namespace wasmc::driver
