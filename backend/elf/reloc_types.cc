#include "backend/elf/reloc_types.h"

#include <elf.h>

#include "compiler/diag.h"

namespace wasmc {

uint16_t ElfMachine(Target target) { return target == Target::kX64 ? EM_X86_64 : EM_AARCH64; }

uint32_t ElfRelocType(Target target, const Reloc& reloc) {
  if (target == Target::kX64) {
    switch (reloc.kind) {
      case RelocKind::kAbs64: return R_X86_64_64;
      case RelocKind::kPcRel32: return reloc.is_call ? R_X86_64_PLT32 : R_X86_64_PC32;
      default: break;
    }
  } else {
    switch (reloc.kind) {
      case RelocKind::kAbs64: return R_AARCH64_ABS64;
      case RelocKind::kPcRel32: return R_AARCH64_PREL32;
      case RelocKind::kA64Call26: return R_AARCH64_CALL26;
      case RelocKind::kA64Jump26: return R_AARCH64_JUMP26;
      case RelocKind::kA64AdrPrelPgHi21: return R_AARCH64_ADR_PREL_PG_HI21;
      case RelocKind::kA64AddAbsLo12Nc: return R_AARCH64_ADD_ABS_LO12_NC;
      case RelocKind::kA64Ldst64AbsLo12Nc: return R_AARCH64_LDST64_ABS_LO12_NC;
      case RelocKind::kA64CondBr19: return R_AARCH64_CONDBR19;
    }
  }
  WASMC_CHECK(false && "relocation kind does not exist on this target");
  return 0;
}

}  // namespace wasmc
