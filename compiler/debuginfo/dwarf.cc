#include "compiler/debuginfo/dwarf.h"

#include <algorithm>
#include <span>
#include <string>
#include <string_view>

#include "compiler/debuginfo/dwarf_reader.h"
#include "compiler/module.h"

namespace wasmc {
namespace {

using dwarf::Cursor;

// DW_TAG / DW_AT / DW_LNCT constants used here.
constexpr uint64_t kTagCompileUnit = 0x11, kTagSubprogram = 0x2e;
constexpr uint64_t kAtName = 0x03, kAtStmtList = 0x10, kAtLowPc = 0x11, kAtHighPc = 0x12,
                   kAtCompDir = 0x1b, kAtAbstractOrigin = 0x31, kAtSpecification = 0x47,
                   kAtStrOffsetsBase = 0x72, kAtAddrBase = 0x73;
constexpr uint64_t kLnctPath = 1, kLnctDirectoryIndex = 2;

Cursor SectionOf(const Module& m, const char* name) {
  for (const CustomSection& c : m.customs)
    if (c.name == name) return Cursor(c.payload);
  return Cursor();
}

bool IsDeadAddress(uint64_t a) { return a == 0 || a == 0xffffffffu || a == ~uint64_t{0}; }

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty() || name.empty() || name[0] == '/') return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

class DwarfReader {
 public:
  DwarfReader(const Module& m, DebugInfo* out) : m_(m), out_(out) {
    sections_.str = SectionOf(m, ".debug_str");
    sections_.line_str = SectionOf(m, ".debug_line_str");
    line_ = SectionOf(m, ".debug_line");
  }

  // .debug_info: every compile unit's subprograms and its line program.
  void ReadUnits(std::unordered_map<uint32_t, std::string>* names) {
    Cursor info = SectionOf(m_, ".debug_info");
    Cursor abbrev_section = SectionOf(m_, ".debug_abbrev");
    while (!info.done()) {
      const uint32_t length = info.U32();
      if (!info.ok() || length >= 0xfffffff0u) return;  // 64-bit DWARF is not used by wasm32
      Cursor unit = info.Take(length);
      const uint16_t version = unit.U16();
      unsigned addr_size = 4;
      uint64_t abbrev_offset = 0;
      if (version == 5) {
        const uint8_t unit_type = unit.U8();
        addr_size = unit.U8();
        abbrev_offset = unit.U32();
        if (unit_type != 1) continue;  // DW_UT_compile only
      } else if (version >= 2 && version <= 4) {
        abbrev_offset = unit.U32();
        addr_size = unit.U8();
      } else {
        continue;
      }
      if (!unit.ok()) return;
      ReadUnit(unit, addr_size, Abbrevs(abbrev_section, abbrev_offset), names);
    }
  }

 private:
  struct Abbrev {
    uint64_t code = 0;
    uint64_t tag = 0;
    bool children = false;
    uint32_t first_spec = 0, num_specs = 0;  // in AbbrevTable::specs
  };
  struct Spec {
    uint64_t at, form;
    int64_t implicit;
  };
  // One unit's abbreviations, by code (ascending; of equal codes, the last declared
  // wins), their attribute specs in one array: two blocks per unit, not two per entry.
  struct AbbrevTable {
    std::vector<Abbrev> entries;
    std::vector<Spec> specs;
    const Abbrev* Find(uint64_t code) const {
      auto it = std::upper_bound(entries.begin(), entries.end(), code,
                                 [](uint64_t c, const Abbrev& a) { return c < a.code; });
      return it == entries.begin() || (it - 1)->code != code ? nullptr : &*(it - 1);
    }
    std::span<const Spec> SpecsOf(const Abbrev& a) const { return {specs.data() + a.first_spec, a.num_specs}; }
  };

  static AbbrevTable Abbrevs(Cursor c, uint64_t offset) {
    AbbrevTable table;
    c.Seek(offset);
    while (!c.done()) {
      const uint64_t code = c.Uleb();
      if (code == 0) break;
      Abbrev a;
      a.code = code;
      a.tag = c.Uleb();
      a.children = c.U8() != 0;
      a.first_spec = static_cast<uint32_t>(table.specs.size());
      for (;;) {
        const uint64_t at = c.Uleb(), form = c.Uleb();
        if (!c.ok() || (at == 0 && form == 0)) break;
        table.specs.push_back({at, form, form == 0x21 ? c.Sleb() : 0});
      }
      a.num_specs = static_cast<uint32_t>(table.specs.size() - a.first_spec);
      table.entries.push_back(a);
    }
    std::stable_sort(table.entries.begin(), table.entries.end(),
                     [](const Abbrev& x, const Abbrev& y) { return x.code < y.code; });
    return table;
  }

