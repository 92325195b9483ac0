// LinkRuntimeObject (runtime_link.h): a relocatable runtime -> a runtime image,
// keeping only the sections reachable from the roots.
//
// Input: one ELF64 ET_REL (ld.lld -r of the runtime's objects, built with
// -ffunction-sections -fdata-sections, debug sections stripped). Steps:
//   1. parse the section headers, the symbol table and the RELA sections;
//   2. mark: from the sections defining `_start`, `wasmc_module_desc_ptr` and the
//      roots, follow every relocation of a kept section to the section its symbol
//      is defined in (an undefined symbol by name to its global definition).
//      Two refinements:
//      - merged string sections (SHF_MERGE|SHF_STRINGS, which `ld -r` makes one
//        per image) are kept string by string: a relocation keeps the string its
//        offset lies in (a PC-relative one, whose addend is biased, keeps the whole
//        section uncompacted), and equal strings are stored once;
//      - relocations in an optional-reference section (its name starts with
//        kOptionalPrefix) keep nothing: such a table entry points to code only a
//        root keeps (the module's object names the runtime features it uses,
//        compiler/lower/descriptor.cc) and reads 0 otherwise;
//   3. lay the kept sections out as ld.lld lays out an executable: R (the ELF
//      header first, at WASMC_RUNTIME_BASE), RX, RW (data, then bss, smallest first), each
//      segment on its own page in memory but congruent to its file offset (no file
//      padding); with a ModuleSpace, each segment's (and .bss's) own sections are
//      followed by the module's room of that kind, which LinkExecutable fills;
//   4. apply the relocations (the generic RelocKind of each ELF type, through the
//      target's own mapping, so the same range checks as for the module);
//   5. write the ET_EXEC: ELF header, segments, program headers, .symtab of the
//      kept symbols plus wasmc_module_desc (absolute), section headers.
#include "backend/link/runtime_link.h"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>

#include "backend/elf/reloc_types.h"
#include "backend/elf/string_table.h"
#include "backend/link/reloc_apply.h"
#include "backend/target.h"
#include "wasmc/abi.h"

namespace wasmc {
namespace {

// Sections whose relocations keep nothing (see the top of this file); the runtime's
// C code puts its optional-feature tables there (runtime-support/core/rt.h,
// RT_OPTIONAL_TABLE).
constexpr std::string_view kOptionalPrefix = ".rodata.wasmc_optional";
// Error-path buffers (RT_COLD in runtime-support/core/rt.h): laid out after all other .bss.
constexpr std::string_view kColdBss = ".bss.wasmc_cold";

// Where the image says wasmc_module_desc is; LinkExecutable (linker.cc) then puts
// the descriptor right after the image and patches wasmc_module_desc_ptr.
constexpr uint64_t kDescAddress = WASMC_MODULE_BASE + (16u << 20);

Diag Bad(std::string why) {
  return MakeDiag(DiagKind::kIo, 0, "invalid runtime image", std::move(why));
}

template <typename T>
bool Read(std::span<const uint8_t> bytes, uint64_t offset, T* out) {
  if (offset > bytes.size() || sizeof(T) > bytes.size() - offset) return false;
  std::memcpy(out, bytes.data() + offset, sizeof(T));
  return true;
}

uint64_t AlignUp(uint64_t v, uint64_t a) { return a > 1 ? (v + a - 1) / a * a : v; }

// The RelocKind whose ELF type on `target` is `type` (the reverse of the target's
// elf_reloc_type): one table per link, indexed by the type (the runtime's ~1,200
// relocations each looked through every kind, twice, through a function pointer).
class RelocKinds {
 public:
  explicit RelocKinds(Target target) {
    for (int k = 0; k < kNumRelocKinds; ++k)
      for (bool call : {false, true}) {
        Reloc r;
        r.kind = static_cast<RelocKind>(k);
        r.is_call = call;
        const uint32_t type = GetTarget(target).elf_reloc_type(r);
        if (type >= kMaxType) continue;  // no such type on this target (or not one the runtime can use)
        if (type >= kind_.size()) kind_.resize(type + 1, kNone);
        if (kind_[type] == kNone) kind_[type] = static_cast<uint8_t>(k);  // the first kind of a type
      }
  }
  // False when no kind has ELF type `type` on the target.
  bool Find(uint32_t type, RelocKind* kind) const {
    if (type >= kind_.size() || kind_[type] == kNone) return false;
    *kind = static_cast<RelocKind>(kind_[type]);
    return true;
  }

