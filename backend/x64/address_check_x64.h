// The x86-64 address check (backend/codegen/address_check.h): Zydis decodes the
// function; an upper bound of each GPR's value is tracked through each block and, at
// block entries, over the decoded control-flow graph (a dataflow to a fixpoint), and
// every memory operand that adds a register to r14 (the memory-0 base) must have a
// bounded index: index * scale + displacement <= kMaxMemoryOffset.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "backend/codegen/address_check.h"

namespace wasmc::x64 {

AddressCheck CheckAddresses(std::span<const uint8_t> code, uint32_t data_start,
                            std::span<const uint32_t> labels,
                            std::span<const uint32_t> entries = {},
                            std::span<const uint32_t> exits = {}, uint32_t zero_extended = 0);
// The scratch-write check (backend/codegen/address_check.h, ScratchWriteChecker).
AddressCheck CheckScratchWrites(std::span<const uint8_t> code,
                                std::span<const uint32_t> inst_offsets,
                                std::span<const uint32_t> allowed, uint32_t watched,
                                std::span<const uint32_t> self_extend, uint32_t pinned);

// What one instruction does to the GPRs' bounds (the tracker below; the same as the
// check's simulation of its decoded form, address_check_x64.cc StepBounds). kDecode:
// not known, decode it.
struct GprEffect {
  enum Kind : uint8_t {
    kDecode,
    kNone,         // writes no GPR
    kWrite32,      // writes dst's 32-bit form: below 2^32
    kWrite64,      // writes all of dst (not a copy or an add below): unknown
    kWriteNarrow,  // writes dst's low 8 or 16 bits: below 2^32 only if it was
    kMov32,        // mov dst32, src32: min(2^32 - 1, src's)
    kMov64,        // mov dst, src (64-bit): src's
    kConst,        // dst = imm (imm < 2^31, either width), or dst <= imm (movzx: 255 / 65535)
    kAdd64,        // add dst, src (64-bit): the sum of both bounds
    kAdd64Imm,     // add dst, imm (64-bit, imm < 2^31)
    kLea32,        // lea dst32, [src + src2 * 2^scale + imm] (16: no register; imm < 2^31):
                   // the sum when both registers are below 2^32 and it is, else 2^32 - 1
    kCall,         // the caller-saved GPRs and rsp: unknown
    kEndsBlock,    // jmp, ret, ud2, int3: nothing known after it
  };
  Kind kind = kDecode;
  uint8_t dst = 0, src = 0;  // GPR numbers (0 = rax .. 15 = r15)
  uint8_t src2 = 16, scale = 0;  // kLea32: the index register (16: none) and its shift
  uint32_t imm = 0;
};

// The effect of the instruction at p[0, avail) and its length (*length), for the
// frequent forms of the emitter's integer code (a REX prefix at most, then the
// opcode: moves, ALU operations, lea, shifts, movzx/movsx, cmov, setcc, jumps and
// calls); kDecode (with *length unset) for anything else. gpr_effects_x64.cc.
GprEffect GprEffectOf(const uint8_t* p, uint32_t avail, uint32_t* length);
// Whether GprEffectOf's answer for p[0, avail) is Zydis's decoding as the tracker
// simulates it (its length, and its effect from several states); true where it
// answers kDecode. The tracker's own comparison under WASMC_VERIFY; tests.
bool GprEffectAgrees(const uint8_t* p, uint32_t avail);

// For the MacroAssembler, by the same rules as the check: whether GPR `reg` (0 = rax
// .. 15 = r15) holds a value below 2^32 at the end of code[block_start, end), the
// code of the current block so far (no label bound inside it, so no branch lands
// inside it), when the GPRs of `entry` (bit r) hold such values at block_start.
// Incremental: each call decodes only what was emitted since the last one, unless
// the block (or its entry state) changed.
//
// The frequent forms the emitter writes are read by GprEffectOf (gpr_effects_x64.cc);
// any other instruction is decoded through the decode cache and Zydis. Under
// WASMC_VERIFY each instruction GprEffectOf reads is decoded too and the two effects
// compared (a difference aborts).
class ZeroExtensionTracker {
 public:
  ZeroExtensionTracker();
  ~ZeroExtensionTracker();
  bool IsZeroExtended(std::span<const uint8_t> code, uint32_t block_start, uint32_t end,
                      unsigned reg, uint16_t entry = 0);
  // The same analysis's upper bound of reg's value there (UINT64_MAX: unknown); what
  // the check's CheckMemory takes for an index register.
  uint64_t Bound(std::span<const uint8_t> code, uint32_t block_start, uint32_t end, unsigned reg,
                 uint16_t entry = 0);
  // Whether the tracker compares its answers with Zydis's decoding (WASMC_VERIFY set,
  // not "0"); its users check what they know without it the same way.
  static bool ChecksEffects();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmc::x64
