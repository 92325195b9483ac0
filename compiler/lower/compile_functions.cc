// CompileFunctions: wasm bodies -> IR -> the backend, one function at a time.
#include "compiler/lower/compile_functions.h"

#include <cstdio>
#include <cstdlib>

#include <fstream>
#include <unordered_map>

#include "backend/codegen/function_compiler.h"
#include "backend/codegen/section_writer.h"
#include "backend/codegen/symbols.h"
#include "backend/ir/verify.h"
#include "backend/target.h"
#include "compiler/lower/ir_builder.h"
#include "compiler/lower/line_table.h"
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

// A failed check is a bug in wasmc: the full report (with the IR) on stderr, and a
// DiagKind::kCodegenCheck diagnostic at the wasm operator that produced the
// instruction (exit 71), so no caller can mistake it for a user error or ignore it.
Diag CodegenCheckFailed(const Module& module, const ir::Function& fn, uint32_t inst,
                        const char* check, const std::string& report) {
  std::fprintf(stderr, "wasmc: internal compiler error: %s", report.c_str());
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

// For debuggers and backtraces (unless --strip): a local STT_FUNC symbol with the
// function's own name (name section or DWARF) beside wasmc_func_<i>, and its
// source line table, `wasmc_lines_<i>` in ".rodata", when the module has DWARF.
void AddDebugSymbols(const Module& m, const ir::Function& fn, const FunctionCode& code,
                     uint64_t base, int text, ObjectModule& obj) {
  if (auto it = m.names.functions.find(fn.func_index); it != m.names.functions.end() && !it->second.empty()) {
    Symbol s;
    s.name = it->second;
    s.section = text;
    s.value = base;
    s.size = code.code.size();
    s.function = true;
    obj.AddSymbol(std::move(s));
  }
  if (m.debug.empty()) return;
  std::vector<CodePoint> points;
  for (size_t k = 0; k < fn.markers.size(); ++k)
    points.push_back({code.marker_offsets[k], fn.markers[k].wasm_offset});
  std::vector<uint8_t> table = EncodeLineTable(m.debug, points);
  if (table.empty()) return;
  SectionWriter rodata(obj, ".rodata", SectionKind::kRodata, 16);
  Symbol s;
  s.name = LineTableSymbolName(fn.func_index);
  s.section = static_cast<int32_t>(rodata.index());
  s.value = rodata.Append(table.data(), table.size(), 1);
  s.size = table.size();
  obj.AddSymbol(std::move(s));
}

// The function's unwind and exception table, `wasmc_eh_<i>` in ".rodata" (abi.h
// wasmc_func_desc::eh): 12 bytes, plus 12 per run of calls in one try region.
void AddEhTable(uint32_t func_index, const FunctionCode& code, ObjectModule& obj) {
  std::vector<uint32_t> words = {static_cast<uint32_t>(code.saved_registers),
                                 static_cast<uint32_t>(code.saved_registers >> 32),
                                 static_cast<uint32_t>(code.eh_sites.size())};
  for (const FunctionCode::EhSite& s : code.eh_sites) words.insert(words.end(), {s.begin, s.end, s.pad});
  SectionWriter rodata(obj, ".rodata", SectionKind::kRodata, 16);
  Symbol s;
  s.name = EhTableSymbolName(func_index);
  s.section = static_cast<int32_t>(rodata.index());
  s.value = rodata.Append(words.data(), 4 * words.size(), 4);
  s.size = 4 * words.size();
  obj.AddSymbol(std::move(s));
}

}  // namespace

Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing) {
  const TargetInfo& target = GetTarget(options.target);
  int text = -1;
  for (size_t s = 0; s < obj.sections.size(); ++s)
    if (obj.sections[s].name == ".text") text = static_cast<int>(s);
  if (text < 0) {
    obj.sections.push_back(Section{".text", SectionKind::kText, 16, {}, {}});
    text = static_cast<int>(obj.sections.size() - 1);
  }
  // Symbols first: calls may go forward.
  const uint32_t nimp = module.num_imported_funcs;
  std::vector<uint32_t> func_sym(module.codes.size());
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    Symbol s;
    s.name = FuncSymbolName(nimp + d);
    s.section = text;
    s.function = true;
    func_sym[d] = obj.AddSymbol(std::move(s));
  }
  BodyDecoder decoder(module);
  SourceFiles sources(module.debug);
  const bool verify = VerifyCodegen(options);
  const ir::ModuleSignatures sigs = verify ? SignaturesOf(module) : ir::ModuleSignatures{};
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    const uint32_t f = nimp + d;
    ir::Function fn;
    ir::IrBuilder builder(module, fn);
    Status st = decoder.Decode(f, builder);
    if (!st.ok()) return st;
    if (verify) {
      ir::VerifyResult v = ir::VerifyFunction(fn, &sigs, builder.VRegKinds());
      if (!v.ok) return CodegenCheckFailed(module, fn, v.inst, "the IR verifier", ir::VerifyReport(fn, v));
    }

    Section& sec = obj.sections[text];
    while (sec.bytes.size() % 16) sec.bytes.push_back(target.code_fill);
    const uint64_t base = sec.bytes.size();
    if (listing) *listing += "\n" + module.FunctionName(f) + " (func " + std::to_string(f) + "):\n";
    // --emit=asm with DWARF: the source line before the first operator of each line.
    const SourceLine* shown = nullptr;
    auto note = [&](const ir::Marker& mk) -> std::string {
      const SourceLine* src = module.debug.At(mk.wasm_offset);
      if (!src || (shown && src->file == shown->file && src->line == shown->line)) return {};
      shown = src;
      return sources.Comment(*src);
    };
    FunctionCode code = CompileFunction(fn, options.target, base, listing, verify,
                                        module.debug.empty() ? ListingNote{} : ListingNote(note),
                                        options.cpu_level, options.opt_level);
    if (code.check_failed) {
      return CodegenCheckFailed(module, fn, code.check_inst, code.check_name, code.check_report);
    }
    if (!code.error.empty()) {
      return MakeDiag(DiagKind::kUnsupported, module.codes[d].offset,
                      "cannot generate code for this function", code.error);
    }
    sec.bytes.insert(sec.bytes.end(), code.code.begin(), code.code.end());
    obj.symbols[func_sym[d]].value = base;
    obj.symbols[func_sym[d]].size = code.code.size();
    for (const CodeReloc& r : code.relocs) {
      uint32_t sym;
      if (r.symbol.starts_with("wasmc_func_")) {
        uint32_t callee = static_cast<uint32_t>(std::stoul(r.symbol.substr(11)));
        WASMC_CHECK(callee >= nimp);
        sym = func_sym[callee - nimp];
      } else {
        sym = obj.ExternalSymbol(r.symbol);
      }
      sec.relocs.push_back(Reloc{base + r.offset, r.kind, sym, r.addend, true});
    }
    AddEhTable(f, code, obj);
    if (!options.strip) AddDebugSymbols(module, fn, code, base, text, obj);
  }
  return Status::Ok();
}

}  // namespace wasmc
