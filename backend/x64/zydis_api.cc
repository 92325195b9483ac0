#include "backend/x64/zydis_api.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace wasmc::x64 {
namespace {

// WASMC_ZYDIS_SONAME: the shared library the build was configured with
// (backend/CMakeLists.txt), e.g. "libZydis.so.4.0".
[[noreturn]] void CannotLoad(const char* what) {
  std::fprintf(stderr, "wasmc: cannot load %s, which listings and code checks need: %s\n",
               WASMC_ZYDIS_SONAME, what ? what : "unknown error");
  std::abort();
}

ZydisApi Load() {
  void* lib = dlopen(WASMC_ZYDIS_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib) CannotLoad(dlerror());
  ZydisApi api;
#define WASMC_ZYDIS_LOAD(name)                                                        \
  api.name = reinterpret_cast<decltype(api.name)>(dlsym(lib, "Zydis" #name));         \
  if (!api.name) CannotLoad(dlerror());
  WASMC_ZYDIS_FUNCTIONS(WASMC_ZYDIS_LOAD)
#undef WASMC_ZYDIS_LOAD
  return api;  // the library stays loaded until exit
}

}  // namespace

const ZydisApi& Zydis() {
  static const ZydisApi api = Load();
  return api;
}

}  // namespace wasmc::x64
