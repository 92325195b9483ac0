// DecodeModule: the WebAssembly 2.0 binary format, section by section, into Module.
//
// Structure only: function bodies are located (Code::body_offset/end_offset) but
// not decoded; the validator walks them. Every section is read through a Reader
// bounded by the section's declared size, so nothing can read past its section,
// and a section whose contents stop short of its size is "section size mismatch".
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/debuginfo/dwarf.h"
#include "compiler/decode/const_expr.h"
#include "compiler/decode/name_section.h"
#include "compiler/decode/post20.h"
#include "compiler/decode/reader.h"
#include "compiler/wasmc.h"

namespace wasmc {
namespace {

enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
  kTagSection = 13,  // exception handling (3.0)
};
constexpr uint8_t kLastSectionId = kTagSection;

const char* SectionName(uint8_t id) {
  static constexpr const char* kNames[] = {"custom", "type",   "import", "function", "table",
                                           "memory", "global", "export", "start",    "element",
                                           "code",   "data",   "data count", "tag"};
  return id <= kLastSectionId ? kNames[id] : "?";
}

// Position of a non-custom section in the required order (data count sits
// between element and code; tag between memory and global).
int SectionRank(uint8_t id) {
  static constexpr int kRank[] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 110, 120, 100, 55};
  return kRank[id];
}

constexpr int64_t kFuncTypeForm = -0x20;  // 0x60 read as the spec's s7 LEB
constexpr uint8_t kElemKindFuncRef = 0x00;
constexpr uint64_t kMaxLocals = 0xffffffffull;
constexpr uint8_t kEndOpcode = 0x0b;

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%02llx", static_cast<unsigned long long>(v));
  return buf;
}

// A vector count is never trusted for allocation: every entry uses at least one
// byte, so at most remaining() entries can follow.
size_t ReserveFor(uint32_t count, const Reader& r) {
  return static_cast<size_t>(std::min<uint64_t>(count, r.remaining()));
}

// A vector: its u32 count, then that many items, each read by `item` (false: stop);
// with `list`, room for the count (as ReserveFor allows) is reserved there first.
template <class T, class Item>
bool DecodeVector(Reader& r, std::vector<T>* list, Item&& item) {
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  if (list) list->reserve(list->size() + ReserveFor(count, r));
  for (uint32_t i = 0; i < count; ++i)
    if (!item()) return false;
  return true;
}
// A section that holds one u32 (start, data count): the value, and that it is there.
bool ReadPresentU32(Reader& r, uint32_t* value, bool* present) {
  if (!r.ReadU32(value)) return false;
  *present = true;
  return true;
}

template <class Item>
bool DecodeVector(Reader& r, Item&& item) {
  return DecodeVector(r, static_cast<std::vector<char>*>(nullptr), item);
}

class ModuleDecoder {
 public:
  explicit ModuleDecoder(Module* m) : m_(*m), all_(m->bytes) {}

  Status Decode();

 private:
  bool DecodeSection(uint8_t id, Reader& r);
  bool DecodeTypes(Reader& r);
  bool DecodeImports(Reader& r);
  bool DecodeFunctions(Reader& r);
  bool DecodeTables(Reader& r);
  bool DecodeMemories(Reader& r);
  bool DecodeGlobals(Reader& r);
  bool DecodeTags(Reader& r);
  bool DecodeTagType(Reader& r, uint32_t* type_index);
  bool DecodeExports(Reader& r);
  bool DecodeStart(Reader& r);
  bool DecodeElements(Reader& r);
  bool DecodeElement(Reader& r, ElemSegment* seg);
  bool DecodeDataCount(Reader& r);
  bool DecodeCode(Reader& r);
  bool DecodeCodeEntry(Reader& r, bool is_last, Code* code);
  bool DecodeData(Reader& r);
  bool DecodeCustom(Reader& r);

  bool DecodeLimits(Reader& r, Limits* out, bool shared_ok = false);
  bool DecodeTableType(Reader& r, TableType* out);
  bool DecodeGlobalType(Reader& r, GlobalType* out);

