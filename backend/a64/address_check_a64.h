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
                               std::span<const uint32_t> entries = {});

}  // namespace wasmc::a64
