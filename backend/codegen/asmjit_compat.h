// The one place that touches asmjit's CodeHolder internals (docs/backend.md): Debian's
// asmjit is a 2022 snapshot (API 1.9); newer versions renamed these.
#pragma once

#include <asmjit/core.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
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

// Encodings replayed (docs/backend.md, "Encodings replayed"): an instruction whose
// bytes depend on nothing but its id and operands (no label, no address relative to
// where it lands: each ISA's `PositionIndependent` says which) is encoded by asmjit the
// first time and copied from a table per thread and ISA afterwards, where asmjit's
// encoder costs ~230 instructions an instruction. Only instructions without options,
// extra register, encoding options, or more than three operands, on an assembler with
// no logger and no validation (asmjit's forced options), take the table; the bytes
// are those asmjit wrote, so the output is the same with any table contents (any
// thread count, any order of functions).
struct ReplayEntry {
  uint64_t key[6];  // the three operands' 16 bytes each
  uint32_t id;
  uint32_t size;    // 0: an empty slot
  uint8_t bytes[16];
};
inline constexpr uint32_t kReplayBits = 12;  // 4096 entries a table (288 KB)
// This thread's table for the ISA `isa` (0: x86-64, 1: AArch64), zeroed at first use.
ReplayEntry* ReplayTable(int isa);
// asmjit's encoding of the last instruction (`before` = the offset it started at) kept
// in `e`, unless it is longer than 16 bytes.
void RecordEncoding(ReplayEntry& e, asmjit::InstId id, const asmjit::Operand_& o0,
                    const asmjit::Operand_& o1, const asmjit::Operand_& o2,
                    const asmjit::BaseAssembler& a, size_t before);

// Whether an operand's encoding is the same wherever the instruction lands, by the low
// byte of its signature (asmjit's operand type and a memory operand's base type): not
// a label, nor memory without a base register (absolute) or relative to a label or the
// program counter. A table of the 256 values.
struct FixedOperands {
  constexpr FixedOperands() {
    for (uint32_t s = 0; s < 256; ++s) {
      const uint32_t type = s & 7, base = (s >> 3) & 0x1F;
      const bool fixed = type != uint32_t(asmjit::OperandType::kLabel) &&
                         (type != uint32_t(asmjit::OperandType::kMem) ||
                          (base > uint32_t(asmjit::RegType::kLabelTag) && base != uint32_t(asmjit::RegType::kPC)));
      if (fixed) bits[s / 64] |= uint64_t(1) << (s % 64);
    }
  }
  bool operator()(const asmjit::Operand_& o) const {
    const uint32_t s = o._signature.bits() & 0xFF;
    return (bits[s / 64] >> (s % 64)) & 1;
  }
  uint64_t bits[4] = {};
};
inline constexpr FixedOperands kFixedOperand;

// `IsBranch(id)`: the ISA's instructions whose encoding depends on where they land
// with any operands (their target an immediate relative to the instruction). The
// table is the constructing thread's: an assembler is used on the thread that made it
// (each compiling thread makes its own MacroAssembler per function).
template <class Base, bool (*IsBranch)(asmjit::InstId)>
class ReplayingAssembler : public Base {
 public:
  explicit ReplayingAssembler(int isa) : table_(ReplayTable(isa)) {}
  // A hit needs only the slot's compare and the emitter's state: what the key says
  // (operands, id) was checked when the entry was recorded.
  asmjit::Error _emit(asmjit::InstId id, const asmjit::Operand_& o0, const asmjit::Operand_& o1,
                      const asmjit::Operand_& o2, const asmjit::Operand_* ext) override {
    uint64_t k0, k1, k2, k3, k4, k5;
    std::memcpy(&k0, &o0, 8), std::memcpy(&k1, reinterpret_cast<const char*>(&o0) + 8, 8);
    std::memcpy(&k2, &o1, 8), std::memcpy(&k3, reinterpret_cast<const char*>(&o1) + 8, 8);
    std::memcpy(&k4, &o2, 8), std::memcpy(&k5, reinterpret_cast<const char*>(&o2) + 8, 8);
    // The slot: a hash of the id and the operands (a collision only costs a miss).
    const uint64_t h = (id + k0 + std::rotl(k1, 13) + std::rotl(k2, 26) + std::rotl(k3, 39) +
                        std::rotl(k4, 52) + k5) * 0x9E3779B97F4A7C15ull;
    ReplayEntry& e = table_[h >> (64 - kReplayBits)];
    if (__builtin_expect(((e.key[0] ^ k0) | (e.key[1] ^ k1) | (e.key[2] ^ k2) | (e.key[3] ^ k3) |
                          (e.key[4] ^ k4) | (e.key[5] ^ k5) | (e.id ^ id)) != 0 || e.size == 0 ||
                             !StateAllows(ext) || this->remainingSpace() < sizeof(e.bytes), 0))
      return EmitAndRecord(e, id, o0, o1, o2, ext);
    // What asmjit's encoder does after writing the bytes: the cursor, the section's
    // size, the per-instruction state reset (options and extra register are none).
    std::memcpy(this->_bufferPtr, e.bytes, sizeof(e.bytes));
    this->_bufferPtr += e.size;
    asmjit::CodeBuffer& buf = this->_section->_buffer;
    buf._size = std::max(buf._size, this->offset());
    this->resetInlineComment();
    return asmjit::kErrorOk;
  }

 private:
  // No options, extra register or encoding options; no logger or validation (asmjit's
  // forced options); at most three operands.
  bool StateAllows(const asmjit::Operand_* ext) const {
    return (uint32_t(this->instOptions()) | uint32_t(this->forcedInstOptions()) |
            this->extraReg()._signature.bits() | uint32_t(this->encodingOptions())) == 0 &&
           (ext == nullptr || (ext[0]._signature.bits() | ext[1]._signature.bits() |
                               ext[2]._signature.bits()) == 0);
  }
  // asmjit's encoding, kept in `e` when the state and the operands allow a replay.
  [[gnu::noinline]] asmjit::Error EmitAndRecord(ReplayEntry& e, asmjit::InstId id, const asmjit::Operand_& o0,
                                                const asmjit::Operand_& o1, const asmjit::Operand_& o2,
                                                const asmjit::Operand_* ext) {
    const bool replayable = StateAllows(ext) && kFixedOperand(o0) && kFixedOperand(o1) &&
                            kFixedOperand(o2) && !IsBranch(id);
    const size_t before = this->offset();
    const asmjit::Error err = Base::_emit(id, o0, o1, o2, ext);
    if (err == asmjit::kErrorOk && replayable) RecordEncoding(e, id, o0, o1, o2, *this, before);
    return err;
  }
  ReplayEntry* table_;
};

}  // namespace wasmc
