// CompileFunctions: wasm bodies -> IR -> the backend, one function at a time.
#include "compiler/lower/compile_functions.h"

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "backend/codegen/function_compiler.h"
#include "backend/codegen/section_writer.h"
#include "backend/codegen/symbols.h"
#include "backend/ir/verify.h"
#include "backend/target.h"
#include "compiler/lower/compile_order.h"
#include "compiler/lower/descriptor.h"
#include "compiler/lower/inline_plan.h"
#include "compiler/lower/ir_builder.h"
#include "compiler/lower/line_table.h"
#include "compiler/lower/single_pass.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc {

namespace {

// The IR verifier and the register-allocation checker: --verify-codegen,
// WASMC_VERIFY=1 (any value but "0"), and always in builds without NDEBUG.
bool VerifyCodegen(const CompileOptions& options) {
#ifndef NDEBUG
  return true;
#else
  static const bool from_env = [] {
    const char* v = std::getenv("WASMC_VERIFY");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
  }();
  return options.verify_codegen || from_env;
#endif
}

// One function's compilation, made on any thread and added to the object later, in
// function order (Commit), so the object is the same whatever thread made it.
struct Compiled {
  Status status = Status::Ok();  // the first error of this function (then nothing else)
  std::string report;            // a failed check's full report, for stderr at Commit
  FunctionCode code;
  std::vector<uint8_t> line_table;  // the source line table (AddDebugSymbols), or empty
  std::vector<uint32_t> inline_words;  // the inlined bodies' code ranges (AddEhTable)
  bool divides = false;  // an integer division or remainder (before optimisation)
};

// Whether fn divides integers: on x86-64 the only code that raises #DE, whose trap
// kind the runtime's optional divide classifier tells apart (runtime-support/core/
// trap.c, wasmc_feature_divide; the object names it, so wasmc's linker keeps it).
bool DividesIntegers(const ir::Function& fn) {
  for (const ir::Inst& in : fn.insts)
    if (in.op == ir::Opcode::kDivS || in.op == ir::Opcode::kDivU || in.op == ir::Opcode::kRemS ||
        in.op == ir::Opcode::kRemU)
      return true;
  return false;
}

// Whether an f32, f64 or v128 type appears in the module's function types (imported
// functions, tags and call_indirect types among them), locals or globals: where none
// does, a CompileOptions::sole_module turns the wasm-internal convention off for all
// of its functions (ir::Function::fprs_kept_across_calls), which keeps FPR values
// across wasm calls only. The decision is the same for every function of the module,
// so it is correct either way (without the convention every call is a C-convention
// call); a float value that no type names (f32.convert_i32_s read by
// i32.reinterpret_f32) merely goes without it.
bool HasFloatOrVectorTypes(const Module& m) {
  auto fp = [](ValType t) { return t == ValType::kF32 || t == ValType::kF64 || t == ValType::kV128; };
  for (const FuncType& t : m.types)
    if (std::any_of(t.params.begin(), t.params.end(), fp) || std::any_of(t.results.begin(), t.results.end(), fp))
      return true;
  for (const GlobalType& g : m.globals)
    if (fp(g.type)) return true;
  for (const Code& c : m.codes)
    for (const LocalRun& r : c.locals)
      if (r.count > 0 && fp(r.type)) return true;
  return false;
}

// Whether every funcref the module's code can call through (call_indirect, call_ref,
// return_call_indirect) is one of its own functions, when it is the only wasm code
// of its process (CompileOptions::sole_module). Funcrefs come from ref.func, tables
// and globals, and from imports. ref.func names only functions of C.refs (elem
// segments, exports, global and table initializers): none may be imported (C code,
// or another module's). No table or funcref global may be imported, and no imported
// function or tag may pass a function reference in (a host could hand over a C
// function's). Nothing else writes a sole module's tables and globals (WASI does not).
bool FuncrefsAreOwnCode(const Module& m) {
  auto has_func_ref = [&](uint32_t type_index) {
    if (type_index >= m.types.size()) return true;
    const FuncType& t = m.types[type_index];
    auto func = [](ValType v) { return StorageType(v) == ValType::kFuncRef; };
    return std::any_of(t.params.begin(), t.params.end(), func) ||
           std::any_of(t.results.begin(), t.results.end(), func);
  };
  for (const Import& imp : m.imports) {
    if (imp.kind == ExternKind::kTable) return false;
    if (imp.kind == ExternKind::kGlobal && StorageType(imp.global.type) == ValType::kFuncRef) return false;
    if ((imp.kind == ExternKind::kFunc || imp.kind == ExternKind::kTag) && has_func_ref(imp.type_index))
      return false;
  }
  auto imported = [&](uint32_t f) { return f < m.num_imported_funcs; };
  auto names_import = [&](const ConstExpr& e) {
    if (e.kind == ConstExpr::kRefFunc && imported(e.index)) return true;
    for (const ConstExpr& op : e.ops)
      if (op.kind == ConstExpr::kRefFunc && imported(op.index)) return true;
    return false;
  };
  for (const ElemSegment& seg : m.elems) {
    if (std::any_of(seg.func_indices.begin(), seg.func_indices.end(), imported)) return false;
    if (std::any_of(seg.exprs.begin(), seg.exprs.end(), names_import)) return false;
  }
  // (An export taking a function reference could be handed a C function's by its
  // caller: the spec runner's invoke.)
  for (const Export& e : m.exports)
    if (e.kind == ExternKind::kFunc &&
        (imported(e.index) || e.index >= m.func_types.size() || has_func_ref(m.func_types[e.index])))
      return false;
  for (const Global& g : m.defined_globals)
    if (names_import(g.init)) return false;
  return std::none_of(m.table_inits.begin(), m.table_inits.end(), names_import);
}

// Table 0's size when it can never change, else ir::Function::kNoFixedTable: a table
// the module defines (an imported one is another's) with funcref elements (typed
// function references too) and 32-bit indices whose maximum is its minimum, so
// table.grow never succeeds with more than 0 and the runtime never reallocates it
// (wasm-ld declares __indirect_function_table so unless --growable-table). The runtime
// keeps such a table's element codes at elems[min + i] (abi.h, wasmc_table); the bound
// keeps 8 * (min + i) a 32-bit displacement.
uint32_t FixedTable0Size(const Module& m) {
  if (m.tables.empty() || m.num_imported_tables > 0) return ir::Function::kNoFixedTable;
  const TableType& t = m.tables[0];
  if (StorageType(t.elem) != ValType::kFuncRef || t.limits.is64 || !t.limits.has_max ||
      t.limits.max != t.limits.min || t.limits.min >= (1u << 27))
    return ir::Function::kNoFixedTable;
  return static_cast<uint32_t>(t.limits.min);
}

// A failed check is a bug in wasmc: the full report (with the IR) on stderr (when the
// function is committed: only the first failing function's), and a
// DiagKind::kCodegenCheck diagnostic at the wasm operator that produced the
// instruction (exit 71), so no caller can mistake it for a user error or ignore it.
Diag CodegenCheckFailed(const Module& module, const ir::Function& fn, uint32_t inst,
                        const char* check, const std::string& report, Compiled& out) {
  out.report = report;
  uint64_t at = module.codes[fn.func_index - module.num_imported_funcs].offset;
  if (inst < fn.insts.size() && fn.insts[inst].marker < fn.markers.size())
    at = fn.markers[fn.insts[inst].marker].wasm_offset;
  std::string first_line = report.substr(0, report.find('\n'));
  first_line = first_line.substr(first_line.find(": ") + 2);  // after the check's name
  return MakeDiag(DiagKind::kCodegenCheck, at,
                  std::string("internal compiler error: ") + check + " failed", first_line);
}

// What the IR verifier checks calls and instance accesses against, in IR types.
ir::ModuleSignatures SignaturesOf(const Module& m) {
  // Signatures with types the IR has no value for are listed all the same: a function
  // that uses one is refused before the verifier sees it, so its entry is never
  // checked against.
  auto type = [](ValType v) {
    switch (v) {
      case ValType::kI32: case ValType::kI64: case ValType::kF32: case ValType::kF64:
      case ValType::kV128: case ValType::kFuncRef: case ValType::kExternRef: case ValType::kExnRef:
        return ir::IrBuilder::TypeOf(v);
      default: return ir::Type::kI64;
    }
  };
  auto sig = [&](const FuncType& t) {
    ir::Signature s;
    for (ValType v : t.params) s.params.push_back(type(v));
    for (ValType v : t.results) s.results.push_back(type(v));
    return s;
  };
  ir::ModuleSignatures out;
  for (const FuncType& t : m.types) out.types.push_back(sig(t));
  for (uint32_t f = 0; f < m.func_types.size(); ++f) out.funcs.push_back(sig(m.FuncTypeOf(f)));
  out.num_imported_funcs = m.num_imported_funcs;
  out.num_tables = static_cast<uint32_t>(m.tables.size());
  out.num_imported_globals = m.num_imported_globals;
  out.num_defined_globals = static_cast<uint32_t>(m.globals.size()) - m.num_imported_globals;
  return out;
}

// --emit=asm with DWARF: the source lines, read once per file (a file that cannot
// be read shows its location only).
class SourceFiles {
 public:
  explicit SourceFiles(const DebugInfo& debug) : debug_(debug) {}
  // "; src/stats.c:42: return a / b;" (without the text if it is not readable).
  std::string Comment(const SourceLine& s) {
    std::string out = "; " + debug_.files[s.file] + ":" + std::to_string(s.line);
    const std::vector<std::string>& lines = Lines(s.file);
    if (s.line >= 1 && s.line <= lines.size()) {
      std::string text = lines[s.line - 1];
      text.erase(0, text.find_first_not_of(" \t"));
      if (!text.empty()) out += ": " + text;
    }
    return out + "\n";
  }

