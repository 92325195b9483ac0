#include "compiler/lower/export_entries.h"

#include <cstdio>

#include "backend/codegen/section_writer.h"
#include "backend/codegen/symbols.h"
#include "backend/codegen/target_codegen.h"
#include "backend/diag.h"

namespace wasmc {
namespace {

// The native calling convention's view of a wasm signature.
NativeSignature NativeSignatureOf(const FuncType& type) {
  auto native = [](ValType t) {
    switch (t) {
      case ValType::kI32: return NativeType::kI32;
      case ValType::kF32: return NativeType::kF32;
      case ValType::kF64: return NativeType::kF64;
      case ValType::kV128: return NativeType::kV128;
      default: return NativeType::kI64;  // i64 and references (pointers)
    }
  };
  NativeSignature sig;
  for (ValType t : type.params) sig.params.push_back(native(t));
  for (ValType t : type.results) sig.results.push_back(native(t));
  return sig;
}

}  // namespace

std::unordered_map<uint32_t, uint32_t> EmitExportEntries(const Module& module,
                                                        const std::vector<FunctionSymbols>& symbols,
                                                        ObjectModule& obj) {
  SectionWriter text(obj, ".text", SectionKind::kText, 16);
  const int32_t text_index = static_cast<int32_t>(text.index());

  auto code_symbol = [&](uint32_t func_index) {
    const uint32_t d = func_index - module.num_imported_funcs;
    // CompileFunctions defines every defined function.
    WASMC_CHECK(d < symbols.size() && symbols[d].code != FunctionSymbols::kNone);
    return symbols[d].code;
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
      const NativeSignature sig = NativeSignatureOf(module.FuncTypeOf(f));
      uint64_t at = EmitArrayTrampoline(*target.new_trampoline_emitter(), sig, callee,
                                        text.section());
      trampolines[f] = obj.AddSymbol(Symbol{TrampolineSymbolName(f), text_index, at,
                                            text.size() - at, false, true});
    }

    uint32_t entry;
    if (imported) {
      auto it = import_thunks.find(f);
      if (it == import_thunks.end()) {
        uint64_t at = EmitImportThunk(*target.new_trampoline_emitter(), f, text.section());
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