  void ReadUnit(Cursor unit, unsigned addr_size,
                const AbbrevTable& abbrevs, std::unordered_map<uint32_t, std::string>* names) {
    // Names by DIE offset (for DW_AT_specification / abstract_origin), subprograms by code address.
    // (offset, name), in the order of the walk: by offset (views of .debug_str).
    std::vector<std::pair<uint64_t, std::string_view>> die_names;
    struct Sub {
      uint64_t low_pc;
      std::string_view name;
      uint64_t origin;  // a DIE offset in this unit, or 0
    };
    std::vector<Sub> subs;
    uint64_t str_offsets_base = 8, addr_base = 8;  // DWARF 5: set by the unit's DIE (8: after the header)
    while (!unit.done()) {
      // References (ref1..ref_udata) count from the unit's first byte, before its 4-byte length.
      const uint64_t die_offset = 4 + unit.pos();
      const uint64_t code = unit.Uleb();
      if (code == 0) continue;
      const Abbrev* found = abbrevs.Find(code);
      if (found == nullptr) return;
      const Abbrev& a = *found;
      Sub sub{0, "", 0};
      std::string_view stmt_comp_dir;
      uint64_t stmt_list = ~uint64_t{0};
      dwarf::Value name, low_pc, comp_dir;  // DWARF 5 index forms resolve after the DIE
      for (const Spec& spec : abbrevs.SpecsOf(a)) {
        dwarf::Value v;
        if (!dwarf::ReadForm(unit, spec.form, spec.implicit, addr_size, sections_, &v)) return;
        if (spec.at == kAtName && v.is_string) name = v;
        if (spec.at == kAtLowPc) low_pc = v;
        if (spec.at == kAtCompDir && v.is_string) comp_dir = v;
        if ((spec.at == kAtAbstractOrigin || spec.at == kAtSpecification) && spec.form >= 0x11 &&
            spec.form <= 0x15)
          sub.origin = v.number;
        if (spec.at == kAtStmtList) stmt_list = v.number;
        if (spec.at == kAtStrOffsetsBase) str_offsets_base = v.number;
        if (spec.at == kAtAddrBase) addr_base = v.number;
      }
      sub.name = String(name, str_offsets_base);
      stmt_comp_dir = String(comp_dir, str_offsets_base);
      sub.low_pc = Address(low_pc, addr_base, addr_size);
      if (!sub.name.empty()) die_names.emplace_back(die_offset, sub.name);
      if (a.tag == kTagSubprogram && !IsDeadAddress(sub.low_pc)) subs.push_back(sub);
      if (a.tag == kTagCompileUnit && stmt_list != ~uint64_t{0}) ReadLineProgram(stmt_list, std::string(stmt_comp_dir));
    }
    for (const Sub& s : subs) {
      std::string_view name = s.name;
      if (name.empty() && s.origin) {
        auto n = std::lower_bound(die_names.begin(), die_names.end(), s.origin,
                                  [](const auto& e, uint64_t offset) { return e.first < offset; });
        if (n != die_names.end() && n->first == s.origin) name = n->second;
      }
      if (name.empty()) continue;
      const int64_t f = FunctionAt(m_.code_section_offset + s.low_pc);
      if (f >= 0) names->try_emplace(static_cast<uint32_t>(f), name);  // the name section wins
    }
  }

  // A string attribute; DW_FORM_strx* through .debug_str_offsets ("" if unreadable).
  std::string_view String(const dwarf::Value& v, uint64_t base) const {
    if (v.resolved) return v.string;
    Cursor offsets = SectionOf(m_, ".debug_str_offsets");
    offsets.Seek(base + 4 * v.number);
    const uint32_t at = offsets.U32();
    return offsets.ok() ? sections_.str.StringAt(at) : "";
  }

  // An address attribute; DW_FORM_addrx* through .debug_addr (0 if unreadable).
  uint64_t Address(const dwarf::Value& v, uint64_t base, unsigned addr_size) const {
    if (v.resolved) return v.number;
    Cursor addrs = SectionOf(m_, ".debug_addr");
    addrs.Seek(base + addr_size * v.number);
    const uint64_t a = addrs.Fixed(addr_size);
    return addrs.ok() ? a : 0;
  }

  // The function index whose body entry contains file offset `at`, or -1.
  int64_t FunctionAt(uint64_t at) const {
    auto it = std::upper_bound(m_.codes.begin(), m_.codes.end(), at,
                               [](uint64_t a, const Code& c) { return a < c.offset; });
    if (it == m_.codes.begin()) return -1;
    --it;
    if (at >= it->end_offset) return -1;
    return m_.num_imported_funcs + (it - m_.codes.begin());
  }

