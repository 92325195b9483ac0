#include "backend/loader/loader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "backend/link/reloc_apply.h"
#include "backend/target.h"

namespace wasmc {
namespace {

// A call stub (TargetInfo::write_call_stub): an absolute jump through an 8-byte
// literal, 16 bytes on every target.
constexpr size_t kStubSize = 16;

size_t AlignUp(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

// Protection groups, in mapping order; each starts on a page boundary.
enum Group { kExec, kReadOnly, kWritable, kNumGroups };

Group GroupOf(SectionKind k) {
  switch (k) {
    case SectionKind::kText: return kExec;
    case SectionKind::kRodata:
    case SectionKind::kDataRelRo: return kReadOnly;
    case SectionKind::kData:
    case SectionKind::kBss: return kWritable;
  }
  WASMC_UNREACHABLE();
}

Diag LoadError(std::string what, std::string why = {}) {
  return MakeDiag(DiagKind::kUnsupported, 0, std::move(what), std::move(why));
}

}  // namespace

LoadedObject::~LoadedObject() {
  if (base_ != nullptr) munmap(base_, size_);
}

void* LoadedObject::GlobalSymbol(const std::string& name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : reinterpret_cast<void*>(it->second);
}

Result<std::unique_ptr<LoadedObject>> LoadObject(const ObjectModule& obj,
                                                 const SymbolResolver& resolve) {
  const TargetInfo& target = GetTarget(obj.target);
  if (!target.is_host)
    return LoadError("in-process loading needs a host of the object's ISA", target.triple);
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));

  // Undefined symbols reached by calls get a stub at the end of the text group.
  std::vector<int64_t> stub_of(obj.symbols.size(), -1);
  size_t num_stubs = 0;
  for (const Section& s : obj.sections)
    for (const Reloc& r : s.relocs)
      if (target.is_stubbed_call(r.kind) && obj.symbols[r.symbol].section < 0 &&
          stub_of[r.symbol] < 0)
        stub_of[r.symbol] = static_cast<int64_t>(num_stubs++);

  // Place sections: group by group, each section at its alignment.
  std::vector<size_t> section_offset(obj.sections.size());
  size_t group_start[kNumGroups + 1];
  size_t stubs_offset = 0;
  size_t cursor = 0;
  for (int g = 0; g < kNumGroups; ++g) {
    cursor = AlignUp(cursor, page);
    group_start[g] = cursor;
    for (size_t i = 0; i < obj.sections.size(); ++i) {
      const Section& s = obj.sections[i];
      if (GroupOf(s.kind) != g) continue;
      cursor = AlignUp(cursor, s.align == 0 ? 1 : s.align);
      section_offset[i] = cursor;
      cursor += s.bytes.size();
    }
    if (g == kExec) {
      cursor = AlignUp(cursor, kStubSize);
      stubs_offset = cursor;
      cursor += num_stubs * kStubSize;
    }
  }
  cursor = AlignUp(cursor, page);
  group_start[kNumGroups] = cursor;
  if (cursor == 0) cursor = page;

  void* map = mmap(nullptr, cursor, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) return LoadError("cannot map memory for the loaded object", strerror(errno));
  std::unique_ptr<LoadedObject> out(new LoadedObject);
  out->base_ = map;
  out->size_ = cursor;
  uint8_t* base = static_cast<uint8_t*>(map);

  for (size_t i = 0; i < obj.sections.size(); ++i) {
    const Section& s = obj.sections[i];
    if (s.kind != SectionKind::kBss && !s.bytes.empty())
      std::memcpy(base + section_offset[i], s.bytes.data(), s.bytes.size());
  }

  // Symbol addresses. An undefined symbol no relocation uses (the runtime features a
  // module names, compiler/lower/descriptor.cc) needs none.
  std::vector<bool> used(obj.symbols.size(), false);
  for (const Section& s : obj.sections)
    for (const Reloc& r : s.relocs)
      if (r.symbol < used.size()) used[r.symbol] = true;
  out->symbol_addresses_.resize(obj.symbols.size());
  for (size_t i = 0; i < obj.symbols.size(); ++i) {
    const Symbol& sym = obj.symbols[i];
    uintptr_t addr;
    if (sym.section >= 0) {
      WASMC_CHECK(static_cast<size_t>(sym.section) < obj.sections.size());
      addr = reinterpret_cast<uintptr_t>(base + section_offset[sym.section] + sym.value);
      if (sym.global) out->globals_[sym.name] = addr;
    } else {
      const void* p = resolve(sym.name);
      if (p == nullptr && used[i]) return LoadError("unresolved symbol in loaded object", sym.name);
      addr = reinterpret_cast<uintptr_t>(p);
    }
    out->symbol_addresses_[i] = addr;
  }
  for (size_t i = 0; i < obj.symbols.size(); ++i) {
    if (stub_of[i] < 0) continue;
    target.write_call_stub(base + stubs_offset + stub_of[i] * kStubSize, out->symbol_addresses_[i]);
  }

  // Relocations.
  for (size_t i = 0; i < obj.sections.size(); ++i) {
    const Section& s = obj.sections[i];
    uint8_t* sec = base + section_offset[i];
    for (const Reloc& r : s.relocs) {
      WASMC_CHECK(r.symbol < obj.symbols.size());
      WASMC_CHECK(r.offset + RelocWidth(r.kind) <= s.bytes.size());
      uint8_t* p = sec + r.offset;
      uint64_t value = out->symbol_addresses_[r.symbol];
      if (target.is_stubbed_call(r.kind) && stub_of[r.symbol] >= 0) {
        // A stub only stands in for code: a data reference must reach the symbol.
        if (!r.is_call)
          return LoadError("PC-relative data reference to an external symbol",
                           obj.symbols[r.symbol].name);
        value = reinterpret_cast<uintptr_t>(base + stubs_offset + stub_of[r.symbol] * kStubSize);
      }
      // The same relocation semantics (and range checks) as wasmc's linker.
      std::string error = ApplyReloc(obj.target, r.kind, std::span<uint8_t>(p, RelocWidth(r.kind)),
                                     reinterpret_cast<uintptr_t>(p),
                                     value + static_cast<uint64_t>(r.addend));
      if (!error.empty())
        return LoadError("cannot apply a relocation in the loaded object",
                         error + ": " + obj.symbols[r.symbol].name);
    }
  }

#if defined(__aarch64__)
  // The instruction cache does not snoop the data writes above.
  __builtin___clear_cache(reinterpret_cast<char*>(base + group_start[kExec]),
                          reinterpret_cast<char*>(base + group_start[kExec + 1]));
#endif
  auto protect = [&](Group g, int prot) {
    size_t len = group_start[g + 1] - group_start[g];
    return len == 0 || mprotect(base + group_start[g], len, prot) == 0;
  };
  if (!protect(kExec, PROT_READ | PROT_EXEC) || !protect(kReadOnly, PROT_READ))
    return LoadError("cannot protect the loaded object's memory", strerror(errno));
  return out;
}

}  // namespace wasmc
