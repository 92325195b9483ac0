// CompileFunctions: wasm bodies -> IR -> the backend, one function at a time.
#include "compiler/lower/compile_functions.h"

#include "backend/codegen/function_compiler.h"
#include "backend/target.h"
#include "compiler/lower/ir_builder.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc {

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
    s.name = "wasmc_func_" + std::to_string(nimp + d);
    s.section = text;
    s.function = true;
    func_sym[d] = obj.AddSymbol(std::move(s));
  }
  BodyDecoder decoder(module);
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    const uint32_t f = nimp + d;
    ir::Function fn;
    ir::IrBuilder builder(module, fn);
    Status st = decoder.Decode(f, builder);
    if (!st.ok()) return st;

    Section& sec = obj.sections[text];
    while (sec.bytes.size() % 16) sec.bytes.push_back(target.code_fill);
    const uint64_t base = sec.bytes.size();
    if (listing) *listing += "\n" + module.FunctionName(f) + " (func " + std::to_string(f) + "):\n";
    FunctionCode code = CompileFunction(fn, options.target, base, listing);
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
  }
  return Status::Ok();
}

}  // namespace wasmc
