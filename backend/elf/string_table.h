// An ELF string table (.strtab, .shstrtab): offset 0 is the empty string, every
// other string is appended once per Add with its terminating NUL. Used by the ELF
// writer (elf_writer.cc) and the linker (backend/link/linker.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wasmc {

class StringTable {
 public:
  StringTable() { bytes_.push_back(0); }
  // The offset of `s` in the table ("" is 0).
  uint32_t Add(std::string_view s) {
    if (s.empty()) return 0;
    uint32_t at = static_cast<uint32_t>(bytes_.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    bytes_.push_back(0);
    return at;
  }
  // Room for `bytes` bytes of strings (with their NULs) in one block: a table of
  // thousands of names is then not copied each time it doubles.
  void Reserve(size_t bytes) { bytes_.reserve(bytes_.size() + bytes); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace wasmc