 private:
  const std::vector<std::string>& Lines(uint32_t file) {
    auto [it, added] = cache_.try_emplace(file);
    if (added) {
      std::ifstream in(debug_.paths[file]);
      for (std::string line; std::getline(in, line);) it->second.push_back(line);
    }
    return it->second;
  }
  const DebugInfo& debug_;
  std::unordered_map<uint32_t, std::vector<std::string>> cache_;
};

// The source line table of a function (empty without DWARF), for AddDebugSymbols.
std::vector<uint8_t> LineTableOf(const Module& m, const ir::Function& fn, const FunctionCode& code) {
  if (m.debug.empty() || fn.markers.empty()) return {};
  // Most functions of a module have no row with a line in the range of their markers
  // (DWARF for a few files only): skip their lookups, which would all come back empty.
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const ir::Marker& mk : fn.markers) lo = std::min(lo, mk.wasm_offset), hi = std::max(hi, mk.wasm_offset);
  if (!m.debug.AnyLineIn(lo, hi)) return {};
  std::vector<CodePoint> points;
  for (size_t k = 0; k < fn.markers.size(); ++k)
    points.push_back({code.marker_offsets[k], fn.markers[k].wasm_offset});
  return EncodeLineTable(m.debug, points);
}

// For debuggers and backtraces (unless --strip): a local STT_FUNC symbol with the
// function's own name (name section or DWARF) beside wasmc_func_<i>, and its
// source line table, `wasmc_lines_<i>` in ".rodata", when the module has DWARF.
// Returns the line table's symbol, or FunctionSymbols::kNone.
uint32_t AddDebugSymbols(const Module& m, uint32_t func_index, const Compiled& c, uint64_t base,
                         int text, ObjectModule& obj) {
  if (auto it = m.names.functions.find(func_index); it != m.names.functions.end() && !it->second.empty()) {
    Symbol s;
    s.name = it->second;
    s.section = text;
    s.value = base;
    s.size = c.code.code.size();
    s.function = true;
    obj.AddSymbol(std::move(s));
  }
  const std::vector<uint8_t>& table = c.line_table;
  if (table.empty()) return FunctionSymbols::kNone;
  SectionWriter rodata(obj, ".rodata", SectionKind::kRodata, 16);
  Symbol s;
  s.name = LineTableSymbolName(func_index);
  s.section = static_cast<int32_t>(rodata.index());
  s.value = rodata.Append(table.data(), table.size(), 1);
  s.size = table.size();
  return obj.AddSymbol(std::move(s));
}

