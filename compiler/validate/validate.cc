// ValidateModule (compiler/wasmc.h): the module-level rules of WebAssembly 2.0,
// then every function body through the one body decoder with the null visitor.
// Messages use the reference interpreter's wording, which the spec tests match by
// prefix ("unknown global 1" matches both "unknown global" and "unknown global 1").
#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "compiler/decode/post20.h"
#include "compiler/decode/reader.h"
#include "compiler/validate/body_decoder.h"
#include "compiler/wasmc.h"

namespace wasmc {
namespace {

constexpr uint64_t kMaxMemoryPages = 65536;  // 4 GiB of 64 KiB pages
constexpr uint64_t kMaxMemory64Pages = 1ull << 48;  // memory64: 2^64 bytes

// Module keeps no file offsets for table/memory definitions or the start index, so
// diagnostics about them re-walk the (already well-formed) section headers.
// Returns the payload offset of section `id`, or 0 if absent.
uint64_t SectionPayload(const Module& m, uint8_t id) {
  Reader r(m.bytes, 8, m.bytes.size());
  while (!r.AtEnd()) {
    uint8_t sid;
    uint32_t size;
    if (!r.ReadU8(&sid) || !r.ReadU32(&size)) return 0;
    if (sid == id) return r.offset();
    if (!r.Skip(size)) return 0;
  }
  return 0;
}

// File offset of the `n`th entry of the table (id 4) or memory (id 5) section.
uint64_t DefinitionOffset(const Module& m, uint8_t id, size_t n) {
  const uint64_t payload = SectionPayload(m, id);
  if (payload == 0) return 0;
  Reader r(m.bytes, payload, m.bytes.size());
  uint32_t count;
  if (!r.ReadU32(&count)) return payload;
  for (size_t i = 0; i < n; ++i) {
    uint8_t b;
    uint64_t v;
    if (id == 4 && !r.ReadU8(&b)) return payload;  // reftype
    if (!r.ReadU8(&b) || !r.ReadU64(&v)) return payload;  // flags, min
    if ((b & 1) && !r.ReadU64(&v)) return payload;      // max
  }
  return r.offset();
}

// The type of addresses, sizes and segment offsets of a memory or table.
ValType AddressType(const Limits& l) { return l.is64 ? ValType::kI64 : ValType::kI32; }

class ModuleValidator {
 public:
  ModuleValidator(const Module& m, int threads) : m_(m), threads_(threads) {}

  Status Run(bool bodies = true) {
    if (!CheckTypesOfFunctions() || !CheckHeapTypes() || !CheckImports() || !CheckTables() ||
        !CheckMemories() || !CheckTags() || !CheckGlobals() || !CheckElems() || !CheckDatas() ||
        !CheckStart() || !CheckExports())
      return diag_;
    return bodies ? CheckBodies() : Status::Ok();
  }

 private:
  bool Fail(uint64_t at, std::string what, std::string why = {}) {
    diag_ = MakeDiag(DiagKind::kInvalid, at, std::move(what), std::move(why));
    return false;
  }

  bool CheckTypeIndex(uint32_t index, uint64_t at) {
    if (index < m_.types.size()) return true;
    return Fail(at, "unknown type " + std::to_string(index),
                "the module has " + std::to_string(m_.types.size()) + " type(s)");
  }

  // Every type index inside a reference type (3.0) names a type.
  bool CheckHeapType(ValType t, uint64_t at) {
    if (!IsRefType(t) || !HasHeapIndex(t)) return true;
    return CheckTypeIndex(HeapIndex(t), at);
  }

