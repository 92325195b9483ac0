#include "backend/codegen/section_writer.h"

#include <cstring>

#include "backend/diag.h"

namespace wasmc {

SectionWriter::SectionWriter(ObjectModule& obj, const std::string& name, SectionKind kind,
                             uint32_t align)
    : obj_(obj) {
  for (uint32_t i = 0; i < obj.sections.size(); ++i) {
    if (obj.sections[i].name == name) {
      WASMC_CHECK(obj.sections[i].kind == kind);
      index_ = i;
      Align(align);
      return;
    }
  }
  obj.sections.push_back(Section{name, kind, align, {}, {}});
  index_ = static_cast<uint32_t>(obj.sections.size() - 1);
}

uint64_t SectionWriter::Align(uint32_t align) {
  WASMC_CHECK(align != 0 && (align & (align - 1)) == 0);
  Section& s = section();
  if (s.align < align) s.align = align;
  size_t padded = (s.bytes.size() + align - 1) & ~static_cast<size_t>(align - 1);
  s.bytes.resize(padded, 0);
  return padded;
}

uint64_t SectionWriter::Append(const void* data, size_t size, uint32_t align) {
  uint64_t at = Align(align);
  Section& s = section();
  s.bytes.resize(at + size);
  if (size != 0) std::memcpy(s.bytes.data() + at, data, size);
  return at;
}

uint64_t SectionWriter::AppendString(const std::string& s) {
  return Append(s.c_str(), s.size() + 1);
}

void SectionWriter::AddAbs64(uint64_t offset, uint32_t symbol, int64_t addend) {
  WASMC_CHECK(offset + 8 <= section().bytes.size());
  section().relocs.push_back(Reloc{offset, RelocKind::kAbs64, symbol, addend, false});
}

uint32_t SectionWriter::BaseSymbol() {
  if (base_symbol_ >= 0) return static_cast<uint32_t>(base_symbol_);
  std::string name = ".Lwasmc_base" + section().name;
  for (uint32_t i = 0; i < obj_.symbols.size(); ++i) {
    if (obj_.symbols[i].name == name && obj_.symbols[i].section == static_cast<int32_t>(index_)) {
      base_symbol_ = i;
      return i;
    }
  }
  base_symbol_ = obj_.AddSymbol(Symbol{name, static_cast<int32_t>(index_), 0, 0, false, false});
  return static_cast<uint32_t>(base_symbol_);
}

}  // namespace wasmc
