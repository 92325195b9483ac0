// LinkExecutable (backend/backend.h): the compiled module + the prebuilt runtime
// image -> a static ET_EXEC.
//
// A relocatable runtime (runtime.elf, runtime-min.elf, what the driver passes) is
// linked here first (backend/link/runtime_link.h) with rooms for the module's
// sections at the end of its R and RX segments, after its .data and after its
// .bss: the executable has three PT_LOADs (R, RX, RW), the module's sections in
// the runtime's, the descriptor's section first in its room.
// A linked image (ET_EXEC, linked at WASMC_RUNTIME_BASE): its PT_LOAD segments are
// copied byte-exact, and the module goes in the module region above it, in
// page-aligned segments:
//   the section holding wasmc_module_desc first: at the first module address
//       congruent to the file offset after the image, its address written into the
//       image's word wasmc_module_desc_ptr (an image without that word: exactly at
//       the image's .symtab value of wasmc_module_desc); R, or RW if writable data;
//       when R, followed by the other .rodata / .data.rel.ro sections (fully
//       relocated here, so read-only at run time) in the same segment
//   RX  .text sections
//   R   the other read-only sections, when the descriptor's section is RW
//   RW  .data, then .bss
// Symbols resolve to the object's own definitions, then the image's .symtab.
// Every relocation is range-checked; an out-of-range one is a Diag. File layout:
// the image's first segment at offset 0 (our ELF header over the image's), every
// segment at the first offset congruent to its address (no page padding), then the
// program headers. The output has section headers and a .symtab (image symbols + module symbols) for gdb/perf.
#include <elf.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "backend/backend.h"
#include "backend/elf/reloc_types.h"
#include "backend/elf/string_table.h"
#include "backend/link/elf_image.h"
#include "backend/link/reloc_apply.h"
#include "backend/link/runtime_link.h"
#include "backend/target.h"
#include "wasmc/abi.h"

