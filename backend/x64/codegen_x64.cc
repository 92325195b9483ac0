// The x86-64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/codegen/target_codegen.h"
#include "backend/x64/address_check_x64.h"
#include "backend/codegen/trampolines.h"
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc {

// backend/x64/trampolines_x64.cc
uint64_t EmitArrayTrampolineX64(const NativeSignature& type, const TrampolineCallee& callee,
                                Section& text);
uint64_t EmitImportThunkX64(uint32_t import_index, Section& text);
namespace {
std::unique_ptr<MacroAssembler> NewX64(bool /*want_listing: Zydis lists any code*/) {
  return x64::NewMacroAssembler();
}
}  // namespace

const TargetCodegen& X64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kX64,
      .new_macro_assembler = NewX64,
      .emit_array_trampoline = EmitArrayTrampolineX64,
      .emit_import_thunk = EmitImportThunkX64,
      .check_addresses = x64::CheckAddresses,
  };
  return codegen;
}

}  // namespace wasmc
