#include "compiler/driver/options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "backend/codegen/target_codegen.h"
#include "backend/diag.h"
#include "compiler/driver/man_page.h"

namespace wasmc::driver {
namespace {

// Raw values as typed; checked and converted by Resolve() so that every bad
// value gets a diagnostic naming the argument.
struct RawOptions {
  std::string target;
  std::string cpu;
  std::string emit;
  std::string opt_level;
  std::string threads;
  bool object = false;  // -c
};

void AddOutputOptions(CLI::App& app, DriverOptions& o, RawOptions& raw) {
  app.add_option("-o", o.output, "Output file ('-' = stdout). Default: the input's name "
                                 "without .wasm (exe), with .o (obj), .s (asm) or .h (header)");
  app.add_flag("-c", raw.object, "Compile to an ELF relocatable object (same as --emit=obj)");
  app.add_option("--emit", raw.emit, "What to write: exe (default), obj, asm, header, wasm");
  app.add_flag("--debug-names", o.debug_names,
               "Text input: encode $ids as a name section (like wat2wasm --debug-names)");
  app.add_flag("--strip", o.strip, "Leave out what a shipped binary does not need: the symbol table "
                                   "and source line tables (backtraces keep function names)");
}

void AddCodegenOptions(CLI::App& app, DriverOptions& o, RawOptions& raw) {
  app.add_option("--target", raw.target,
                 TargetTriples() + " (default: " + HostTarget().triple + ")");
  app.add_option("-O", raw.opt_level, "Optimisation level: -O0, -O1 (the fast tier for quick builds), -O2 (default)");
  app.add_flag("--no-single-pass", o.no_single_pass,
               "-O0/-O1: compile every function through the IR path at -O1's settings instead of the "
               "single-pass tier (the escape hatch if the tier misbehaves; not allowed with -O2)");
  app.add_option("-j,--threads", raw.threads,
                 "Threads validating and compiling function bodies (default: the number of CPUs); the output is "
                 "the same for any number");
  app.add_option("--cpu", raw.cpu,
                 "x86-64 CPU level the code may use: x86-64 (SSE2; no SIMD), x86-64-v2 (default), "
                 "x86-64-v3, x86-64-v4 or native (this machine's); the executable checks it at "
                 "start-up");
  // Hidden: the executable requires a CPU feature no CPU has (tests the start-up check).
  app.add_flag("--cpu-test-missing", o.cpu_test_missing, "")->group("");
}

void AddDiagnosticOptions(CLI::App& app, DriverOptions& o) {
  app.add_flag("--validate", o.validate_only, "Decode and validate only; exit 0 if valid, print nothing");
  app.add_flag("-v", o.verbose, "Print the time of every phase on stderr");
  app.add_flag("--no-cache", o.no_cache, "wasmc run: neither use nor fill the cache");
  // Hidden (empty group): checks of wasmc itself, for its developers (docs/backend.md).
  app.add_flag("--verify-codegen", o.verify_codegen,
               "Run the IR verifier and the register-allocation checker")->group("");
}

// Grant flags (--manifest, --dir, --env) join here, as an Add...Options function
// of their own called from ParseCommandLine (compiler/manifest/ owns them).

struct UsageError {
  std::string arg, what, why;
};

int PrintUsageError(const UsageError& e) {
  Diag d = MakeDiag(DiagKind::kUsage, 0, e.what, e.why);
  std::fprintf(stderr, "%s\n", d.Render(e.arg).c_str());
  return d.ExitCode();
}

std::string DefaultOutput(const std::string& input, Emit emit) {
  std::filesystem::path p = std::filesystem::path(input).filename();
  if (p.extension() == ".wasm" || p.extension() == ".wat") p.replace_extension();
  switch (emit) {
    case Emit::kExe: return p.empty() || p == input ? p.string() + ".out" : p.string();
    case Emit::kObj: return p.string() + ".o";
    case Emit::kAsm: return p.string() + ".s";
    case Emit::kHeader: return p.string() + ".h";
    case Emit::kWasm: return p.string() + ".wasm" == input ? p.string() + ".out.wasm" : p.string() + ".wasm";
  }
  return p.string();
}

// Checks and converts the raw values; the first problem wins.
std::optional<UsageError> Resolve(const RawOptions& raw, const std::vector<std::string>& extras,
                                  DriverOptions& o) {
  for (const std::string& a : extras) {
    if (a.size() > 1 && a[0] == '-')
      return UsageError{a, "unknown option", "run 'wasmc --help'"};
    return UsageError{a, "unexpected argument", "wasmc takes one input module"};
  }
  if (!raw.target.empty()) {
    const TargetInfo* t = FindTarget(raw.target);
    if (!t) return UsageError{"--target=" + raw.target, "unknown target", "expected " + TargetTriples()};
    o.target = t->id;
  }
  if (!raw.cpu.empty()) {
    const TargetCodegen& codegen = GetCodegen(o.target);
    o.cpu_level = codegen.cpu_level ? codegen.cpu_level(raw.cpu) : -1;
    if (o.cpu_level < 0)
      return UsageError{"--cpu=" + raw.cpu, "unknown CPU level for " + std::string(TargetTriple(o.target)),
                        codegen.cpu_level_names ? std::string("expected ") + codegen.cpu_level_names
                                                : std::string("this target has no CPU levels")};
  }
  if (!raw.opt_level.empty()) {
    if (raw.opt_level.size() != 1 || raw.opt_level[0] < '0' || raw.opt_level[0] > '2')
      return UsageError{"-O" + raw.opt_level, "unknown optimisation level", "expected -O0, -O1 or -O2"};
    o.opt_level = raw.opt_level[0] - '0';
  }
  if (o.no_single_pass && o.opt_level >= 2)
    return UsageError{"--no-single-pass", "not allowed with -O2",
                      "-O2, the default, has no single-pass tier; the flag is for -O0 and -O1"};
  if (!raw.threads.empty()) {
    const bool digits = raw.threads.size() <= 4 &&
                        raw.threads.find_first_not_of("0123456789") == std::string::npos;
    o.threads = digits ? std::stoi(raw.threads) : 0;
    if (o.threads < 1)
      return UsageError{"--threads=" + raw.threads, "bad thread count", "expected a number from 1 to 9999"};
  }
  if (!raw.emit.empty()) {
    static const struct { const char* name; Emit emit; } kEmits[] = {
        {"exe", Emit::kExe}, {"obj", Emit::kObj}, {"asm", Emit::kAsm}, {"header", Emit::kHeader},
        {"wasm", Emit::kWasm}};
    bool found = false;
    for (const auto& e : kEmits)
      if (raw.emit == e.name) o.emit = e.emit, found = true;
    if (!found)
      return UsageError{"--emit=" + raw.emit, "unknown output kind", "expected exe, obj, asm, header or wasm"};
  }
  if (raw.object) {
    if (!raw.emit.empty() && o.emit != Emit::kObj)
      return UsageError{"-c", "conflicting options", "-c means --emit=obj, but --emit=" + raw.emit + " was given"};
    o.emit = Emit::kObj;
  }
  if (o.input.empty())
    return UsageError{"wasmc", "no input file", "usage: wasmc [options] <input.wasm> -o <output>"};
  if (o.output.empty()) o.output = DefaultOutput(o.input, o.emit);
  return std::nullopt;
}

// The index in argv of the first argument from `from` on that is neither an
// option nor the separate value of one (argc if none): for `wasmc [options] run`,
// the word "run"; after it, the module.
int PositionalIndex(CLI::App& app, int from, int argc, char** argv) {
  for (int i = from; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.size() < 2 || a[0] != '-') return i;
    const bool long_opt = a[1] == '-';
    const size_t eq = a.find('=');
    const std::string name = long_opt ? a.substr(0, eq) : a.substr(0, 2);
    const bool joined = long_opt ? eq != std::string::npos : a.size() > 2;
    const CLI::Option* opt = app.get_option_no_throw(name);
    if (opt && opt->get_items_expected_max() > 0 && !joined) ++i;  // its value follows
  }
  return argc;
}

}  // namespace


