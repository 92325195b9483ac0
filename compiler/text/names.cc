// The "name" custom section for $ids (EncodeOptions::debug_names), laid out as
// `wat2wasm --debug-names` (wabt 1.0.32) lays it out: the module name if any;
// function names if any; local names for every function (an empty map for those
// without named locals); then types, tables, memories, globals, elem and data
// segments, each only if one has a name. Beyond wabt: struct field names
// (subsection 10) and tag names (subsection 11, the id the extended-name-section
// and exception-handling specs give; wabt 1.0.32 writes tags as 10).
#include "compiler/text/parser.h"

namespace wasmc::text {
namespace {

void Subsection(std::string* out, uint8_t id, const std::string& payload) {
  out->push_back(static_cast<char>(id));
  PutU(out, payload.size());
  *out += payload;
}

// name map of an index space's named entries; false if none is named.
bool NameMap(const std::vector<std::string>& ids, std::string* out) {
  uint32_t n = 0;
  std::string entries;
  for (uint32_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty()) continue;
    PutU(&entries, i);
    PutName(&entries, ids[i]);
    ++n;
  }
  if (n == 0) return false;
  PutU(out, n);
  *out += entries;
  return true;
}

}  // namespace

std::string ModuleParser::NameSection(const std::optional<std::string>& module_id) const {
  std::string out, p;
  if (module_id) {
    PutName(&p, *module_id);
    Subsection(&out, 0, p);
  }
  if (p.clear(), NameMap(spaces_[kFuncs].id_of, &p)) Subsection(&out, 1, p);
  p.clear();
  PutU(&p, spaces_[kFuncs].count);
  for (uint32_t f = 0; f < spaces_[kFuncs].count; ++f) {
    PutU(&p, f);
    const auto* ids = f < local_ids_.size() ? &local_ids_[f] : nullptr;
    PutU(&p, ids ? ids->size() : 0);
    if (ids)
      for (const auto& [index, name] : *ids) {
        PutU(&p, index);
        PutName(&p, name);
      }
  }
  Subsection(&out, 2, p);
  static constexpr struct { Space space; uint8_t id; } kMaps[] = {
      {kTypes, 4}, {kTables, 5}, {kMems, 6}, {kGlobals, 7}, {kElems, 8}, {kDatas, 9}};
  for (const auto& m : kMaps)
    if (p.clear(), NameMap(spaces_[m.space].id_of, &p)) Subsection(&out, m.id, p);
  // Field names: typeidx -> (fieldidx -> name), for types with named fields.
  p.clear();
  uint32_t typed = 0;
  std::string fields;
  for (uint32_t t = 0; t < field_names_.size(); ++t) {
    if (field_names_[t].empty()) continue;
    std::vector<std::string> by_index;
    for (const auto& [name, i] : field_names_[t]) {
      if (by_index.size() <= i) by_index.resize(i + 1);
      by_index[i] = name;
    }
    PutU(&fields, t);
    NameMap(by_index, &fields);
    ++typed;
  }
  if (typed > 0) {
    PutU(&p, typed);
    p += fields;
    Subsection(&out, 10, p);
  }
  if (p.clear(), NameMap(spaces_[kTags].id_of, &p)) Subsection(&out, 11, p);
  return out;
}

}  // namespace wasmc::text
