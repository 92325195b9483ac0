#include "backend/codegen/trampolines.h"

#include <cstdio>

#include "backend/codegen/section_writer.h"
#include "backend/codegen/symbols.h"
#include "backend/codegen/target_codegen.h"

namespace wasmc {

std::string MangleExportName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == '_') {
      out += "__";
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "_%02X", c);
      out += hex;
    }
  }
  return out;
}

ArgPlan PlanArgs(const FuncType& type, uint32_t int_regs, uint32_t fp_regs) {
  ArgPlan plan;
  uint32_t next_int = 1;  // register 0 carries `inst`
  uint32_t next_fp = 0;
  if (type.results.size() > 1) {
    plan.results_pointer = true;
    next_int = 2;
  }
  for (ValType t : type.params) {
    bool fp = t == ValType::kF32 || t == ValType::kF64;
    ArgLocation loc;
    if (fp && next_fp < fp_regs) {
      loc = {ArgLocation::kFpReg, next_fp++};
    } else if (!fp && next_int < int_regs) {
      loc = {ArgLocation::kIntReg, next_int++};
    } else {
      loc = {ArgLocation::kStack, plan.stack_slots++};
    }
    plan.params.push_back(loc);
  }
  return plan;
}

std::unordered_map<uint32_t, uint32_t> EmitExportEntries(const Module& module,
                                                        ObjectModule& obj) {
  SectionWriter text(obj, ".text", SectionKind::kText, 16);
  const int32_t text_index = static_cast<int32_t>(text.index());

  // Index the code generator's function symbols once (modules can have many).
  std::unordered_map<std::string, uint32_t> defined;
  for (uint32_t i = 0; i < obj.symbols.size(); ++i) {
    const Symbol& s = obj.symbols[i];
    if (s.section >= 0 && s.name.starts_with("wasmc_func_")) defined.emplace(s.name, i);
  }
  auto code_symbol = [&](uint32_t func_index) {
    auto it = defined.find(FuncSymbolName(func_index));
    WASMC_CHECK(it != defined.end());  // CompileFunctions defines every defined function
    return it->second;
  };

  const TargetCodegen& target = GetCodegen(obj.target);
  std::unordered_map<uint32_t, uint32_t> trampolines;
  std::unordered_map<uint32_t, uint32_t> import_thunks;  // import index -> symbol
  for (const Export& e : module.exports) {
    if (e.kind != ExternKind::kFunc) continue;
    const uint32_t f = e.index;
    WASMC_CHECK(f < module.func_types.size());
    const bool imported = f < module.num_imported_funcs;

    if (!trampolines.contains(f)) {
      TrampolineCallee callee;
      callee.imported = imported;
      if (imported) callee.import_index = f;  // imported functions come first, in order
      else callee.code_symbol = code_symbol(f);
      const FuncType& type = module.FuncTypeOf(f);
      uint64_t at = target.emit_array_trampoline(type, callee, text.section());
      trampolines[f] = obj.AddSymbol(Symbol{TrampolineSymbolName(f), text_index, at,
                                            text.size() - at, false, true});
    }

    uint32_t entry;
    if (imported) {
      auto it = import_thunks.find(f);
      if (it == import_thunks.end()) {
        uint64_t at = target.emit_import_thunk(f, text.section());
        uint32_t sym = obj.AddSymbol(Symbol{"wasmc_import_thunk_" + std::to_string(f),
                                            text_index, at, text.size() - at, false, true});
        it = import_thunks.emplace(f, sym).first;
      }
      entry = it->second;
    } else {
      entry = code_symbol(f);
    }
    Symbol alias = obj.symbols[entry];
    alias.name = ExportSymbolName(e.name);
    alias.global = true;
    alias.function = true;
    obj.AddSymbol(std::move(alias));
  }
  return trampolines;
}

}  // namespace wasmc
