// The x86-64 address check (backend/x64/address_check_x64.h, docs/backend.md "The
// address rule").
#include "backend/x64/address_check_x64.h"

#include <Zydis/Zydis.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace wasmc::x64 {
namespace {

constexpr uint64_t kUnknown = UINT64_MAX;
constexpr uint64_t kU32 = 0xffffffffu;
constexpr unsigned kR14 = 14;  // the memory-0 base (macro_assembler_x64.h)

struct Decoded {
  uint32_t offset;
  ZydisDecodedInstruction insn;
  ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
};

// 0..15 for a general-purpose register (any width), -1 otherwise.
int GprIndex(ZydisRegister r) {
  const ZydisRegister big = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, r);
  if (big < ZYDIS_REGISTER_RAX || big > ZYDIS_REGISTER_R15) return -1;
  return static_cast<int>(big - ZYDIS_REGISTER_RAX);
}

uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kUnknown - b ? kUnknown : a + b; }

// Instructions decoded before, by their bytes, for the one-pass use (Advance), which
// decodes every byte the MacroAssembler emits: most instructions recur (the same
// register moves, spills and accesses), and Zydis would be most of the compile time.
// x86 decoding depends on the instruction's bytes alone (the decoder reads them in
// order and stops at the last), so an entry whose `len` bytes equal the next bytes of
// the code is what decoding them gives. Direct-mapped by a hash of the bytes; the
// tags (length and bytes) are kept apart from the decoded forms so that a lookup,
// which tries each length in turn, reads little memory.
class DecodeCache {
 public:
  // The instruction at p[0, avail) if its bytes are in the cache, else nullptr.
  Decoded* Find(const uint8_t* p, uint32_t avail) {
    const uint32_t max = std::min<uint32_t>(avail, kMaxLength);
    uint32_t h = kFnvBasis;
    for (uint32_t len = 1; len <= max; ++len) {
      h = (h ^ p[len - 1]) * kFnvPrime;
      const uint32_t slot = Slot(h);
      const Tag& t = tags_[slot];
      if (t.len == len && std::memcmp(t.bytes, p, len) == 0) return &decoded_[slot];
    }
    return nullptr;
  }

  // Decodes the instruction at p[0, avail) into the cache; nullptr if the bytes do
  // not decode.
  Decoded* Decode(const ZydisDecoder& dec, const uint8_t* p, uint32_t avail) {
    Decoded d;
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, p, avail, &d.insn, d.ops))) return nullptr;
    const uint32_t len = d.insn.length;
    uint32_t h = kFnvBasis;
    for (uint32_t k = 0; k < len; ++k) h = (h ^ p[k]) * kFnvPrime;
    const uint32_t slot = Slot(h);
    tags_[slot].len = static_cast<uint8_t>(len);
    std::memcpy(tags_[slot].bytes, p, len);
    decoded_[slot] = d;
    return &decoded_[slot];
  }

 private:
  static constexpr uint32_t kMaxLength = ZYDIS_MAX_INSTRUCTION_LENGTH;
  static constexpr uint32_t kFnvBasis = 2166136261u, kFnvPrime = 16777619u;
  static constexpr unsigned kBits = 10;
  static uint32_t Slot(uint32_t h) { return (h ^ (h >> kBits) ^ (h >> 2 * kBits)) & ((1u << kBits) - 1); }
  struct Tag {
    uint8_t len = 0;  // 0: empty
    uint8_t bytes[kMaxLength];
  };
  std::array<Tag, 1u << kBits> tags_{};
  std::array<Decoded, 1u << kBits> decoded_;
};

