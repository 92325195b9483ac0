#include "compiler/lower/descriptor.h"

#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "backend/codegen/section_writer.h"
#include "backend/codegen/symbols.h"
#include "backend/codegen/target_codegen.h"
#include "runtime-support/include/wasmc/abi.h"
#include "wasi-shim/manifest_format.h"
#include "wasi-shim/seccomp_filter.h"

namespace wasmc {
namespace {

// A C array of abi.h structs being built, plus the pointers inside it that become
// relocations once the array has a place in ".data.rel.ro".
template <typename T>
class DescTable {
 public:
  T& Add() {
    items_.emplace_back();
    std::memset(&items_.back(), 0, sizeof(T));  // deterministic padding bytes
    return items_.back();
  }
  // Add(), with the new item's index (for Point).
  std::pair<size_t, T&> AddIndexed() {
    const size_t i = items_.size();
    return {i, Add()};
  }
  size_t size() const { return items_.size(); }
  // Item `item`'s pointer field at byte `field` points to symbol + addend.
  void Point(size_t item, size_t field, uint32_t symbol, int64_t addend) {
    pointers_.push_back({item * sizeof(T) + field, symbol, addend});
  }
  // Appends the array; returns its offset (meaningless when empty).
  uint64_t Write(SectionWriter& out) const {
    uint64_t at = out.Append(items_.data(), items_.size() * sizeof(T), alignof(T));
    for (const Pointer& p : pointers_) out.AddAbs64(at + p.offset, p.symbol, p.addend);
    return at;
  }

 private:
  struct Pointer {
    size_t offset;
    uint32_t symbol;
    int64_t addend;
  };
  std::vector<T> items_;
  std::vector<Pointer> pointers_;
};

wasmc_const_expr ConvertConstExpr(const ConstExpr& e, DescTable<wasmc_const_expr>& program_ops);

// An extended constant expression: its ops go to the module's const_ops array, the
// expression names their range (abi.h, WASMC_CONST_PROGRAM).
wasmc_const_expr ConvertProgram(const ConstExpr& e, DescTable<wasmc_const_expr>& program_ops) {
  std::vector<wasmc_const_expr> ops;
  for (const ConstExpr& op : e.ops) ops.push_back(ConvertConstExpr(op, program_ops));
  wasmc_const_expr out;
  std::memset(&out, 0, sizeof out);
  out.kind = WASMC_CONST_PROGRAM;
  out.val_type = static_cast<uint8_t>(e.type);
  out.index = static_cast<uint32_t>(ops.size());
  out.bits[0] = program_ops.size();
  for (const wasmc_const_expr& op : ops) program_ops.Add() = op;
  return out;
}

wasmc_const_expr ConvertConstExpr(const ConstExpr& e, DescTable<wasmc_const_expr>& program_ops) {
  if (e.kind == ConstExpr::kProgram) return ConvertProgram(e, program_ops);
  wasmc_const_expr out;
  std::memset(&out, 0, sizeof out);
  switch (e.kind) {
    case ConstExpr::kI32: out.kind = WASMC_CONST_I32; break;
    case ConstExpr::kI64: out.kind = WASMC_CONST_I64; break;
    case ConstExpr::kF32: out.kind = WASMC_CONST_F32; break;
    case ConstExpr::kF64: out.kind = WASMC_CONST_F64; break;
    case ConstExpr::kV128: out.kind = WASMC_CONST_V128; break;
    case ConstExpr::kRefNull: out.kind = WASMC_CONST_REF_NULL; break;
    case ConstExpr::kRefFunc: out.kind = WASMC_CONST_REF_FUNC; break;
    case ConstExpr::kGlobalGet: out.kind = WASMC_CONST_GLOBAL_GET; break;
    case ConstExpr::kI32Add: out.kind = WASMC_CONST_I32_ADD; break;
    case ConstExpr::kI32Sub: out.kind = WASMC_CONST_I32_SUB; break;
    case ConstExpr::kI32Mul: out.kind = WASMC_CONST_I32_MUL; break;
    case ConstExpr::kI64Add: out.kind = WASMC_CONST_I64_ADD; break;
    case ConstExpr::kI64Sub: out.kind = WASMC_CONST_I64_SUB; break;
    case ConstExpr::kI64Mul: out.kind = WASMC_CONST_I64_MUL; break;
    case ConstExpr::kProgram: break;  // ConvertProgram
  }
  out.val_type = static_cast<uint8_t>(e.type);
  out.index = e.index;
  out.bits[0] = e.bits[0];
  out.bits[1] = e.bits[1];
  return out;
}

wasmc_limits_desc ConvertLimits(const Limits& l, bool imported, ValType elem) {
  wasmc_limits_desc out;
  std::memset(&out, 0, sizeof out);
  out.min = l.min;
  out.max = l.max;
  out.has_max = l.has_max;
  out.imported = imported;
  out.elem_type = static_cast<uint8_t>(elem);
  out.ref_type = static_cast<uint32_t>(elem);
  out.shared = l.shared;
  out.is64 = l.is64;
  return out;
}

// An imported table's or memory's limits, in its import descriptor.
void PutImportLimits(wasmc_import_desc& d, const Limits& l) {
  d.min = l.min;
  d.max = l.max;
  d.has_max = l.has_max;
  d.is64 = l.is64;
}

// Emits the pieces in dependency order: ".rodata" payloads first, then the tables
// pointing at them, then the root descriptor pointing at the tables.
class DescriptorEmitter {
 public:
  DescriptorEmitter(const Module& m, const CompileOptions& options,
                    const std::vector<FunctionSymbols>& symbols,
                    const std::unordered_map<uint32_t, uint32_t>& trampolines, ObjectModule& obj)
      : m_(m),
        options_(options),
        symbols_(symbols),
        trampolines_(trampolines),
        obj_(obj),
        rodata_(obj, ".rodata", SectionKind::kRodata, 16),
        relro_(obj, ".data.rel.ro", SectionKind::kDataRelRo, 16) {}

