// The x86-64 entry of the target registry (backend/target.h).
#include <elf.h>

#include <cstring>

#include "backend/target.h"

namespace wasmc {
namespace {

uint32_t ElfRelocTypeX64(const Reloc& r) {
  switch (r.kind) {
    case RelocKind::kAbs64: return R_X86_64_64;
    case RelocKind::kPcRel32: return r.is_call ? R_X86_64_PLT32 : R_X86_64_PC32;
    case RelocKind::kAbs32: return R_X86_64_32;
    case RelocKind::kAbs32S: return R_X86_64_32S;
    default: return 0;
  }
}

std::string ApplyRelocX64(RelocKind, std::span<uint8_t>, uint64_t, uint64_t) {
  return "relocation kind does not exist on x86-64";  // only the generic kinds are used
}

bool IsStubbedCallX64(RelocKind k) { return k == RelocKind::kPcRel32; }

// jmp [rip+0]; the 8-byte target; int3 int3.
void WriteCallStubX64(uint8_t* stub, uint64_t address) {
  const uint8_t jmp[6] = {0xFF, 0x25, 0, 0, 0, 0};
  std::memcpy(stub, jmp, sizeof jmp);
  std::memcpy(stub + 6, &address, 8);
  stub[14] = stub[15] = 0xCC;
}

}  // namespace

const TargetInfo& X64Target() {
  static const TargetInfo info{
      .id = Target::kX64,
      .triple = "x86_64-linux",
      .qemu = "qemu-x86_64",
#if defined(__x86_64__)
      .is_host = true,
#else
      .is_host = false,
#endif
      .elf_machine = EM_X86_64,
      .page_size = 0x1000,
      .code_fill = 0xcc,  // int3
      .function_align = 32,  // X64MacroAssembler::AlignLoopHeader pads relative to it
      .cpu_level = "x86-64-v2 (the default of --cpu)",
      .elf_reloc_type = ElfRelocTypeX64,
      .apply_reloc = ApplyRelocX64,
      .is_stubbed_call = IsStubbedCallX64,
      .write_call_stub = WriteCallStubX64,
  };
  return info;
}

}  // namespace wasmc