  Module& m_;
  std::span<const uint8_t> all_;
  uint32_t num_declared_funcs_ = 0;  // entries of the function section
  bool has_code_section_ = false;
  bool has_data_section_ = false;
  uint64_t section_end_ = 0;         // end of the section being decoded
};

Status ModuleDecoder::Decode() {
  const uint64_t size = all_.size();
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (size < 4) return MakeDiag(DiagKind::kMalformed, size, "unexpected end", "no magic header");
  if (!std::equal(kMagic, kMagic + 4, all_.begin())) {
    return MakeDiag(DiagKind::kMalformed, 0, "magic header not detected",
                    "a module starts with \\0asm");
  }
  if (size < 8) return MakeDiag(DiagKind::kMalformed, size, "unexpected end", "no version");
  if (!std::equal(kVersion, kVersion + 4, all_.begin() + 4)) {
    return MakeDiag(DiagKind::kMalformed, 4, "unknown binary version", "only version 1 exists");
  }

  Reader top(all_, 8, size);
  top.set_eof_message("unexpected end");
  int last_rank = 0;
  uint8_t last_id = kCustomSection;
  while (!top.AtEnd()) {
    const uint64_t id_offset = top.offset();
    uint8_t id = 0;
    uint32_t section_size = 0;
    if (!top.ReadU8(&id)) return top.diag();
    if (id > kLastSectionId) {
      // A tag section (3.0) has at least its count byte: an empty one is malformed.
      uint8_t next = 0;
      if (const char* feature = Post20SectionFeature(id); feature && top.PeekU8(&next) && next != 0)
        return Post20Diag(id_offset, feature);
      return MakeDiag(DiagKind::kMalformed, id_offset, "malformed section id",
                      "section id " + std::to_string(id));
    }
    const uint64_t size_offset = top.offset();
    if (!top.ReadU32(&section_size)) return top.diag();
    if (section_size > top.remaining()) {
      return MakeDiag(DiagKind::kMalformed, size_offset, "length out of bounds",
                      std::string(SectionName(id)) + " section of " +
                          std::to_string(section_size) + " bytes, " +
                          std::to_string(top.remaining()) + " left");
    }
    if (id != kCustomSection) {
      if (SectionRank(id) <= last_rank) {
        return MakeDiag(DiagKind::kMalformed, id_offset, "unexpected content after last section",
                        std::string(SectionName(id)) + " section after " + SectionName(last_id) +
                            " section");
      }
      last_rank = SectionRank(id);
      last_id = id;
    }
    const uint64_t begin = top.offset();
    section_end_ = begin + section_size;
    Reader r(all_, begin, section_end_);
    if (!DecodeSection(id, r)) return r.diag();
    if (!r.AtEnd()) {
      return MakeDiag(DiagKind::kMalformed, r.offset(), "section size mismatch",
                      std::string(SectionName(id)) + " section declares " +
                          std::to_string(section_size) + " bytes, contents use " +
                          std::to_string(r.offset() - begin));
    }
    top.Skip(section_size);
  }

  if (num_declared_funcs_ != 0 && !has_code_section_) {
    return MakeDiag(DiagKind::kMalformed, size, "function and code section have inconsistent lengths",
                    std::to_string(num_declared_funcs_) + " functions declared, no code section");
  }
  if (m_.has_data_count && !has_data_section_ && m_.data_count != 0) {
    return MakeDiag(DiagKind::kMalformed, size,
                    "data count and data section have inconsistent lengths",
                    "data count " + std::to_string(m_.data_count) + ", no data section");
  }
  return Status::Ok();
}

bool ModuleDecoder::DecodeSection(uint8_t id, Reader& r) {
  switch (id) {
    case kCustomSection: return DecodeCustom(r);
    case kTypeSection: return DecodeTypes(r);
    case kImportSection: return DecodeImports(r);
    case kFunctionSection: return DecodeFunctions(r);
    case kTableSection: return DecodeTables(r);
    case kMemorySection: return DecodeMemories(r);
    case kGlobalSection: return DecodeGlobals(r);
    case kExportSection: return DecodeExports(r);
    case kStartSection: return DecodeStart(r);
    case kElementSection: return DecodeElements(r);
    case kCodeSection: return DecodeCode(r);
    case kDataSection: return DecodeData(r);
    case kDataCountSection: return DecodeDataCount(r);
    case kTagSection: return DecodeTags(r);
  }
  WASMC_UNREACHABLE();
}

