// --emit=asm for x86-64: the function's final bytes decoded by Zydis (Intel syntax).
#include <cinttypes>
#include <cstdio>

#include "backend/x64/macro_assembler_x64.h"
#include "backend/x64/zydis_api.h"

namespace wasmc::x64 {

void X64MacroAssembler::ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to,
                                  uint64_t base, std::string& out) const {
  char line[256];
  while (from < to) {
    ZydisDisassembledInstruction insn;
    if (!ZYAN_SUCCESS(Zydis().DisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, base + from,
                                            code.data() + from, to - from, &insn))) {
      std::snprintf(line, sizeof line, "  %06" PRIx64 ":  .byte 0x%02x\n", base + from, code[from]);
      out += line;
      ++from;
      continue;
    }
    std::snprintf(line, sizeof line, "  %06" PRIx64 ":  %s\n", base + from, insn.text);
    out += line;
    from += insn.info.length;
  }
}

}  // namespace wasmc::x64