namespace wasmc {
namespace {

constexpr char kDescSymbol[] = "wasmc_module_desc";
// The image word that holds the descriptor's address (runtime-support/freestanding/
// start.c); when the image has it, the descriptor goes wherever the layout puts it.
constexpr char kDescPtrSymbol[] = "wasmc_module_desc_ptr";
// The image word that gets the end of the last loaded segment (start.c: the first
// linear memory is reserved there, where the image's page tables already are).
constexpr char kImageEndSymbol[] = "wasmc_image_end";

Diag LinkError(std::string what, std::string why = {}) {
  return MakeDiag(DiagKind::kUnsupported, 0, std::move(what), std::move(why));
}

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

uint64_t AlignUp(uint64_t v, uint64_t a) { return a > 1 ? (v + a - 1) / a * a : v; }

enum SegKind { kSegR = 0, kSegRX = 1, kSegRW = 2 };

SegKind SegOf(SectionKind k) {
  switch (k) {
    case SectionKind::kText: return kSegRX;
    case SectionKind::kRodata:
    case SectionKind::kDataRelRo: return kSegR;
    case SectionKind::kData:
    case SectionKind::kBss: return kSegRW;
  }
  return kSegRW;
}

struct OutSegment {
  uint32_t flags = 0;     // PF_*
  uint64_t vaddr = 0;
  uint64_t filesz = 0;
  uint64_t memsz = 0;
  uint64_t offset = 0;    // in the output file
  std::vector<uint8_t> bytes;  // filesz bytes
};

template <typename T>
void AppendPod(std::vector<uint8_t>& out, const T& v) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

// The first file offset at or after `at` that a segment at `vaddr` may have
// (p_offset and p_vaddr congruent modulo the page; `page` a power of two).
uint64_t FileOffsetFor(uint64_t at, uint64_t vaddr, uint64_t page) { return at + ((vaddr - at) & (page - 1)); }

}  // namespace

Result<std::vector<uint8_t>> LinkExecutable(const ObjectModule& object,
                                            std::span<const uint8_t> runtime_image, bool strip) {
  // 1. The descriptor in the object.
  int desc_sym = -1;
  for (size_t i = 0; i < object.symbols.size(); ++i)
    if (object.symbols[i].section >= 0 && object.symbols[i].name == kDescSymbol)
      desc_sym = static_cast<int>(i);
  if (desc_sym < 0)
    return LinkError("cannot link", "the object does not define wasmc_module_desc");
  const Symbol& desc = object.symbols[desc_sym];
  WASMC_CHECK(desc.section < static_cast<int32_t>(object.sections.size()));
  const Section& desc_sec = object.sections[desc.section];
  const SegKind desc_seg = SegOf(desc_sec.kind);
  if (desc_sec.kind == SectionKind::kBss)
    return LinkError("cannot link", "wasmc_module_desc is in a zero-fill section");

  // 2. Groups of sections, each laid out contiguously. With a relocatable runtime
  // (runtime.elf, runtime-min.elf; always, from the driver) the module shares the
  // runtime's segments: one group per ModuleSpace kind (the descriptor's section
  // first in its own), each placed in the room LinkRuntimeObject leaves for it, so
  // the executable has three PT_LOADs (R, RX, RW) instead of six (docs/performance.md,
  // "Size and start-up": fewer mappings at exec, fewer pages touched at start).
  // With a linked runtime image (ET_EXEC), the module gets its own page-aligned
  // segments above it: the descriptor's section first (so the symbol lands where the
  // image says) with the other read-only data, then text (AArch64 calls reach the
  // runtime within 128 MiB: the relocations check it), then data + bss.
  struct Group {
    uint32_t flags;
    std::vector<size_t> members;
    int room = -1;  // the ModuleSpace kind it fills (merged layout)
  };
  auto flags_of = [](SegKind k) -> uint32_t {
    return k == kSegR ? PF_R : k == kSegRX ? (PF_R | PF_X) : (PF_R | PF_W);
  };
  const bool merged = IsRelocatableRuntime(runtime_image);
  std::vector<Group> groups;
  if (merged) {
    groups = {{PF_R, {}, ModuleSpace::kR},
              {PF_R | PF_X, {}, ModuleSpace::kRX},
              {PF_R | PF_W, {}, ModuleSpace::kData},
              {PF_R | PF_W, {}, ModuleSpace::kBss}};
    auto room_of = [](const Section& s) {
      return s.kind == SectionKind::kBss ? ModuleSpace::kBss
             : SegOf(s.kind) == kSegR    ? ModuleSpace::kR
             : SegOf(s.kind) == kSegRX   ? ModuleSpace::kRX
                                         : ModuleSpace::kData;
    };
    groups[room_of(desc_sec)].members.push_back(static_cast<size_t>(desc.section));
    for (size_t i = 0; i < object.sections.size(); ++i)
      if (static_cast<int32_t>(i) != desc.section) groups[room_of(object.sections[i])].members.push_back(i);
  } else {
    groups = {{flags_of(desc_seg), {static_cast<size_t>(desc.section)}}};
    for (SegKind k : {kSegRX, kSegR, kSegRW}) {
      // A read-only descriptor takes the other read-only data into its segment: one
      // mapping (and page fault) less.
      Group g{flags_of(k), {}};
      if (k == kSegR && desc_seg == kSegR) {
        for (size_t i = 0; i < object.sections.size(); ++i)
          if (SegOf(object.sections[i].kind) == kSegR && static_cast<int32_t>(i) != desc.section)
            groups[0].members.push_back(i);
        continue;
      }
      for (int bss = 0; bss < 2; ++bss)  // data before bss
        for (size_t i = 0; i < object.sections.size(); ++i) {
          const Section& s = object.sections[i];
          if (SegOf(s.kind) != k || static_cast<int32_t>(i) == desc.section) continue;
          if ((s.kind == SectionKind::kBss) == (bss == 1)) g.members.push_back(i);
        }
      if (!g.members.empty()) groups.push_back(std::move(g));
    }
  }
  // Lays group `gi` out from `base` (aligned to its largest alignment): its
  // sections' addresses, and its segment's bytes (the zero-fill part in memsz) when
  // `fill` (without: the addresses and sizes only; merged, the bytes go straight into
  // the executable's block, append_group through ModuleSpace::append).
  std::vector<uint64_t> sec_addr(object.sections.size(), 0);
  std::vector<size_t> sec_seg(object.sections.size(), 0);
  std::vector<OutSegment> segs(groups.size());
  // Appends group `gi`'s filesz bytes to `out`: each section copied once, zeros
  // between (laid out already; the offsets in the group are those of any base
  // aligned for its members).
  auto append_group = [&](size_t gi, std::vector<uint8_t>& out) {
    const OutSegment& seg = segs[gi];
    const size_t start = out.size();
    for (size_t i : groups[gi].members) {
      const Section& s = object.sections[i];
      if (s.kind == SectionKind::kBss) continue;
      out.resize(start + (sec_addr[i] - seg.vaddr), 0);
      out.insert(out.end(), s.bytes.begin(), s.bytes.end());
    }
    out.resize(start + seg.filesz, 0);
  };
  auto lay_out = [&](size_t gi, uint64_t base, bool fill) {
    OutSegment& seg = segs[gi];
    seg = OutSegment{};
    seg.flags = groups[gi].flags;
    seg.vaddr = base;
    uint64_t cursor = base;
    bool in_bss = false;
    for (size_t i : groups[gi].members) {
      const Section& s = object.sections[i];
      uint64_t at = AlignUp(cursor, s.align ? s.align : 1);
      if (s.kind == SectionKind::kBss) {
        in_bss = true;
      } else {
        WASMC_CHECK(!in_bss);
        seg.filesz = at - seg.vaddr + s.bytes.size();
      }
      sec_addr[i] = at;
      sec_seg[i] = gi;
      cursor = at + s.bytes.size();
    }
    seg.memsz = cursor - seg.vaddr;
    if (!fill) return;
    // One block of the final size (the text of a large module is megabytes: no
    // reallocation, no fresh memory touched twice).
    seg.bytes.reserve(seg.filesz);
    append_group(gi, seg.bytes);
  };

  // 3. The runtime: a relocatable one is linked first, rooted at what this module
  // references (backend/link/runtime_link.h), with the module's rooms, into the block
  // that becomes the executable: the module's sections are copied into their rooms
  // there and relocated in place, so the link takes one large block, not three (the
  // image, the module's code segment, the executable; fresh memory whose first touch
  // cost ~5 ms per 2 MB on this project's VM, docs/performance.md "Session 18").
  std::vector<uint8_t> file;
  ModuleSpace space;
  if (merged) {
    std::vector<std::string> roots;
    for (const Symbol& s : object.symbols)
      if (s.section < 0) roots.push_back(s.name);
    for (size_t gi = 0; gi < groups.size(); ++gi) {
      const int room = groups[gi].room;
      lay_out(gi, 0, false);  // sizes (offset 0 is aligned for every member)
      space.size[room] = segs[gi].memsz;
      for (size_t i : groups[gi].members)
        space.align[room] = std::max<uint64_t>(space.align[room], object.sections[i].align);
    }
    // Each room's bytes straight into the image's block (the sizes pass above laid
    // every group out: its offsets hold at the room's address too).
    std::vector<size_t> group_of_room(ModuleSpace::kNumKinds, groups.size());
    for (size_t gi = 0; gi < groups.size(); ++gi) group_of_room[groups[gi].room] = gi;
    space.append = [&](int kind, std::vector<uint8_t>& out) { append_group(group_of_room[kind], out); };
    space.desc_kind = groups[sec_seg[desc.section]].room;
    space.desc_offset = sec_addr[desc.section] + desc.value;
    // What step 7 appends after the image's segments, beyond what the image's own
    // headers and tables took: the module's symbols and sections, their names, slack.
    space.tail = 1024;
    for (const Symbol& s : object.symbols) space.tail += sizeof(Elf64_Sym) + s.name.size() + 1;
    for (const Section& s : object.sections) space.tail += sizeof(Elf64_Shdr) + s.name.size() + 1;
    Result<std::vector<uint8_t>> linked = LinkRuntimeObject(runtime_image, object.target, roots, &space);
    space.append = nullptr;  // (it refers to this block's locals)
    if (!linked.ok()) return linked.diag();
    file = std::move(linked.value());
    runtime_image = file;
  }
  Result<ElfImage> parsed = ParseRuntimeImage(runtime_image, object.target);
  if (!parsed.ok()) return parsed.diag();
  ElfImage& img = parsed.value();
  const uint64_t page = GetTarget(object.target).page_size;
  // Merged, step 7 writes over the image's headers and tables (after its segments):
  // the names its symbols and sections keep are read from copies.
  std::vector<uint8_t> image_strtab, image_shstrtab;
  if (merged) {
    image_strtab.assign(img.strtab.begin(), img.strtab.end());
    image_shstrtab.assign(img.shstrtab.begin(), img.shstrtab.end());
    img.strtab = image_strtab;
    img.shstrtab = image_shstrtab;
    img.bytes = {};
  }

  // 4. Where the image wants the descriptor.
  uint64_t desc_addr = 0;
  if (!img.Lookup(kDescSymbol, &desc_addr))
    return Diag(MakeDiag(DiagKind::kIo, 0, "invalid runtime image",
                         "it does not define wasmc_module_desc"));
  uint64_t image_end = 0;
  for (const Elf64_Phdr& p : img.loads) image_end = std::max(image_end, p.p_vaddr + p.p_memsz);
  if (!merged && image_end > WASMC_MODULE_BASE)
    return Diag(MakeDiag(DiagKind::kIo, 0, "invalid runtime image",
                         "it extends into the module region at " + Hex(WASMC_MODULE_BASE)));
  uint64_t desc_sec_addr = desc_addr - desc.value;
  if (!merged && (desc.value > desc_addr || desc_sec_addr < WASMC_MODULE_BASE))
    return LinkError("cannot link", "wasmc_module_desc is " + Hex(desc.value) +
                                        " bytes into its section; the layout allows " +
                                        Hex(desc_addr - WASMC_MODULE_BASE));
  if (desc_sec.align > 1 && desc_sec_addr % desc_sec.align != 0)
    return LinkError("cannot link", "wasmc_module_desc is not aligned in its section");

  // 5. Layout. Merged: each group at its room. Otherwise each segment starts on a
  // new page in memory, but in the file right after the previous one: its address
  // is chosen congruent to its file offset modulo the page (step 7 lays the file
  // out the same way), so the file has no padding to page boundaries (64 KiB on
  // AArch64). The file offsets follow the headers and the image's segments, whose
  // addresses are fixed.
  // When the image's first segment starts at file offset 0 (ld.lld puts the image's
  // own ELF and program headers there), it is copied to offset 0 and our ELF header
  // overwrites the image's; our program headers go after the segments. Otherwise the
  // headers come first and the segment follows at the next congruent offset: up to a
  // whole page (64 KiB on AArch64) of padding.
  const bool overlay = !img.loads.empty() && img.loads[0].p_offset == 0 &&
                       img.loads[0].p_filesz >= sizeof(Elf64_Ehdr) && img.loads[0].p_vaddr % page == 0;
  const size_t module_phdrs = merged ? 0 : groups.size();
  const uint64_t header_bytes = sizeof(Elf64_Ehdr) + (img.loads.size() + 1 + module_phdrs) * sizeof(Elf64_Phdr);
  uint64_t file_cursor = overlay ? 0 : header_bytes;
  for (const Elf64_Phdr& p : img.loads) file_cursor = FileOffsetFor(file_cursor, p.p_vaddr, page) + p.p_filesz;
  // A movable descriptor: its segment starts at the first module address congruent to
  // the file offset after the image (no padding in the file; up to a page otherwise,
  // 64 KiB on AArch64), and step 7 writes the address into the image's word.
  uint64_t desc_ptr_addr = 0;
  const bool movable_desc = img.Lookup(kDescPtrSymbol, &desc_ptr_addr);
  if (movable_desc && !merged) {
    desc_sec_addr = AlignUp(WASMC_MODULE_BASE + file_cursor % page, desc_sec.align ? desc_sec.align : 1);
    desc_addr = desc_sec_addr + desc.value;
  }
  uint64_t cursor = desc_sec_addr;
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    if (merged) {
      lay_out(gi, space.addr[groups[gi].room], false);
      cursor = std::max(cursor, segs[gi].vaddr + segs[gi].memsz);
      continue;
    }
    if (gi > 0) cursor = AlignUp(cursor, page) + file_cursor % page;
    lay_out(gi, cursor, true);
    cursor = segs[gi].vaddr + segs[gi].memsz;
    if (segs[gi].memsz) file_cursor = FileOffsetFor(file_cursor, segs[gi].vaddr, page) + segs[gi].filesz;
  }
  if (sec_addr[desc.section] != desc_sec_addr) WASMC_UNREACHABLE();
  // AArch64 calls reach the runtime only within +-128 MiB; relocations check it.
  if (cursor > (uint64_t{1} << 47)) return LinkError("cannot link", "module too large");