 private:
  static constexpr uint32_t kMaxType = 1u << 16;  // ELF64_R_TYPE is 32 bits; x86-64's and AArch64's are below
  static constexpr uint8_t kNone = 0xff;
  std::vector<uint8_t> kind_;
};

struct Input {
  std::span<const uint8_t> bytes;
  std::vector<Elf64_Shdr> sections;
  std::vector<Elf64_Sym> symbols;
  std::span<const uint8_t> strtab, shstrtab;
  std::vector<std::vector<Elf64_Rela>> relas;  // per target section
  std::map<std::string_view, uint32_t> globals;  // defined global/weak name -> symbol

  std::string_view Name(std::span<const uint8_t> table, uint32_t off) const {
    if (off >= table.size()) return {};
    const char* s = reinterpret_cast<const char*>(table.data() + off);
    return std::string_view(s, strnlen(s, table.size() - off));
  }
  bool Defined(const Elf64_Sym& s) const {
    return s.st_shndx != SHN_UNDEF && s.st_shndx < sections.size();
  }
  bool Alloc(size_t i) const {
    const Elf64_Shdr& s = sections[i];
    return (s.sh_flags & SHF_ALLOC) && (s.sh_type == SHT_PROGBITS || s.sh_type == SHT_NOBITS);
  }
  bool MergedStrings(size_t i) const {
    const Elf64_Shdr& s = sections[i];
    return Alloc(i) && s.sh_type == SHT_PROGBITS && (s.sh_flags & SHF_MERGE) &&
           (s.sh_flags & SHF_STRINGS) && s.sh_entsize == 1;
  }
};

// The strings of a merged string section, each kept or not, and where a kept one
// lands in the compacted output (equal strings share one copy).
struct Strings {
  std::vector<uint64_t> start;  // piece k is [start[k], start[k + 1])
  std::vector<bool> live;
  std::vector<uint64_t> out;    // output offset of each live piece
  bool whole = false;           // a biased reference: keep everything, as it is
  uint64_t size = 0;            // output size

