// Helpers for unit tests that write wasm binaries byte by byte (sizes computed,
// not hand-counted): tests/unit/decode/, tests/unit/validate/.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace wasmc::test {

using Bytes = std::vector<uint8_t>;

// Unsigned LEB128.
inline Bytes U32(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
  return out;
}

inline void Append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

inline Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) Append(out, p);
  return out;
}

// Section `id` with its size prefix.
inline Bytes Section(uint8_t id, const Bytes& contents) {
  return Cat({{id}, U32(contents.size()), contents});
}

}  // namespace wasmc::test