  // 6. Symbols: the object's own definitions (the first global one of a name), then
  // the image's.
  std::vector<uint64_t> sym_addr(object.symbols.size(), 0);
  std::unordered_map<std::string_view, size_t> own_globals;
  for (size_t i = 0; i < object.symbols.size(); ++i)
    if (object.symbols[i].section >= 0 && object.symbols[i].global) own_globals.emplace(object.symbols[i].name, i);
  for (size_t i = 0; i < object.symbols.size(); ++i) {
    const Symbol& s = object.symbols[i];
    if (s.section >= 0) {
      WASMC_CHECK(s.section < static_cast<int32_t>(object.sections.size()));
      sym_addr[i] = sec_addr[s.section] + s.value;
      continue;
    }
    uint64_t v = 0;
    const auto own = own_globals.find(s.name);
    const bool found = own != own_globals.end();
    if (found) v = sec_addr[object.symbols[own->second].section] + object.symbols[own->second].value;
    if (!found && !img.Lookup(s.name, &v))
      return LinkError("undefined symbol: " + s.name,
                       "defined neither by the module nor by the runtime");
    sym_addr[i] = v;
  }

  // 7. File layout: headers, image segments (merged: already in place), module
  // segments (merged: copied into their rooms in the image's, then relocated there;
  // otherwise relocated in their own blocks, then appended), then sections.
  std::vector<Elf64_Phdr> phdrs;
  size_t num_phdrs = img.loads.size() + 1;  // + PT_GNU_STACK
  for (const OutSegment& s : segs) num_phdrs += s.memsz && !merged ? 1 : 0;
  // Room for as many headers as step 5 assumed, so the offsets come out as planned.
  WASMC_CHECK(num_phdrs <= img.loads.size() + 1 + module_phdrs);
  if (!merged) file.assign(overlay ? 0 : header_bytes, 0);
  // All of the file in one block (merged: the image's, reserved with `space.tail`):
  // grown by doubling, a 2 MB executable took a 4 MB block and a copy, fresh memory
  // whose first touch can cost milliseconds a page on this project's VM
  // (docs/performance.md, "The link's spikes"). A bound: the image (its loads,
  // symbols, strings and section headers are all in it), each segment with a page of
  // padding, the module's own segments, symbols and sections with their names.
  if (!merged) {
    uint64_t bound = header_bytes + runtime_image.size() + (img.loads.size() + segs.size() + 1) * page + 256;
    for (const OutSegment& s : segs) bound += s.filesz;
    for (const Symbol& s : object.symbols) bound += sizeof(Elf64_Sym) + s.name.size() + 1;
    for (const Section& s : object.sections) bound += sizeof(Elf64_Shdr) + s.name.size() + 1;
    file.reserve(bound);
  }
  uint64_t file_end = file.size();  // merged: the end of the segments so far
  if (merged) {
    WASMC_CHECK(overlay);  // LinkRuntimeObject's layout
    file_end = 0;
  }
  for (const Elf64_Phdr& p : img.loads) {
    uint64_t off = FileOffsetFor(file_end, p.p_vaddr, page);
    if (merged) {
      WASMC_CHECK(off == p.p_offset);  // laid out by the same rule
    } else {
      file.resize(off, 0);
      file.insert(file.end(), img.bytes.begin() + p.p_offset, img.bytes.begin() + p.p_offset + p.p_filesz);
    }
    file_end = off + p.p_filesz;
    Elf64_Phdr out = p;
    out.p_offset = off;
    out.p_align = std::max<uint64_t>(p.p_align, page);
    phdrs.push_back(out);
  }
  for (OutSegment& s : segs) {
    if (!s.memsz || !merged) continue;
    // In its room: inside an image segment, the file bytes within its file part.
    const Elf64_Phdr* in = nullptr;
    for (const Elf64_Phdr& p : phdrs)
      if (s.vaddr >= p.p_vaddr && s.vaddr - p.p_vaddr <= p.p_memsz && s.memsz <= p.p_memsz - (s.vaddr - p.p_vaddr))
        in = &p;
    if (!in || (s.filesz && (s.vaddr - in->p_vaddr > in->p_filesz || s.filesz > in->p_filesz - (s.vaddr - in->p_vaddr))))
      return Diag(MakeDiag(DiagKind::kIo, 0, "invalid runtime image", "the module's room is not in a loaded segment"));
    s.offset = in->p_offset + (s.vaddr - in->p_vaddr);
  }
  if (merged) file.resize(file_end);  // the image's headers and tables go; ours follow
  // 8. Relocations, applied to the segment bytes (merged: in the executable's block).
  for (size_t i = 0; i < object.sections.size(); ++i) {
    const Section& s = object.sections[i];
    if (s.relocs.empty()) continue;
    if (s.kind == SectionKind::kBss) return LinkError("cannot link", "relocation in .bss");
    OutSegment& seg = segs[sec_seg[i]];
    // The section's bytes where they are linked, and its address (per section: one
    // relocation per call and address of the code, ~14,000 for SQLite).
    uint8_t* const sec_bytes = (merged ? file.data() + seg.offset : seg.bytes.data()) + (sec_addr[i] - seg.vaddr);
    const uint64_t sec_size = s.bytes.size();
    for (const Reloc& r : s.relocs) {
      WASMC_CHECK(r.symbol < sym_addr.size());
      const unsigned width = RelocWidth(r.kind);
      if (r.offset > sec_size || sec_size - r.offset < width)
        return LinkError("bad relocation", "offset " + Hex(r.offset) + " outside " + s.name);
      const uint64_t place = sec_addr[i] + r.offset;
      const uint64_t value = sym_addr[r.symbol] + static_cast<uint64_t>(r.addend);
      std::string why = ApplyReloc(object.target, r.kind, std::span<uint8_t>(sec_bytes + r.offset, width), place, value);
      if (!why.empty())
        return LinkError("relocation out of range",
                         why + ": " + s.name + "+" + Hex(r.offset) + " -> " +
                             object.symbols[r.symbol].name);
    }
  }

