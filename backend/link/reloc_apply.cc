#include "backend/link/reloc_apply.h"

#include <cstring>

#include "backend/target.h"

namespace wasmc {

unsigned RelocWidth(RelocKind kind) {
  switch (kind) {
    case RelocKind::kAbs64: return 8;
    default: return 4;
  }
}

std::string ApplyReloc(Target target, RelocKind kind, std::span<uint8_t> w, uint64_t place,
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
      return GetTarget(target).apply_reloc(kind, w, place, value);
  }
}

}  // namespace wasmc
