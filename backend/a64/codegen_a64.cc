// The AArch64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/a64/macro_assembler_a64.h"
#include "backend/codegen/target_codegen.h"
#include "backend/a64/address_check_a64.h"
#include "backend/codegen/trampolines.h"

namespace wasmc {

// backend/a64/trampolines_a64.cc
std::unique_ptr<TrampolineEmitter> NewA64TrampolineEmitter();

const TargetCodegen& A64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kA64,
      .new_macro_assembler = a64::NewMacroAssembler,
      .new_trampoline_emitter = NewA64TrampolineEmitter,
      .check_addresses = a64::CheckAddressesA64,
  };
  return codegen;
}

}  // namespace wasmc