  for (OutSegment& s : segs) {
    if (!s.memsz || merged) continue;
    uint64_t off = FileOffsetFor(file.size(), s.vaddr, page);
    file.resize(off, 0);
    s.offset = off;
    file.insert(file.end(), s.bytes.begin(), s.bytes.end());
    Elf64_Phdr p{};
    p.p_type = PT_LOAD;
    p.p_flags = s.flags;
    p.p_offset = off;
    p.p_vaddr = p.p_paddr = s.vaddr;
    p.p_filesz = s.filesz;
    p.p_memsz = s.memsz;
    p.p_align = page;
    phdrs.push_back(p);
  }
  // An image word at `addr` (in a loaded segment's file bytes) = value.
  auto patch_word = [&](uint64_t addr, uint64_t value) {
    for (const Elf64_Phdr& p : phdrs)
      if (addr >= p.p_vaddr && p.p_filesz >= 8 && addr - p.p_vaddr <= p.p_filesz - 8) {
        for (int b = 0; b < 8; ++b) file[p.p_offset + (addr - p.p_vaddr) + b] = static_cast<uint8_t>(value >> (8 * b));
        return true;
      }
    return false;
  };
  auto not_loaded = [](const char* name) {
    return MakeDiag(DiagKind::kIo, 0, "invalid runtime image", std::string(name) + " is not in a loaded segment");
  };
  // the image's wasmc_module_desc_ptr = the descriptor's address
  if (movable_desc && !patch_word(desc_ptr_addr, desc_addr)) return not_loaded(kDescPtrSymbol);
  if (uint64_t end_addr = 0; img.Lookup(kImageEndSymbol, &end_addr)) {
    uint64_t end = 0;
    for (const Elf64_Phdr& p : phdrs) end = std::max(end, p.p_vaddr + p.p_memsz);
    if (!patch_word(end_addr, end)) return not_loaded(kImageEndSymbol);
  }
  uint64_t phoff = sizeof(Elf64_Ehdr);
  if (overlay) {  // the program headers after the segments (the kernel reads them at e_phoff)
    while (file.size() % 8) file.push_back(0);
    phoff = file.size();
    file.resize(file.size() + (img.loads.size() + 1 + module_phdrs) * sizeof(Elf64_Phdr), 0);
  }
  {
    Elf64_Phdr p{};
    p.p_type = PT_GNU_STACK;
    p.p_flags = PF_R | PF_W;
    p.p_align = 16;
    phdrs.push_back(p);
  }

