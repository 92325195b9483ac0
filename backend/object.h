// The backend's output: a target-neutral relocatable object, in memory.
//
// The code generator (backend/codegen, backend/x64, backend/a64) fills it; the ELF
// writer (backend/elf/) serialises it as an ELF64 relocatable (`wasmc -c`); wasmc's
// own linker (backend/link/) places it beside the prebuilt runtime image and
// resolves it into a static executable. Relocation kinds are the closed set that
// wasmc's code generators emit; each maps to exactly one ELF relocation per ISA.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace wasmc {

enum class Target : uint8_t { kX64, kA64 };
const char* TargetTriple(Target t);  // "x86_64-linux" / "aarch64-linux"

enum class SectionKind : uint8_t {
  kText,      // executable code
  kRodata,    // read-only data without relocations
  kDataRelRo, // read-only after relocation (descriptor tables with pointers)
  kData,      // writable data
  kBss,       // zero-initialised; bytes.size() is the size, contents ignored
};

enum class RelocKind : uint8_t {
  kAbs64,              // S + A, 64-bit         (x64: R_X86_64_64,  a64: R_AARCH64_ABS64)
  kPcRel32,            // S + A - P, 32-bit     (x64: R_X86_64_PC32 / PLT32 for calls)
  kA64Call26,          // BL imm26              (R_AARCH64_CALL26)
  kA64Jump26,          // B imm26               (R_AARCH64_JUMP26)
  kA64AdrPrelPgHi21,   // ADRP                  (R_AARCH64_ADR_PREL_PG_HI21)
  kA64AddAbsLo12Nc,    // ADD :lo12:            (R_AARCH64_ADD_ABS_LO12_NC)
  kA64Ldst64AbsLo12Nc, // LDR x, [.., :lo12:]   (R_AARCH64_LDST64_ABS_LO12_NC)
  kA64CondBr19,        // B.cond / CBZ imm19    (R_AARCH64_CONDBR19)
  // Only in the relocatable runtime image (backend/link/runtime_link.cc), as clang emits them:
  kAbs32,              // S + A, 32-bit, zero-extended (x64: R_X86_64_32)
  kAbs32S,             // S + A, 32-bit, sign-extended (x64: R_X86_64_32S)
  kA64Ldst8AbsLo12Nc,  // LDRB/STRB [.., :lo12:] (R_AARCH64_LDST8_ABS_LO12_NC)
  kA64Ldst16AbsLo12Nc, // LDRH/STRH              (R_AARCH64_LDST16_ABS_LO12_NC)
  kA64Ldst32AbsLo12Nc, // LDR w/s                (R_AARCH64_LDST32_ABS_LO12_NC)
  kA64Ldst128AbsLo12Nc,// LDR q                  (R_AARCH64_LDST128_ABS_LO12_NC)
};
inline constexpr int kNumRelocKinds = static_cast<int>(RelocKind::kA64Ldst128AbsLo12Nc) + 1;

struct Reloc {
  uint64_t offset = 0;   // within the section
  RelocKind kind = RelocKind::kAbs64;
  uint32_t symbol = 0;   // index into ObjectModule::symbols
  int64_t addend = 0;
  bool is_call = false;  // x64 kPcRel32: emit R_X86_64_PLT32 rather than PC32
};

struct Section {
  std::string name;      // ".text", ".rodata", ".data.rel.ro", ".data", ".bss"
  SectionKind kind = SectionKind::kText;
  uint32_t align = 16;
  std::vector<uint8_t> bytes;
  std::vector<Reloc> relocs;
};

struct Symbol {
  std::string name;
  int32_t section = -1;  // index into ObjectModule::sections; -1 = undefined (external)
  uint64_t value = 0;    // offset within the section
  uint64_t size = 0;
  bool global = false;   // STB_GLOBAL vs STB_LOCAL
  bool function = false; // STT_FUNC vs STT_OBJECT
};

struct ObjectModule {
  Target target = Target::kX64;
  std::vector<Section> sections;
  std::vector<Symbol> symbols;

  uint32_t AddSymbol(Symbol s) {
    symbols.push_back(std::move(s));
    return static_cast<uint32_t>(symbols.size() - 1);
  }
  // Index of the undefined symbol `name`, adding it on first use. Amortised
  // constant time (code generators call it for every relocation): an index of the
  // undefined symbols catches up with `symbols` on each call.
  uint32_t ExternalSymbol(const std::string& name);

 private:
  std::unordered_map<std::string, uint32_t> external_index_;  // undefined symbols by name
  size_t indexed_ = 0;                                        // symbols[0, indexed_) are in it
};

}  // namespace wasmc
