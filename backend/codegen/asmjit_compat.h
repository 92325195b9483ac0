// The one place that touches asmjit's CodeHolder internals (docs/backend.md): Debian's
// asmjit is a 2022 snapshot (API 1.9); newer versions renamed these.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <vector>

namespace wasmc {

// The bytes of the holder's text section, once every label is bound (all branches
// are resolved inside the section: external references are emitted as raw rel32
// fields with wasmc's own relocation records, never as asmjit relocations).
// Checks that no link is left unresolved.
std::vector<uint8_t> FinalCode(asmjit::CodeHolder& code);

// The offsets of every bound label of the holder (IR labels and the MacroAssembler's
// own): every place a branch or jump table may reach, for the address check
// (backend/codegen/address_check.h).
std::vector<uint32_t> BoundLabelOffsets(const asmjit::CodeHolder& code);

}  // namespace wasmc