  // Section headers: the image's allocated sections (moved with their
  // segments), the module's sections, .symtab, .strtab, .shstrtab.
  StringTable shstr, str;
  std::vector<Elf64_Shdr> shdrs(1);
  std::vector<uint16_t> image_shndx(img.sections.size(), SHN_UNDEF);
  for (size_t i = 1; i < img.sections.size(); ++i) {
    Elf64_Shdr s = img.sections[i];
    if (!(s.sh_flags & SHF_ALLOC)) continue;
    size_t seg = img.loads.size();
    for (size_t j = 0; j < img.loads.size(); ++j)
      if (s.sh_addr >= img.loads[j].p_vaddr &&
          s.sh_addr + (s.sh_type == SHT_NOBITS ? 0 : s.sh_size) <=
              img.loads[j].p_vaddr + img.loads[j].p_memsz)
        seg = j;
    if (seg == img.loads.size()) continue;
    s.sh_name = shstr.Add(img.Name(img.shstrtab, img.sections[i].sh_name));
    s.sh_offset = phdrs[seg].p_offset + (s.sh_addr - img.loads[seg].p_vaddr);
    s.sh_link = 0;
    image_shndx[i] = static_cast<uint16_t>(shdrs.size());
    shdrs.push_back(s);
  }
  std::vector<uint16_t> module_shndx(object.sections.size(), SHN_UNDEF);
  for (size_t i = 0; i < object.sections.size(); ++i) {
    const Section& s = object.sections[i];
    const OutSegment& seg = segs[sec_seg[i]];
    Elf64_Shdr h{};
    h.sh_name = shstr.Add(s.name);
    h.sh_type = s.kind == SectionKind::kBss ? SHT_NOBITS : SHT_PROGBITS;
    h.sh_flags = SHF_ALLOC | (s.kind == SectionKind::kText ? SHF_EXECINSTR : 0) |
                 (SegOf(s.kind) == kSegRW ? SHF_WRITE : 0);
    h.sh_addr = sec_addr[i];
    h.sh_offset = seg.offset + (sec_addr[i] - seg.vaddr);
    h.sh_size = s.bytes.size();
    h.sh_addralign = s.align ? s.align : 1;
    module_shndx[i] = static_cast<uint16_t>(shdrs.size());
    shdrs.push_back(h);
  }

