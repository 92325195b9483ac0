#include "compiler/driver/runtime_image.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace wasmc::driver {

namespace {

std::filesystem::path RuntimeDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("WASMC_RUNTIME_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return (ec ? fs::path("bin/wasmc") : self).parent_path().parent_path() / "lib" / "wasmc";
}

// A call of wasi-shim/calls_min.def, the minimal image's import table.
bool InMinimalImage(std::string_view name) {
  static constexpr std::string_view kCalls[] = {
#define WASI_MIN_CALL(name) #name,
#include "wasi-shim/calls_min.def"
#undef WASI_MIN_CALL
  };
  for (std::string_view c : kCalls)
    if (c == name) return true;
  return false;
}

}  // namespace

std::string RuntimeImagePath(Target target, ImageKind kind) {
  const char* file = kind == ImageKind::kMinimal ? "runtime-min.elf" : "runtime.elf";
  return (RuntimeDir() / TargetTriple(target) / file).lexically_normal().string();
}

ImageKind ImageKindFor(const Module& m) {
  for (const Import& imp : m.imports)
    if (imp.kind != ExternKind::kFunc || imp.module != "wasi_snapshot_preview1" ||
        !InMinimalImage(imp.name))
      return ImageKind::kFull;
  return ImageKind::kMinimal;
}

}  // namespace wasmc::driver
