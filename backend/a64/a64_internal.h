// Shared by the AArch64 MacroAssembler's files (not part of its interface).
#pragma once

#include <asmjit/arm/a64assembler.h>
#include <asmjit/core/logger.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backend/ir/ir.h"
#include "backend/regalloc/regalloc.h"

namespace wasmc::a64 {

// The IR names every file of the MacroAssembler uses.
using ir::Opcode;
using regalloc::Location;

constexpr uint8_t kInstReg = 28;  // x28: the instance, pinned
constexpr uint8_t kMemReg = 27;   // x27: memory 0 base, pinned when the function uses memory

// RegisterInfo::const_in_register (regalloc.h): integer constants that no add/sub, cmp
// or logical immediate encodes (each use would build them with 1-4 mov/movk in x16 or
// x17) and float constants that fmov cannot encode (each use would load them from the
// constant pool).
bool ConstInRegister(uint64_t bits, ir::Type type);

// The GPRs the instruction word `insn` may write (bit r for xr, r < 31; sp and the
// zero register are not tracked), all bits when it may transfer control with a
// return (bl, blr), leave the block (b, br, ret) or is not decoded here. For the
// address cache (A64MacroAssembler::Address): conservative, never fewer than the
// instruction writes.
uint32_t GprWrites(uint32_t insn);

// Whether the instruction word `insn` writes xr (r < 31) as the W register wr, so that
// bits 63..32 of xr are zero after it, and writes no other part of xr: the 32-bit
// (sf = 0) data-processing forms that have a destination (add/sub, logical, move wide,
// bitfield, extract, conditional select, 1-, 2- and 3-source) and the W-form loads
// (ldrb, ldrh, ldr w, ldrsb w, ldrsh w) without a write-back of xr; also the 64-bit
// ubfm that extracts a field of at most 32 bits to bit 0 (`lsr xd, xn, #32..63`, a
// narrow `ubfx`), which zeroes bits 63..32 as well. False for anything
// else, whatever it writes (a whitelist: never true for a word that may not write wr).
bool ZeroExtendingWrite(uint32_t insn, uint32_t r);

// The AArch64 condition for an integer ir::Cond (flags from a - b).
asmjit::a64::CondCode IntCondCode(ir::Cond c);

// The instruction of a plain arithmetic op: add..eor on Gp, fabs..fmax on scalar Vec
// (emitted as a_.emit(ArithInst(op), dst, a[, b])).
asmjit::InstId ArithInst(ir::Opcode op);

// Keeps the text asmjit's formatter produces for each instruction, with its offset,
// for --emit=asm (a64_listing.cc).
class ListingLogger : public asmjit::Logger {
 public:
  struct Entry {
    uint32_t start = 0;  // offset of the instruction
    std::string text;
  };
  explicit ListingLogger(const asmjit::a64::Assembler& a) : a_(a) {}
  asmjit::Error _log(const char* data, size_t size) noexcept override;
  // The next emitted word (a raw BL) is listed as `text` instead of ".dd ...".
  void SetNextText(std::string text) { next_text_ = std::move(text); }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  const asmjit::a64::Assembler& a_;
  std::vector<Entry> entries_;
  std::string next_text_;
};

std::unique_ptr<ListingLogger> NewListingLogger(const asmjit::a64::Assembler& a);
inline void SetNextListingText(ListingLogger& l, std::string text) { l.SetNextText(std::move(text)); }

}  // namespace wasmc::a64
