// The module as the text parser builds it: every piece already in its binary
// encoding (value types, instruction sequences, limits), in index order, so that
// Encode() only has to frame the sections (compiler/text/encode.cc).
//
// Contract: indices in the pieces are final (names were resolved by the parser).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/text/wat.h"

namespace wasmc::text {

// Binary writers (bytes kept in std::string).
inline void PutU(std::string* b, uint64_t v) {
  do {
    uint8_t x = v & 0x7f;
    v >>= 7;
    if (v != 0) x |= 0x80;
    b->push_back(static_cast<char>(x));
  } while (v != 0);
}

inline void PutS(std::string* b, int64_t v) {
  while (true) {
    uint8_t x = v & 0x7f;
    v >>= 7;  // arithmetic shift
    if ((v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40))) {
      b->push_back(static_cast<char>(x));
      return;
    }
    b->push_back(static_cast<char>(x | 0x80));
  }
}

inline void PutName(std::string* b, const std::string& s) {
  PutU(b, s.size());
  b->append(s);
}

// One subtype of the type section. Value/storage types are stored encoded.
struct SubType {
  uint8_t form = 0x60;            // 0x60 func, 0x5f struct, 0x5e array
  bool final = true;
  std::vector<uint32_t> supers;
  std::vector<std::string> params, results;  // func
  std::vector<std::string> fields;           // struct/array: storage type + mut byte
};

struct RecGroup {
  bool explicit_rec = false;  // written `(rec ...)`: always framed with 0x4e
  std::vector<SubType> types;
};

struct ImportEntry {
  std::string module, name;
  uint8_t kind = 0;   // 0 func, 1 table, 2 memory, 3 global, 4 tag
  std::string desc;   // encoded description after the kind byte
};

struct ExportEntry {
  std::string name;
  uint8_t kind = 0;
  uint32_t index = 0;
};

// A custom section from an `(@custom "name" (place)? "data"*)` annotation.
struct CustomEntry {
  std::string name, data;
  bool after = true;       // placed after (or before) `anchor`
  int anchor = -1;         // section id; -1 = first/last of the module
};

struct ModuleBuilder {
  std::vector<RecGroup> groups;
  uint32_t num_types = 0;
  std::vector<ImportEntry> imports;
  std::vector<uint32_t> func_types;   // defined functions only
  std::vector<std::string> tables;    // encoded table (type [+ init])
  std::vector<std::string> memories;  // encoded memtype
  std::vector<std::string> tags;      // encoded tag type
  std::vector<std::string> globals;   // encoded globaltype + init expr
  std::vector<ExportEntry> exports;
  bool has_start = false;
  uint32_t start = 0;
  std::vector<std::string> elems;     // encoded segments
  std::vector<std::string> datas;
  std::vector<std::string> codes;     // encoded bodies (locals + expr), without size
  std::vector<std::vector<SourcePos>> code_positions;  // per body, offsets within it
  bool uses_data_count = false;       // memory.init / data.drop / array.*_data appear
  std::vector<CustomEntry> customs;
  std::string names;                  // encoded "name" section payload, empty = none

  // The binary module; with `positions`, also the absolute offset of every
  // instruction of code_positions (plus an entry with line 0 at each body's end).
  std::vector<uint8_t> Encode(std::vector<SourcePos>* positions = nullptr) const;
};

}  // namespace wasmc::text