  void Emit() {
    std::memset(&root_, 0, sizeof root_);
    root_.abi_version = WASMC_ABI_VERSION;
    // The CPU features the code needs, checked by the executable's start-up.
    const TargetCodegen& codegen = GetCodegen(options_.target);
    root_.flags = codegen.cpu_flags ? codegen.cpu_flags(options_.cpu_level) : 0;
    if (options_.cpu_test_missing) root_.flags |= WASMC_CPU_TEST_MISSING;
    root_.instance_size = WASMC_INSTANCE_HEADER_SIZE + 16ull * m_.defined_globals.size();
    root_.num_imported_funcs = m_.num_imported_funcs;
    root_.start_func = m_.has_start ? static_cast<int64_t>(m_.start) : -1;

    Types();
    Imports();
    Funcs();
    Limits();
    Globals();
    Exports();
    Tags();
    Datas();
    Elems();
    Features();
    WriteTable(const_ops_, &root_.num_const_ops, offsetof(wasmc_module, const_ops));
    PointRoot(offsetof(wasmc_module, name), String(m_.names.module));
    if (!options_.manifest.empty()) {
      std::vector<uint8_t> manifest = options_.manifest;
      AppendSeccompRecord(manifest);
      root_.manifest_size = manifest.size();
      PointRoot(offsetof(wasmc_module, manifest), rodata_.Append(manifest.data(), manifest.size(), 8));
    }

    // Aligned to the section's own alignment: the linker places the section so that
    // this symbol lands at a fixed address, which only works if that address minus
    // the symbol's offset is still suitably aligned for the section.
    uint64_t at = relro_.Append(&root_, sizeof root_, relro_.section().align);
    for (const auto& [field, target] : root_pointers_) relro_.AddAbs64ToSelf(at + field, target);
    for (const auto& [field, target] : root_rodata_pointers_)
      relro_.AddAbs64(at + field, rodata_.BaseSymbol(), static_cast<int64_t>(target));
    obj_.AddSymbol(Symbol{kModuleDescSymbol, static_cast<int32_t>(relro_.index()), at,
                          sizeof(wasmc_module), true, false});
  }

