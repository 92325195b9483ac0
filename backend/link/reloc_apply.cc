#include "backend/link/reloc_apply.h"

#include <cstring>

namespace wasmc {
namespace {

uint32_t Read32(std::span<uint8_t> w) {
  uint32_t v;
  std::memcpy(&v, w.data(), 4);
  return v;
}
void Write32(std::span<uint8_t> w, uint32_t v) { std::memcpy(w.data(), &v, 4); }

bool FitsSigned(int64_t v, unsigned bits) {
  return v >= -(int64_t{1} << (bits - 1)) && v < (int64_t{1} << (bits - 1));
}

// A PC-relative branch with an imm field of `bits` (scaled by 4) at `shift`.
std::string Branch(std::span<uint8_t> w, int64_t delta, unsigned bits, unsigned shift) {
  if (delta & 3) return "misaligned branch target";
  if (!FitsSigned(delta, bits + 2)) return "branch target out of range";
  uint32_t mask = ((1u << bits) - 1) << shift;
  uint32_t imm = (static_cast<uint32_t>(delta >> 2) << shift) & mask;
  Write32(w, (Read32(w) & ~mask) | imm);
  return {};
}

}  // namespace

unsigned RelocWidth(RelocKind kind) {
  switch (kind) {
    case RelocKind::kAbs64: return 8;
    default: return 4;
  }
}

std::string ApplyReloc(RelocKind kind, std::span<uint8_t> w, uint64_t place, uint64_t value) {
  int64_t delta = static_cast<int64_t>(value - place);
  switch (kind) {
    case RelocKind::kAbs64:
      std::memcpy(w.data(), &value, 8);
      return {};
    case RelocKind::kPcRel32:
      if (!FitsSigned(delta, 32)) return "32-bit PC-relative offset out of range";
      Write32(w, static_cast<uint32_t>(delta));
      return {};
    case RelocKind::kA64Call26:
    case RelocKind::kA64Jump26:
      return Branch(w, delta, 26, 0);
    case RelocKind::kA64CondBr19:
      return Branch(w, delta, 19, 5);
    case RelocKind::kA64AdrPrelPgHi21: {
      int64_t pages = static_cast<int64_t>((value & ~uint64_t{0xfff}) - (place & ~uint64_t{0xfff})) >> 12;
      if (!FitsSigned(pages, 21)) return "ADRP target out of range";
      uint32_t imm = static_cast<uint32_t>(pages) & 0x1fffff;
      uint32_t insn = Read32(w) & ~((3u << 29) | (0x7ffffu << 5));
      Write32(w, insn | ((imm & 3) << 29) | ((imm >> 2) << 5));
      return {};
    }
    case RelocKind::kA64AddAbsLo12Nc: {
      uint32_t insn = Read32(w) & ~(0xfffu << 10);
      Write32(w, insn | (static_cast<uint32_t>(value & 0xfff) << 10));
      return {};
    }
    case RelocKind::kA64Ldst64AbsLo12Nc: {
      if (value & 7) return "misaligned 64-bit load/store target";
      uint32_t insn = Read32(w) & ~(0xfffu << 10);
      Write32(w, insn | (static_cast<uint32_t>((value & 0xfff) >> 3) << 10));
      return {};
    }
  }
  return "unknown relocation kind";
}

}  // namespace wasmc
