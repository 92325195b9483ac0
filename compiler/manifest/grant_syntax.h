// The small grammars shared by manifest files and flags: addresses, file specs,
// rights words, byte sizes. Each returns the parsed value or an error text
// (used as the Diag's `what`/`why`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "compiler/manifest/manifest.h"

namespace wasmc::manifest {

struct SyntaxError {
  std::string what;
  std::string why;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080". Port 1..65535.
std::variant<NetGrant, SyntaxError> ParseAddress(std::string_view text, bool listen);
// "HOST[::GUEST]" (guest defaults to host); checks both paths.
std::variant<PathGrant, SyntaxError> ParseDirSpec(std::string_view text, uint8_t rights);
// "HOST[::GUEST]:R|W|RW" (guest defaults to the host's basename).
std::variant<PathGrant, SyntaxError> ParseFileSpec(std::string_view text);
// File access letters "R", "W", "RW" -> WASMC_RIGHT_*.
std::variant<uint8_t, SyntaxError> ParseFileAccess(std::string_view text);
// Directory right words "read", "write", "create", "remove" -> one bit.
std::variant<uint8_t, SyntaxError> ParseDirRight(std::string_view word);
// "65536", "64KiB", "16MiB", "1GiB"; a multiple of 64 KiB, at most 4 GiB.
std::variant<uint64_t, SyntaxError> ParseMemorySize(std::string_view text);
// Checks a path string; `what` names it in the message ("host path", "guest path").
std::optional<SyntaxError> CheckPath(std::string_view path, bool guest);
// An environment variable name: non-empty, no '=' or NUL.
std::optional<SyntaxError> CheckEnvName(std::string_view name);

}  // namespace wasmc::manifest
