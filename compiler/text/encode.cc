// Frames the parsed pieces as binary sections, in the order of the binary format.
#include "compiler/text/module_builder.h"

namespace wasmc::text {
namespace {

void Section(std::string* out, uint8_t id, const std::string& payload) {
  out->push_back(static_cast<char>(id));
  PutU(out, payload.size());
  out->append(payload);
}

// A vector as one section (nothing if empty): the count, then each item as `put`
// encodes it.
template <typename T, typename Put>
void VecSection(std::string* out, uint8_t id, const std::vector<T>& items, Put put) {
  if (items.empty()) return;
  std::string p;
  PutU(&p, items.size());
  for (const T& item : items) put(&p, item);
  Section(out, id, p);
}

// A vector of pre-encoded items as one section (nothing if empty).
void VecSection(std::string* out, uint8_t id, const std::vector<std::string>& items) {
  VecSection(out, id, items, [](std::string* p, const std::string& s) { *p += s; });
}

void EncodeSubType(std::string* p, const SubType& t) {
  if (!t.final || !t.supers.empty()) {
    p->push_back(static_cast<char>(t.final ? 0x4f : 0x50));
    PutU(p, t.supers.size());
    for (uint32_t s : t.supers) PutU(p, s);
  }
  p->push_back(static_cast<char>(t.form));
  if (t.form == 0x60) {
    PutU(p, t.params.size());
    for (const std::string& v : t.params) *p += v;
    PutU(p, t.results.size());
    for (const std::string& v : t.results) *p += v;
  } else if (t.form == 0x5f) {
    PutU(p, t.fields.size());
    for (const std::string& f : t.fields) *p += f;
  } else {
    *p += t.fields.at(0);
  }
}

}  // namespace

std::vector<uint8_t> ModuleBuilder::Encode(std::vector<SourcePos>* positions) const {
  std::string out("\0asm\x01\0\0\0", 8);
  // Binary order of the known sections; customs are placed relative to these ids.
  static constexpr uint8_t kOrder[] = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
  auto customs_at = [&](int anchor, bool after) {
    for (const CustomEntry& c : customs) {
      if (c.anchor != anchor || c.after != after) continue;
      std::string p;
      PutName(&p, c.name);
      p += c.data;
      Section(&out, 0, p);
    }
  };
  customs_at(-1, false);
  for (uint8_t id : kOrder) {
    customs_at(id, false);
    switch (id) {
      case 1:
        VecSection(&out, 1, groups, [](std::string* p, const RecGroup& g) {
          if (g.explicit_rec || g.types.size() != 1) {
            p->push_back(0x4e);
            PutU(p, g.types.size());
          }
          for (const SubType& t : g.types) EncodeSubType(p, t);
        });
        break;
      case 2:
        VecSection(&out, 2, imports, [](std::string* p, const ImportEntry& i) {
          PutName(p, i.module);
          PutName(p, i.name);
          p->push_back(static_cast<char>(i.kind));
          *p += i.desc;
        });
        break;
      case 3: VecSection(&out, 3, func_types, [](std::string* p, uint32_t t) { PutU(p, t); }); break;
      case 4: VecSection(&out, 4, tables); break;
      case 5: VecSection(&out, 5, memories); break;
      case 13: VecSection(&out, 13, tags); break;
      case 6: VecSection(&out, 6, globals); break;
      case 7:
        VecSection(&out, 7, exports, [](std::string* p, const ExportEntry& e) {
          PutName(p, e.name);
          p->push_back(static_cast<char>(e.kind));
          PutU(p, e.index);
        });
        break;
      case 8:
        if (has_start) {
          std::string p;
          PutU(&p, start);
          Section(&out, 8, p);
        }
        break;
      case 9: VecSection(&out, 9, elems); break;
      case 12:
        // Like wabt: only when an instruction needs it.
        if (uses_data_count && !datas.empty()) {
          std::string p;
          PutU(&p, datas.size());
          Section(&out, 12, p);
        }
        break;
      case 10:
        if (!codes.empty()) {
          std::string p;
          PutU(&p, codes.size());
          std::vector<size_t> starts;  // of each body within p
          for (const std::string& c : codes) {
            PutU(&p, c.size());
            starts.push_back(p.size());
            p += c;
          }
          std::string size;
          PutU(&size, p.size());
          const size_t base = out.size() + 1 + size.size();
          Section(&out, 10, p);
          for (size_t i = 0; positions && i < codes.size() && i < code_positions.size(); ++i) {
            for (const SourcePos& s : code_positions[i])
              positions->push_back(SourcePos{base + starts[i] + s.offset, s.line, s.col});
            positions->push_back(SourcePos{base + starts[i] + codes[i].size(), 0, 0});
          }
        }
        break;
      case 11: VecSection(&out, 11, datas); break;
    }
    customs_at(id, true);
  }
  if (!names.empty()) {
    std::string p;
    PutName(&p, "name");
    p += names;
    Section(&out, 0, p);
  }
  customs_at(-1, true);
  return std::vector<uint8_t>(out.begin(), out.end());
}

}  // namespace wasmc::text
