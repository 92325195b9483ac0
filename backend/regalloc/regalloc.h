// Register allocation: linear scan over live intervals (whole-lifetime hulls).
//
// Input:  an ir::Function and the target's register data (RegisterInfo).
// Output: an Allocation: one Location per vreg (register, frame slot or constant)
//         plus the frame-slot count and the callee-saved registers used.
// Side effect: dead pure instructions (whose results are never read) become kNop.
//
// Positions: instruction i reads its operands at 2i and writes its results at 2i+1,
// so an operand whose last use is instruction i may share a register with i's result
// (emitters must allow dst to alias a dying operand). A value live across a call
// (from before 2i to after 2i+1) only gets a callee-saved register, else a slot.
// Values defined once by kConst get Location::kConst and no storage, except those
// RegisterInfo::const_in_register asks to keep in a register.
// v128 values (ir::IsFpr: the FP/vector class) take 16-byte slots: two consecutive
// 8-byte slots s, s+1 with s even, never shared with scalar values; a v128 value live
// across a call only gets a register in fpr_callee_saved_v128, else a slot.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

struct Location {
  enum Kind : uint8_t { kNone, kReg, kSlot, kConst };
  Kind kind = kNone;
  uint8_t reg = 0;     // kReg: target register number within its class (GPR or FPR)
  uint32_t slot = 0;   // kSlot: 8-byte frame slot index (v128: s and s+1, s even)
  bool operator==(const Location&) const = default;
  static Location Reg(uint8_t r) { return {kReg, r, 0}; }
  static Location Slot(uint32_t s) { return {kSlot, 0, s}; }
};

// Target data (backend/<isa>/): which registers the allocator may hand out.
struct RegisterInfo {
  std::vector<uint8_t> gprs;         // allocatable GPRs, in preference order
  std::vector<uint8_t> fprs;         // allocatable FP/vector registers
  uint32_t gpr_callee_saved = 0;     // bit r: GPR r survives calls
  uint32_t fpr_callee_saved = 0;
  // Bit r: FPR r keeps all 128 bits across calls (a v128 value may live there across
  // a call). x86-64 SysV: none (no XMM register survives a call); AAPCS64: none (v8-v15
  // keep only their low 64 bits).
  uint32_t fpr_callee_saved_v128 = 0;
  // The wasm-internal convention (docs/backend.md "Calls between wasm functions"): FPRs
  // that keep all 128 bits across calls to wasm code only (WasmConventionCall), on top
  // of fpr_callee_saved. Every function saves those it
  // writes, and all of them when it may call C code (CallsCCode). x86-64: xmm8-xmm14.
  uint32_t fpr_wasm_saved = 0;
  // Allocatable GPRs that the lowering of some instructions writes as scratch (x86-64:
  // rdx, for division, popcnt, select, calls...): `clobbers(in, b_const)` is the mask of
  // those `in` may write besides its results, where `b_const` says that its operand b
  // is an immediate (Location::kConst: x86-64 shifts and rotates by a constant leave
  // rcx alone). A value whose live range touches such an instruction (read at 2i,
  // written at 2i+1, or live across) never gets one of them; the register-allocation
  // checker verifies the same rule (checker.h). Null: none. ClobbersOf below asks it
  // for an instruction under an allocation.
  uint32_t (*clobbers)(const ir::Inst& in, bool b_const) = nullptr;
  // Opcodes for which `clobbers` always answers 0 (a bit per ir::Opcode): ClobbersOf
  // answers 0 for them without the call (the scan asks for every instruction; most
  // clobber nothing). ClobberFreeOps(clobbers) below finds them. Empty (the default):
  // `clobbers` is asked for every opcode.
  std::array<uint64_t, 4> clobber_free_ops{};
  bool NeverClobbers(ir::Opcode op) const {
    const uint8_t k = static_cast<uint8_t>(op);
    return (clobber_free_ops[k >> 6] >> (k & 63)) & 1;
  }
  // The GPR reserved for memory 0's base (x86-64: r14), callee-saved: functions that
  // do not touch memory 0 (FrameInfo::uses_memory false) may allocate it
  // (WithMemoryBaseFree). -1: none.
  int memory_base_gpr = -1;
  // GPRs that hold the instance state on entry to and exit from every function and at
  // every call it makes, under the wasm convention of a sole module
  // (ir::Function::pinned_registers_kept; the function compiler clears this without it):
  // x86-64 r14 (memory 0's base) and r15 (the instance). Never allocatable; no code
  // writes them (the register-allocation checker and the scratch-write check fail a
  // write). 0: the target saves and sets its instance registers in each function.
  uint32_t gpr_pinned = 0;
  // The bits of gpr_pinned that WithMemoryBaseFree made allocatable (the memory base, in
  // a function without memory-0 accesses, saved by its prologue): such a function
  // must make no call, whose callee expects the pinned value there (the checker
  // fails a call).
  uint32_t gpr_pinned_lent = 0;
  // Constants worth a register: a constant that no immediate field of the target's
  // instructions encodes is built again in a scratch register by every use (AArch64:
  // 1-4 mov/movk before the add, mul, compare or access). A value defined once by a
  // kConst for which this returns true, and read at a deeper loop depth than its
  // definition (HoistLoopInvariants moved it to a preheader, opt.h), is allocated like
  // any other value: the definition builds it once, the loop reads its register.
  // Null (x86-64, whose imm32 fields take almost every constant): none.
  bool (*const_in_register)(uint64_t bits, ir::Type type) = nullptr;
};