// The code ranges of the bodies inlined into a function, for backtraces (abi.h
// wasmc_func_desc::eh): their number, then per body [begin, end) and the callee's
// index, an enclosing body before the bodies inlined into it. A body that became no
// code is left out.
std::vector<uint32_t> InlineWords(const std::vector<ir::IrBuilder::InlineRange>& ranges,
                                  const FunctionCode& code) {
  std::vector<uint32_t> words = {0};
  auto offset = [&](uint32_t marker) {
    return marker < code.marker_offsets.size() ? code.marker_offsets[marker]
                                               : static_cast<uint32_t>(code.code.size());
  };
  for (const ir::IrBuilder::InlineRange& r : ranges) {
    const uint32_t begin = offset(r.first_marker), end = offset(r.end_marker);
    if (begin >= end) continue;
    words.insert(words.end(), {begin, end, r.callee});
    ++words[0];
  }
  return words;
}

// The function's unwind and exception table, `wasmc_eh_<i>` in ".rodata" (abi.h
// wasmc_func_desc::eh): 12 bytes, plus 12 per run of calls in one try region, then
// the inlined bodies (InlineWords: 4 bytes, plus 12 per body). Returns its symbol.
uint32_t AddEhTable(uint32_t func_index, const FunctionCode& code, const std::vector<uint32_t>& inline_words,
                    ObjectModule& obj) {
  std::vector<uint32_t> words = {static_cast<uint32_t>(code.saved_registers),
                                 static_cast<uint32_t>(code.saved_registers >> 32),
                                 static_cast<uint32_t>(code.eh_sites.size())};
  for (const FunctionCode::EhSite& s : code.eh_sites) words.insert(words.end(), {s.begin, s.end, s.pad});
  if (inline_words.empty()) words.push_back(0);  // nothing inlined
  words.insert(words.end(), inline_words.begin(), inline_words.end());
  SectionWriter rodata(obj, ".rodata", SectionKind::kRodata, 16);
  Symbol s;
  s.name = EhTableSymbolName(func_index);
  s.section = static_cast<int32_t>(rodata.index());
  s.value = rodata.Append(words.data(), 4 * words.size(), 4);
  s.size = 4 * words.size();
  return obj.AddSymbol(std::move(s));
}

