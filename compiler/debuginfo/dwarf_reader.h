// A bounds-checked cursor over one DWARF section, and attribute form decoding
// shared by .debug_info and .debug_line (DWARF 4 and 5, 32-bit format).
// Every read past the end sets ok() to false and returns 0 or "". Strings are views of
// the section's bytes (the module's: they live as long as it does).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace wasmc::dwarf {

class Cursor {
 public:
  Cursor() = default;
  explicit Cursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool done() const { return !ok_ || pos_ >= bytes_.size(); }
  size_t pos() const { return pos_; }
  void Seek(size_t pos) { pos <= bytes_.size() ? void(pos_ = pos) : Fail(); }
  void Skip(uint64_t n) { n <= bytes_.size() - pos_ ? void(pos_ += n) : Fail(); }
  uint64_t Fixed(unsigned size);  // little-endian, 1..8 bytes
  uint8_t U8() { return static_cast<uint8_t>(Fixed(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Fixed(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Fixed(4)); }
  uint64_t Uleb();
  int64_t Sleb();
  std::string_view CString();
  // A C string at `offset` of this section ("" when out of range).
  std::string_view StringAt(uint64_t offset) const;
  // A sub-cursor over the next `n` bytes (which this one skips).
  Cursor Take(uint64_t n);

 private:
  void Fail() { ok_ = false; pos_ = bytes_.size(); }
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// The sections a form's value may point into.
struct Sections {
  Cursor str;       // .debug_str
  Cursor line_str;  // .debug_line_str
};

// An attribute value: a number (constants, addresses, references, offsets) and,
// for string forms, the string (a view of the section holding it: no copy per attribute,
// ReadDwarf reads ~12,600 attributes of SQLite's DWARF in the compile's serial part).
struct Value {
  uint64_t number = 0;
  std::string_view string;
  bool is_string = false;
  bool is_address = false;  // DW_FORM_addr: absolute, not an offset from low_pc
  bool resolved = true;     // false: an index form (strx, addrx) we do not follow
};

// Reads one value of `form` (DW_FORM_*) at `c`; `implicit` is an implicit_const's
// value from the abbreviation. Returns false for an unknown form (the rest of the
// entry cannot be parsed).
bool ReadForm(Cursor& c, uint64_t form, int64_t implicit, unsigned addr_size, const Sections& s, Value* out);

}  // namespace wasmc::dwarf
