// The capability manifest: what a compiled program may touch beyond stdio,
// args, clocks and randomness. Grants come from a TOML file (docs/manifest.md)
// and/or command-line flags, are checked here, and are serialised into the blob
// (wasi-shim/manifest_format.h) that the executable embeds and the WASI shim
// enforces at run time (wall 1) and hands to Landlock (wall 2).
//
// Contract: every problem in user input is a Diag of kind kManifest whose
// `offset` is the manifest's 1-based LINE (0 for command-line flags); render it
// with RenderManifestDiag, never Diag::Render (which prints a byte offset).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/diag.h"

namespace CLI {
class App;
}

namespace wasmc {

struct Module;

struct PathGrant {
  std::string host;        // relative paths resolve against the working directory at start
  std::string guest;       // the name the program uses
  uint8_t rights = 0;      // WASMC_RIGHT_* (manifest_format.h)
  bool optional = false;   // a missing host path is skipped at start, not an error
  uint64_t line = 0;       // where it was granted (0: command line)
  bool follow_symlinks = false;  // resolve `host` through symlinks (default: refuse any)
};

struct EnvGrant {
  std::string name;
  std::optional<std::string> value;  // nullopt: pass the host's value through
  uint64_t line = 0;
};

struct NetGrant {
  bool listen = true;      // false: connect
  uint8_t family = 4;      // 4 or 6
  uint16_t port = 0;
  std::array<uint8_t, 16> addr{};
  std::string text;        // as written, for diagnostics
  uint64_t line = 0;
};

struct Grants {
  std::vector<PathGrant> dirs;
  std::vector<PathGrant> files;
  std::vector<EnvGrant> env;
  std::vector<NetGrant> net;
  uint64_t max_memory = 0;       // bytes; 0 = the module's own maximum
  uint64_t max_memory_line = 0;  // where it was set (0: command line)
  bool landlock_require = true;  // default: refuse to run without Landlock
};

// Parses a manifest's text into `grants` (appending). `file` names it in diagnostics.
Status ParseManifest(std::string_view text, const std::string& file, Grants* grants);
// Reads and parses a manifest file.
Status ParseManifestFile(const std::string& path, Grants* grants);

// The command-line equivalents (flag values as given).
struct ManifestFlags {
  std::string manifest;                // --manifest=app.toml
  std::vector<std::string> dirs;       // --dir=HOST[::GUEST]      read, write, create, remove
  std::vector<std::string> dirs_ro;    // --dir-ro=HOST[::GUEST]   read only
  std::vector<std::string> files;      // --file=HOST[::GUEST]:R|W|RW
  std::vector<std::string> env;        // --env=NAME=VALUE, or --env=NAME (pass through)
  std::vector<std::string> env_pass;   // --env-pass=NAME
  std::vector<std::string> listen;     // --listen=ADDR:PORT
  std::vector<std::string> connect;    // --connect=ADDR:PORT
  std::string max_memory;              // --max-memory=BYTES (suffixes KiB, MiB, GiB)
  std::string landlock;                // --landlock=require|best-effort
};

// Registers the flags above on the driver's CLI11 app (one call, in the driver).
void AddManifestOptions(CLI::App& app, ManifestFlags* flags);

// The manifest file (if any) then the flags, checked for contradictions.
Result<Grants> CollectGrants(const ManifestFlags& flags);

// Checks grants for contradictions (duplicate guest names, a file's guest
// directory also granted as a directory, an env var both set and passed, ...).
Status CheckGrants(const Grants& grants);

// Enforces limits.max_memory at compile time: every defined memory's maximum
// becomes min(declared, limit), so memory.grow past the limit returns -1 (the
// runtime enforces the declared maximum). A memory whose minimum already
// exceeds the limit is a kManifest diagnostic.
Status ApplyMemoryLimit(const Grants& grants, Module* module);

// How an executable was built (the INFO record of the blob; not a grant):
// ordered key/value pairs such as {"wasmc", "0.1.0"}, {"target", "x86_64-linux"}.
using BuildInfo = std::vector<std::pair<std::string, std::string>>;

// The versioned binary blob of wasi-shim/manifest_format.h; `info`, when not
// empty, becomes its INFO record.
std::vector<uint8_t> SerializeGrants(const Grants& grants, const BuildInfo& info = {});

// The inverse (deserialize.cc), for `wasmc inspect` and tests: the grants and
// build information of a blob, or a kMalformed Diag whose offset is the byte
// in the blob where it stops making sense. Checks at least what the shim's
// start-up parser checks (wasi-shim/init.c), so a blob it accepts is one the
// shim accepts.
struct DecodedBlob {
  Grants grants;
  BuildInfo info;
};
Result<DecodedBlob> DeserializeGrants(std::span<const uint8_t> blob);

// `app.toml:LINE: error: what (why)`; flags (line 0): `wasmc: error: what (why)`.
std::string RenderManifestDiag(const Diag& diag, const std::string& file);
// Renders a CollectGrants diagnostic: against the manifest file, or as a flag error.
std::string RenderGrantsDiag(const Diag& diag, const ManifestFlags& flags);

}  // namespace wasmc
