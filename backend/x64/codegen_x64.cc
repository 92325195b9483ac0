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
// The single-pass tier's value registers (TargetCodegen::single_pass_gprs): rsi, rdi, r8,
// r9, r10 (RegisterInfo::clobbers names only rcx and rdx for the operators the tier
// emits but the bulk-memory lowering, rsi and rdi too, before which the tier spills
// those: single_pass.cc SpillClobbered) and xmm2-xmm7 (not the wasm convention's kept
// xmm8-xmm14).
constexpr uint8_t kSinglePassGprs[] = {6, 7, 8, 9, 10};
constexpr uint8_t kSinglePassFprs[] = {2, 3, 4, 5, 6, 7};

}  // namespace

const TargetCodegen& X64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kX64,
      .new_macro_assembler = NewX64,
      .new_trampoline_emitter = NewX64TrampolineEmitter,
      .check_addresses = x64::CheckAddresses,
      .check_scratch_writes = x64::CheckScratchWrites,
      .single_pass_gprs = kSinglePassGprs,
      .single_pass_fprs = kSinglePassFprs,
      .cpu_level = x64::ParseLevel,
      .cpu_level_names = "x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or native",
      .cpu_level_name = X64LevelName,
      .new_macro_assembler_at = NewX64At,
      .cpu_flags = X64CpuFlags,
  };
  return codegen;
}

}  // namespace wasmc