bool ModuleDecoder::DecodeCustom(Reader& r) {
  CustomSection c;
  c.offset = r.offset();
  if (!r.ReadName(&c.name)) return false;
  const uint64_t payload_begin = r.offset();
  if (!r.ReadBytes(r.remaining(), &c.payload)) return false;
  // A malformed name section is ignored (custom sections never invalidate a module).
  if (c.name == "name") DecodeNameSection(all_, payload_begin, r.offset(), &m_.names);
  m_.customs.push_back(std::move(c));
  return true;
}

bool ModuleDecoder::DecodeTypes(Reader& r) {
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  m_.types.reserve(ReserveFor(count, r));
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t at = r.offset();
    int64_t form;
    if (!r.ReadVarSN(7, &form)) return false;
    if (form != kFuncTypeForm) {
      if (const char* feature = Post20TypeFormFeature(all_[at])) return r.FailPost20(at, feature);
      return r.Fail(at, "malformed function type", "expected 0x60, got " + Hex(all_[at]));
    }
    FuncType ft;
    for (std::vector<ValType>* list : {&ft.params, &ft.results}) {
      uint32_t n;
      if (!r.ReadU32(&n)) return false;
      list->reserve(ReserveFor(n, r));
      for (uint32_t k = 0; k < n; ++k) {
        ValType t;
        if (!r.ReadValType(&t)) return false;
        list->push_back(t);
      }
    }
    m_.types.push_back(std::move(ft));
  }
  CanonicalizeTypes(m_);
  return true;
}

bool ModuleDecoder::DecodeLimits(Reader& r, Limits* out, bool shared_ok) {
  // The flags are a one-bit varuint in 2.0: 0x02 (shared, on a table) and 0x04
  // (memory64) are "integer too large", 0x81 0x00 is "integer representation too
  // long". Memories (shared_ok) also take the threads flags 0x02 / 0x03.
  uint64_t flags;
  uint32_t min, max = 0;
  uint8_t first = 0;
  if (r.PeekU8(&first) && (first == 0x04 || first == 0x05)) {  // i64 address type (3.0)
    r.Skip(1);
    out->is64 = true;
    out->has_max = first == 0x05;
    return r.ReadU64(&out->min) && (!out->has_max || r.ReadU64(&out->max));
  }
  if (r.PeekU8(&first))
    if (const char* feature = Post20LimitsFeature(first)) return r.FailPost20(r.offset(), feature);
  // Threads: 0x02 / 0x03 mark a shared memory (validation requires its maximum).
  if (shared_ok && (first == 0x02 || first == 0x03)) {
    uint8_t byte;
    if (!r.ReadU8(&byte) || !r.ReadU32(&min)) return false;
    if (first == 0x03 && !r.ReadU32(&max)) return false;
    *out = Limits{min, max, first == 0x03};
    out->shared = true;
    return true;
  }
  if (!r.ReadVarUN(1, &flags) || !r.ReadU32(&min)) return false;
  if (flags == 1 && !r.ReadU32(&max)) return false;
  out->min = min;
  out->max = max;
  out->has_max = flags == 1;
  return true;
}

bool ModuleDecoder::DecodeTableType(Reader& r, TableType* out) {
  return r.ReadRefType(&out->elem) && DecodeLimits(r, &out->limits);
}

bool ModuleDecoder::DecodeGlobalType(Reader& r, GlobalType* out) {
  if (!r.ReadValType(&out->type)) return false;
  const uint64_t at = r.offset();
  uint8_t mut;
  if (!r.ReadU8(&mut)) return false;
  if (mut > 1) return r.Fail(at, "malformed mutability", "expected 0x00 or 0x01, got " + Hex(mut));
  out->mut = mut == 1;
  return true;
}