 private:
  // The runtime's optional code this module needs (runtime-support/core/rt.h,
  // RT_OPTIONAL): one undefined symbol each, which wasmc's linker takes as a root
  // (backend/link/runtime_link.cc); without it the code is not in the executable.
  void Features() {
    bool other_imports = false, thread_spawn = false;
    for (const Import& im : m_.imports) {
      other_imports |= im.kind != ExternKind::kFunc;
      thread_spawn |= im.kind == ExternKind::kFunc && im.module == "wasi" && im.name == "thread-spawn";
    }
    if (other_imports) obj_.ExternalSymbol("wasmc_feature_imports");
    if (m_.tables.size() > m_.num_imported_tables) obj_.ExternalSymbol("wasmc_feature_tables");
    if (m_.tags.size() > m_.num_imported_tags) obj_.ExternalSymbol("wasmc_feature_tags");
    if (!m_.elems.empty()) obj_.ExternalSymbol("wasmc_feature_elems");
    if (thread_spawn) obj_.ExternalSymbol("wasmc_feature_threads");
    if (options_.executable) {
      filter_ = BuildSeccompFilter(thread_spawn);
      if (!filter_.redundant) obj_.ExternalSymbol("wasmc_feature_landlock");
      // No embedded filter (below): the shim builds it at start.
      if (!filter_.embed || options_.manifest.empty()) obj_.ExternalSymbol("wasmc_feature_seccomp_builder");
    }
    if (has_lines_) obj_.ExternalSymbol("wasmc_feature_lines");  // file:line in backtraces
    // Extended constant expressions: their ops are const_ops_, as are table
    // initialisers (which then bring the evaluator too; the runtime checks the count).
    if (const_ops_.size()) obj_.ExternalSymbol("wasmc_feature_const_program");
    if (root_.flags & (WASMC_CPU_X86_64_V3 | WASMC_CPU_X86_64_V4))  // their start-up check
      obj_.ExternalSymbol("wasmc_feature_cpu_v3");
    // An executable's WASI calls: Imports() points at each (wasi_<call>).
    // Grants that open something at start (wasi-shim/init.c): directories, files,
    // sockets. Environment and build-info records need no extra code.
    const std::vector<uint8_t>& blob = options_.manifest;
    for (size_t at = WASMC_MANIFEST_HEADER_SIZE; at + WASMC_MANIFEST_RECORD_HEADER_SIZE <= blob.size();) {
      const uint8_t kind = blob[at];
      if (kind == WASMC_GRANT_DIR || kind == WASMC_GRANT_FILE || kind == WASMC_GRANT_LISTEN ||
          kind == WASMC_GRANT_CONNECT) {
        obj_.ExternalSymbol("wasmc_feature_grants");
        break;
      }
      uint32_t size = 0;
      for (int b = 0; b < 4; ++b) size |= uint32_t{blob[at + 4 + b]} << (8 * b);
      at += WASMC_MANIFEST_RECORD_HEADER_SIZE + size;
    }
  }

  // An executable's wall-2 seccomp filter (wasi-shim/sandbox.c), built here by the
  // shim's own builder (wasi-shim/seccomp_filter.c, compiled into wasmc for both ISAs;
  // the reviewed table seccomp_calls.def) for the WASI calls the module imports.
  // `redundant`: every call it allows is one Landlock cannot restrict
  // (SECCOMP_LANDLOCK_NEUTRAL), so Landlock is left out, its code too. `embed`: the
  // program is the same at every start (no argument check against this process's
  // pid, i.e. no proc_raise), so it goes into the manifest (WASMC_RECORD_SECCOMP)
  // and the builder is not linked in; otherwise the shim builds it at start.
  struct Filter {
    std::vector<shim_sock_filter> prog;
    bool redundant = false, embed = false;
  };
  Filter BuildSeccompFilter(bool threads) const {
    static const char* const kCalls[] = {
#define WASI_CALL(name, params, results, c_ret, c_params) #name,
#include "wasi-shim/calls.def"
#undef WASI_CALL
    };
    uint64_t calls = 0;
    for (const Import& im : m_.imports)
      if (im.kind == ExternKind::kFunc && im.module == "wasi_snapshot_preview1")
        for (size_t c = 0; c < std::size(kCalls); ++c)
          if (im.name == kCalls[c]) calls |= uint64_t{1} << c;
    auto build = options_.target == Target::kA64 ? ShimBuildSeccompFilterA64 : ShimBuildSeccompFilterX64;
    Filter f;
    f.prog.resize(kShimSeccompMaxFilter);
    static thread_local bool asked_pid;
    asked_pid = false;
    int redundant = 0;
    int n = build(f.prog.data(), calls, threads ? 1 : 0, [] { asked_pid = true; return uint32_t{0}; },
                  &redundant);
    f.redundant = redundant != 0;
    f.embed = n > 0 && !asked_pid;
    f.prog.resize(f.embed ? static_cast<size_t>(n) : 0);
    return f;
  }