  void Split(std::span<const uint8_t> bytes) {
    for (uint64_t i = 0; i < bytes.size();) {
      start.push_back(i);
      while (i < bytes.size() && bytes[i] != 0) ++i;
      ++i;
    }
    start.push_back(bytes.size());
    live.assign(start.size() - 1, false);
  }
  size_t PieceOf(uint64_t offset) const {
    size_t k = std::upper_bound(start.begin(), start.end(), offset) - start.begin();
    return k == 0 ? 0 : std::min(k - 1, live.size() - 1);
  }
  // Lays out the live pieces; returns the output bytes.
  std::vector<uint8_t> Compact(std::span<const uint8_t> bytes) {
    std::vector<uint8_t> o;
    out.assign(live.size(), 0);
    if (whole || live.empty()) {
      for (size_t k = 0; k < live.size(); ++k) out[k] = start[k];
      o.assign(bytes.begin(), bytes.end());
    } else {
      std::map<std::string_view, uint64_t> seen;
      for (size_t k = 0; k < live.size(); ++k) {
        if (!live[k]) continue;
        std::string_view piece(reinterpret_cast<const char*>(bytes.data()) + start[k], start[k + 1] - start[k]);
        auto [it, fresh] = seen.emplace(piece, o.size());
        if (fresh) o.insert(o.end(), piece.begin(), piece.end());
        out[k] = it->second;
      }
    }
    size = o.size();
    return o;
  }
  uint64_t Map(uint64_t offset) const {
    if (whole || live.empty()) return offset;
    size_t k = PieceOf(offset);
    return out[k] + (offset - start[k]);
  }
};

Result<Input> Parse(std::span<const uint8_t> bytes, Target target) {
  Input in;
  in.bytes = bytes;
  Elf64_Ehdr h;
  if (!Read(bytes, 0, &h) || std::memcmp(h.e_ident, ELFMAG, SELFMAG) != 0 ||
      h.e_ident[EI_CLASS] != ELFCLASS64 || h.e_ident[EI_DATA] != ELFDATA2LSB || h.e_type != ET_REL)
    return Bad("not a little-endian ELF64 relocatable object");
  if (h.e_machine != ElfMachine(target))
    return Bad(std::string("machine does not match the target ") + TargetTriple(target));
  if (h.e_shentsize != sizeof(Elf64_Shdr)) return Bad("unexpected section header size");
  // Every table in one block of its final size (the runtime image has ~560 sections,
  // ~1,300 relocations in ~500 sections, ~650 symbols).
  in.sections.reserve(h.e_shnum);
  for (unsigned i = 0; i < h.e_shnum; ++i) {
    Elf64_Shdr s;
    if (!Read(bytes, h.e_shoff + uint64_t{i} * sizeof s, &s)) return Bad("header tables outside the file");
    if (s.sh_type != SHT_NOBITS && s.sh_type != SHT_NULL &&
        (s.sh_offset > bytes.size() || s.sh_size > bytes.size() - s.sh_offset))
      return Bad("section outside the file");
    in.sections.push_back(s);
  }
  auto contents = [&](const Elf64_Shdr& s) { return bytes.subspan(s.sh_offset, s.sh_size); };
  if (h.e_shstrndx >= in.sections.size()) return Bad("no section name table");
  in.shstrtab = contents(in.sections[h.e_shstrndx]);
  in.relas.resize(in.sections.size());
  for (const Elf64_Shdr& s : in.sections) {
    if (s.sh_type == SHT_SYMTAB) {
      if (s.sh_entsize != sizeof(Elf64_Sym) || s.sh_link >= in.sections.size() || !in.symbols.empty())
        return Bad("malformed .symtab");
      in.strtab = contents(in.sections[s.sh_link]);
      in.symbols.reserve(s.sh_size / sizeof(Elf64_Sym));
      for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= s.sh_size; off += sizeof(Elf64_Sym))
        in.symbols.push_back(*reinterpret_cast<const Elf64_Sym*>(contents(s).data() + off));
    } else if (s.sh_type == SHT_RELA) {
      if (s.sh_entsize != sizeof(Elf64_Rela) || s.sh_info >= in.sections.size())
        return Bad("malformed relocation section");
      in.relas[s.sh_info].reserve(in.relas[s.sh_info].size() + s.sh_size / sizeof(Elf64_Rela));
      for (uint64_t off = 0; off + sizeof(Elf64_Rela) <= s.sh_size; off += sizeof(Elf64_Rela)) {
        Elf64_Rela r;
        std::memcpy(&r, contents(s).data() + off, sizeof r);
        in.relas[s.sh_info].push_back(r);
      }
    } else if (s.sh_type == SHT_REL) {
      return Bad("REL relocations (only RELA is supported)");
    }
  }
  if (in.symbols.empty()) return Bad("no .symtab (link the image without --strip-all)");
  for (uint32_t i = 1; i < in.symbols.size(); ++i) {
    const Elf64_Sym& s = in.symbols[i];
    const uint8_t bind = ELF64_ST_BIND(s.st_info);
    if ((bind == STB_GLOBAL || bind == STB_WEAK) && in.Defined(s))
      in.globals.emplace(in.Name(in.strtab, s.st_name), i);
  }
  for (size_t i = 0; i < in.sections.size(); ++i)
    for (const Elf64_Rela& r : in.relas[i])
      if (ELF64_R_SYM(r.r_info) >= in.symbols.size()) return Bad("relocation symbol out of range");
  return in;
}

// The symbol a relocation's symbol stands for: itself when defined here, else the
// global definition of its name; -1 when undefined (only wasmc_module_desc may be).
int64_t Resolve(const Input& in, uint32_t sym) {
  if (in.Defined(in.symbols[sym]) || in.symbols[sym].st_shndx == SHN_ABS) return sym;
  auto it = in.globals.find(in.Name(in.strtab, in.symbols[sym].st_name));
  return it == in.globals.end() ? -1 : static_cast<int64_t>(it->second);
}

enum Seg { kR, kRX, kRW };
Seg SegOf(const Elf64_Shdr& s) {
  return (s.sh_flags & SHF_EXECINSTR) ? kRX : (s.sh_flags & SHF_WRITE) ? kRW : kR;
}

template <typename T>
void Put(std::vector<uint8_t>& out, uint64_t at, const T& v) {
  if (out.size() < at + sizeof(T)) out.resize(at + sizeof(T), 0);
  std::memcpy(out.data() + at, &v, sizeof(T));
}

}  // namespace