  bool CheckHeapTypes() {
    // A function type is its own recursion group: it may name itself and earlier types.
    for (size_t i = 0; i < m_.types.size(); ++i)
      for (const auto* list : {&m_.types[i].params, &m_.types[i].results})
        for (ValType t : *list)
          if (IsRefType(t) && HasHeapIndex(t) && HeapIndex(t) > i)
            return Fail(DefinitionOffset(m_, 1, 0), "unknown type " + std::to_string(HeapIndex(t)),
                        "type " + std::to_string(i) + " names a later type (no GC recursion groups)");
    for (const Import& im : m_.imports)
      if (!CheckHeapType(im.kind == ExternKind::kTable ? im.table.elem : im.global.type, im.offset))
        return false;
    for (size_t i = 0; i < m_.tables.size(); ++i)
      if (!CheckHeapType(m_.tables[i].elem, 0)) return false;
    for (const GlobalType& g : m_.globals)
      if (!CheckHeapType(g.type, 0)) return false;
    for (const ElemSegment& seg : m_.elems)
      if (!CheckHeapType(seg.elem_type, seg.offset)) return false;
    // The run-time signature ids use each type's structural key (FuncTypeKey).
    std::vector<uint32_t> key;
    for (uint32_t i = 0; i < m_.types.size(); ++i)
      if (!FuncTypeKey(m_, i, kMaxTypeKeyTypes, &key)) {
        diag_ = MakeDiag(DiagKind::kUnsupported, DefinitionOffset(m_, 1, 0),
                         "function type " + std::to_string(i) + " reaches too many types for wasmc",
                         "more than " + std::to_string(kMaxTypeKeyTypes) +
                             " function types through typed references");
        return false;
      }
    return true;
  }

  bool CheckTypesOfFunctions() {
    for (size_t i = m_.num_imported_funcs; i < m_.func_types.size(); ++i) {
      const size_t code = i - m_.num_imported_funcs;
      const uint64_t at = code < m_.codes.size() ? m_.codes[code].offset : 0;
      if (!CheckTypeIndex(m_.func_types[i], at)) return false;
    }
    return true;
  }

  bool CheckLimits(const Limits& l, uint64_t bound, uint64_t at, const char* what) {
    if (bound != 0 && l.is64) bound = kMaxMemory64Pages;
    if (bound != 0 && (l.min > bound || (l.has_max && l.max > bound)))
      return Fail(at, l.is64 ? "memory size must be at most 2^48 pages (2^64 bytes)"
                             : "memory size must be at most 65536 pages (4GiB)",
                  std::string(what) + " limits " + std::to_string(l.min) +
                      (l.has_max ? ".." + std::to_string(l.max) : std::string()));
    if (l.has_max && l.min > l.max)
      return Fail(at, "size minimum must not be greater than maximum",
                  std::string(what) + " minimum " + std::to_string(l.min) + " > maximum " +
                      std::to_string(l.max));
    if (l.shared && !l.has_max)
      return Fail(at, "shared memory must have maximum", std::string(what) + " is shared");
    return true;
  }

  bool CheckImports() {
    for (const Import& im : m_.imports) {
      switch (im.kind) {
        case ExternKind::kFunc:
          if (!CheckTypeIndex(im.type_index, im.offset)) return false;
          break;
        case ExternKind::kTable:
          if (!CheckLimits(im.table.limits, 0, im.offset, "table")) return false;
          break;
        case ExternKind::kMemory:
          if (!CheckLimits(im.memory.limits, kMaxMemoryPages, im.offset, "memory")) return false;
          break;
        case ExternKind::kGlobal:
          break;  // mutable global imports are allowed in 2.0
        case ExternKind::kTag:
          if (!CheckTagType(im.type_index, im.offset)) return false;
          break;
      }
    }
    return true;
  }

  // Exception handling: a tag's type is a function type with no results.
  bool CheckTagType(uint32_t index, uint64_t at) {
    if (!CheckTypeIndex(index, at)) return false;
    if (!m_.types[index].results.empty())
      return Fail(at, "non-empty tag result type", "tag type " + std::to_string(index));
    return true;
  }

  bool CheckTags() {
    for (size_t i = m_.num_imported_tags; i < m_.tags.size(); ++i)
      if (!CheckTagType(m_.tags[i], SectionPayload(m_, 13))) return false;
    return true;
  }

  bool CheckTables() {
    const_globals_ = m_.num_imported_globals;  // table initializers see imported globals
    // Imported tables were checked with their imports.
    for (size_t i = m_.num_imported_tables; i < m_.tables.size(); ++i) {
      const uint64_t at = DefinitionOffset(m_, 4, i - m_.num_imported_tables);
      if (!CheckLimits(m_.tables[i].limits, 0, at, "table")) return false;
      const TableType& t = m_.tables[i];
      if (t.init != TableType::kNoInit) {
        if (!CheckConstExpr(m_.table_inits[t.init], t.elem, "table initializer")) return false;
      } else if (!IsDefaultable(t.elem)) {
        return Fail(at, "type mismatch",
                    std::string("a table of ") + ValTypeName(t.elem) + " needs an initializer");
      }
    }
    return true;
  }

