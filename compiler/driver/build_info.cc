#include "compiler/driver/build_info.h"

#include "backend/codegen/target_codegen.h"

#include <elf.h>
#include <link.h>

#include <cstdio>
#include <cstring>

#include "backend/target.h"

namespace wasmc::driver {
namespace {

// The NT_GNU_BUILD_ID note of the running wasmc (the linker writes one by
// default on Debian), as hex; "unknown" without one.
std::string SelfBuildId() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) -> int {
        if (info->dlpi_name && info->dlpi_name[0]) return 0;  // the main program only
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const uint8_t* p = reinterpret_cast<const uint8_t*>(info->dlpi_addr + ph.p_vaddr);
          const uint8_t* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto* n = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const uint8_t* name = p + sizeof *n;
            const uint8_t* desc = name + ((n->n_namesz + 3) & ~3u);
            if (desc + n->n_descsz > end) break;
            if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !std::memcmp(name, "GNU", 4)) {
              auto* out = static_cast<std::string*>(data);
              char hex[3];
              for (uint32_t k = 0; k < n->n_descsz; ++k) {
                std::snprintf(hex, sizeof hex, "%02x", desc[k]);
                *out += hex;
              }
              return 1;
            }
            p = desc + ((n->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &id);
  return id.empty() ? "unknown" : id;
}

}  // namespace

std::string CpuLevel(Target t, int level) {
  const TargetCodegen& codegen = GetCodegen(t);
  if (codegen.cpu_level_name) return codegen.cpu_level_name(level);
  return GetTarget(t).cpu_level;
}

BuildInfo CurrentBuildInfo(const DriverOptions& o) {
  return {{"wasmc", WASMC_VERSION},
          {"build-id", SelfBuildId()},
          {"target", TargetTriple(o.target)},
          {"cpu", CpuLevel(o.target, o.cpu_level)},
          {"opt", "-O" + std::to_string(o.opt_level) + (o.no_single_pass ? " --no-single-pass" : "")}};
}

}  // namespace wasmc::driver