  uint32_t FileIndex(const std::string& name, const std::string& path) {
    auto [it, added] = file_index_.emplace(name, static_cast<uint32_t>(out_->files.size()));
    if (added) {
      out_->files.push_back(name);
      out_->paths.push_back(path);
    }
    return it->second;
  }

  // One line program (.debug_line at `offset`), version 2 to 5.
  void ReadLineProgram(uint64_t offset, const std::string& comp_dir) {
    Cursor c = line_;
    c.Seek(offset);
    const uint32_t length = c.U32();
    if (!c.ok() || length >= 0xfffffff0u) return;
    Cursor p = c.Take(length);
    const uint16_t version = p.U16();
    if (version < 2 || version > 5) return;
    unsigned addr_size = 4;
    if (version == 5) {
      addr_size = p.U8();
      p.U8();  // segment selector size
    }
    const uint32_t header_length = p.U32();
    const size_t program_start = p.pos() + header_length;
    const uint8_t min_inst = p.U8();
    if (version >= 4) p.U8();  // maximum operations per instruction (1 outside VLIW)
    p.U8();                    // default_is_stmt
    const int8_t line_base = static_cast<int8_t>(p.U8());
    const uint8_t line_range = p.U8();
    const uint8_t opcode_base = p.U8();
    if (!p.ok() || line_range == 0 || opcode_base == 0) return;
    std::vector<uint8_t> std_lengths(opcode_base);
    for (unsigned i = 1; i < opcode_base; ++i) std_lengths[i] = p.U8();

    // Files as (display name, path to read), indexed as the program numbers them.
    std::vector<std::string> dirs;
    std::vector<std::pair<std::string, std::string>> files;
    auto add_file = [&](const std::string& name, uint64_t dir) {
      // Directory 0 is the compilation directory (v5 lists it; v4 leaves it implicit).
      std::string shown = name, path = Join(comp_dir, name);
      if (dir > 0 && dir < dirs.size() + (version < 5 ? 1 : 0)) {
        const std::string& d = dirs[version < 5 ? dir - 1 : dir];
        shown = Join(d, name);
        path = Join(comp_dir, shown);
      }
      files.emplace_back(shown, path);
    };
    if (version < 5) {
      for (std::string d(p.CString()); p.ok() && !d.empty(); d = p.CString()) dirs.push_back(d);
      files.emplace_back("", "");  // v4 numbers files from 1
      for (std::string f(p.CString()); p.ok() && !f.empty(); f = p.CString()) {
        const uint64_t dir = p.Uleb();
        p.Uleb();  // mtime
        p.Uleb();  // length
        add_file(f, dir);
      }
    } else {
      auto entries = [&](bool directories) {
        const uint8_t nformats = p.U8();
        std::vector<std::pair<uint64_t, uint64_t>> formats;
        for (unsigned i = 0; i < nformats; ++i) {
          const uint64_t content = p.Uleb();  // two statements: argument order is unspecified
          formats.emplace_back(content, p.Uleb());
        }
        const uint64_t count = p.Uleb();
        for (uint64_t i = 0; i < count && p.ok(); ++i) {
          std::string name;
          uint64_t dir = 0;
          for (auto [content, form] : formats) {
            dwarf::Value v;
            if (!dwarf::ReadForm(p, form, 0, addr_size, sections_, &v)) return false;
            if (content == kLnctPath) name = v.string;
            if (content == kLnctDirectoryIndex) dir = v.number;
          }
          if (directories) dirs.push_back(name);
          else add_file(name, dir);
        }
        return p.ok();
      };
      if (!entries(true) || !entries(false)) return;
    }
    if (!p.ok()) return;
    p.Seek(program_start);
    RunLineProgram(p, addr_size, min_inst, line_base, line_range, std_lengths, files);
  }

