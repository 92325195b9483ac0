#include "compiler/decode/name_section.h"

#include "compiler/decode/reader.h"

namespace wasmc {
namespace {

constexpr uint8_t kModuleNameId = 0;
constexpr uint8_t kFunctionNamesId = 1;
constexpr uint8_t kLocalNamesId = 2;

// namemap: vec(idx name). Each entry uses at least 2 bytes, so the loop is bounded
// by the window size whatever the count says.
bool ReadNameMap(Reader& r, std::unordered_map<uint32_t, std::string>* out) {
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t idx;
    std::string name;
    if (!r.ReadU32(&idx) || !r.ReadName(&name)) return false;
    (*out)[idx] = std::move(name);
  }
  return true;
}

}  // namespace

bool DecodeNameSection(std::span<const uint8_t> all, uint64_t begin, uint64_t end, Names* out) {
  Names names;
  Reader r(all, begin, end);
  while (!r.AtEnd()) {
    uint8_t id;
    uint32_t size;
    if (!r.ReadU8(&id) || !r.ReadU32(&size)) return false;
    if (size > r.remaining()) return false;
    Reader sub(all, r.offset(), r.offset() + size);
    switch (id) {
      case kModuleNameId:
        if (!sub.ReadName(&names.module)) return false;
        break;
      case kFunctionNamesId:
        if (!ReadNameMap(sub, &names.functions)) return false;
        break;
      case kLocalNamesId: {
        uint32_t count;
        if (!sub.ReadU32(&count)) return false;
        for (uint32_t i = 0; i < count; ++i) {
          uint32_t func;
          if (!sub.ReadU32(&func) || !ReadNameMap(sub, &names.locals[func])) return false;
        }
        break;
      }
      default:
        sub.Skip(size);  // unknown subsection: skipped whole
        break;
    }
    if (!sub.Ok() || !sub.AtEnd()) return false;
    r.Skip(size);
  }
  if (!r.Ok()) return false;
  *out = std::move(names);
  return true;
}

}  // namespace wasmc
