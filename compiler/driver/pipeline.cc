#include "compiler/driver/pipeline.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <cstdio>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include "backend/backend.h"
#include "compiler/lower/lower.h"
#include "compiler/lower/header.h"
#include "compiler/driver/build_info.h"
#include "compiler/driver/files.h"
#include "compiler/driver/heap.h"
#include "compiler/driver/runtime_image.h"
#include "compiler/text/wat.h"
#include "compiler/wasmc.h"

namespace wasmc::driver {
namespace {

double Millis(const struct timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; }

// -v: one line per phase on stderr, `wasmc: <phase> <ms> ms`, then the CPU time of the
// process (all threads) and its minor page faults in that phase: wall time well above
// CPU time is waiting (for a core, the disk); CPU time in few faults is the kernel
// filling fresh pages (docs/performance.md, "Compile throughput").
class PhaseTimer {
 public:
  explicit PhaseTimer(bool enabled) : enabled_(enabled) {}
  template <typename F>
  auto operator()(const char* phase, F&& f) {
    auto start = std::chrono::steady_clock::now();
    struct rusage before {};
    if (enabled_) getrusage(RUSAGE_SELF, &before);
    auto result = f();
    if (enabled_) {
      std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
      struct rusage after {};
      getrusage(RUSAGE_SELF, &after);
      std::fprintf(stderr, "wasmc: %-8s %9.3f ms  (cpu %.3f ms, sys %.3f ms, %ld faults)\n", phase, ms.count(),
                   Millis(after.ru_utime) + Millis(after.ru_stime) - Millis(before.ru_utime) - Millis(before.ru_stime),
                   Millis(after.ru_stime) - Millis(before.ru_stime), after.ru_minflt - before.ru_minflt);
    }
    return result;
  }