// Compiles the defined functions to Compiled results and adds them to the object in
// function order. With one thread, each function is compiled right before it is
// added, so its listing gets its final addresses; with more, the functions are
// compiled on a pool (the calling thread among them) and each is added as soon as
// it and all before it are done. The code does not depend on where it is placed
// (CompileFunction's `base` only labels the listing), so the bytes are the same.
class FunctionsCompiler {
 public:
  FunctionsCompiler(const Module& module, const CompileOptions& options, ObjectModule& obj,
                    std::string* listing, std::vector<FunctionSymbols>& symbols)
      : module_(module), options_(options), target_(GetTarget(options.target)), obj_(obj),
        listing_(listing), symbols_(symbols), sources_(module.debug), verify_(VerifyCodegen(options)),
        sigs_(verify_ ? SignaturesOf(module) : ir::ModuleSignatures{}),
        inline_plan_(PlanInlining(module, options.opt_level)),
        fprs_kept_across_calls_(!options.sole_module || HasFloatOrVectorTypes(module)),
        funcrefs_own_code_(options.sole_module && FuncrefsAreOwnCode(module)),
        table0_fixed_size_(funcrefs_own_code_ ? FixedTable0Size(module) : ir::Function::kNoFixedTable),
        type_ids_(KnownTypeIds(module)),
        single_pass_(options.opt_level <= 1 && !options.no_single_pass && SinglePassSupportsTarget(options.target)) {
    single_pass_options_.target = options.target;
    single_pass_options_.cpu_level = options.cpu_level;
    // -O1's by-use choice of the register locals (SinglePassOptions::opt_level 1, which
    // re-emits a function whose most-used locals differ from the first guess) emits
    // most functions twice: SQLite 371 -> 626 M compile instructions, more than the IR
    // -O1's 568 M, for code 4-17% faster (docs/performance.md, Session 21's merge). Off
    // until the uses are counted without a second emission: -O1 compiles as -O0.
    single_pass_options_.opt_level = 0;
    single_pass_options_.verify = verify_;
    single_pass_options_.fprs_kept_across_calls = fprs_kept_across_calls_;
    single_pass_options_.pinned_registers_kept = options.sole_module;
    single_pass_options_.funcrefs_own_code = funcrefs_own_code_;
    single_pass_options_.table0_fixed_size = table0_fixed_size_;
    single_pass_options_.type_ids = &type_ids_;
    if (single_pass_) SinglePassCallAreas(module, &single_pass_options_);
  }

