// The address check (WASMC_VERIFY=1 and builds without NDEBUG; docs/backend.md,
// "The address rule"): for a 32-bit linear memory, the zero-extension of the wasm
// address to 64 bits before it is added to the memory base is the single point of
// memory safety (the reservation, WASMC_MEMORY_RESERVATION in wasmc/abi.h, covers
// any 32-bit address plus any 32-bit offset and nothing more). Each ISA decodes a
// function's final machine code and proves that every access based on the
// memory-base register stays inside the reservation: on every path to it, its index
// was last written by a zero-extending instruction (or is a small constant). Independent of the MacroAssembler's intent:
// it reads the bytes that will run. x86-64 carries the proof across blocks (a
// dataflow over the decoded control-flow graph); AArch64 proves it per block.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "wasmc/abi.h"

namespace wasmc {

struct AddressCheck {
  bool ok = true;
  uint32_t offset = 0;  // code offset of the offending instruction
  std::string what;     // the instruction and why it is not proven safe
};

// The largest start offset from the memory base an access may have: the
// reservation's end (every byte below it is either memory or PROT_NONE guard).
inline constexpr uint64_t kMaxMemoryOffset = WASMC_MEMORY_RESERVATION - 1;

// Checks code[0, data_start) of one function; `labels` are the offsets where a
// branch may land (MacroAssembler::LabelOffsets); block starts also include every
// decoded direct-branch target and the instruction after an unconditional jump.
// `entries`: offsets control reaches other than through the code (the landing pads
// of the function's exception table), where nothing is known of any register.
// `exits`: offsets of the branch fields the linker fills (MacroAssembler::Relocs: direct
// calls, and tail calls' jumps out of the function): until linked, such an x86-64
// `jmp rel32` reads as a jump to the next instruction, which it never is.
// `zero_extended`: the GPRs (bit r) the code promises hold values below 2^32 wherever
// it runs (MacroAssembler::SetZeroExtendedGprs: the single-pass tier's i32 locals),
// what a dead region (code no seen edge reaches) is checked from; live code is proven
// from the entry all the same. 0 for code without the promise (the IR path's).
using AddressChecker = AddressCheck (*)(std::span<const uint8_t> code, uint32_t data_start,
                                        std::span<const uint32_t> labels,
                                        std::span<const uint32_t> entries,
                                        std::span<const uint32_t> exits, uint32_t zero_extended);

// The scratch-write check (WASMC_VERIFY=1): the code of IR instruction i,
// code[inst_offsets[i], inst_offsets[i + 1]), writes no general register of `watched`
// (the allocatable ones) outside `allowed[i]` (its results' registers and what
// RegisterInfo::clobbers says its lowering uses as scratch, backend/regalloc/regalloc.h).
// It holds the clobber lists, which the allocator and its checker trust, to the bytes.
// `self_extend[i]`: registers holding i32 operands of instruction i, which its code may
// zero-extend in place (x86-64 `mov r32, r32` of the register itself: the value stays).
// `pinned` (regalloc::RegisterInfo::gpr_pinned): GPRs that no byte of `code` (the
// function's code up to its data: prologue, body, epilogues, stubs) may write at all,
// calls and returns included.
using ScratchWriteChecker = AddressCheck (*)(std::span<const uint8_t> code,
                                             std::span<const uint32_t> inst_offsets,
                                             std::span<const uint32_t> allowed, uint32_t watched,
                                             std::span<const uint32_t> self_extend, uint32_t pinned);

}  // namespace wasmc