bool ModuleDecoder::DecodeImports(Reader& r) {
  return DecodeVector(r, &m_.imports, [&] {
    Import im;
    im.offset = r.offset();
    if (!r.ReadName(&im.module) || !r.ReadName(&im.name)) return false;
    const uint64_t kind_at = r.offset();
    uint8_t kind;
    if (!r.ReadU8(&kind)) return false;
    // Each kind: its type, then the import joins the module's index space of that kind.
    auto add = [&](ExternKind k, auto& space, const auto& type, uint32_t& num_imported) {
      im.kind = k;
      space.push_back(type);
      ++num_imported;
      return true;
    };
    bool ok;
    switch (kind) {
      case 0: ok = r.ReadU32(&im.type_index) && add(ExternKind::kFunc, m_.func_types, im.type_index, m_.num_imported_funcs); break;
      case 1: ok = DecodeTableType(r, &im.table) && add(ExternKind::kTable, m_.tables, im.table, m_.num_imported_tables); break;
      case 2: ok = DecodeLimits(r, &im.memory.limits, /*shared_ok=*/true) && add(ExternKind::kMemory, m_.memories, im.memory, m_.num_imported_memories); break;
      case 3: ok = DecodeGlobalType(r, &im.global) && add(ExternKind::kGlobal, m_.globals, im.global, m_.num_imported_globals); break;
      case 4: ok = DecodeTagType(r, &im.type_index) && add(ExternKind::kTag, m_.tags, im.type_index, m_.num_imported_tags); break;
      default:
        if (const char* feature = Post20ExternKindFeature(kind)) return r.FailPost20(kind_at, feature);
        return r.Fail(kind_at, "malformed import kind", "import kind " + Hex(kind));
    }
    if (!ok) return false;
    m_.imports.push_back(std::move(im));
    return true;
  });
}

bool ModuleDecoder::DecodeFunctions(Reader& r) {
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  m_.func_types.reserve(m_.func_types.size() + ReserveFor(count, r));
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t type_index;
    if (!r.ReadU32(&type_index)) return false;
    m_.func_types.push_back(type_index);
  }
  num_declared_funcs_ = count;
  return true;
}

bool ModuleDecoder::DecodeTables(Reader& r) {
  return DecodeVector(r, [&] {
    TableType t;
    uint8_t first = 0;  // 0x40 0x00: a table type with an initializer expression (3.0)
    if (r.PeekU8(&first) && first == 0x40) {
      const uint64_t at = r.offset();
      uint8_t b0, b1;
      if (!r.ReadU8(&b0) || !r.ReadU8(&b1)) return false;
      if (b1 != 0) return r.Fail(at + 1, "malformed table type", "expected 0x00 after 0x40, got " + Hex(b1));
      ConstExpr init;
      if (!r.ReadRefType(&t.elem) || !DecodeLimits(r, &t.limits) || !DecodeConstExpr(r, m_, &init))
        return false;
      t.init = static_cast<uint32_t>(m_.table_inits.size());
      m_.table_inits.push_back(std::move(init));
    } else if (!DecodeTableType(r, &t)) {
      return false;
    }
    m_.tables.push_back(t);
    return true;
  });
}

bool ModuleDecoder::DecodeMemories(Reader& r) {
  return DecodeVector(r, [&] {
    MemoryType mt;
    if (!DecodeLimits(r, &mt.limits, /*shared_ok=*/true)) return false;
    m_.memories.push_back(mt);
    return true;
  });
}

bool ModuleDecoder::DecodeGlobals(Reader& r) {
  return DecodeVector(r, &m_.defined_globals, [&] {
    Global g;
    if (!DecodeGlobalType(r, &g.type) || !DecodeConstExpr(r, m_, &g.init)) return false;
    m_.globals.push_back(g.type);
    m_.defined_globals.push_back(g);
    return true;
  });
}

// A tag type (exception handling): the attribute byte 0x00 (exception), then a
// function type index (validation requires empty results).
bool ModuleDecoder::DecodeTagType(Reader& r, uint32_t* type_index) {
  const uint64_t at = r.offset();
  uint8_t attribute;
  if (!r.ReadU8(&attribute)) return false;
  if (attribute != 0) return r.Fail(at, "malformed tag attribute", "tag attribute " + Hex(attribute));
  return r.ReadU32(type_index);
}

bool ModuleDecoder::DecodeTags(Reader& r) {
  return DecodeVector(r, [&] { return DecodeTagType(r, &m_.tags.emplace_back()); });
}