  // .symtab: locals (image then module) first, then globals. Its entries and names in
  // one block each (the image's names and the module's: bounds).
  std::vector<Elf64_Sym> syms(1);
  syms.reserve(img.symbols.size() + object.symbols.size() + 1);
  size_t name_bytes = img.strtab.size();
  for (const Symbol& s : object.symbols) name_bytes += s.name.size() + 1;
  str.Reserve(name_bytes);
  for (int pass = 0; pass < 2; ++pass) {
    bool want_local = pass == 0;
    for (const Elf64_Sym& s : img.symbols) {
      if (&s == &img.symbols[0]) continue;
      uint8_t type = ELF64_ST_TYPE(s.st_info);
      if (type == STT_SECTION || (ELF64_ST_BIND(s.st_info) == STB_LOCAL) != want_local) continue;
      std::string_view name = img.Name(img.strtab, s.st_name);
      if (name == kDescSymbol || s.st_shndx == SHN_UNDEF) continue;  // the module defines it
      Elf64_Sym o = s;
      o.st_name = str.Add(name);
      if (s.st_shndx != SHN_ABS && s.st_shndx < SHN_LORESERVE) {
        if (s.st_shndx >= image_shndx.size() || image_shndx[s.st_shndx] == SHN_UNDEF) continue;
        o.st_shndx = image_shndx[s.st_shndx];
      }
      syms.push_back(o);
    }
    for (size_t i = 0; i < object.symbols.size(); ++i) {
      const Symbol& s = object.symbols[i];
      if (s.section < 0 || s.global == want_local) continue;
      Elf64_Sym o{};
      o.st_name = str.Add(s.name);
      o.st_info = ELF64_ST_INFO(s.global ? STB_GLOBAL : STB_LOCAL,
                                s.function ? STT_FUNC : STT_OBJECT);
      o.st_shndx = module_shndx[s.section];
      o.st_value = sym_addr[i];
      o.st_size = s.size;
      syms.push_back(o);
    }
  }
  uint32_t first_global = 1;
  while (first_global < syms.size() && ELF64_ST_BIND(syms[first_global].st_info) == STB_LOCAL)
    ++first_global;

