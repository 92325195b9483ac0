// The AArch64 entry of the code-generation registry (backend/codegen/target_codegen.h).
#include "backend/a64/macro_assembler_a64.h"
#include "backend/codegen/target_codegen.h"
#include "backend/a64/address_check_a64.h"
#include "backend/codegen/trampolines.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc {

// backend/a64/trampolines_a64.cc
std::unique_ptr<TrampolineEmitter> NewA64TrampolineEmitter();
namespace {
std::string A64LevelName(int level) { return a64::LevelName(level); }
uint32_t A64CpuFlags(int level) { return level >= a64::kLevelLse ? WASMC_CPU_A64_LSE : 0; }
// The single-pass tier's value registers (TargetCodegen::single_pass_gprs): x9-x14 and
// x8, v16-v23. Caller-saved under AAPCS64 and the wasm convention (no fpr_wasm_saved),
// allocatable, and written by no lowering but calls: RegisterInfo::clobbers is null
// (the lowerings' scratch is x15-x17 and v29-v31, and x18 / x30 in the bulk-memory
// sequences; the tail-call sequence's x9-x11 are written when nothing is live; trap
// stubs never return).
constexpr uint8_t kSinglePassGprs[] = {9, 10, 11, 12, 13, 14, 8};
constexpr uint8_t kSinglePassFprs[] = {16, 17, 18, 19, 20, 21, 22, 23};
}  // namespace

const TargetCodegen& A64Codegen() {
  static const TargetCodegen codegen{
      .id = Target::kA64,
      .new_macro_assembler = a64::NewMacroAssembler,
      .new_trampoline_emitter = NewA64TrampolineEmitter,
      .check_addresses = a64::CheckAddressesA64,
      .check_scratch_writes = a64::CheckPinnedWritesA64,
      .single_pass_gprs = kSinglePassGprs,
      .single_pass_fprs = kSinglePassFprs,
      .cpu_level = a64::ParseLevel,
      .cpu_level_names = "armv8-a, armv8.1-a or native",
      .cpu_level_name = A64LevelName,
      .new_macro_assembler_at = a64::NewMacroAssemblerAt,
      .cpu_flags = A64CpuFlags,
  };
  return codegen;
}

}  // namespace wasmc
