#include "backend/link/reloc_apply.h"

#include "backend/target.h"

namespace wasmc {

std::string ApplyTargetReloc(Target target, RelocKind kind, std::span<uint8_t> where, uint64_t place,
                             uint64_t value) {
  return GetTarget(target).apply_reloc(kind, where, place, value);
}

}  // namespace wasmc
