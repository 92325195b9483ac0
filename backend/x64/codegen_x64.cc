// The x86-64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/codegen/target_codegen.h"
#include "backend/codegen/trampolines.h"
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc {
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
  };
  return codegen;
}

}  // namespace wasmc