  auto add_blob = [&](const char* name, uint32_t type, const std::vector<uint8_t>& bytes,
                      uint64_t align, uint64_t entsize) {
    while (file.size() % align) file.push_back(0);
    Elf64_Shdr h{};
    h.sh_name = shstr.Add(name);
    h.sh_type = type;
    h.sh_offset = file.size();
    h.sh_size = bytes.size();
    h.sh_addralign = align;
    h.sh_entsize = entsize;
    file.insert(file.end(), bytes.begin(), bytes.end());
    shdrs.push_back(h);
    return shdrs.size() - 1;
  };
  std::vector<uint8_t> sym_bytes;
  for (const Elf64_Sym& s : syms) AppendPod(sym_bytes, s);
  if (!strip) {  // --strip: a shipped binary needs no symbols (backtraces use the descriptor)
    size_t symtab = add_blob(".symtab", SHT_SYMTAB, sym_bytes, 8, sizeof(Elf64_Sym));
    size_t strtab = add_blob(".strtab", SHT_STRTAB, str.bytes(), 1, 0);
    shdrs[symtab].sh_link = static_cast<uint32_t>(strtab);
    shdrs[symtab].sh_info = first_global;
  }
  Elf64_Ehdr eh = img.header;
  eh.e_phoff = phoff;
  eh.e_phnum = static_cast<uint16_t>(phdrs.size());
  // --strip: no section headers either (about 600 bytes; the kernel loads by the
  // program headers alone, and a debugger wants the unstripped build anyway).
  eh.e_shoff = eh.e_shnum = eh.e_shstrndx = 0;
  if (!strip) {
    size_t shstrtab = add_blob(".shstrtab", SHT_STRTAB, shstr.bytes(), 1, 0);
    if (shdrs.size() >= SHN_LORESERVE) return LinkError("cannot link", "too many sections");
    while (file.size() % 8) file.push_back(0);
    eh.e_shoff = file.size();
    for (const Elf64_Shdr& h : shdrs) AppendPod(file, h);
    eh.e_shnum = static_cast<uint16_t>(shdrs.size());
    eh.e_shstrndx = static_cast<uint16_t>(shstrtab);
  }
  std::memcpy(file.data(), &eh, sizeof eh);
  std::memcpy(file.data() + phoff, phdrs.data(), phdrs.size() * sizeof(Elf64_Phdr));
  return file;
}

}  // namespace wasmc
