#include "backend/link/elf_image.h"

#include <cstring>

#include "backend/elf/reloc_types.h"

namespace wasmc {
namespace {

Diag Bad(std::string why) {
  return MakeDiag(DiagKind::kIo, 0, "invalid runtime image", std::move(why));
}

bool InFile(std::span<const uint8_t> bytes, uint64_t offset, uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

template <typename T>
T ReadPod(std::span<const uint8_t> bytes, uint64_t offset) {
  T v;
  std::memcpy(&v, bytes.data() + offset, sizeof(T));
  return v;
}

}  // namespace

std::string_view ElfImage::Name(std::span<const uint8_t> table, uint32_t offset) const {
  if (offset >= table.size()) return {};
  const char* s = reinterpret_cast<const char*>(table.data() + offset);
  return std::string_view(s, strnlen(s, table.size() - offset));
}

bool ElfImage::Lookup(std::string_view name, uint64_t* value) const {
  for (const Elf64_Sym& s : symbols) {
    uint8_t bind = ELF64_ST_BIND(s.st_info);
    if (s.st_shndx == SHN_UNDEF || (bind != STB_GLOBAL && bind != STB_WEAK)) continue;
    if (Name(strtab, s.st_name) == name) {
      *value = s.st_value;
      return true;
    }
  }
  return false;
}

Result<ElfImage> ParseRuntimeImage(std::span<const uint8_t> bytes, Target target) {
  ElfImage img;
  img.bytes = bytes;
  if (bytes.size() < sizeof(Elf64_Ehdr) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return Bad("not an ELF file");
  img.header = ReadPod<Elf64_Ehdr>(bytes, 0);
  const Elf64_Ehdr& h = img.header;
  if (h.e_ident[EI_CLASS] != ELFCLASS64 || h.e_ident[EI_DATA] != ELFDATA2LSB)
    return Bad("not a little-endian ELF64 file");
  if (h.e_type != ET_EXEC) return Bad("not a static executable (ET_EXEC)");
  if (h.e_machine != ElfMachine(target))
    return Bad(std::string("machine does not match the target ") + TargetTriple(target));
  if (h.e_phentsize != sizeof(Elf64_Phdr) || h.e_shentsize != sizeof(Elf64_Shdr))
    return Bad("unexpected header entry sizes");
  if (!InFile(bytes, h.e_phoff, uint64_t{h.e_phnum} * sizeof(Elf64_Phdr)) ||
      !InFile(bytes, h.e_shoff, uint64_t{h.e_shnum} * sizeof(Elf64_Shdr)))
    return Bad("header tables outside the file");
  for (unsigned i = 0; i < h.e_phnum; ++i) {
    Elf64_Phdr p = ReadPod<Elf64_Phdr>(bytes, h.e_phoff + i * sizeof(Elf64_Phdr));
    if (p.p_type == PT_INTERP || p.p_type == PT_DYNAMIC) return Bad("image is dynamically linked");
    if (p.p_type != PT_LOAD) continue;
    if (!InFile(bytes, p.p_offset, p.p_filesz) || p.p_filesz > p.p_memsz)
      return Bad("segment outside the file");
    if (p.p_align == 0 || (p.p_align & (p.p_align - 1)) || p.p_offset % p.p_align != p.p_vaddr % p.p_align)
      return Bad("segment alignment");
    img.loads.push_back(p);
  }
  if (img.loads.empty()) return Bad("no loadable segment");
  for (unsigned i = 0; i < h.e_shnum; ++i) {
    Elf64_Shdr s = ReadPod<Elf64_Shdr>(bytes, h.e_shoff + i * sizeof(Elf64_Shdr));
    if (s.sh_type != SHT_NOBITS && s.sh_type != SHT_NULL && !InFile(bytes, s.sh_offset, s.sh_size))
      return Bad("section outside the file");
    img.sections.push_back(s);
  }
  if (h.e_shstrndx < img.sections.size()) {
    const Elf64_Shdr& s = img.sections[h.e_shstrndx];
    img.shstrtab = bytes.subspan(s.sh_offset, s.sh_size);
  }
  for (const Elf64_Shdr& s : img.sections) {
    if (s.sh_type != SHT_SYMTAB) continue;
    if (s.sh_entsize != sizeof(Elf64_Sym) || s.sh_link >= img.sections.size())
      return Bad("malformed .symtab");
    const Elf64_Shdr& str = img.sections[s.sh_link];
    img.strtab = bytes.subspan(str.sh_offset, str.sh_size);
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= s.sh_size; off += sizeof(Elf64_Sym))
      img.symbols.push_back(ReadPod<Elf64_Sym>(bytes, s.sh_offset + off));
  }
  if (img.symbols.empty()) return Bad("no .symtab (link the image without --strip-all)");
  return img;
}

}  // namespace wasmc
