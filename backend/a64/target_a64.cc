// The AArch64 entry of the target registry (backend/target.h), with the patching of
// AArch64's own relocation kinds (the range and alignment checks ld.lld performs).
#include <elf.h>

#include <cstring>

#include "backend/target.h"

namespace wasmc {
namespace {

uint32_t ElfRelocTypeA64(const Reloc& r) {
  switch (r.kind) {
    case RelocKind::kAbs64: return R_AARCH64_ABS64;
    case RelocKind::kPcRel32: return R_AARCH64_PREL32;
    case RelocKind::kA64Call26: return R_AARCH64_CALL26;
    case RelocKind::kA64Jump26: return R_AARCH64_JUMP26;
    case RelocKind::kA64AdrPrelPgHi21: return R_AARCH64_ADR_PREL_PG_HI21;
    case RelocKind::kA64AddAbsLo12Nc: return R_AARCH64_ADD_ABS_LO12_NC;
    case RelocKind::kA64Ldst64AbsLo12Nc: return R_AARCH64_LDST64_ABS_LO12_NC;
    case RelocKind::kA64CondBr19: return R_AARCH64_CONDBR19;
    case RelocKind::kA64Ldst8AbsLo12Nc: return R_AARCH64_LDST8_ABS_LO12_NC;
    case RelocKind::kA64Ldst16AbsLo12Nc: return R_AARCH64_LDST16_ABS_LO12_NC;
    case RelocKind::kA64Ldst32AbsLo12Nc: return R_AARCH64_LDST32_ABS_LO12_NC;
    case RelocKind::kA64Ldst128AbsLo12Nc: return R_AARCH64_LDST128_ABS_LO12_NC;
    case RelocKind::kAbs32:
    case RelocKind::kAbs32S: return 0;
  }
  return 0;
}

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

std::string ApplyRelocA64(RelocKind kind, std::span<uint8_t> w, uint64_t place, uint64_t value) {
  const int64_t delta = static_cast<int64_t>(value - place);
  switch (kind) {
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
    case RelocKind::kA64Ldst8AbsLo12Nc:
    case RelocKind::kA64Ldst16AbsLo12Nc:
    case RelocKind::kA64Ldst32AbsLo12Nc:
    case RelocKind::kA64Ldst64AbsLo12Nc:
    case RelocKind::kA64Ldst128AbsLo12Nc: {  // the offset field counts access-size units
      const unsigned shift = kind == RelocKind::kA64Ldst8AbsLo12Nc    ? 0
                             : kind == RelocKind::kA64Ldst16AbsLo12Nc ? 1
                             : kind == RelocKind::kA64Ldst32AbsLo12Nc ? 2
                             : kind == RelocKind::kA64Ldst64AbsLo12Nc ? 3
                                                                      : 4;
      if (value & ((1u << shift) - 1)) return "misaligned load/store target";
      uint32_t insn = Read32(w) & ~(0xfffu << 10);
      Write32(w, insn | (static_cast<uint32_t>((value & 0xfff) >> shift) << 10));
      return {};
    }
    default:
      return "relocation kind does not exist on AArch64";
  }
}

bool IsStubbedCallA64(RelocKind k) {
  return k == RelocKind::kA64Call26 || k == RelocKind::kA64Jump26;
}

// ldr x16, #8; br x16; the 8-byte target.
void WriteCallStubA64(uint8_t* stub, uint64_t address) {
  const uint32_t code[2] = {0x58000050u, 0xD61F0200u};
  std::memcpy(stub, code, 8);
  std::memcpy(stub + 8, &address, 8);
}

}  // namespace

const TargetInfo& A64Target() {
  static const TargetInfo info{
      .id = Target::kA64,
      .triple = "aarch64-linux",
      .qemu = "qemu-aarch64",
#if defined(__aarch64__)
      .is_host = true,
#else
      .is_host = false,
#endif
      .elf_machine = EM_AARCH64,
      .page_size = 0x10000,  // kernels with 64 KiB pages exist
      .code_fill = 0x00,     // udf #0
      .function_align = 16,
      .cpu_level = "armv8-a (the default of --cpu; base ISA with FP/ASIMD)",
      .elf_reloc_type = ElfRelocTypeA64,
      .apply_reloc = ApplyRelocA64,
      .is_stubbed_call = IsStubbedCallA64,
      .write_call_stub = WriteCallStubA64,
  };
  return info;
}

}  // namespace wasmc
