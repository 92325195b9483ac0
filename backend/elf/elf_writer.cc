// WriteElfObject (backend/backend.h): an ObjectModule as an ELF64 relocatable.
//
// Layout: ELF header; section contents (each at its alignment); then
// .rela.<name> per section with relocations, .symtab (null, one STT_SECTION
// symbol per section, the object's local symbols, then its globals and every
// undefined symbol), .strtab, .shstrtab, .note.GNU-stack (non-executable
// stack); then the section header table. The input must be internally
// consistent (symbol and section indices in range): that is the code
// generator's contract, checked with WASMC_CHECK.
#include <elf.h>

#include <cstring>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "backend/elf/reloc_types.h"
#include "backend/elf/string_table.h"

namespace wasmc {
namespace {

struct OutSection {
  Elf64_Shdr hdr{};
  std::vector<uint8_t> bytes;  // made here (relocations, symbols, strings); empty for SHT_NOBITS
  // An object section's contents, read in place (copied once, into the file), or null.
  const std::vector<uint8_t>* object_bytes = nullptr;
  const std::vector<uint8_t>& Contents() const { return object_bytes ? *object_bytes : bytes; }
};

template <typename T>
void AppendPod(std::vector<uint8_t>& out, const T& v) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

// A section header with its name (added to shstr), type and alignment.
OutSection NewSection(StringTable& shstr, const std::string& name, uint32_t type, uint64_t align) {
  OutSection o;
  o.hdr.sh_name = shstr.Add(name);
  o.hdr.sh_type = type;
  o.hdr.sh_addralign = align;
  return o;
}

// Appends o to out with bytes as its contents (and their size).
void AddSection(std::vector<OutSection>& out, OutSection o, std::vector<uint8_t> bytes) {
  o.bytes = std::move(bytes);
  o.hdr.sh_size = o.bytes.size();
  out.push_back(std::move(o));
}

uint64_t AlignUp(uint64_t at, uint64_t align) { return align > 1 ? (at + align - 1) / align * align : at; }

uint64_t SectionFlags(SectionKind kind) {
  switch (kind) {
    case SectionKind::kText: return SHF_ALLOC | SHF_EXECINSTR;
    case SectionKind::kRodata: return SHF_ALLOC;
    case SectionKind::kDataRelRo:
    case SectionKind::kData:
    case SectionKind::kBss: return SHF_ALLOC | SHF_WRITE;
  }
  return SHF_ALLOC;
}

}  // namespace

std::vector<uint8_t> WriteElfObject(const ObjectModule& object) {
  const size_t num_obj_sections = object.sections.size();
  StringTable shstr, str;
  std::vector<OutSection> out(1);  // index 0: the null section

  // 1. The object's sections: ELF index = object index + 1.
  for (const Section& s : object.sections) {
    OutSection o;
    o.hdr.sh_name = shstr.Add(s.name);
    o.hdr.sh_type = s.kind == SectionKind::kBss ? SHT_NOBITS : SHT_PROGBITS;
    o.hdr.sh_flags = SectionFlags(s.kind);
    o.hdr.sh_addralign = s.align ? s.align : 1;
    o.hdr.sh_size = s.bytes.size();
    if (s.kind != SectionKind::kBss) o.object_bytes = &s.bytes;
    out.push_back(std::move(o));
  }

  // 2. Symbols: null, section symbols, locals, then globals/undefined.
  std::vector<Elf64_Sym> syms(1);
  for (size_t i = 0; i < num_obj_sections; ++i) {
    Elf64_Sym sym{};
    sym.st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
    sym.st_shndx = static_cast<uint16_t>(i + 1);
    syms.push_back(sym);
  }
  std::vector<uint32_t> sym_index(object.symbols.size(), 0);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < object.symbols.size(); ++i) {
      const Symbol& s = object.symbols[i];
      bool local = !s.global && s.section >= 0;
      if (local != (pass == 0)) continue;
      WASMC_CHECK(s.section < static_cast<int32_t>(num_obj_sections));
      Elf64_Sym sym{};
      sym.st_name = str.Add(s.name);
      uint8_t type = s.section < 0 ? STT_NOTYPE : s.function ? STT_FUNC : STT_OBJECT;
      sym.st_info = ELF64_ST_INFO(local ? STB_LOCAL : STB_GLOBAL, type);
      sym.st_shndx = s.section < 0 ? SHN_UNDEF : static_cast<uint16_t>(s.section + 1);
      sym.st_value = s.section < 0 ? 0 : s.value;
      sym.st_size = s.section < 0 ? 0 : s.size;
      sym_index[i] = static_cast<uint32_t>(syms.size());
      syms.push_back(sym);
    }
  }
  uint32_t first_global = 0;  // sh_info of .symtab: one past the last local
  while (first_global < syms.size() && ELF64_ST_BIND(syms[first_global].st_info) == STB_LOCAL)
    ++first_global;
  WASMC_CHECK(num_obj_sections + 8 < SHN_LORESERVE);

  // Indices of the trailing sections, known once the rela sections are counted.
  size_t num_rela = 0;
  for (const Section& s : object.sections) num_rela += !s.relocs.empty();
  const uint32_t symtab_index = static_cast<uint32_t>(1 + num_obj_sections + num_rela);

  // 3. .rela.<name> for each section with relocations.
  for (size_t i = 0; i < num_obj_sections; ++i) {
    const Section& s = object.sections[i];
    if (s.relocs.empty()) continue;
    OutSection o = NewSection(shstr, ".rela" + s.name, SHT_RELA, 8);
    o.hdr.sh_flags = SHF_INFO_LINK;
    o.hdr.sh_link = symtab_index;
    o.hdr.sh_info = static_cast<uint32_t>(i + 1);
    o.hdr.sh_entsize = sizeof(Elf64_Rela);
    std::vector<uint8_t> bytes;
    bytes.reserve(s.relocs.size() * sizeof(Elf64_Rela));
    for (const Reloc& r : s.relocs) {
      WASMC_CHECK(r.symbol < object.symbols.size());
      WASMC_CHECK(r.offset < s.bytes.size());
      Elf64_Rela rela{};
      rela.r_offset = r.offset;
      rela.r_info = ELF64_R_INFO(sym_index[r.symbol], ElfRelocType(object.target, r));
      rela.r_addend = r.addend;
      AppendPod(bytes, rela);
    }
    AddSection(out, std::move(o), std::move(bytes));
  }

  // 4. .symtab, .strtab, .shstrtab, .note.GNU-stack.
  OutSection symtab = NewSection(shstr, ".symtab", SHT_SYMTAB, 8);
  symtab.hdr.sh_link = symtab_index + 1;
  symtab.hdr.sh_info = first_global;
  symtab.hdr.sh_entsize = sizeof(Elf64_Sym);
  std::vector<uint8_t> sym_bytes;
  sym_bytes.reserve(syms.size() * sizeof(Elf64_Sym));
  for (const Elf64_Sym& s : syms) AppendPod(sym_bytes, s);
  AddSection(out, std::move(symtab), std::move(sym_bytes));
  AddSection(out, NewSection(shstr, ".strtab", SHT_STRTAB, 1), str.bytes());
  AddSection(out, NewSection(shstr, ".note.GNU-stack", SHT_PROGBITS, 1), {});
  // .shstrtab last: its contents include its own name.
  OutSection shstrtab = NewSection(shstr, ".shstrtab", SHT_STRTAB, 1);
  AddSection(out, std::move(shstrtab), shstr.bytes());

  // 5. Serialise: header, contents, section headers. The layout first, then the file
  // in one block of its final size, each section's contents copied once (an object
  // section straight from the object) and only the padding zero-filled: growing the
  // file by doubling copied ~2x its size and touched as much fresh memory again
  // (SQLite at -O1: a 2.5 MB object, docs/performance.md, Session 23, o1mem).
  uint64_t size = sizeof(Elf64_Ehdr);
  for (size_t i = 1; i < out.size(); ++i) {
    OutSection& o = out[i];
    o.hdr.sh_offset = AlignUp(size, o.hdr.sh_addralign);
    size = o.hdr.sh_offset + o.Contents().size();
  }
  const uint64_t shoff = AlignUp(size, 8);
  std::vector<uint8_t> file;
  file.reserve(shoff + out.size() * sizeof(Elf64_Shdr));
  file.resize(sizeof(Elf64_Ehdr), 0);  // the header, filled in below
  for (size_t i = 1; i < out.size(); ++i) {
    const OutSection& o = out[i];
    const std::vector<uint8_t>& contents = o.Contents();
    file.resize(o.hdr.sh_offset, 0);
    file.insert(file.end(), contents.begin(), contents.end());
  }
  file.resize(shoff, 0);
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
  eh.e_type = ET_REL;
  eh.e_machine = ElfMachine(object.target);
  eh.e_version = EV_CURRENT;
  eh.e_shoff = file.size();
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = static_cast<uint16_t>(out.size());
  eh.e_shstrndx = static_cast<uint16_t>(out.size() - 1);
  std::memcpy(file.data(), &eh, sizeof eh);
  for (const OutSection& o : out) AppendPod(file, o.hdr);
  return file;
}

}  // namespace wasmc
