// The wasmc command line (clang/gcc conventions), parsed in one place.
//
//   wasmc [options] <input.wasm> [-o <output>]
//   wasmc run [options] <app.wasm> [guest args...]
//
// Every option is declared in options.cc, one function per group; a new group
// (e.g. the grant flags --manifest/--dir/--env of compiler/manifest/) adds its
// fields to DriverOptions and one Add...Options call in ParseCommandLine.
//
// Usage errors are printed as `<argument>:0x0: error: <what> (<why>)`: the
// argument as the user wrote it stands where a file name usually is; when no
// single argument is at fault it is `wasmc`. They exit with kExitUsage (2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/target.h"  // Target, HostTarget()
#include "compiler/manifest/manifest.h"

namespace wasmc::driver {

enum class Emit { kExe, kObj, kAsm, kHeader, kWasm };
enum class Command { kCompile, kRun };

struct DriverOptions {
  Command command = Command::kCompile;
  std::string input;
  std::string output;          // resolved: never empty after parsing ("-" = stdout)
  Target target = Target::kX64;
  Emit emit = Emit::kExe;
  int opt_level = 2;
  bool no_single_pass = false;  // --no-single-pass: -O0/-O1 without the single-pass tier (IR -O1)
  int threads = 0;             // -j/--threads (0 = the number of CPUs)
  int cpu_level = 0;           // --cpu (TargetCodegen::cpu_level; 0 = the target's default)
  bool cpu_test_missing = false;  // hidden --cpu-test-missing (abi.h WASMC_CPU_TEST_MISSING)
  bool validate_only = false;  // --validate: decode + validate, print nothing
  bool verify_codegen = false; // hidden --verify-codegen: IR verifier + regalloc checker
  bool verbose = false;        // -v: phase timings on stderr
  bool debug_names = false;    // --debug-names: text input gets a "name" section
  std::vector<std::string> guest_args;  // wasmc run: arguments after the module
  bool no_cache = false;       // wasmc run --no-cache: compile to a private temporary file
  bool strip = false;          // --strip: no symbol table, no source line tables
  ManifestFlags grants;        // --manifest, --dir, --file, --env, ... (compiler/manifest/)
};


// The result of parsing: either options to run, or an exit code to return right
// away (after --help/--version output, or after printing a usage error).
struct ParsedCommandLine {
  DriverOptions options;
  std::optional<int> exit_code;
};

ParsedCommandLine ParseCommandLine(int argc, char** argv);

}  // namespace wasmc::driver
