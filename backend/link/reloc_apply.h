// Applies one wasmc relocation (backend/object.h) at its final address, with
// the range and alignment checks ld.lld performs: the generic kinds here, a
// target's own kinds through its TargetInfo (backend/target.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "backend/object.h"

namespace wasmc {

// Patches `where` (the bytes at address `place`) for a relocation of `kind`
// whose target value is S + A = `value`. Returns "" or why it cannot be
// applied ("out of range", "misaligned").
std::string ApplyReloc(Target target, RelocKind kind, std::span<uint8_t> where, uint64_t place,
                       uint64_t value);

// Bytes a relocation of `kind` patches.
unsigned RelocWidth(RelocKind kind);

}  // namespace wasmc