ParsedCommandLine ParseCommandLine(int argc, char** argv) {
  ParsedCommandLine result;
  DriverOptions& o = result.options;
  o.target = HostTarget().id;
  RawOptions raw;

  CLI::App app{"wasmc: ahead-of-time compiler from WebAssembly 2.0 (WASI preview1) to static "
               "Linux executables",
               "wasmc"};
  app.footer("Usage: wasmc [options] <input.wasm> [-o <output>]\n"
             "       wasmc run [options] <app.wasm> [args...]   (compile, cached, and run)\n"
             "       wasmc wast [options] <script.wast>...     (run spec scripts, see 'wasmc wast --help')\n"
             "Examples:\n  wasmc app.wasm -o app\n  wasmc -c --target=aarch64-linux app.wasm -o app.o\n"
             "  wasmc --validate app.wasm\nExit codes and diagnostics: docs/usage.md");
  app.set_version_flag("--version", std::string("wasmc ") + WASMC_VERSION + " (targets: " + TargetTriples(", ") + "; default " +
                                        HostTarget().triple + ")");
  app.allow_extras();
  app.add_option("input", o.input, "The WebAssembly binary module to compile");
  AddOutputOptions(app, o, raw);
  AddCodegenOptions(app, o, raw);
  AddDiagnosticOptions(app, o);
  AddManifestOptions(app, &o.grants);  // compiler/manifest/flags.cc

  // clang-style: an option takes one value per occurrence (`--dir a --dir b`), so
  // a list option never swallows the input file that follows it.
  for (CLI::Option* opt : app.get_options()) opt->allow_extra_args(false);

  // `wasmc run [options] <app.wasm> [args...]`: split by hand, because everything
  // after the module is the program's, even what looks like one of our options.
  // wasmc's own options may come before "run" too (`wasmc -v run app.wasm`).
  const int run_at = PositionalIndex(app, 1, argc, argv);
  const bool run = run_at < argc && std::string(argv[run_at]) == "run";
  std::vector<char*> wasmc_args(argv, argv + argc);
  if (run) {
    const int module = PositionalIndex(app, run_at + 1, argc, argv);
    wasmc_args.assign(argv, argv + run_at);
    wasmc_args.insert(wasmc_args.end(), argv + run_at + 1, argv + std::min(module + 1, argc));
    o.command = Command::kRun;
    o.guest_args.assign(argv + std::min(module + 1, argc), argv + argc);
  }

  if (argc == 2 && std::string(argv[1]) == "--help-man") {  // hidden: the build writes wasmc.1
    std::fputs(ManPage(app, std::string("wasmc ") + WASMC_VERSION).c_str(), stdout);
    result.exit_code = 0;
    return result;
  }
  try {
    app.parse(static_cast<int>(wasmc_args.size()), wasmc_args.data());
  } catch (const CLI::Success& e) {  // --help, --version
    result.exit_code = app.exit(e);
    return result;
  } catch (const CLI::ParseError& e) {
    result.exit_code = PrintUsageError({"wasmc", e.what(), "run 'wasmc --help'"});
    return result;
  }
  std::vector<std::string> extras = app.remaining();
  if (run) {
    if (o.input.empty() && extras.empty()) {
      result.exit_code = PrintUsageError({"wasmc", "no input file", "usage: wasmc run [options] <app.wasm> [args...]"});
      return result;
    }
    // run compiles into its cache and runs: an output choice would be ignored.
    const char* conflict = !o.output.empty() ? "-o" : raw.object ? "-c" : !raw.emit.empty() ? "--emit"
                           : o.validate_only ? "--validate" : nullptr;
    if (conflict) {
      result.exit_code = PrintUsageError({conflict, "not allowed with wasmc run",
                                          "it runs from its cache; use 'wasmc <app.wasm> -o <output>'"});
      return result;
    }
  }
  if (std::optional<UsageError> e = Resolve(raw, extras, o)) result.exit_code = PrintUsageError(*e);
  return result;
}

}  // namespace wasmc::driver