  Status Run() {
    text_ = TextSection();
    // Symbols first: calls may go forward.
    const uint32_t n = static_cast<uint32_t>(module_.codes.size());
    symbols_.assign(n, FunctionSymbols{});
    for (uint32_t d = 0; d < n; ++d) {
      Symbol s;
      s.name = FuncSymbolName(module_.num_imported_funcs + d);
      s.section = text_;
      s.function = true;
      symbols_[d].code = obj_.AddSymbol(std::move(s));
    }
    // ".text" in one block: the code is 1.2-2.1 bytes per body byte (x86-64 and AArch64,
    // -O1 and -O2, the bench programs), so it is seldom copied to a larger block as it
    // grows, on the thread that commits (docs/performance.md, "Fixed costs").
    uint64_t body_bytes = 0;
    for (const Code& c : module_.codes) body_bytes += c.end_offset - c.body_offset;
    std::vector<uint8_t>& text = obj_.sections[text_].bytes;
    text.reserve(text.size() + body_bytes * 5 / 2 + uint64_t{n} * target_.function_align);
    const unsigned threads = listing_ ? 1 : std::min<unsigned>(std::max(options_.threads, 1), n);
    Status st = Status::Ok();
    if (threads <= 1) {
      BodyDecoder decoder(module_);
      for (uint32_t d = 0; d < n && st.ok(); ++d) {
        Compiled c = Compile(decoder, d, AlignedEnd());
        st = Commit(d, c);
      }
    } else {
      st = RunParallel(n, threads);
    }
    if (st.ok()) ReportSinglePass();
    return st;
  }

 private:
  int TextSection() {
    for (size_t s = 0; s < obj_.sections.size(); ++s)
      if (obj_.sections[s].name == ".text") {
        obj_.sections[s].align = std::max<uint32_t>(obj_.sections[s].align, target_.function_align);
        return static_cast<int>(s);
      }
    obj_.sections.push_back(Section{".text", SectionKind::kText, target_.function_align, {}, {}});
    return static_cast<int>(obj_.sections.size() - 1);
  }

  // Where the next function starts: the end of ".text", padded to the target's
  // function alignment (16 or 32 bytes).
  uint64_t AlignedEnd() {
    Section& sec = obj_.sections[text_];
    while (sec.bytes.size() % target_.function_align) sec.bytes.push_back(target_.code_fill);
    return sec.bytes.size();
  }

  // The IR's arrays of the last function a thread compiled, emptied and handed to the
  // next (Compile): one reservation per thread that grows to the largest function, not
  // a block of megabytes taken, touched and freed per function (SQLite: 5 x 1021 blocks
  // and the faults of their fresh pages).
  struct SpareArrays {
    std::vector<ir::Inst> insts;
    std::vector<ir::Type> vreg_types;
    std::vector<uint32_t> extra, label_block;
    std::vector<ir::Marker> markers;

    void LendTo(ir::Function& fn) {
      fn.insts = std::move(insts), fn.insts.clear();
      fn.vreg_types = std::move(vreg_types), fn.vreg_types.clear();
      fn.extra = std::move(extra), fn.extra.clear();
      fn.label_block = std::move(label_block), fn.label_block.clear();
      fn.markers = std::move(markers), fn.markers.clear();
    }
    void TakeBack(ir::Function& fn) {
      insts = std::move(fn.insts);
      vreg_types = std::move(fn.vreg_types);
      extra = std::move(fn.extra);
      label_block = std::move(fn.label_block);
      markers = std::move(fn.markers);
    }
  };
  static SpareArrays& ThreadSpareArrays() {
    thread_local SpareArrays spare;
    return spare;
  }

