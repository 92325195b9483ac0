// Appends bytes and relocations to one named section of an ObjectModule, creating
// the section on first use. The module glue (descriptor, trampolines) shares
// ".text" and ".rodata" with the function code generator, so it never assumes it
// owns a section: it appends, and addresses its own bytes relative to a local
// base symbol at offset 0 of the section.
//
// Holds the section's index, not a reference: adding sections to the object may
// move them.
#pragma once

#include <cstdint>
#include <string>

#include "backend/object.h"

namespace wasmc {

class SectionWriter {
 public:
  SectionWriter(ObjectModule& obj, const std::string& name, SectionKind kind, uint32_t align);

  Section& section() { return obj_.sections[index_]; }
  uint32_t index() const { return index_; }
  uint64_t size() { return section().bytes.size(); }

  // Pads with zeros to a multiple of `align` (also raising the section's alignment);
  // returns the new size.
  uint64_t Align(uint32_t align);
  // Appends (after aligning to `align`); returns the offset of the first byte.
  uint64_t Append(const void* data, size_t size, uint32_t align = 1);
  // Appends a NUL-terminated copy of `s`; returns its offset.
  uint64_t AppendString(const std::string& s);
  // Records an absolute 64-bit pointer at `offset` to symbol + addend.
  void AddAbs64(uint64_t offset, uint32_t symbol, int64_t addend = 0);
  // Records a pointer at `offset` to byte `target` of this section.
  void AddAbs64ToSelf(uint64_t offset, uint64_t target) { AddAbs64(offset, BaseSymbol(), target); }
  // A local symbol at offset 0 of the section (created once per object).
  uint32_t BaseSymbol();

 private:
  ObjectModule& obj_;
  uint32_t index_ = 0;
  int64_t base_symbol_ = -1;
};

}  // namespace wasmc