bool IsRelocatableRuntime(std::span<const uint8_t> bytes) {
  Elf64_Ehdr h;
  return Read(bytes, 0, &h) && std::memcmp(h.e_ident, ELFMAG, SELFMAG) == 0 && h.e_type == ET_REL;
}

Result<std::vector<uint8_t>> LinkRuntimeObject(std::span<const uint8_t> relocatable, Target target,
                                               const std::vector<std::string>& roots, ModuleSpace* space) {
  Result<Input> parsed = Parse(relocatable, target);
  if (!parsed.ok()) return parsed.diag();
  const Input& in = parsed.value();
  const uint64_t page = GetTarget(target).page_size;
  const char* kDesc = "wasmc_module_desc";
  const RelocKinds kinds(target);

  // 2. Mark.
  std::vector<bool> keep(in.sections.size(), false);
  std::vector<Strings> strings(in.sections.size());
  for (size_t i = 0; i < in.sections.size(); ++i)
    if (in.MergedStrings(i))
      strings[i].Split(in.bytes.subspan(in.sections[i].sh_offset, in.sections[i].sh_size));
  std::vector<size_t> work;
  // `offset` (within the symbol's section) picks the string of a merged string
  // section; -1: unknown, all of them.
  auto mark_symbol = [&](int64_t sym, int64_t offset = -1) {
    if (sym < 0 || !in.Defined(in.symbols[sym])) return;
    size_t sec = in.symbols[sym].st_shndx;
    if (in.MergedStrings(sec)) {
      Strings& st = strings[sec];
      if (offset < 0) st.whole = true;
      else if (!st.live.empty()) st.live[st.PieceOf(static_cast<uint64_t>(offset))] = true;
    }
    if (!keep[sec] && in.Alloc(sec)) {
      keep[sec] = true;
      work.push_back(sec);
    }
  };
  std::vector<bool> optional(in.sections.size(), false);
  for (size_t i = 0; i < in.sections.size(); ++i)
    optional[i] = in.Name(in.shstrtab, in.sections[i].sh_name).starts_with(kOptionalPrefix);
  for (std::string_view root : {"_start", "wasmc_module_desc_ptr"}) {
    auto it = in.globals.find(root);
    if (it == in.globals.end()) return Bad(std::string("it does not define ") + std::string(root));
    mark_symbol(it->second);
  }
  for (const std::string& root : roots) {
    auto it = in.globals.find(root);
    if (it != in.globals.end()) mark_symbol(it->second);  // else LinkExecutable reports it
  }
  while (!work.empty()) {
    size_t sec = work.back();
    work.pop_back();
    for (const Elf64_Rela& r : in.relas[sec]) {
      const uint32_t sym = static_cast<uint32_t>(ELF64_R_SYM(r.r_info));
      const int64_t def = Resolve(in, sym);
      if (def < 0 && in.Name(in.strtab, in.symbols[sym].st_name) != kDesc)
        return Bad("undefined symbol " + std::string(in.Name(in.strtab, in.symbols[sym].st_name)));
      if (def >= 0 && in.Defined(in.symbols[def]) && !in.Alloc(in.symbols[def].st_shndx))
        return Bad("an allocated section refers to a non-allocated one");
      if (optional[sec]) continue;
      RelocKind kind;
      const uint32_t type = static_cast<uint32_t>(ELF64_R_TYPE(r.r_info));
      const bool biased = !kinds.Find(type, &kind) || kind == RelocKind::kPcRel32;
      int64_t offset = -1;
      if (def >= 0 && !biased) {
        const Elf64_Sym& d = in.symbols[def];
        offset = static_cast<int64_t>(d.st_value) +
                 (ELF64_ST_TYPE(d.st_info) == STT_SECTION ? r.r_addend : 0);
      }
      mark_symbol(def, offset);
    }
  }

  // 3. Layout: headers, then R, RX, RW (progbits before nobits), in input order.
  constexpr int kNumPhdrs = 4;  // three PT_LOAD + PT_GNU_STACK
  std::vector<uint64_t> addr(in.sections.size(), 0);
  struct Out {
    uint64_t vaddr = 0, offset = 0, filesz = 0, memsz = 0;
    uint64_t data_end = 0;  // end of the PROGBITS part (vaddr), the module's room included
    uint64_t own_end = 0;   // end of the runtime's PROGBITS part (vaddr)
    uint64_t bss_end = 0;   // end of the runtime's NOBITS part (vaddr)
  } segs[3];
  // The R segment starts with the ELF header alone: the program headers follow the
  // segments (LinkExecutable writes its own there too, so in the R segment they
  // would be dead bytes in every executable).
  std::vector<uint8_t> file(sizeof(Elf64_Ehdr), 0);
  // All of the image in one block, not grown by doubling (LinkExecutable's file, the
  // same reason): a bound is the input (its sections, symbols and strings), the
  // alignment of each section and room, a page per segment, the module's rooms.
  {
    uint64_t bound = in.bytes.size() + 4 * page + 1024;
    for (const Elf64_Shdr& s : in.sections) bound += s.sh_addralign;
    if (space) {
      for (int k = 0; k < ModuleSpace::kNumKinds; ++k) bound += space->size[k] + space->align[k];
      bound += space->tail;
    }
    file.reserve(bound);
  }
  // .bss smallest first: the scalars start-up touches share a page or two, and the
  // large tables (each touched at its start, if at all) follow (fewer page faults);
  // the error paths' buffers (RT_COLD, core/rt.h) after all of them. (Each key
  // computed once: the sort compares thousands of sections.)
  std::vector<std::pair<bool, uint64_t>> bss_key(in.sections.size(), {false, 0});
  for (size_t i = 0; i < in.sections.size(); ++i) {
    const Elf64_Shdr& s = in.sections[i];
    if (keep[i] && s.sh_type == SHT_NOBITS) bss_key[i] = {in.Name(in.shstrtab, s.sh_name) == kColdBss, s.sh_size};
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < in.sections.size(); ++i)
    if (keep[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bss_key[a] < bss_key[b]; });
  uint64_t vcursor = WASMC_RUNTIME_BASE + file.size();
  for (int seg = kR; seg <= kRW; ++seg) {
    Out& o = segs[seg];
    if (seg == kR) {
      o.vaddr = WASMC_RUNTIME_BASE;
      o.offset = 0;
    } else {
      o.offset = file.size();
      o.vaddr = AlignUp(vcursor, page) + o.offset % page;
      vcursor = o.vaddr;
    }
    for (int nobits = 0; nobits < 2; ++nobits) {
      for (size_t i : order) {
        const Elf64_Shdr& s = in.sections[i];
        if (!keep[i] || SegOf(s) != seg || (s.sh_type == SHT_NOBITS) != (nobits == 1)) continue;
        if (seg != kRW && nobits) return Bad("a read-only .bss section");
        vcursor = AlignUp(vcursor, std::max<uint64_t>(s.sh_addralign, 1));
        addr[i] = vcursor;
        std::span<const uint8_t> bytes = in.bytes.subspan(s.sh_offset, nobits ? 0 : s.sh_size);
        std::vector<uint8_t> compacted;
        if (in.MergedStrings(i)) bytes = compacted = strings[i].Compact(bytes);
        vcursor += nobits ? s.sh_size : bytes.size();
        if (!nobits) {
          file.resize(o.offset + (vcursor - o.vaddr), seg == kRX ? GetTarget(target).code_fill : 0);
          std::memcpy(file.data() + o.offset + (addr[i] - o.vaddr), bytes.data(), bytes.size());
          o.data_end = vcursor;
        }
      }
      if (nobits) o.bss_end = vcursor;
      else o.own_end = o.data_end ? o.data_end : o.vaddr + (file.size() - o.offset);
      // The module's room of this kind after the runtime's own sections.
      const int kind = nobits ? (seg == kRW ? ModuleSpace::kBss : -1)
                              : seg == kR ? ModuleSpace::kR : seg == kRX ? ModuleSpace::kRX : ModuleSpace::kData;
      if (!space || kind < 0 || !space->size[kind]) continue;
      vcursor = AlignUp(vcursor, std::max<uint64_t>(space->align[kind], 1));
      space->addr[kind] = vcursor;
      vcursor += space->size[kind];
      if (!nobits) {
        const uint64_t end = o.offset + (vcursor - o.vaddr);
        if (space->append) {
          file.resize(end - space->size[kind], seg == kRX ? GetTarget(target).code_fill : 0);
          space->append(kind, file);
          WASMC_CHECK(file.size() == end);
        } else {
          file.resize(end, seg == kRX ? GetTarget(target).code_fill : 0);
        }
        o.data_end = vcursor;
      }
    }
    o.filesz = file.size() - o.offset;
    o.memsz = vcursor - o.vaddr;
    if (!o.data_end) o.data_end = o.vaddr + o.filesz;
  }
  // Without rooms the module goes above the image (LinkExecutable).
  if (!space && vcursor > WASMC_MODULE_BASE) return Bad("it extends into the module region");
  const uint64_t desc_address =
      space ? space->addr[space->desc_kind] + space->desc_offset : kDescAddress;

  // 4. Relocations.
  // The address of symbol `def` plus `addend`: inside a compacted string section,
  // where that string went. A target of an optional reference that nothing kept: 0.
  auto value_of = [&](int64_t def, int64_t addend = 0) -> uint64_t {
    if (def < 0) return desc_address + addend;
    const Elf64_Sym& s = in.symbols[def];
    if (s.st_shndx == SHN_ABS) return s.st_value + addend;
    if (!keep[s.st_shndx]) return 0;
    if (!in.MergedStrings(s.st_shndx)) return addr[s.st_shndx] + s.st_value + addend;
    const Strings& st = strings[s.st_shndx];
    if (ELF64_ST_TYPE(s.st_info) == STT_SECTION) return addr[s.st_shndx] + st.Map(s.st_value + addend);
    return addr[s.st_shndx] + st.Map(s.st_value) + addend;
  };
  for (size_t i = 0; i < in.sections.size(); ++i) {
    if (!keep[i] || in.relas[i].empty()) continue;
    const Elf64_Shdr& s = in.sections[i];
    if (s.sh_type == SHT_NOBITS) return Bad("relocations in a .bss section");
    const Out& o = segs[SegOf(s)];
    for (const Elf64_Rela& r : in.relas[i]) {
      RelocKind kind;
      const uint32_t type = static_cast<uint32_t>(ELF64_R_TYPE(r.r_info));
      if (type == 0 || !kinds.Find(type, &kind)) return Bad("relocation type " + std::to_string(type) + " is not supported");
      if (r.r_offset > s.sh_size || s.sh_size - r.r_offset < RelocWidth(kind)) return Bad("relocation outside its section");
      const uint64_t place = addr[i] + r.r_offset;
      const uint64_t value = value_of(Resolve(in, static_cast<uint32_t>(ELF64_R_SYM(r.r_info))), r.r_addend);
      std::span<uint8_t> where(file.data() + o.offset + (place - o.vaddr), RelocWidth(kind));
      std::string why = ApplyReloc(target, kind, where, place, value);
      if (!why.empty()) return Bad(why + " in " + std::string(in.Name(in.shstrtab, s.sh_name)));
    }
  }

  // 5. Symbols (locals first), string tables, section headers.
  StringTable str, shstr;
  const char* kOutNames[] = {".rodata", ".text", ".data", ".bss"};
  uint16_t out_shndx[4] = {0, 0, 0, 0};  // R, RX, RW data, RW bss -> section header index
  std::vector<Elf64_Shdr> shdrs(1);
  for (int k = 0; k < 4; ++k) {  // the runtime's own sections (LinkExecutable adds the module's)
    const Out& o = segs[k == 3 ? kRW : k];
    const uint64_t lo = k == 3 ? o.data_end : k == kR ? o.vaddr + sizeof(Elf64_Ehdr) : o.vaddr;
    const uint64_t hi = k == 3 ? o.bss_end : o.own_end;
    if (hi <= lo) continue;
    Elf64_Shdr h{};
    h.sh_name = shstr.Add(kOutNames[k]);
    h.sh_type = k == 3 ? SHT_NOBITS : SHT_PROGBITS;
    h.sh_flags = SHF_ALLOC | (k == 1 ? SHF_EXECINSTR : 0) | (k >= 2 ? SHF_WRITE : 0);
    h.sh_addr = lo;
    h.sh_offset = o.offset + (lo - o.vaddr);
    h.sh_size = hi - lo;
    h.sh_addralign = 16;
    out_shndx[k] = static_cast<uint16_t>(shdrs.size());
    shdrs.push_back(h);
  }
  auto shndx_of = [&](size_t sec) -> uint16_t {
    const Elf64_Shdr& s = in.sections[sec];
    Seg seg = SegOf(s);
    return out_shndx[seg == kRW && s.sh_type == SHT_NOBITS ? 3 : seg];
  };
  std::vector<Elf64_Sym> syms(1);
  for (int pass = 0; pass < 2; ++pass)
    for (uint32_t i = 1; i < in.symbols.size(); ++i) {
      const Elf64_Sym& s = in.symbols[i];
      const uint8_t type = ELF64_ST_TYPE(s.st_info);
      if ((ELF64_ST_BIND(s.st_info) == STB_LOCAL) != (pass == 0) || !in.Defined(s) || !keep[s.st_shndx] ||
          type == STT_SECTION || type == STT_FILE || in.Name(in.strtab, s.st_name).starts_with(".L"))
        continue;
      Elf64_Sym o = s;
      o.st_name = str.Add(in.Name(in.strtab, s.st_name));
      o.st_shndx = shndx_of(s.st_shndx);
      o.st_value = value_of(i);
      syms.push_back(o);
    }
  uint32_t first_global = 1;
  while (first_global < syms.size() && ELF64_ST_BIND(syms[first_global].st_info) == STB_LOCAL) ++first_global;
  Elf64_Sym desc{};
  desc.st_name = str.Add(kDesc);
  desc.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
  desc.st_shndx = SHN_ABS;
  desc.st_value = desc_address;
  syms.push_back(desc);
  file.resize(AlignUp(file.size(), 8), 0);
  const uint64_t phoff = file.size();
  file.resize(phoff + kNumPhdrs * sizeof(Elf64_Phdr), 0);
  auto add_blob = [&](uint32_t name, uint32_t type, const void* data, size_t size, uint64_t entsize) {
    file.resize(AlignUp(file.size(), 8), 0);
    Elf64_Shdr h{};
    h.sh_name = name;
    h.sh_type = type;
    h.sh_offset = file.size();
    h.sh_size = size;
    h.sh_addralign = entsize ? 8 : 1;
    h.sh_entsize = entsize;
    const uint8_t* p = static_cast<const uint8_t*>(data);
    file.insert(file.end(), p, p + size);
    shdrs.push_back(h);
    return static_cast<uint32_t>(shdrs.size() - 1);
  };
  const uint32_t symtab = add_blob(shstr.Add(".symtab"), SHT_SYMTAB, syms.data(),
                                   syms.size() * sizeof(Elf64_Sym), sizeof(Elf64_Sym));
  const uint32_t strtab = add_blob(shstr.Add(".strtab"), SHT_STRTAB, str.bytes().data(), str.bytes().size(), 0);
  shdrs[symtab].sh_link = strtab;
  shdrs[symtab].sh_info = first_global;
  const uint32_t shstr_name = shstr.Add(".shstrtab");  // its own name is in it
  const uint32_t shstrndx = add_blob(shstr_name, SHT_STRTAB, shstr.bytes().data(), shstr.bytes().size(), 0);
  file.resize(AlignUp(file.size(), 8), 0);
  const uint64_t shoff = file.size();
  for (const Elf64_Shdr& h : shdrs) Put(file, file.size(), h);

  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = ElfMachine(target);
  eh.e_version = EV_CURRENT;
  eh.e_entry = value_of(static_cast<int64_t>(in.globals.at("_start")));
  eh.e_phoff = phoff;
  eh.e_shoff = shoff;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = kNumPhdrs;
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = static_cast<uint16_t>(shdrs.size());
  eh.e_shstrndx = static_cast<uint16_t>(shstrndx);
  Put(file, 0, eh);
  const uint32_t flags[3] = {PF_R, PF_R | PF_X, PF_R | PF_W};
  for (int seg = kR; seg <= kRW; ++seg) {
    Elf64_Phdr p{};
    p.p_type = PT_LOAD;
    p.p_flags = flags[seg];
    p.p_offset = segs[seg].offset;
    p.p_vaddr = p.p_paddr = segs[seg].vaddr;
    p.p_filesz = segs[seg].filesz;
    p.p_memsz = segs[seg].memsz;
    p.p_align = page;
    Put(file, phoff + seg * sizeof(Elf64_Phdr), p);
  }
  Elf64_Phdr stack{};
  stack.p_type = PT_GNU_STACK;
  stack.p_flags = PF_R | PF_W;
  Put(file, phoff + 3 * sizeof(Elf64_Phdr), stack);
  return file;
}

}  // namespace wasmc