class Simulator {
 public:
  // Decodes code[from, to); false (and `failure` set) when a byte does not decode.
  bool Decode(std::span<const uint8_t> code, uint32_t from, uint32_t to) {
    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    for (uint32_t at = from; at < to;) {
      Decoded d;
      d.offset = at;
      if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code.data() + at, to - at, &d.insn, d.ops))) {
        Fail(at, "undecodable bytes");
        return false;
      }
      insns_.push_back(d);
      at += d.insn.length;
    }
    return true;
  }

  // Runs the bounds through the decoded code; `starts` (sorted) reset them.
  void Run(std::vector<uint32_t> starts) {
    for (const Decoded& d : insns_) {  // direct branch targets are block starts too
      if (d.insn.meta.category != ZYDIS_CATEGORY_COND_BR &&
          d.insn.meta.category != ZYDIS_CATEGORY_UNCOND_BR)
        continue;
      ZyanU64 target = 0;
      if (d.ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE &&
          ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.insn, &d.ops[0], d.offset, &target)))
        starts.push_back(static_cast<uint32_t>(target));
    }
    std::sort(starts.begin(), starts.end());
    Reset();
    for (const Decoded& d : insns_) {
      if (std::binary_search(starts.begin(), starts.end(), d.offset)) Reset();
      Step(d);
    }
  }

  uint64_t Bound(unsigned reg) const { return bound_[reg]; }
  const AddressCheck& result() const { return result_; }

  // One-pass use (ZeroExtensionTracker): decodes (through `cache`) and applies
  // code[from, to); returns where it stopped (an undecodable byte stops it early).
  uint32_t Advance(std::span<const uint8_t> code, uint32_t from, uint32_t to, DecodeCache& cache) {
    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    while (from < to) {
      Decoded* d = cache.Find(code.data() + from, to - from);
      if (!d) d = cache.Decode(dec, code.data() + from, to - from);
      if (!d) break;
      d->offset = from;
      Step(*d);
      from += d->insn.length;
    }
    return from;
  }

  void Reset() {
    std::fill(std::begin(bound_), std::end(bound_), kUnknown);
    derived_ = 0;
  }

 private:

  void Fail(uint32_t at, std::string what) {
    if (!result_.ok) return;
    result_.ok = false;
    result_.offset = at;
    result_.what = std::move(what);
  }

  void CheckMemory(const Decoded& d, const ZydisDecodedOperand& op) {
    const int base = GprIndex(op.mem.base), index = GprIndex(op.mem.index);
    if ((base >= 0 && (derived_ >> base) & 1) || (index >= 0 && (derived_ >> index) & 1))
      return Fail(d, "addresses through a register computed from the memory base, which the "
                     "address rule does not allow (use [r14 + index + displacement])");
    uint64_t reach;  // the largest offset from r14 the operand may address
    if (base == static_cast<int>(kR14)) {
      reach = index < 0 ? 0 : bound_[index];
      if (index >= 0 && op.mem.scale > 1) reach = reach > kUnknown / op.mem.scale ? kUnknown : reach * op.mem.scale;
    } else if (index == static_cast<int>(kR14) && op.mem.scale <= 1) {
      reach = base < 0 ? 0 : bound_[base];
    } else {
      return;  // not linear memory
    }
    const int64_t disp = op.mem.disp.has_displacement ? op.mem.disp.value : 0;
    if (disp < 0) reach = kUnknown;  // below the base
    else reach = SatAdd(reach, static_cast<uint64_t>(disp));
    if (reach <= kMaxMemoryOffset) return;
    Fail(d, "adds to the memory base an index not zero-extended in its block (the address "
            "rule: a 32-bit write, mov r32, r32, or a small constant first)");
  }

  void Fail(const Decoded& d, const char* why) {
    char text[128] = "memory access";
    ZydisFormatter fmt;
    if (ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)))
      ZydisFormatterFormatInstruction(&fmt, &d.insn, d.ops, d.insn.operand_count_visible, text,
                                      sizeof text, d.offset, nullptr);
    Fail(d.offset, "`" + std::string(text) + "` " + why);
  }

  // Whether the instruction reads r14 or a register computed from it (other than as
  // the base of a memory operand, which CheckMemory judges): its results are derived.
  bool ReadsBase(const Decoded& d) const {
    auto is_base = [&](ZydisRegister r) {
      const int g = GprIndex(r);
      return g == static_cast<int>(kR14) || (g >= 0 && ((derived_ >> g) & 1));
    };
    for (unsigned k = 0; k < d.insn.operand_count; ++k) {
      const ZydisDecodedOperand& o = d.ops[k];
      if (o.type == ZYDIS_OPERAND_TYPE_REGISTER && (o.actions & ZYDIS_OPERAND_ACTION_MASK_READ) &&
          is_base(o.reg.value))
        return true;
      if (o.type == ZYDIS_OPERAND_TYPE_MEMORY && o.mem.type == ZYDIS_MEMOP_TYPE_AGEN &&
          (is_base(o.mem.base) || is_base(o.mem.index)))
        return true;
    }
    return false;
  }

  void Step(const Decoded& d) {
    const ZydisDecodedInstruction& in = d.insn;
    for (unsigned k = 0; k < in.operand_count; ++k)
      if (d.ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY && in.mnemonic != ZYDIS_MNEMONIC_NOP)
        CheckMemory(d, d.ops[k]);
    if (in.mnemonic == ZYDIS_MNEMONIC_CALL) {  // caller-saved registers are clobbered
      for (unsigned r : {0u, 1u, 2u, 6u, 7u, 8u, 9u, 10u, 11u}) {
        bound_[r] = kUnknown;
        derived_ &= static_cast<uint16_t>(~(1u << r));
      }
    }
    const bool reads_base = ReadsBase(d);
    // Bounds of the operands before this instruction writes any of them.
    uint64_t src_bound[ZYDIS_MAX_OPERAND_COUNT];
    for (unsigned k = 0; k < in.operand_count; ++k) {
      const ZydisDecodedOperand& o = d.ops[k];
      src_bound[k] = kUnknown;
      if (o.type == ZYDIS_OPERAND_TYPE_REGISTER && GprIndex(o.reg.value) >= 0)
        src_bound[k] = bound_[GprIndex(o.reg.value)];
      else if (o.type == ZYDIS_OPERAND_TYPE_IMMEDIATE)
        src_bound[k] = o.imm.is_signed && o.imm.value.s < 0 ? kUnknown : o.imm.value.u;
    }
    for (unsigned k = 0; k < in.operand_count; ++k) {
      const ZydisDecodedOperand& o = d.ops[k];
      if (o.type != ZYDIS_OPERAND_TYPE_REGISTER || !(o.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE)) continue;
      const int r = GprIndex(o.reg.value);
      if (r < 0) continue;
      const unsigned width = ZydisRegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, o.reg.value);
      uint64_t b;
      if (width == 32) b = kU32;  // a 32-bit write clears bits 63..32
      else if (width < 32) b = bound_[r] <= kU32 ? kU32 : kUnknown;  // bits 63..32 kept
      else b = kUnknown;
      const bool two_explicit = k == 0 && in.operand_count_visible >= 2;
      if (two_explicit && in.mnemonic == ZYDIS_MNEMONIC_MOV) b = std::min(b, src_bound[1]);
      if (two_explicit && in.mnemonic == ZYDIS_MNEMONIC_ADD && width == 64)
        b = SatAdd(src_bound[0], src_bound[1]);
      if (width == 32 && in.mnemonic == ZYDIS_MNEMONIC_MOV && two_explicit)
        b = std::min(kU32, src_bound[1]);
      bound_[r] = b;
      if (reads_base && width == 64 && o.visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT &&
          r != static_cast<int>(kR14) && r != 4 /* rsp: push r14 saves it */)
        derived_ |= static_cast<uint16_t>(1u << r);
      else derived_ &= static_cast<uint16_t>(~(1u << r));
    }
    if (in.meta.category == ZYDIS_CATEGORY_UNCOND_BR || in.meta.category == ZYDIS_CATEGORY_RET ||
        in.mnemonic == ZYDIS_MNEMONIC_UD2 || in.mnemonic == ZYDIS_MNEMONIC_INT3)
      Reset();  // what follows is reached only through a label
  }

  std::vector<Decoded> insns_;
  uint64_t bound_[16];
  uint16_t derived_ = 0;  // registers holding r14 plus something (never allowed as addresses)
  AddressCheck result_;
};

}  // namespace

