#include "backend/elf/reloc_types.h"

#include "backend/target.h"
#include "backend/diag.h"

namespace wasmc {

uint16_t ElfMachine(Target target) { return GetTarget(target).elf_machine; }

uint32_t ElfRelocType(Target target, const Reloc& reloc) {
  const uint32_t type = GetTarget(target).elf_reloc_type(reloc);
  WASMC_CHECK(type != 0 && "relocation kind does not exist on this target");
  return type;
}

}  // namespace wasmc
