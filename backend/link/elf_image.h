// A validated view of a runtime image (runtime-support/: a static ELF64 ET_EXEC
// linked by ld.lld, with .symtab). Parse checks every offset and size it later
// relies on, so the linker can read the image without further checks.
#pragma once

#include <elf.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend/object.h"
#include "backend/diag.h"

namespace wasmc {

struct ElfImage {
  std::span<const uint8_t> bytes;
  Elf64_Ehdr header{};
  std::vector<Elf64_Phdr> loads;     // PT_LOAD segments, in file order
  std::vector<Elf64_Shdr> sections;  // all section headers
  std::vector<Elf64_Sym> symbols;    // .symtab
  std::span<const uint8_t> strtab;   // .symtab's string table
  std::span<const uint8_t> shstrtab;

  // The name of a symbol or section ("" when out of range).
  std::string_view Name(std::span<const uint8_t> table, uint32_t offset) const;
  // A defined (not SHN_UNDEF) global or weak symbol's value.
  bool Lookup(std::string_view name, uint64_t* value) const;
};

// Validates and parses `bytes` (which must outlive the result) for `target`.
Result<ElfImage> ParseRuntimeImage(std::span<const uint8_t> bytes, Target target);

}  // namespace wasmc