bool ModuleDecoder::DecodeExports(Reader& r) {
  return DecodeVector(r, &m_.exports, [&] {
    Export ex;
    ex.offset = r.offset();
    if (!r.ReadName(&ex.name)) return false;
    const uint64_t kind_at = r.offset();
    uint8_t kind;
    if (!r.ReadU8(&kind)) return false;
    if (kind > 4) return r.Fail(kind_at, "malformed export kind", "export kind " + Hex(kind));
    ex.kind = static_cast<ExternKind>(kind);
    if (!r.ReadU32(&ex.index)) return false;
    m_.exports.push_back(std::move(ex));
    return true;
  });
}

bool ModuleDecoder::DecodeStart(Reader& r) { return ReadPresentU32(r, &m_.start, &m_.has_start); }

bool ModuleDecoder::DecodeElements(Reader& r) {
  return DecodeVector(r, &m_.elems, [&] {
    ElemSegment seg;
    if (!DecodeElement(r, &seg)) return false;
    m_.elems.push_back(std::move(seg));
    return true;
  });
}

// The eight element segment forms. Bit 0: passive/declarative (else active);
// bit 1: explicit table index (active) or declarative (otherwise); bit 2:
// expressions with a reftype (else function indices with an elemkind).
bool ModuleDecoder::DecodeElement(Reader& r, ElemSegment* seg) {
  seg->offset = r.offset();
  uint32_t flags;
  if (!r.ReadU32(&flags)) return false;
  if (flags > 7) {
    return r.Fail(seg->offset, "malformed elements segment kind", "flags " + std::to_string(flags));
  }
  const bool passive_or_declarative = flags & 1;
  const bool explicit_table_or_declarative = flags & 2;
  seg->uses_exprs = flags & 4;
  if (!passive_or_declarative) {
    seg->mode = ElemSegment::kActive;
    if (explicit_table_or_declarative && !r.ReadU32(&seg->table_index)) return false;
    if (!DecodeConstExpr(r, m_, &seg->offset_expr)) return false;
  } else {
    seg->mode = explicit_table_or_declarative ? ElemSegment::kDeclarative : ElemSegment::kPassive;
  }
  // Forms 0 and 4 have neither elemkind nor reftype: funcref.
  const bool has_type = flags != 0 && flags != 4;
  // 3.0: function indices are non-null, so those forms have type (ref func).
  if (!seg->uses_exprs) seg->elem_type = MakeRefType(ValType::kFuncRef, false);
  if (seg->uses_exprs) {
    if (has_type && !r.ReadRefType(&seg->elem_type)) return false;
  } else if (has_type) {
    const uint64_t at = r.offset();
    uint8_t kind;
    if (!r.ReadU8(&kind)) return false;
    if (kind != kElemKindFuncRef) return r.Fail(at, "malformed element kind", "elemkind " + Hex(kind));
  }
  uint32_t n;
  if (!r.ReadU32(&n)) return false;
  if (seg->uses_exprs) {
    seg->exprs.reserve(ReserveFor(n, r));
    for (uint32_t k = 0; k < n; ++k) {
      ConstExpr e;
      if (!DecodeConstExpr(r, m_, &e)) return false;
      seg->exprs.push_back(e);
    }
  } else {
    seg->func_indices.reserve(ReserveFor(n, r));
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t f;
      if (!r.ReadU32(&f)) return false;
      seg->func_indices.push_back(f);
    }
  }
  return true;
}

bool ModuleDecoder::DecodeDataCount(Reader& r) {
  return ReadPresentU32(r, &m_.data_count, &m_.has_data_count);
}

bool ModuleDecoder::DecodeCode(Reader& r) {
  has_code_section_ = true;
  const uint64_t count_at = r.offset();
  m_.code_section_offset = count_at;
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  if (count != num_declared_funcs_) {
    return r.Fail(count_at, "function and code section have inconsistent lengths",
                  std::to_string(num_declared_funcs_) + " functions declared, " +
                      std::to_string(count) + " bodies");
  }
  m_.codes.reserve(ReserveFor(count, r));
  for (uint32_t i = 0; i < count; ++i) {
    Code code;
    if (!DecodeCodeEntry(r, i + 1 == count, &code)) return false;
    m_.codes.push_back(std::move(code));
  }
  return true;
}

