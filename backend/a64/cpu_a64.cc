// AArch64 CPU levels (--cpu): names, the host's level for --cpu=native, and the
// MacroAssembler of a level. The executable checks the level's features at start-up
// (runtime-support/freestanding/start.c, WASMC_CPU_A64_LSE).
#include <string>
#include <string_view>

#if defined(__aarch64__)
#include <sys/auxv.h>
#endif

#include "backend/a64/macro_assembler_a64.h"

namespace wasmc::a64 {
namespace {

// armv8.1-a when this machine has the LSE atomics (AT_HWCAP bit 8, HWCAP_ATOMICS),
// else armv8-a; armv8-a when the host is not AArch64 (the default code runs anywhere).
int HostLevel() {
#if defined(__aarch64__)
  if ((getauxval(AT_HWCAP) >> 8) & 1) return kLevelLse;
#endif
  return 1;
}

}  // namespace

int ParseLevel(std::string_view name) {
  if (name == "native") return HostLevel();
  if (name == "armv8-a") return 1;
  if (name == "armv8.1-a") return kLevelLse;
  return name.empty() ? 0 : -1;
}

std::string LevelName(int level) { return level >= kLevelLse ? "armv8.1-a" : "armv8-a"; }

std::unique_ptr<MacroAssembler> NewMacroAssemblerAt(bool want_listing, int level) {
  auto m = std::make_unique<A64MacroAssembler>(want_listing);
  m->lse_ = level >= kLevelLse;
  return m;
}

}  // namespace wasmc::a64