  // Adds the embedded seccomp filter (when there is one) to the manifest blob as a
  // WASMC_RECORD_SECCOMP record (wasi-shim/manifest_format.h).
  void AppendSeccompRecord(std::vector<uint8_t>& blob) const {
    if (!filter_.embed) return;
    const uint32_t size = static_cast<uint32_t>(filter_.prog.size() * sizeof(shim_sock_filter));
    const uint16_t flags = filter_.redundant ? WASMC_SECCOMP_FLAG_LANDLOCK_REDUNDANT : 0;
    const uint8_t header[WASMC_MANIFEST_RECORD_HEADER_SIZE] = {
        WASMC_RECORD_SECCOMP, 0, static_cast<uint8_t>(flags), static_cast<uint8_t>(flags >> 8),
        static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size >> 16),
        static_cast<uint8_t>(size >> 24)};
    blob.insert(blob.end(), header, header + sizeof header);
    for (const shim_sock_filter& ins : filter_.prog) {
      const uint8_t b[8] = {static_cast<uint8_t>(ins.code), static_cast<uint8_t>(ins.code >> 8), ins.jt, ins.jf,
                            static_cast<uint8_t>(ins.k), static_cast<uint8_t>(ins.k >> 8),
                            static_cast<uint8_t>(ins.k >> 16), static_cast<uint8_t>(ins.k >> 24)};
      blob.insert(blob.end(), b, b + sizeof b);
    }
    uint32_t count = 0;  // the header's num_records (offset 8)
    for (int i = 0; i < 4; ++i) count |= uint32_t{blob[8 + i]} << (8 * i);
    ++count;
    for (int i = 0; i < 4; ++i) blob[8 + i] = static_cast<uint8_t>(count >> (8 * i));
  }

  // Offset in ".rodata" of a NUL-terminated copy of `s` (each distinct string once).
  uint64_t String(const std::string& s) {
    auto it = strings_.find(s);
    if (it != strings_.end()) return it->second;
    uint64_t at = rodata_.AppendString(s);
    strings_.emplace(s, at);
    return at;
  }

  // Root field pointing into ".rodata" at `target`.
  void PointRoot(size_t field, uint64_t target) { root_rodata_pointers_.push_back({field, target}); }

  // Root field pointing at a table written to ".data.rel.ro" (empty tables stay NULL),
  // and its count.
  template <typename T>
  void WriteTable(const DescTable<T>& table, uint32_t* count, size_t field) {
    *count = static_cast<uint32_t>(table.size());
    if (table.size() == 0) return;
    root_pointers_.push_back({field, table.Write(relro_)});
  }

  template <typename T>
  void PointToRodata(DescTable<T>& table, size_t item, size_t field, uint64_t target) {
    table.Point(item, field, rodata_.BaseSymbol(), static_cast<int64_t>(target));
  }

  void Types() {
    DescTable<wasmc_type_desc> table;
    std::vector<uint8_t> bytes;
    for (const FuncType& t : m_.types) {
      auto [i, d] = table.AddIndexed();
      TypeDescBytes(m_, static_cast<uint32_t>(i), &bytes, &d.key_size);
      d.num_params = static_cast<uint32_t>(t.params.size());
      d.num_results = static_cast<uint32_t>(t.results.size());
      if (!bytes.empty())
        PointToRodata(table, i, offsetof(wasmc_type_desc, types),
                      rodata_.Append(bytes.data(), bytes.size()));
    }
    WriteTable(table, &root_.num_types, offsetof(wasmc_module, types));
  }

