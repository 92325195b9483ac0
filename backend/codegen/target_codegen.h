// The code-generation half of a target (see backend/target.h for the object-level
// half): one TargetCodegen per ISA, defined in its folder (backend/<isa>/codegen_<isa>.cc)
// and registered in backend/codegen/target_codegen.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "backend/codegen/address_check.h"
#include "backend/object.h"

namespace wasmc {

class MacroAssembler;
class TrampolineEmitter;

struct TargetCodegen {
  Target id;
  // A fresh MacroAssembler (backend/codegen/macro_assembler.h) for one function;
  // `want_listing`: it must be able to list its code (MacroAssembler::ListRange).
  std::unique_ptr<MacroAssembler> (*new_macro_assembler)(bool want_listing);
  // The ISA's steps of export trampolines and import thunks, one emitter per piece of
  // code (contract: backend/codegen/trampolines.h, EmitArrayTrampoline, EmitImportThunk).
  std::unique_ptr<TrampolineEmitter> (*new_trampoline_emitter)();
  // The address check of this ISA's code (backend/codegen/address_check.h).
  AddressChecker check_addresses;
  // The scratch-write check (address_check.h); optional: needed by an ISA whose
  // RegisterInfo::clobbers or gpr_pinned is set.
  ScratchWriteChecker check_scratch_writes = nullptr;
  // The -O0 single-pass tier's value registers (compiler/lower/single_pass.cc), in the
  // order it takes them: the GPRs and FPRs that hold operand-stack values between
  // operators. Each must be allocatable (every lowering reads and writes it as an
  // operand), caller-saved and written by no lowering but a call, a tail call and those
  // whose RegisterInfo::clobbers name it (the tier spills it before those), and outside
  // RegisterInfo::fpr_wasm_saved. Empty: the target has no single-pass tier (-O0 is -O1).
  std::span<const uint8_t> single_pass_gprs;
  std::span<const uint8_t> single_pass_fprs;

  // CPU levels (--cpu, docs/usage.md); optional: a target without them accepts only
  // the default. A level is the target's own number, 0 = its default.
  //   cpu_level: the level named `name` ("native": the host's best), or -1.
  //   cpu_level_names: the accepted names, for messages.
  //   cpu_level_name: a level's canonical name (for `wasmc inspect`).
  //   new_macro_assembler_at: new_macro_assembler for a level.
  //   cpu_flags: wasmc_module.flags bits (abi.h WASMC_CPU_*) the level needs at run time.
  int (*cpu_level)(std::string_view name) = nullptr;
  const char* cpu_level_names = nullptr;
  std::string (*cpu_level_name)(int level) = nullptr;
  std::unique_ptr<MacroAssembler> (*new_macro_assembler_at)(bool want_listing, int level) = nullptr;
  uint32_t (*cpu_flags)(int level) = nullptr;
};

// The entry of a target (every Target value has one).
const TargetCodegen& GetCodegen(Target t);

}  // namespace wasmc