bool ModuleDecoder::DecodeCodeEntry(Reader& r, bool is_last, Code* code) {
  code->offset = r.offset();
  uint32_t size;
  if (!r.ReadU32(&size)) return false;
  if (size > r.remaining()) {
    return r.Fail(code->offset, "length out of bounds",
                  "function body of " + std::to_string(size) + " bytes, " +
                      std::to_string(r.remaining()) + " left in the code section");
  }
  const uint64_t end = r.offset() + size;
  Reader body(all_, r.offset(), end);
  uint32_t runs;
  if (!body.ReadU32(&runs)) return r.Fail(body.diag().offset, body.diag().what, body.diag().why);
  code->locals.reserve(ReserveFor(runs, body));
  for (uint32_t k = 0; k < runs; ++k) {
    const uint64_t at = body.offset();
    LocalRun run;
    if (!body.ReadU32(&run.count) || !body.ReadValType(&run.type)) break;
    code->num_locals += run.count;
    if (code->num_locals > kMaxLocals) {
      return r.Fail(at, "too many locals",
                    "more than 2^32-1 locals in function " +
                        std::to_string(m_.num_imported_funcs + m_.codes.size()));
    }
    code->locals.push_back(run);
  }
  if (!body.Ok()) return r.Fail(body.diag().offset, body.diag().what, body.diag().why);
  code->body_offset = body.offset();
  code->end_offset = end;
  if (code->body_offset == end || all_[end - 1] != kEndOpcode) {
    // The body does not end with `end`. The reference interpreter keeps reading
    // past the declared size, so it reports what it meets there: the next body
    // ("END opcode expected"), the next section ("section size mismatch") or the
    // end of the input; the same three messages are used here.
    const std::string why = "function body does not end with 0x0b";
    if (!is_last) return r.Fail(end, "END opcode expected", why);
    if (section_end_ < all_.size()) return r.Fail(end, "section size mismatch", why);
    return r.Fail(end, "unexpected end of section or function", why);
  }
  r.Skip(size);
  return true;
}

bool ModuleDecoder::DecodeData(Reader& r) {
  has_data_section_ = true;
  const uint64_t count_at = r.offset();
  uint32_t count;
  if (!r.ReadU32(&count)) return false;
  if (m_.has_data_count && count != m_.data_count) {
    return r.Fail(count_at, "data count and data section have inconsistent lengths",
                  "data count " + std::to_string(m_.data_count) + ", " + std::to_string(count) +
                      " segments");
  }
  m_.datas.reserve(ReserveFor(count, r));
  for (uint32_t i = 0; i < count; ++i) {
    DataSegment seg;
    seg.offset = r.offset();
    uint32_t flags;
    if (!r.ReadU32(&flags)) return false;
    switch (flags) {
      case 0:
        if (!DecodeConstExpr(r, m_, &seg.offset_expr)) return false;
        break;
      case 1:
        seg.mode = DataSegment::kPassive;
        break;
      case 2:
        if (!r.ReadU32(&seg.memory_index) || !DecodeConstExpr(r, m_, &seg.offset_expr)) {
          return false;
        }
        break;
      default:
        return r.Fail(seg.offset, "malformed data segment kind", "flags " + std::to_string(flags));
    }
    uint32_t len;
    if (!r.ReadU32(&len) || !r.ReadBytes(len, &seg.bytes)) return false;
    m_.datas.push_back(seg);
  }
  return true;
}

}  // namespace

Result<Module> DecodeModule(std::vector<uint8_t> bytes) {
  Module m;
  m.bytes = std::move(bytes);
  ModuleDecoder decoder(&m);
  Status s = decoder.Decode();
  if (!s.ok()) return s.diag();
  // DWARF (clang -g): names for functions the name section does not name, and
  // source lines for backtraces and --emit=asm. Best effort, like every custom section.
  m.debug = ReadDwarf(m, &m.names.functions);
  return Result<Module>(std::move(m));
}

}  // namespace wasmc