  void Imports() {
    DescTable<wasmc_import_desc> table;
    uint32_t next[4] = {0, 0, 0, 0};  // next index per extern kind
    for (const Import& im : m_.imports) {
      auto [i, d] = table.AddIndexed();
      d.kind = static_cast<uint8_t>(im.kind);
      switch (im.kind) {
        case ExternKind::kFunc:
          // An executable's WASI call is the shim's wasi_<call> (wasi-shim/calls.def,
          // compiler/lower/executable_imports.h), resolved at link time: no names to
          // look up at start. The undefined symbol also has wasmc's linker keep that
          // call (and only the calls imported). A -c object resolves by name (its
          // embedder's resolver), so it links without the shim.
          if (options_.executable && im.module == "wasi_snapshot_preview1")
            table.Point(i, offsetof(wasmc_import_desc, host), obj_.ExternalSymbol("wasi_" + im.name), 0);
          d.index = im.type_index;
          break;
        case ExternKind::kTag:
          d.index = im.type_index;
          break;
        case ExternKind::kTable:
          d.index = next[1]++;
          d.val_type = static_cast<uint8_t>(im.table.elem);
          d.ref_type = static_cast<uint32_t>(im.table.elem);
          PutImportLimits(d, im.table.limits);
          break;
        case ExternKind::kMemory:
          d.index = next[2]++;
          PutImportLimits(d, im.memory.limits);
          break;
        case ExternKind::kGlobal:
          d.index = next[3]++;
          d.val_type = static_cast<uint8_t>(im.global.type);
          d.ref_type = static_cast<uint32_t>(im.global.type);
          d.mut = im.global.mut;
          break;
      }
      PointToRodata(table, i, offsetof(wasmc_import_desc, module), String(im.module));
      PointToRodata(table, i, offsetof(wasmc_import_desc, name), String(im.name));
    }
    WriteTable(table, &root_.num_imports, offsetof(wasmc_module, imports));
  }

  void Funcs() {
    // Module::FunctionName's order (name section, export, import, func[N]) without
    // its per-call scan of the exports.
    std::unordered_map<uint32_t, const std::string*> export_names;
    for (const Export& e : m_.exports)
      if (e.kind == ExternKind::kFunc) export_names.emplace(e.index, &e.name);

    DescTable<wasmc_func_desc> table;
    for (uint32_t f = 0; f < m_.func_types.size(); ++f) {
      std::string name;
      if (auto it = m_.names.functions.find(f); it != m_.names.functions.end()) name = it->second;
      else if (auto e = export_names.find(f); e != export_names.end()) name = *e->second;
      else if (f < m_.num_imported_funcs) name = m_.FunctionName(f);
      else name = "func[" + std::to_string(f) + "]";

      wasmc_func_desc& d = table.Add();
      d.type_index = m_.func_types[f];
      if (f >= m_.num_imported_funcs) {
        const uint32_t defined = f - m_.num_imported_funcs;
        // CompileFunctions defines every function.
        WASMC_CHECK(defined < symbols_.size() && symbols_[defined].code != FunctionSymbols::kNone);
        const FunctionSymbols& s = symbols_[defined];
        d.code_size = static_cast<uint32_t>(obj_.symbols[s.code].size);
        table.Point(f, offsetof(wasmc_func_desc, code), s.code, 0);
        if (s.lines != FunctionSymbols::kNone) {
          table.Point(f, offsetof(wasmc_func_desc, lines), s.lines, 0);
          has_lines_ = true;
        }
        if (s.eh != FunctionSymbols::kNone) table.Point(f, offsetof(wasmc_func_desc, eh), s.eh, 0);
      }
      PointToRodata(table, f, offsetof(wasmc_func_desc, name), String(name));
    }
    WriteTable(table, &root_.num_funcs, offsetof(wasmc_module, funcs));
  }

