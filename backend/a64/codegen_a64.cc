// The AArch64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/a64/macro_assembler_a64.h"
#include "backend/codegen/target_codegen.h"
#include "backend/codegen/trampolines.h"

namespace wasmc {

const TargetCodegen& A64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kA64,
      .new_macro_assembler = a64::NewMacroAssembler,
      .emit_array_trampoline = EmitArrayTrampolineA64,
      .emit_import_thunk = EmitImportThunkA64,
  };
  return codegen;
}

}  // namespace wasmc