// RegisterInfo::clobbers of `in` where `locs` (per vreg) says which operands are
// immediates: only Location::kConst matters, so the scan may ask before it placed
// anything else.
inline uint32_t ClobbersOf(const RegisterInfo& regs, const ir::Inst& in, const std::vector<Location>& locs) {
  if (!regs.clobbers || regs.NeverClobbers(in.op)) return 0;
  return regs.clobbers(in, in.b < locs.size() && locs[in.b].kind == Location::kConst);
}

// RegisterInfo::clobber_free_ops of a `clobbers` function that reads, of the
// instruction, only its opcode, whether b is an immediate and its `imm` field on the
// two sides of 2^31 (x86-64's InstClobbers: a store's offset): each opcode is asked
// with those. A clobbers function that reads more must list its opcodes itself. (The
// checker asks `clobbers` of every instruction: an opcode wrongly here fails
// WASMC_VERIFY=1 runs; tests/unit/codegen/clobbers_test.cc checks the targets' sets.)
std::array<uint64_t, 4> ClobberFreeOps(uint32_t (*clobbers)(const ir::Inst& in, bool b_const));

// Calls under the wasm-internal convention (RegisterInfo::fpr_wasm_saved): direct calls
// of wasm functions (kCall) and call_indirect / call_ref (kCallIndirect: a target with
// fpr_wasm_saved tests the callee's wasmc_funcref::callee_pops and saves and restores
// fpr_wasm_saved around a C callee, FrameInfo::indirect_calls_keep_wasm_saved), except
// in a function with exception edges (kEhEdge), whose values live into a landing pad
// must survive the frames an exception skips (the unwinder restores only the C
// convention's callee-saved registers). Every other call (imports, runtime helpers,
// memory.grow) may reach C code.
bool UsesWasmConvention(const ir::Function& fn);  // no kEhEdge
inline bool WasmConventionCall(const ir::Inst& in, bool uses_wasm_convention) {
  return uses_wasm_convention && (in.op == ir::Opcode::kCall || in.op == ir::Opcode::kCallIndirect);
}
// The FPRs a call keeps a value of the given kind in.
inline uint32_t FprsKeptAcross(const RegisterInfo& regs, bool wasm_call, bool v128) {
  return (v128 ? regs.fpr_callee_saved_v128 : regs.fpr_callee_saved) |
         (wasm_call ? regs.fpr_wasm_saved : 0);
}
// May the function run C code that returns into it (a call other than a
// WasmConventionCall, the call-then-return path of a tail call to an import or
// through a funcref)? Then C may clobber fpr_wasm_saved on behalf of our wasm caller,
// so the prologue saves all of them (Allocation::fpr_callee_saved_used).
bool CallsCCode(const ir::Function& fn);

// `regs` plus its memory_base_gpr as an allocatable callee-saved register (last in
// preference order), for a function that does not touch memory 0 (and, when the base
// is pinned, RegisterInfo::gpr_pinned, makes no call).
RegisterInfo WithMemoryBaseFree(const RegisterInfo& regs);

struct Allocation {
  std::vector<Location> locs;        // per vreg
  // Per param (and the multi-value results pointer last, if any): where the prologue
  // must put its incoming value, or kNone when the value is dead at entry. A param that
  // is written before it is read has a location for its later definitions, but that
  // location may hold another param at entry, so the prologue must not write it.
  std::vector<Location> entry_locs;
  uint32_t num_slots = 0;
  uint32_t gpr_callee_saved_used = 0;
  uint32_t fpr_callee_saved_used = 0;
  // UsesWasmConvention of the allocated function, where RegisterInfo::fpr_wasm_saved is
  // not 0 (the scan needs it; the emitter reads it from here). Else not set.
  bool wasm_convention = true;
};

// `preferred` (optional, per vreg, -1 = none): a register to take when it is free,
// e.g. the ABI register a param arrives in. `split_loops`: split the live ranges of
// spilled values at loops (split.h) and between calls (call_split.h); false is the -O1
// tier's one scan without splitting. `split_webs` (with split_loops): first give each
// web of a variable its own vreg (webs.h); false keeps the vregs as they are (unit tests
// of the scan on variables written for it).
Allocation AllocateRegisters(ir::Function& fn, const RegisterInfo& regs,
                             const std::vector<int>* preferred = nullptr,
                             bool split_loops = true, bool split_webs = true);

}  // namespace wasmc::regalloc