  void Limits() {
    DescTable<wasmc_limits_desc> tables;
    for (size_t i = 0; i < m_.tables.size(); ++i) {
      wasmc_limits_desc d = ConvertLimits(m_.tables[i].limits, i < m_.num_imported_tables,
                                          m_.tables[i].elem);
      if (m_.tables[i].init != TableType::kNoInit) {  // 3.0: one expression in const_ops
        const wasmc_const_expr init = ConvertConstExpr(m_.table_inits[m_.tables[i].init], const_ops_);
        d.has_init = 1;
        d.init_op = static_cast<uint32_t>(const_ops_.size());
        const_ops_.Add() = init;
      }
      tables.Add() = d;
    }
    WriteTable(tables, &root_.num_tables, offsetof(wasmc_module, tables));

    DescTable<wasmc_limits_desc> memories;
    for (size_t i = 0; i < m_.memories.size(); ++i)
      memories.Add() = ConvertLimits(m_.memories[i].limits, i < m_.num_imported_memories,
                                     static_cast<ValType>(0));
    WriteTable(memories, &root_.num_memories, offsetof(wasmc_module, memories));
  }

  void Globals() {
    DescTable<wasmc_global_desc> table;
    for (size_t i = 0; i < m_.globals.size(); ++i) {
      wasmc_global_desc& d = table.Add();
      d.val_type = static_cast<uint8_t>(m_.globals[i].type);
      d.ref_type = static_cast<uint32_t>(m_.globals[i].type);
      d.mut = m_.globals[i].mut;
      d.imported = i < m_.num_imported_globals;
      if (!d.imported)
        d.init = ConvertConstExpr(m_.defined_globals[i - m_.num_imported_globals].init, const_ops_);
    }
    WriteTable(table, &root_.num_globals, offsetof(wasmc_module, globals));
  }

  void Exports() {
    DescTable<wasmc_export_desc> table;
    for (const Export& e : m_.exports) {
      auto [i, d] = table.AddIndexed();
      d.kind = static_cast<uint8_t>(e.kind);
      d.index = e.index;
      d.name_len = static_cast<uint32_t>(e.name.size());
      PointToRodata(table, i, offsetof(wasmc_export_desc, name), String(e.name));
      if (e.kind == ExternKind::kFunc) {
        auto it = trampolines_.find(e.index);
        WASMC_CHECK(it != trampolines_.end());
        table.Point(i, offsetof(wasmc_export_desc, trampoline), it->second, 0);
      }
    }
    WriteTable(table, &root_.num_exports, offsetof(wasmc_module, exports));
  }

  // Exception tags: type and a name for reports (export name, else the import's).
  void Tags() {
    std::vector<std::string> names(m_.tags.size());
    uint32_t imported = 0;
    for (const Import& im : m_.imports)
      if (im.kind == ExternKind::kTag) names[imported++] = im.module + "." + im.name;
    for (const Export& e : m_.exports)
      if (e.kind == ExternKind::kTag && names[e.index].empty()) names[e.index] = e.name;
    DescTable<wasmc_tag_desc> table;
    for (size_t i = 0; i < m_.tags.size(); ++i) {
      wasmc_tag_desc& d = table.Add();
      d.type_index = m_.tags[i];
      d.imported = i < m_.num_imported_tags;
      PointToRodata(table, i, offsetof(wasmc_tag_desc, name), String(names[i]));
    }
    WriteTable(table, &root_.num_tags, offsetof(wasmc_module, tags));
  }

  void Datas() {
    DescTable<wasmc_data_desc> table;
    for (const DataSegment& seg : m_.datas) {
      auto [i, d] = table.AddIndexed();
      d.size = seg.bytes.size();
      d.mode = seg.mode == DataSegment::kActive ? WASMC_SEGMENT_ACTIVE : WASMC_SEGMENT_PASSIVE;
      d.memory_index = seg.memory_index;
      if (seg.mode == DataSegment::kActive) d.offset = ConvertConstExpr(seg.offset_expr, const_ops_);
      if (!seg.bytes.empty())
        PointToRodata(table, i, offsetof(wasmc_data_desc, bytes),
                      rodata_.Append(seg.bytes.data(), seg.bytes.size()));
    }
    WriteTable(table, &root_.num_datas, offsetof(wasmc_module, datas));
  }

