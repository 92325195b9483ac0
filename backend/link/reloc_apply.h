// Applies one wasmc relocation (backend/object.h) at its final address, with
// the range and alignment checks ld.lld performs: the generic kinds here, a
// target's own kinds through its TargetInfo (backend/target.h).
//
// Inline: a link applies one per call and address in the module's code (SQLite at
// -O1: ~14,300 of them); with a call for each and two for its width, that loop was
// ~30% of the link's instructions besides copying the code (docs/performance.md,
// "Session 22", o1wall).
#pragma once

#include <climits>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "backend/object.h"

namespace wasmc {

// Bytes a relocation of `kind` patches.
inline unsigned RelocWidth(RelocKind kind) { return kind == RelocKind::kAbs64 ? 8 : 4; }

// A target's own kind (ApplyReloc's default), through GetTarget(target).apply_reloc.
std::string ApplyTargetReloc(Target target, RelocKind kind, std::span<uint8_t> where, uint64_t place,
                             uint64_t value);

// Patches `where` (the bytes at address `place`) for a relocation of `kind`
// whose target value is S + A = `value`. Returns "" or why it cannot be
// applied ("out of range", "misaligned").
inline std::string ApplyReloc(Target target, RelocKind kind, std::span<uint8_t> w, uint64_t place,
                              uint64_t value) {
  switch (kind) {
    case RelocKind::kAbs64:
      std::memcpy(w.data(), &value, 8);
      return {};
    case RelocKind::kPcRel32: {
      const int64_t delta = static_cast<int64_t>(value - place);
      if (delta < INT32_MIN || delta > INT32_MAX) return "32-bit PC-relative offset out of range";
      const uint32_t v = static_cast<uint32_t>(delta);
      std::memcpy(w.data(), &v, 4);
      return {};
    }
    case RelocKind::kAbs32:
    case RelocKind::kAbs32S: {
      const int64_t v = static_cast<int64_t>(value);
      if (kind == RelocKind::kAbs32 ? value > UINT32_MAX : (v < INT32_MIN || v > INT32_MAX))
        return "32-bit absolute address out of range";
      const uint32_t v32 = static_cast<uint32_t>(value);
      std::memcpy(w.data(), &v32, 4);
      return {};
    }
    default:
      return ApplyTargetReloc(target, kind, w, place, value);
  }
}

}  // namespace wasmc