 private:
  bool enabled_;
};

int Fail(const std::string& file, const Diag& d) {
  std::fprintf(stderr, "%s\n", d.Render(file).c_str());
  return d.ExitCode();
}

// -j: the threads that validate and compile function bodies (default: the CPUs).
int Threads(const DriverOptions& o) {
  return o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

CompileOptions MakeCompileOptions(const DriverOptions& o, std::vector<uint8_t> manifest) {
  CompileOptions c;
  c.manifest = std::move(manifest);
  c.target = o.target;
  c.opt_level = o.opt_level;
  c.no_single_pass = o.no_single_pass;
  c.verbose = o.verbose;
  c.threads = Threads(o);
  c.thread_start = &TuneThreadHeap;  // each compiling thread's own arena (heap.h)
  c.cpu_level = o.cpu_level;
  c.cpu_test_missing = o.cpu_test_missing;
  c.want_listing = o.emit == Emit::kAsm;
  c.file_name = o.input;
  c.verify_codegen = o.verify_codegen;
  c.strip = o.strip;
  c.executable = o.emit == Emit::kExe;
  c.sole_module = o.emit == Emit::kExe || o.emit == Emit::kAsm;
  return c;
}

// The bytes to write for --emit=asm/obj; --emit=exe is linked instead.
std::vector<uint8_t> Serialize(const DriverOptions& o, const CompileResult& compiled) {
  if (o.emit == Emit::kAsm) return std::vector<uint8_t>(compiled.listing.begin(), compiled.listing.end());
  WASMC_CHECK(o.emit == Emit::kObj);
  return WriteElfObject(compiled.object);
}

// --emit=header: C declarations of the exports (compiler/lower/header.h).
std::vector<uint8_t> CHeader(const DriverOptions& o, const Module& module) {
  HeaderOptions h;
  h.source_name = o.input;
  h.guard = o.output == "-" ? std::filesystem::path(o.input).stem().string()
                            : std::filesystem::path(o.output).stem().string();
  std::string text = EmitCHeader(module, h);
  return std::vector<uint8_t>(text.begin(), text.end());
}

}  // namespace

int BuildOutput(const DriverOptions& o, const Grants& grants, std::vector<uint8_t> input,
                std::vector<uint8_t>* out, bool exiting) {
  PhaseTimer time(o.verbose);
  // Text format (by content: anything not starting with "\0asm") becomes the binary
  // module first; from here on .wat and .wasm take the same path. Decoder and
  // validator errors inside a function body then point at its line and column.
  text::ParsedModule from_text;
  auto fail = [&](Diag d) {
    text::AddTextPosition(from_text, &d);
    return Fail(o.input, d);
  };
  if (text::LooksLikeText(input) || std::filesystem::path(o.input).extension() == ".wat") {
    auto parsed = time("parse", [&] {
      text::EncodeOptions encode;
      encode.debug_names = o.debug_names;
      return text::ParseWat(std::string_view(reinterpret_cast<const char*>(input.data()), input.size()),
                            encode);
    });
    if (!parsed.ok()) return Fail(o.input, parsed.diag());
    from_text = std::move(parsed.value());
    input = std::move(from_text.bytes);
    // --emit=wasm is text -> binary only (like wat2wasm --no-check): the module may
    // use 3.0 features this compiler does not implement yet.
    if (o.emit == Emit::kWasm && !o.validate_only) {
      *out = std::move(input);
      return kExitOk;
    }
  }
  const std::vector<uint8_t> binary = o.emit == Emit::kWasm ? input : std::vector<uint8_t>();
  auto module = time("decode", [&] { return DecodeModule(std::move(input)); });
  if (!module.ok()) return fail(module.diag());
  // Compiling, the bodies are typed as their IR is built (ValidateDeclarations,
  // compiler/wasmc.h); `invalid_body` then tells whether a later error must give way
  // to the diagnostic a whole validation would have stopped at.
  const bool typed_by_compile = !o.validate_only && o.emit != Emit::kWasm && o.emit != Emit::kHeader;
  auto valid = time("validate", [&] {
    return typed_by_compile ? ValidateDeclarations(module.value()) : ValidateModule(module.value(), Threads(o));
  });
  if (!valid.ok()) return fail(valid.diag());
  auto invalid_body = [&]() -> std::optional<Diag> {
    if (!typed_by_compile) return std::nullopt;
    Status s = ValidateModule(module.value(), Threads(o));
    return s.ok() ? std::nullopt : std::optional<Diag>(s.diag());
  };
  if (Status s = ApplyMemoryLimit(grants, &module.value()); !s.ok()) {
    if (std::optional<Diag> d = invalid_body()) return fail(*d);
    std::fprintf(stderr, "%s\n", RenderGrantsDiag(s.diag(), o.grants).c_str());
    return s.diag().ExitCode();
  }
  if (o.validate_only) return kExitOk;
  Result<std::vector<uint8_t>> output = std::vector<uint8_t>();
  if (o.emit == Emit::kWasm) {  // a binary input, checked: written unchanged
    output = binary;
  } else if (o.emit == Emit::kHeader) {  // declarations only: no code to generate
    output = time("header", [&] { return CHeader(o, module.value()); });
  } else {
    auto compiled = time("compile", [&] { return CompileToObject(module.value(), MakeCompileOptions(o, SerializeGrants(grants, CurrentBuildInfo(o)))); });
    if (!compiled.ok()) return fail(invalid_body().value_or(compiled.diag()));
    if (o.emit == Emit::kExe) {
      const std::string image_path = RuntimeImagePath(o.target, ImageKindFor(module.value()));
      auto image = time("load-rt", [&] { return ReadWholeFile(image_path, "the runtime image"); });
      if (!image.ok()) return Fail(image_path, image.diag());
      output = time("link", [&] { return LinkExecutable(compiled.value().object, image.value(), o.strip); });
    } else {
      output = time("emit", [&] { return Serialize(o, compiled.value()); });
    }
    if (exiting) KeepUntilExit(std::move(compiled));
  }
  if (!output.ok()) return Fail(o.input, output.diag());
  *out = std::move(output.value());
  if (exiting) KeepUntilExit(std::move(module));
  return kExitOk;
}

int RunCompile(const DriverOptions& o) {
  PhaseTimer time(o.verbose);
  // The grants first: a bad manifest is reported before any work on the module.
  Result<Grants> grants = CollectGrants(o.grants);
  if (!grants.ok()) {
    std::fprintf(stderr, "%s\n", RenderGrantsDiag(grants.diag(), o.grants).c_str());
    return grants.diag().ExitCode();
  }
  auto input = time("read", [&] { return ReadWholeFile(o.input, "input"); });
  if (!input.ok()) return Fail(o.input, input.diag());
  std::vector<uint8_t> output;
  if (int code = BuildOutput(o, grants.value(), std::move(input.value()), &output, /*exiting=*/true);
      code != kExitOk)
    return code;
  if (o.validate_only) return kExitOk;
  const mode_t mode = o.emit == Emit::kExe ? 0755 : 0644;
  auto written = time("write", [&] { return WriteFileAtomically(o.output, output, mode); });
  if (!written.ok()) return Fail(o.output, written.diag());
  KeepUntilExit(std::move(output));  // the process exits now
  return kExitOk;
}

}  // namespace wasmc::driver