  void Elems() {
    DescTable<wasmc_elem_desc> table;
    for (const ElemSegment& seg : m_.elems) {
      std::vector<wasmc_const_expr> items;
      items.reserve(seg.size());
      if (seg.uses_exprs) {
        for (const ConstExpr& e : seg.exprs) items.push_back(ConvertConstExpr(e, const_ops_));
      } else {
        for (uint32_t f : seg.func_indices) {
          ConstExpr e;
          e.kind = ConstExpr::kRefFunc;
          e.type = ValType::kFuncRef;
          e.index = f;
          items.push_back(ConvertConstExpr(e, const_ops_));
        }
      }
      auto [i, d] = table.AddIndexed();
      d.count = static_cast<uint32_t>(items.size());
      d.elem_type = static_cast<uint8_t>(seg.elem_type);
      switch (seg.mode) {
        case ElemSegment::kActive: d.mode = WASMC_SEGMENT_ACTIVE; break;
        case ElemSegment::kPassive: d.mode = WASMC_SEGMENT_PASSIVE; break;
        case ElemSegment::kDeclarative: d.mode = WASMC_SEGMENT_DECLARATIVE; break;
      }
      d.table_index = seg.table_index;
      if (seg.mode == ElemSegment::kActive) d.offset = ConvertConstExpr(seg.offset_expr, const_ops_);
      if (!items.empty())
        PointToRodata(table, i, offsetof(wasmc_elem_desc, items),
                      rodata_.Append(items.data(), items.size() * sizeof(wasmc_const_expr),
                                     alignof(wasmc_const_expr)));
    }
    WriteTable(table, &root_.num_elems, offsetof(wasmc_module, elems));
  }

  const Module& m_;
  const CompileOptions& options_;
  const std::vector<FunctionSymbols>& symbols_;  // by defined function
  const std::unordered_map<uint32_t, uint32_t>& trampolines_;
  bool has_lines_ = false;  // some function has a line table (Funcs)
  ObjectModule& obj_;
  SectionWriter rodata_;
  SectionWriter relro_;
  wasmc_module root_;
  std::vector<std::pair<size_t, uint64_t>> root_pointers_;         // -> ".data.rel.ro"
  std::vector<std::pair<size_t, uint64_t>> root_rodata_pointers_;  // -> ".rodata"
  std::unordered_map<std::string, uint64_t> strings_;
  Filter filter_;  // an executable's seccomp filter (Features)
  DescTable<wasmc_const_expr> const_ops_;  // the ops of every extended constant expression
};

}  // namespace

void TypeDescBytes(const Module& module, uint32_t index, std::vector<uint8_t>* bytes,
                   uint32_t* key_size) {
  const FuncType& t = module.types[index];
  bytes->clear();
  for (ValType v : t.params) bytes->push_back(static_cast<uint8_t>(v));
  for (ValType v : t.results) bytes->push_back(static_cast<uint8_t>(v));
  std::vector<uint32_t> key;  // typed references: the structural key (validated size)
  WASMC_CHECK(FuncTypeKey(module, index, kMaxTypeKeyTypes, &key));
  for (uint32_t w : key)
    for (int b = 0; b < 4; ++b) bytes->push_back(static_cast<uint8_t>(w >> (8 * b)));
  *key_size = static_cast<uint32_t>(4 * key.size());
}

std::vector<uint32_t> KnownTypeIds(const Module& module) {
  std::vector<uint32_t> ids(module.types.size(), kUnknownTypeId);
  std::vector<uint8_t> bytes;
  for (uint32_t i = 0; i < module.types.size(); ++i) {
    uint32_t key_size = 0;
    TypeDescBytes(module, i, &bytes, &key_size);
    if (key_size != 0) continue;  // typed references: the registry's
    const FuncType& t = module.types[i];
    const uint32_t id = wasmc_plain_type_id(static_cast<uint32_t>(t.params.size()),
                                            static_cast<uint32_t>(t.results.size()), bytes.data());
    if (id != UINT32_MAX) ids[i] = id;
  }
  return ids;
}

void EmitModuleDescriptor(const Module& module, const CompileOptions& options,
                          const std::vector<FunctionSymbols>& symbols,
                          const std::unordered_map<uint32_t, uint32_t>& trampolines,
                          ObjectModule& obj) {
  DescriptorEmitter(module, options, symbols, trampolines, obj).Emit();
}

}  // namespace wasmc
