// The AArch64 address check (backend/codegen/address_check.h; how it decodes:
// backend/a64/address_check_a64.cc).
#pragma once

#include <cstdint>
#include <span>

#include "backend/codegen/address_check.h"

namespace wasmc::a64 {

// Per block: `entries` (landing pads) start blocks like labels do.
AddressCheck CheckAddressesA64(std::span<const uint8_t> code, uint32_t data_start,
                               std::span<const uint32_t> labels,
                               std::span<const uint32_t> entries = {},
                               std::span<const uint32_t> exits = {}, uint32_t zero_extended = 0);

// The scratch-write check (address_check.h's ScratchWriteChecker) for AArch64: only its
// `pinned` part. No byte of the function's code may write a register of `pinned`
// (RegisterInfo::gpr_pinned: x27, x28 in a sole module's code), calls and returns
// included. (The per-instruction part needs RegisterInfo::clobbers, which AArch64 does
// not declare: its MacroAssembler uses only the scratch registers x15-x17 and
// x18 / x30 inside atomic sequences, none of them allocatable.)
AddressCheck CheckPinnedWritesA64(std::span<const uint8_t> code, std::span<const uint32_t> inst_offsets,
                                  std::span<const uint32_t> allowed, uint32_t watched,
                                  std::span<const uint32_t> self_extend, uint32_t pinned);

}  // namespace wasmc::a64