  void RunLineProgram(Cursor& p, unsigned addr_size, uint8_t min_inst, int8_t line_base,
                      uint8_t line_range, const std::vector<uint8_t>& std_lengths,
                      const std::vector<std::pair<std::string, std::string>>& files) {
    const uint8_t opcode_base = static_cast<uint8_t>(std_lengths.size());
    uint64_t address = 0, file = 1, line = 1;
    std::vector<SourceLine> sequence;
    uint64_t sequence_base = 0;  // the last set_address: 0 or -1 for code the linker dropped
    auto row = [&](bool end) {
      SourceLine r;
      r.offset = m_.code_section_offset + address;
      r.line = end ? 0 : static_cast<uint32_t>(line);
      if (!end && file < files.size())
        r.file = FileIndex(files[file].first, files[file].second);
      else
        r.line = 0;
      sequence.push_back(r);
    };
    auto reset = [&] {
      if (!IsDeadAddress(sequence_base)) out_->rows.insert(out_->rows.end(), sequence.begin(), sequence.end());
      sequence.clear();
      address = sequence_base = 0;
      file = 1;
      line = 1;
    };
    while (!p.done()) {
      const uint8_t op = p.U8();
      if (op >= opcode_base) {
        const unsigned adj = op - opcode_base;
        address += (adj / line_range) * min_inst;
        line += line_base + static_cast<int>(adj % line_range);
        row(false);
        continue;
      }
      switch (op) {
        case 0: {  // extended
          const uint64_t len = p.Uleb();
          Cursor e = p.Take(len);
          const uint8_t sub = e.U8();
          if (sub == 1) {  // end_sequence
            row(true);
            reset();
          } else if (sub == 2) {  // set_address
            address = sequence_base = e.Fixed(addr_size);
          }
          break;
        }
        case 1: row(false); break;                                      // copy
        case 2: address += p.Uleb() * min_inst; break;                  // advance_pc
        case 3: line += static_cast<uint64_t>(p.Sleb()); break;         // advance_line
        case 4: file = p.Uleb(); break;                                 // set_file
        case 8: address += ((255 - opcode_base) / line_range) * min_inst; break;  // const_add_pc
        case 9: address += p.U16(); break;                              // fixed_advance_pc
        default:
          for (unsigned i = 0; i < std_lengths[op]; ++i) p.Uleb();      // column, isa, flags...
          break;
      }
    }
  }

  const Module& m_;
  DebugInfo* out_;
  dwarf::Sections sections_;
  Cursor line_;
  std::unordered_map<std::string, uint32_t> file_index_;
};

}  // namespace

const SourceLine* DebugInfo::At(uint64_t offset) const {
  auto it = std::upper_bound(rows.begin(), rows.end(), offset,
                             [](uint64_t o, const SourceLine& r) { return o < r.offset; });
  if (it == rows.begin()) return nullptr;
  --it;
  return it->line ? &*it : nullptr;
}

const SourceLine* DebugInfo::At(uint64_t offset, size_t& hint) const {
  // The answer is the last row whose offset is <= `offset` (as upper_bound - 1 above):
  // bracket it in [lo, hi) by doubling steps from the hint, then search the bracket.
  const size_t n = rows.size();
  size_t lo = 0, hi = n;
  if (hint < n && rows[hint].offset <= offset) {
    lo = hint;
    size_t step = 1;
    for (; lo + step < n && rows[lo + step].offset <= offset; step *= 2) lo += step;
    hi = std::min(n, lo + step);  // rows[hi].offset > offset, if hi < n
  } else if (hint < n) {
    hi = hint;
  }
  auto it = std::upper_bound(rows.begin() + lo, rows.begin() + hi, offset,
                             [](uint64_t o, const SourceLine& r) { return o < r.offset; });
  if (it == rows.begin()) return nullptr;
  --it;
  hint = static_cast<size_t>(it - rows.begin());
  return it->line ? &*it : nullptr;
}

bool DebugInfo::AnyLineIn(uint64_t lo, uint64_t hi) const {
  if (lined_before.size() != rows.size() + 1) return true;  // not indexed
  if (lo > hi) return false;
  auto after = [&](uint64_t o) {  // the index of the first row past `o` (At's upper_bound)
    return static_cast<size_t>(std::upper_bound(rows.begin(), rows.end(), o,
                                                [](uint64_t x, const SourceLine& r) { return x < r.offset; }) -
                               rows.begin());
  };
  // At(o) for o in [lo, hi] answers a row in [after(lo) - 1, after(hi) - 1] (or none,
  // below the first row): any of them with a line?
  const size_t last = after(hi);  // one past
  if (last == 0) return false;
  const size_t first = std::max<size_t>(after(lo), 1) - 1;
  return lined_before[last] > lined_before[first];
}

void DebugInfo::IndexLines() {
  lined_before.assign(rows.size() + 1, 0);
  for (size_t k = 0; k < rows.size(); ++k) lined_before[k + 1] = lined_before[k] + (rows[k].line != 0);
}

DebugInfo ReadDwarf(const Module& module, std::unordered_map<uint32_t, std::string>* names) {
  DebugInfo info;
  DwarfReader reader(module, &info);
  reader.ReadUnits(names);
  // Sorted by offset; at one offset, a sequence end before a row that starts there.
  std::stable_sort(info.rows.begin(), info.rows.end(), [](const SourceLine& a, const SourceLine& b) {
    return a.offset != b.offset ? a.offset < b.offset : (a.line == 0) > (b.line == 0);
  });
  info.IndexLines();
  return info;
}

}  // namespace wasmc
