#include "compiler/driver/runtime_image.h"

#include <cstdlib>
#include <filesystem>

namespace wasmc::driver {

std::string RuntimeImagePath(Target target) {
  namespace fs = std::filesystem;
  fs::path lib;
  if (const char* env = std::getenv("WASMC_RUNTIME_DIR"); env && *env) {
    lib = env;
  } else {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    lib = (ec ? fs::path("bin/wasmc") : self).parent_path().parent_path() / "lib" / "wasmc";
  }
  return (lib / TargetTriple(target) / "runtime.elf").lexically_normal().string();
}

}  // namespace wasmc::driver