  // Defined function d -> IR -> machine code, on any thread (`base` matters only to
  // the listing, which is made on the calling thread alone).
  Compiled Compile(BodyDecoder& decoder, uint32_t d, uint64_t base) {
    ir::Function fn;
    SpareArrays& spare = ThreadSpareArrays();
    spare.LendTo(fn);
    Compiled out = CompileInto(fn, decoder, d, base);
    spare.TakeBack(fn);
    return out;
  }

  Compiled CompileInto(ir::Function& fn, BodyDecoder& decoder, uint32_t d, uint64_t base) {
    Compiled out;
    const uint32_t f = module_.num_imported_funcs + d;
    // -O0 and -O1: the single-pass tier first (single_pass.h); what it refuses takes the IR
    // path, at -O1's settings (-O0's are the same there).
    std::string refused;
    if (single_pass_ && TrySinglePass(decoder, d, base, out, &refused)) return out;
    fn.fprs_kept_across_calls = fprs_kept_across_calls_;
    // Only this module's wasm code runs in the process, entered from C through the
    // trampolines and the runtime's entries, which set the pinned registers.
    fn.pinned_registers_kept = options_.sole_module;
    fn.funcrefs_own_code = funcrefs_own_code_;
    fn.table0_fixed_size = table0_fixed_size_;
    fn.type_ids = &type_ids_;
    // About one marker per 2-3 body bytes and as many instructions (SQLite, clang -O2):
    // room up front instead of a reallocation and copy at each doubling.
    const Code& code = module_.codes[d];
    fn.markers.reserve((code.end_offset - code.body_offset) / 2 + 4);
    fn.insts.reserve((code.end_offset - code.body_offset) / 2 + 16);
    ir::IrBuilder builder(module_, fn);
    std::unique_ptr<Inliner> inliner = TakeInliner();
    if (inliner) builder.EnableInlining(inliner.get());
    out.status = decoder.Decode(f, builder);
    ReturnInliner(std::move(inliner));
    if (!out.status.ok()) return out;
    out.divides = DividesIntegers(fn);
    if (verify_) {
      ir::VerifyResult v = ir::VerifyFunction(fn, &sigs_, builder.VRegKinds());
      if (!v.ok) {
        out.status = CodegenCheckFailed(module_, fn, v.inst, "the IR verifier", ir::VerifyReport(fn, v), out);
        return out;
      }
    }
    if (listing_) *listing_ += "\n" + module_.FunctionName(f) + " (func " + std::to_string(f) + "):\n";
    if (listing_ && single_pass_) *listing_ += "; tier: ir (single-pass: " + refused + ")\n";
    if (listing_ && !single_pass_ && options_.opt_level <= 1) *listing_ += "; tier: ir (--no-single-pass)\n";
    const SourceLine* shown = nullptr;
    auto note = [&](const ir::Marker& mk) { return SourceNote(mk.wasm_offset, shown); };
    out.code = CompileFunction(fn, options_.target, base, listing_, verify_,
                               listing_ && !module_.debug.empty() ? ListingNote(note) : ListingNote{},
                               options_.cpu_level, options_.opt_level);
    if (out.code.check_failed) {
      out.status = CodegenCheckFailed(module_, fn, out.code.check_inst, out.code.check_name,
                                      out.code.check_report, out);
    } else if (!out.code.error.empty()) {
      out.status = MakeDiag(DiagKind::kUnsupported, module_.codes[d].offset,
                            "cannot generate code for this function", out.code.error);
    } else {
      out.inline_words = InlineWords(builder.InlineRanges(), out.code);
      if (!options_.strip) out.line_table = LineTableOf(module_, fn, out.code);
      // Used up (the two above): freed now, not kept while the result waits its turn.
      std::vector<uint32_t>().swap(out.code.marker_offsets);
    }
    return out;
  }

  // --emit=asm with DWARF: the source line before the first operator of each line
  // (`shown`: the line the function's listing showed last).
  std::string SourceNote(uint64_t wasm_offset, const SourceLine*& shown) {
    const SourceLine* src = module_.debug.At(wasm_offset);
    if (!src || (shown && src->file == shown->file && src->line == shown->line)) return {};
    shown = src;
    return sources_.Comment(*src);
  }