  bool CheckMemories() {
    for (size_t i = m_.num_imported_memories; i < m_.memories.size(); ++i) {
      const uint64_t at = DefinitionOffset(m_, 5, i - m_.num_imported_memories);
      if (!CheckLimits(m_.memories[i].limits, kMaxMemoryPages, at, "memory")) return false;
    }
    return true;
  }

  // A constant expression of type `want`. global.get may name an immutable global:
  // in a global initializer only one defined before it (imported or, since 3.0, an
  // earlier defined global: `const_globals_`), elsewhere any.
  bool CheckConstExpr(const ConstExpr& e, ValType want, const char* where) {
    ValType have = e.type;
    switch (e.kind) {
      case ConstExpr::kProgram:
        for (const ConstExpr& op : e.ops)
          if (!CheckConstExpr(op, op.type, where)) return false;
        break;
      case ConstExpr::kGlobalGet:
        if (e.index >= const_globals_)
          return Fail(e.offset, "unknown global " + std::to_string(e.index),
                      std::string(where) + ": constant expressions may read only the " +
                          std::to_string(const_globals_) + " global(s) defined before");
        if (m_.globals[e.index].mut)
          return Fail(e.offset, "constant expression required",
                      std::string(where) + ": global.get of mutable global " +
                          std::to_string(e.index));
        have = m_.globals[e.index].type;
        break;
      case ConstExpr::kRefFunc:
        if (e.index >= m_.func_types.size())
          return Fail(e.offset, "unknown function " + std::to_string(e.index),
                      std::string(where) + ": ref.func");
        have = MakeRefType(ValType::kFuncRef, false, m_.func_types[e.index]);
        break;
      default:
        break;
    }
    if (!m_.IsSubtype(have, want))
      return Fail(e.offset, "type mismatch",
                  std::string(where) + " expects " + ValTypeName(want) + " but the expression is " +
                      ValTypeName(have));
    return true;
  }

  bool CheckGlobals() {
    const_globals_ = m_.num_imported_globals;
    for (const Global& g : m_.defined_globals) {
      if (!CheckConstExpr(g.init, g.type.type, "global initializer")) return false;
      ++const_globals_;
    }
    return true;
  }

  // An active segment's table or memory (`index` into `all`) and its offset
  // expression, of that table's or memory's address type.
  template <class TableOrMemory>
  bool CheckActiveSegment(uint64_t at, const char* segment, const char* what, const char* count_noun,
                          uint32_t index, const std::vector<TableOrMemory>& all,
                          const ConstExpr& offset_expr) {
    if (index >= all.size())
      return Fail(at, std::string("unknown ") + what + " " + std::to_string(index),
                  std::string("active ") + segment + " segment; the module has " +
                      std::to_string(all.size()) + " " + count_noun);
    const std::string where = std::string(segment) + " segment offset";
    return CheckConstExpr(offset_expr, AddressType(all[index].limits), where.c_str());
  }

  bool CheckElems() {
    for (const ElemSegment& seg : m_.elems) {
      if (seg.mode == ElemSegment::kActive) {
        if (!CheckActiveSegment(seg.offset, "elem", "table", "table(s)", seg.table_index, m_.tables,
                                seg.offset_expr))
          return false;
        if (!m_.IsSubtype(seg.elem_type, m_.tables[seg.table_index].elem))
          return Fail(seg.offset, "type mismatch",
                      std::string("elem segment of ") + ValTypeName(seg.elem_type) +
                          " for a table of " + ValTypeName(m_.tables[seg.table_index].elem));
      }
      for (uint32_t f : seg.func_indices)
        if (f >= m_.func_types.size())
          return Fail(seg.offset, "unknown function " + std::to_string(f), "in an elem segment");
      for (const ConstExpr& e : seg.exprs)
        if (!CheckConstExpr(e, seg.elem_type, "elem segment element")) return false;
    }
    return true;
  }

