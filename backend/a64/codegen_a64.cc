// The AArch64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/a64/macro_assembler_a64.h"
#include "backend/codegen/target_codegen.h"
#include "backend/a64/address_check_a64.h"
#include "backend/codegen/trampolines.h"

namespace wasmc {

// backend/a64/trampolines_a64.cc
uint64_t EmitArrayTrampolineA64(const NativeSignature& type, const TrampolineCallee& callee,
                                Section& text);
uint64_t EmitImportThunkA64(uint32_t import_index, Section& text);

const TargetCodegen& A64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kA64,
      .new_macro_assembler = a64::NewMacroAssembler,
      .emit_array_trampoline = EmitArrayTrampolineA64,
      .emit_import_thunk = EmitImportThunkA64,
      .check_addresses = a64::CheckAddressesA64,
  };
  return codegen;
}

}  // namespace wasmc