  // The single-pass tier's try at defined function d: true with `out` filled when it
  // compiled the function, false (nothing in `out`, why in *refused) when it refused.
  bool TrySinglePass(BodyDecoder& decoder, uint32_t d, uint64_t base, Compiled& out, std::string* refused) {
    const uint32_t f = module_.num_imported_funcs + d;
    std::string text;
    std::string* listing = listing_ ? &text : nullptr;
    const SourceLine* shown = nullptr;
    auto note = [&](uint64_t wasm_offset) { return SourceNote(wasm_offset, shown); };
    SinglePassResult r = CompileSinglePass(module_, decoder, f, single_pass_options_, listing, base,
                                           listing && !module_.debug.empty() ? SinglePassNote(note) : SinglePassNote{});
    if (!r.compiled) {
      *refused = std::string(r.reason) + (*r.detail ? std::string(" ") + r.detail : "");
      std::lock_guard<std::mutex> lock(single_pass_mu_);
      ++single_pass_refused_[*refused];
      return false;
    }
    single_pass_compiled_.fetch_add(1, std::memory_order_relaxed);
    if (listing_) *listing_ += "\n" + module_.FunctionName(f) + " (func " + std::to_string(f) + "):\n" + text;
    out.divides = r.divides;
    if (r.code.check_failed) {
      out.report = r.code.check_report;
      out.status = MakeDiag(DiagKind::kCodegenCheck, module_.codes[d].offset,
                            std::string("internal compiler error: ") + r.code.check_name + " failed",
                            r.code.check_report.substr(0, r.code.check_report.find('\n')));
    } else if (!r.code.error.empty()) {
      out.status = MakeDiag(DiagKind::kUnsupported, module_.codes[d].offset,
                            "cannot generate code for this function", r.code.error);
    } else if (!options_.strip && !module_.debug.empty()) {
      out.line_table = EncodeLineTable(module_.debug, r.points);
    }
    out.code = std::move(r.code);
    return true;
  }

