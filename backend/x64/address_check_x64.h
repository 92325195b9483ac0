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
                            std::span<const uint32_t> exits = {});
// The scratch-write check (backend/codegen/address_check.h, ScratchWriteChecker).
AddressCheck CheckScratchWrites(std::span<const uint8_t> code,
                                std::span<const uint32_t> inst_offsets,
                                std::span<const uint32_t> allowed, uint32_t watched,
                                std::span<const uint32_t> self_extend, uint32_t pinned);

// For the MacroAssembler, by the same rules as the check: whether GPR `reg` (0 = rax
// .. 15 = r15) holds a value below 2^32 at the end of code[block_start, end), the
// code of the current block so far (no label bound inside it, so no branch lands
// inside it), when the GPRs of `entry` (bit r) hold such values at block_start.
// Incremental: each call decodes only what was emitted since the last one, unless
// the block (or its entry state) changed.
class ZeroExtensionTracker {
 public:
  ZeroExtensionTracker();
  ~ZeroExtensionTracker();
  bool IsZeroExtended(std::span<const uint8_t> code, uint32_t block_start, uint32_t end,
                      unsigned reg, uint16_t entry = 0);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmc::x64
