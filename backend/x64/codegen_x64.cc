// The x86-64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/codegen/target_codegen.h"
#include "backend/x64/address_check_x64.h"
#include "backend/codegen/trampolines.h"
#include "backend/x64/macro_assembler_x64.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc {

// backend/x64/trampolines_x64.cc
std::unique_ptr<TrampolineEmitter> NewX64TrampolineEmitter();
namespace {
std::unique_ptr<MacroAssembler> NewX64(bool /*want_listing: Zydis lists any code*/) {
  return x64::NewMacroAssembler();
}
std::unique_ptr<MacroAssembler> NewX64At(bool /*want_listing*/, int level) {
  return x64::NewMacroAssembler(level == 0 ? x64::kDefaultLevel : level);
}
std::string X64LevelName(int level) {
  return x64::LevelName(level == 0 ? x64::kDefaultLevel : level);
}
uint32_t X64CpuFlags(int level) {
  switch (level == 0 ? x64::kDefaultLevel : level) {
    case 2: return WASMC_CPU_X86_64_V2;
    case 3: return WASMC_CPU_X86_64_V3;
    case 4: return WASMC_CPU_X86_64_V4;
    default: return 0;
  }
}
}  // namespace

const TargetCodegen& X64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kX64,
      .new_macro_assembler = NewX64,
      .new_trampoline_emitter = NewX64TrampolineEmitter,
      .check_addresses = x64::CheckAddresses,
      .check_scratch_writes = x64::CheckScratchWrites,
      .cpu_level = x64::ParseLevel,
      .cpu_level_names = "x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or native",
      .cpu_level_name = X64LevelName,
      .new_macro_assembler_at = NewX64At,
      .cpu_flags = X64CpuFlags,
  };
  return codegen;
}

}  // namespace wasmc