  // -v at -O0 and -O1: how many functions the single-pass tier took, and why it refused the others.
  void ReportSinglePass() const {
    if (!single_pass_ || !options_.verbose) return;
    uint32_t refused = 0;
    std::vector<std::pair<uint32_t, std::string>> why;
    for (const auto& [reason, n] : single_pass_refused_) refused += n, why.push_back({n, reason});
    std::sort(why.begin(), why.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::fprintf(stderr, "wasmc: single-pass tier: %u functions, %u to the IR path\n", single_pass_compiled_.load(),
                 refused);
    for (const auto& [n, reason] : why) std::fprintf(stderr, "wasmc:   %6u  %s\n", n, reason.c_str());
  }

  // The inlining contexts (one per compiling thread at a time, made on first use);
  // none when nothing is inlinable.
  std::unique_ptr<Inliner> TakeInliner() {
    if (inline_plan_.inlinable.empty()) return nullptr;
    std::lock_guard<std::mutex> lock(inliners_mu_);
    if (inliners_.empty()) return std::make_unique<Inliner>(module_, inline_plan_);
    std::unique_ptr<Inliner> in = std::move(inliners_.back());
    inliners_.pop_back();
    return in;
  }
  void ReturnInliner(std::unique_ptr<Inliner> in) {
    if (!in) return;
    std::lock_guard<std::mutex> lock(inliners_mu_);
    inliners_.push_back(std::move(in));
  }

  // Adds defined function d's code, relocations, symbols and tables to the object.
  Status Commit(uint32_t d, const Compiled& c) {
    if (!c.report.empty()) std::fprintf(stderr, "wasmc: internal compiler error: %s", c.report.c_str());
    if (!c.status.ok()) return c.status;
    const uint32_t nimp = module_.num_imported_funcs;
    const uint64_t base = AlignedEnd();
    Section& sec = obj_.sections[text_];
    const FunctionCode& code = c.code;
    sec.bytes.insert(sec.bytes.end(), code.code.begin(), code.code.end());
    obj_.symbols[symbols_[d].code].value = base;
    obj_.symbols[symbols_[d].code].size = code.code.size();
    for (const CodeReloc& r : code.relocs) {
      uint32_t sym;
      if (r.func != CodeReloc::kNoFunc) {  // a defined wasm function: its symbol by index
        WASMC_CHECK(r.func >= nimp && r.func - nimp < symbols_.size());
        sym = symbols_[r.func - nimp].code;
      } else {
        sym = obj_.ExternalSymbol(r.symbol);
      }
      sec.relocs.push_back(Reloc{base + r.offset, r.kind, sym, r.addend, true});
    }
    // AArch64 code checks divisors itself (no signal, no classifier in its runtime).
    if (c.divides && options_.target == Target::kX64) obj_.ExternalSymbol("wasmc_feature_divide");
    symbols_[d].eh = AddEhTable(nimp + d, code, c.inline_words, obj_);
    if (!options_.strip) symbols_[d].lines = AddDebugSymbols(module_, nimp + d, c, base, text_, obj_);
    return Status::Ok();
  }

  // `threads` - 1 helper threads and the calling thread take functions in
  // CompileOrder; the calling thread commits them in index order, compiling while the next
  // one to commit is not ready. The first failing function in index order gives
  // the diagnostic (later ones are never committed), as with one thread.
  Status RunParallel(uint32_t n, unsigned threads) {
    std::vector<std::unique_ptr<Compiled>> done(n);
    std::mutex mu;
    std::condition_variable cv;
    std::atomic<uint32_t> next{0};
    std::atomic<bool> stop{false};
    // The large bodies first, the others in index order (compile_order.h): the threads
    // finish together, and the results are added as they come, not all at the end.
    std::vector<uint64_t> sizes(n);
    for (uint32_t d = 0; d < n; ++d) sizes[d] = module_.codes[d].end_offset - module_.codes[d].body_offset;
    const std::vector<uint32_t> order = CompileOrder(sizes, threads);
    // Compiles the next unclaimed function; false when none is left.
    auto work = [&](BodyDecoder& decoder) {
      const uint32_t k = next.fetch_add(1);
      if (k >= n || stop.load()) return false;
      const uint32_t d = order[k];
      auto c = std::make_unique<Compiled>(Compile(decoder, d, 0));
      {
        std::lock_guard<std::mutex> lock(mu);
        done[d] = std::move(c);
      }
      cv.notify_all();
      return true;
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back([&] {
        if (options_.thread_start) options_.thread_start();
        BodyDecoder decoder(module_);
        while (work(decoder)) {}
      });
    BodyDecoder decoder(module_);
    Status result = Status::Ok();
    for (uint32_t d = 0; d < n && result.ok(); ++d) {
      std::unique_ptr<Compiled> c;
      for (;;) {
        {
          std::unique_lock<std::mutex> lock(mu);
          if (done[d]) {
            c = std::move(done[d]);
            break;
          }
        }
        if (work(decoder)) continue;
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return done[d] != nullptr; });
      }
      result = Commit(d, *c);
    }
    stop = true;
    for (std::thread& t : pool) t.join();
    return result;
  }

  const Module& module_;
  const CompileOptions& options_;
  const TargetInfo& target_;
  ObjectModule& obj_;
  std::string* listing_;
  std::vector<FunctionSymbols>& symbols_;
  SourceFiles sources_;  // the listing's (one thread)
  const bool verify_;
  const ir::ModuleSignatures sigs_;
  const InlinePlan inline_plan_;
  const bool fprs_kept_across_calls_;  // ir::Function's, the same for every function
  const bool funcrefs_own_code_;       // ir::Function's, the same for every function
  const uint32_t table0_fixed_size_;   // ir::Function's, likewise
  const std::vector<uint32_t> type_ids_;  // ir::Function::type_ids, read by every function
  std::mutex inliners_mu_;
  std::vector<std::unique_ptr<Inliner>> inliners_;
  int text_ = -1;
  // The single-pass tier of -O0 and -O1 (single_pass.h): on, its options, and -v's counts.
  const bool single_pass_;
  SinglePassOptions single_pass_options_;
  std::atomic<uint32_t> single_pass_compiled_{0};
  std::mutex single_pass_mu_;
  std::map<std::string, uint32_t> single_pass_refused_;  // reason -> functions
};

}  // namespace

Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing, std::vector<FunctionSymbols>* symbols) {
  std::vector<FunctionSymbols> unused;
  return FunctionsCompiler(module, options, obj, listing, symbols ? *symbols : unused).Run();
}

}  // namespace wasmc
