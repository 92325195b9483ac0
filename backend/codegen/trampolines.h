// The ISA side of export entry points (what compiler/lower/export_entries.h asks of
// each target): array-call trampolines and import thunks.
//
//   - an array-call trampoline: `void tramp(wasmc_instance* inst, wasmc_val* slots)`,
//     abi.h's array-call contract: reads params from slots[0..n), calls the function
//     with the wasm-native convention, writes results to slots[0..m). Several results
//     are written by the function itself through the hidden results pointer, which is
//     `slots`.
//   - an import thunk: the wasm-native entry of an imported function, a tail jump
//     through inst->imports[k].
#pragma once

#include <cstdint>
#include <vector>

#include "backend/object.h"

namespace wasmc {

// A value's class in the native calling convention (references are pointers: kI64).
enum class NativeType : uint8_t { kI32, kI64, kF32, kF64, kV128 };

struct NativeSignature {
  std::vector<NativeType> params, results;
};

// ---- Shared by the per-ISA emitters (backend/x64/trampolines_x64.cc,
// backend/a64/trampolines_a64.cc), reached through TargetCodegen
// (backend/codegen/target_codegen.h).

// Where the wasm-native convention puts one parameter (after `inst` and, for
// several results, the hidden results pointer).
struct ArgLocation {
  enum Kind : uint8_t { kIntReg, kFpReg, kStack } kind = kIntReg;
  uint32_t index = 0;  // register number within its class, or 8-byte stack slot number
};

struct ArgPlan {
  std::vector<ArgLocation> params;  // one per wasm parameter
  uint32_t stack_slots = 0;         // 8-byte outgoing stack slots
  bool results_pointer = false;     // several results: hidden pointer after inst
};

// Both SysV x86-64 and AAPCS64 (Linux) give integers and pointers (i32, i64, refs,
// v128 by pointer) the next integer register, f32/f64 the next FP register, and
// every argument that does not fit a register one 8-byte stack slot, in order.
// `int_regs` counts integer argument registers including the one taken by `inst`.
ArgPlan PlanArgs(const NativeSignature& type, uint32_t int_regs, uint32_t fp_regs);

// One parameter of an array-call trampoline: array slot `slot` (16 bytes each) to
// its native location. The value is loaded at its width (i32/f32 4 bytes, i64/f64
// and references 8); a v128 is passed as the address of its slot.
struct ArgLoad {
  NativeType type = NativeType::kI64;
  uint32_t slot = 0;
  ArgLocation to;
};

// The loads in emission order: stack arguments first (they go through a scratch
// register), then register arguments. What is left to each ISA is one
// instruction (or two) per kind of load.
std::vector<ArgLoad> ArrayCallLoads(const NativeSignature& type, const ArgPlan& plan);

// Who the trampoline calls.
struct TrampolineCallee {
  bool imported = false;
  uint32_t import_index = 0;  // imported: index into inst->imports
  uint32_t code_symbol = 0;   // defined: the wasmc_func_<f> symbol
};

// The emitters (TargetCodegen::emit_array_trampoline, emit_import_thunk) append one
// piece of code to `text` (16-aligned start), adding relocations, and return the
// code's offset in the section.

// What an ISA emits for the steps of a trampoline or thunk; the steps themselves
// and their order are written once, in EmitArrayTrampoline and EmitImportThunk.
class TrampolineEmitter {
 public:
  // `int_regs` counts integer argument registers including `inst` (as PlanArgs).
  TrampolineEmitter(uint32_t int_regs, uint32_t fp_regs) : int_regs(int_regs), fp_regs(fp_regs) {}
  virtual ~TrampolineEmitter() = default;

  // The frame for `plan.stack_slots` outgoing words; `slots` kept in a register that
  // survives the call.
  virtual void Enter(const ArgPlan& plan) = 0;
  virtual void PassResultsPointer() = 0;      // slots -> the hidden results pointer
  virtual void LoadArg(const ArgLoad& l) = 0;
  virtual void CallImport(uint32_t import_index) = 0;  // with the import's own instance
  virtual void CallSymbol(uint32_t symbol) = 0;        // a relocated direct call
  virtual void StoreResult(NativeType type) = 0;       // the one result -> slots[0]
  virtual void Leave() = 0;                            // frame off, return
  virtual void JumpToImport(uint32_t import_index) = 0;  // a thunk's tail jump
  virtual uint64_t Finish(Section& text) = 0;

  const uint32_t int_regs, fp_regs;
};

uint64_t EmitArrayTrampoline(TrampolineEmitter& e, const NativeSignature& type,
                             const TrampolineCallee& callee, Section& text);
uint64_t EmitImportThunk(TrampolineEmitter& e, uint32_t import_index, Section& text);

}  // namespace wasmc
