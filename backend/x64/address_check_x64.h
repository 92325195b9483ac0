// The x86-64 address check (backend/codegen/address_check.h): Zydis decodes the
// function; per block, an upper bound of each GPR's value is tracked in straight-line
// order, and every memory operand that adds a register to r14 (the memory-0 base)
// must have a bounded index: index * scale + displacement <= kMaxMemoryOffset.
#pragma once

#include <cstdint>
#include <span>

#include "backend/codegen/address_check.h"

namespace wasmc::x64 {

AddressCheck CheckAddresses(std::span<const uint8_t> code, uint32_t data_start,
                            std::span<const uint32_t> labels);

// For the MacroAssembler: whether GPR `reg` (0 = rax .. 15 = r15) holds a value
// below 2^32 at the end of code[block_start, end), a block's code so far (no label
// bound in it but those its own branches reach), by the same rules as the check.
bool IsZeroExtended(std::span<const uint8_t> code, uint32_t block_start, uint32_t end,
                    unsigned reg);

}  // namespace wasmc::x64
