// Diagnostics for user input: `file:0xOFFSET: error: <what> (<why>)`.
//
// Contract: the first error wins. Code that finds an error in user input returns a
// Diag (never throws, never aborts); callers propagate it unchanged. The wording of
// <what> is stable: tests match it, so change it only together with the tests.
// Internal invariants use WASMC_CHECK, which prints file:line and aborts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wasmc {

// Process exit codes of the wasmc command (documented in docs/usage.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 2,        // bad command line: unknown flag, missing input, bad value
  kExitIo = 3,           // cannot read input / write output
  kExitMalformed = 4,    // input is not a well-formed binary module
  kExitInvalid = 5,      // well-formed, but fails validation
  kExitUnsupported = 6,  // valid, but uses something wasmc does not implement yet
  kExitManifest = 7,     // bad manifest or grant flag
  kExitInternal = 70,    // a bug in wasmc (EX_SOFTWARE)
  kExitCodegenCheck = 71,  // a bug in wasmc caught by the IR verifier / regalloc checker
};

enum class DiagKind : uint8_t {
  kMalformed, kInvalid, kUnsupported, kIo, kUsage, kManifest,
  kCodegenCheck,  // internal: the IR verifier or the register-allocation checker failed
};

struct Diag {
  DiagKind kind = DiagKind::kMalformed;
  uint64_t offset = 0;  // byte offset in the input file (or line number for manifests)
  std::string what;     // stable message, e.g. "integer representation too long"
  std::string why;      // optional detail, e.g. "LEB128 u32 uses more than 5 bytes"
  uint32_t line = 0;    // text input (compiler/text/): 1-based line and column; 0 = none
  uint32_t col = 0;

  // Renders `file:0xOFFSET: error: what (why)`, or `file:LINE:COL: error: ...` when
  // line is set (text format input).
  std::string Render(const std::string& file) const;
  int ExitCode() const;
};

// Result<T>: a value or the first Diag.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Diag d) : v_(std::move(d)) {}
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Diag& diag() const { return std::get<1>(v_); }

 private:
  std::variant<T, Diag> v_;
};

// Status: nothing or the first Diag.
class Status {
 public:
  Status() = default;
  Status(Diag d) : d_(std::move(d)) {}
  static Status Ok() { return Status(); }
  bool ok() const { return !d_.has_value(); }
  const Diag& diag() const { return *d_; }

 private:
  std::optional<Diag> d_;
};

inline Diag MakeDiag(DiagKind kind, uint64_t offset, std::string what, std::string why = {}) {
  return Diag{kind, offset, std::move(what), std::move(why)};
}

[[noreturn]] void CheckFailed(const char* file, int line, const char* cond);

}  // namespace wasmc

#define WASMC_CHECK(cond) \
  do { if (!(cond)) ::wasmc::CheckFailed(__FILE__, __LINE__, #cond); } while (0)
#define WASMC_UNREACHABLE() ::wasmc::CheckFailed(__FILE__, __LINE__, "unreachable")
