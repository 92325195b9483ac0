// ReadDwarf's function names (compiler/debuginfo/dwarf.h) from a hand-made DWARF 4 unit:
// abbreviations declared out of code order (and one code declared twice: the last
// declaration wins), a subprogram named through DW_AT_abstract_origin by a DIE that
// comes after it, and the name section's names kept.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/debuginfo/dwarf.h"
#include "compiler/module.h"

namespace wasmc {
namespace {

void U16(std::vector<uint8_t>& b, uint16_t v) { b.insert(b.end(), {uint8_t(v), uint8_t(v >> 8)}); }
void U32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
void Str(std::vector<uint8_t>& b, const std::string& s) {
  b.insert(b.end(), s.begin(), s.end());
  b.push_back(0);
}

constexpr uint8_t kSubprogram = 0x2e, kCompileUnit = 0x11;
constexpr uint8_t kName = 0x03, kLowPc = 0x11, kOrigin = 0x31;
constexpr uint8_t kString = 0x08, kAddr = 0x01, kRef4 = 0x13, kData1 = 0x0b;

struct Dwarf {
  std::vector<uint8_t> abbrev, info;
};

Dwarf MakeDwarf() {
  Dwarf d;
  // code, tag, children, (attribute, form)..., 0 0 — declared 4, 3, 2, 4 again, 1.
  d.abbrev = {4, kSubprogram, 0, kName, kData1, 0, 0,  // replaced by the second code 4
              3, kSubprogram, 0, kOrigin, kRef4, kLowPc, kAddr, 0, 0,
              2, kSubprogram, 0, kName, kString, kLowPc, kAddr, 0, 0,
              4, kSubprogram, 0, kName, kString, 0, 0,  // a declaration: no address
              1, kCompileUnit, 1, kName, kString, 0, 0,
              0};
  std::vector<uint8_t> unit;  // after the unit's length: DIE offsets count from 4 + here
  U16(unit, 4);               // version
  U32(unit, 0);               // abbreviations at 0
  unit.push_back(4);          // address size
  unit.push_back(1);          // offset 11: the compile unit
  Str(unit, "cu.c");
  unit.push_back(2);  // offset 17: named, at code offset 10
  Str(unit, "named_fn");
  U32(unit, 10);
  unit.push_back(3);  // offset 31: named by the declaration at 40, at code offset 60
  U32(unit, 40);
  U32(unit, 60);
  EXPECT_EQ(unit.size() + 4, 40u);
  unit.push_back(4);  // offset 40: the declaration
  Str(unit, "declared_fn");
  unit.push_back(0);  // end of the unit's children
  U32(d.info, static_cast<uint32_t>(unit.size()));
  d.info.insert(d.info.end(), unit.begin(), unit.end());
  return d;
}

Module MakeModule(const Dwarf& d) {
  Module m;
  m.num_imported_funcs = 1;
  m.code_section_offset = 100;
  Code a, b;
  a.offset = 110, a.end_offset = 150;  // function 1: code offsets 10..49
  b.offset = 150, b.end_offset = 200;  // function 2: code offsets 50..99
  m.codes = {a, b};
  m.customs.push_back({".debug_abbrev", d.abbrev, 0});
  m.customs.push_back({".debug_info", d.info, 0});
  return m;
}

TEST(ReadDwarf, NamesThroughOutOfOrderAbbreviationsAndLaterOrigins) {
  const Dwarf d = MakeDwarf();
  const Module m = MakeModule(d);
  std::unordered_map<uint32_t, std::string> names;
  ReadDwarf(m, &names);
  EXPECT_EQ(names.size(), 2u);
  EXPECT_EQ(names[1], "named_fn");
  EXPECT_EQ(names[2], "declared_fn");
}

TEST(ReadDwarf, TheNameSectionWins) {
  const Dwarf d = MakeDwarf();
  const Module m = MakeModule(d);
  std::unordered_map<uint32_t, std::string> names = {{2, "from_names"}};
  ReadDwarf(m, &names);
  EXPECT_EQ(names[1], "named_fn");
  EXPECT_EQ(names[2], "from_names");
}

}  // namespace
}  // namespace wasmc