  bool CheckDatas() {
    for (const DataSegment& seg : m_.datas) {
      if (seg.mode != DataSegment::kActive) continue;
      if (!CheckActiveSegment(seg.offset, "data", "memory", "memory(ies)", seg.memory_index,
                              m_.memories, seg.offset_expr))
        return false;
    }
    return true;
  }

  bool CheckStart() {
    if (!m_.has_start) return true;
    const uint64_t at = SectionPayload(m_, 8);
    if (m_.start >= m_.func_types.size())
      return Fail(at, "unknown function " + std::to_string(m_.start), "start function");
    const FuncType& t = m_.FuncTypeOf(m_.start);
    if (!t.params.empty() || !t.results.empty())
      return Fail(at, "start function", "the start function must have type [] -> []");
    return true;
  }

  bool CheckExports() {
    std::unordered_set<std::string_view> names;
    names.reserve(m_.exports.size());
    for (const Export& e : m_.exports) {
      size_t count = 0;
      const char* what = "";
      switch (e.kind) {
        case ExternKind::kFunc: count = m_.func_types.size(), what = "function"; break;
        case ExternKind::kTable: count = m_.tables.size(), what = "table"; break;
        case ExternKind::kMemory: count = m_.memories.size(), what = "memory"; break;
        case ExternKind::kGlobal: count = m_.globals.size(), what = "global"; break;
        case ExternKind::kTag: count = m_.tags.size(), what = "tag"; break;
      }
      if (e.index >= count)
        return Fail(e.offset, "unknown " + std::string(what) + " " + std::to_string(e.index),
                    "export \"" + e.name + "\"");
      if (!names.insert(e.name).second)
        return Fail(e.offset, "duplicate export name", "\"" + e.name + "\"");
    }
    return true;
  }

  // Every body, in order. The spec decodes the whole module before validating, so
  // when a body is invalid, a malformed encoding in it or in a later body wins.
  Status CheckBodies() {
    BodyDecoder decoder(m_);
    NullVisitor validator;
    const uint32_t n = static_cast<uint32_t>(m_.func_types.size());
    WASMC_CHECK(m_.codes.size() == n - m_.num_imported_funcs);  // DecodeModule guarantees it
    for (uint32_t f = FirstInvalidBody(n); f < n; ++f) {
      Status s = decoder.Decode(f, validator);
      if (s.ok()) continue;
      if (s.diag().kind == DiagKind::kMalformed) return s;
      for (uint32_t g = f; g < n; ++g) {
        Status e = decoder.CheckEncoding(g);
        if (!e.ok() && e.diag().kind == DiagKind::kMalformed) return e;
      }
      return s;
    }
    return Status::Ok();
  }

  // With more than one thread (ValidateModule's `threads`): the index of the first
  // body that does not validate (n if none), the bodies decoded on `threads_`
  // threads, each taking the next index; CheckBodies starts there. One thread: the
  // first body, CheckBodies then goes through them all.
  uint32_t FirstInvalidBody(uint32_t n) {
    const uint32_t first_body = m_.num_imported_funcs;
    const unsigned threads = std::min<uint32_t>(std::max(threads_, 1), n - first_body);
    if (threads <= 1) return first_body;
    std::atomic<uint32_t> next{first_body}, first{n};
    auto work = [&] {
      BodyDecoder decoder(m_);
      NullVisitor validator;
      for (uint32_t f; (f = next.fetch_add(1)) < first.load();) {
        if (decoder.Decode(f, validator).ok()) continue;
        for (uint32_t seen = first.load(); f < seen && !first.compare_exchange_weak(seen, f);) {}
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    return first.load();
  }

  const Module& m_;
  const int threads_;
  Diag diag_;
  size_t const_globals_ = 0;  // globals a constant expression may read (CheckConstExpr)
};

}  // namespace

Status ValidateModule(const Module& module, int threads) { return ModuleValidator(module, threads).Run(); }

Status ValidateDeclarations(const Module& module) { return ModuleValidator(module, 1).Run(false); }

}  // namespace wasmc
