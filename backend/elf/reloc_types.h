// The one mapping from wasmc's RelocKind (backend/object.h) to ELF relocation
// types, per target. Used by the object writer; the linker applies the same
// kinds itself (backend/link/) and its tests cross-check against ld.lld.
#pragma once

#include <cstdint>

#include "backend/object.h"

namespace wasmc {

// ELF e_machine of a target (its TargetInfo, backend/target.h).
uint16_t ElfMachine(Target target);

// The ELF relocation type for `reloc` on `target`. A kind that does not exist
// on the target (an AArch64 kind in an x86-64 object) is an internal error.
uint32_t ElfRelocType(Target target, const Reloc& reloc);

}  // namespace wasmc