AddressCheck CheckAddresses(std::span<const uint8_t> code, uint32_t data_start,
                            std::span<const uint32_t> labels) {
  Simulator sim;
  const uint32_t end = std::min<uint32_t>(data_start, static_cast<uint32_t>(code.size()));
  if (!sim.Decode(code, 0, end)) return sim.result();
  sim.Run(std::vector<uint32_t>(labels.begin(), labels.end()));
  return sim.result();
}

AddressCheck CheckScratchWrites(std::span<const uint8_t> code,
                                std::span<const uint32_t> inst_offsets,
                                std::span<const uint32_t> allowed, uint32_t watched,
                                std::span<const uint32_t> self_extend) {
  AddressCheck r;
  ZydisDecoder dec;
  ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
  thread_local std::unique_ptr<DecodeCache> cache;  // as in IsZeroExtended
  if (!cache) cache.reset(new DecodeCache);
  for (size_t i = 0; i + 1 < inst_offsets.size() && i < allowed.size(); ++i) {
    for (uint32_t at = inst_offsets[i]; at < inst_offsets[i + 1];) {
      const uint32_t avail = inst_offsets[i + 1] - at;
      Decoded* d = cache->Find(code.data() + at, avail);
      if (!d) d = cache->Decode(dec, code.data() + at, avail);
      if (!d) return {false, at, "undecodable bytes"};
      for (unsigned k = 0; k < d->insn.operand_count; ++k) {
        const ZydisDecodedOperand& o = d->ops[k];
        if (o.type != ZYDIS_OPERAND_TYPE_REGISTER || !(o.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE)) continue;
        const int g = GprIndex(o.reg.value);
        if (g < 0 || !((watched >> g) & 1) || ((allowed[i] >> g) & 1)) continue;
        if (i < self_extend.size() && ((self_extend[i] >> g) & 1) &&
            d->insn.mnemonic == ZYDIS_MNEMONIC_MOV && d->insn.operand_count_visible == 2 &&
            d->ops[1].type == ZYDIS_OPERAND_TYPE_REGISTER && d->ops[1].reg.value == o.reg.value &&
            ZydisRegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, o.reg.value) == 32)
          continue;  // an i32 operand zero-extended in place (x64_int.cc, ZeroExtendedIndex)
        char text[96] = "instruction";
        ZydisFormatter fmt;
        if (ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)))
          ZydisFormatterFormatInstruction(&fmt, &d->insn, d->ops, d->insn.operand_count_visible,
                                          text, sizeof text, at, nullptr);
        return {false, at,
                "`" + std::string(text) + "` (IR instruction " + std::to_string(i) + ") writes " +
                    ZydisRegisterGetString(o.reg.value) + ", an allocatable register that is " +
                    "neither its result's nor in its clobbers (RegisterInfo::clobbers)"};
      }
      at += d->insn.length;
    }
  }
  return r;
}

struct ZeroExtensionTracker::State {
  Simulator sim;
  uint32_t block_start = ~0u;
  uint32_t done = 0;  // code[block_start, done) is applied
};

ZeroExtensionTracker::ZeroExtensionTracker() : state_(std::make_unique<State>()) {}
ZeroExtensionTracker::~ZeroExtensionTracker() = default;

bool ZeroExtensionTracker::IsZeroExtended(std::span<const uint8_t> code, uint32_t block_start,
                                          uint32_t end, unsigned reg) {
  State& s = *state_;
  if (s.block_start != block_start || s.done > end) {
    s.sim.Reset();
    s.block_start = s.done = block_start;
  }
  // One cache per thread, kept across functions (functions compile on several threads).
  thread_local std::unique_ptr<DecodeCache> cache;
  if (!cache) cache.reset(new DecodeCache);  // default-initialized: only the tags are cleared
  s.done = s.sim.Advance(code, s.done, end, *cache);
  return s.done == end && s.sim.Bound(reg) <= kU32;
}

}  // namespace wasmc::x64
