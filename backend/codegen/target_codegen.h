// The code-generation half of a target (see backend/target.h for the object-level
// half): one TargetCodegen per ISA, defined in its folder (backend/<isa>/codegen_<isa>.cc)
// and registered in backend/codegen/target_codegen.cc.
#pragma once

#include <cstdint>
#include <memory>

#include "backend/codegen/address_check.h"
#include "backend/object.h"

namespace wasmc {

class MacroAssembler;
struct NativeSignature;
struct TrampolineCallee;

struct TargetCodegen {
  Target id;
  // A fresh MacroAssembler (backend/codegen/macro_assembler.h) for one function;
  // `want_listing`: it must be able to list its code (MacroAssembler::ListRange).
  std::unique_ptr<MacroAssembler> (*new_macro_assembler)(bool want_listing);
  // Export trampolines and import thunks (contract: backend/codegen/trampolines.h).
  uint64_t (*emit_array_trampoline)(const NativeSignature& type, const TrampolineCallee& callee,
                                    Section& text);
  uint64_t (*emit_import_thunk)(uint32_t import_index, Section& text);
  // The address check of this ISA's code (backend/codegen/address_check.h).
  AddressChecker check_addresses;
};

// The entry of a target (every Target value has one).
const TargetCodegen& GetCodegen(Target t);

}  // namespace wasmc
