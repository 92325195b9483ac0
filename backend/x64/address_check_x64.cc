// The x86-64 address check (backend/x64/address_check_x64.h, docs/backend.md "The
// address rule").
#include "backend/x64/address_check_x64.h"

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "backend/x64/gpr_effects_x64.h"
#include "backend/x64/zydis_api.h"

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
  const ZydisRegister big = Zydis().RegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, r);
  if (big < ZYDIS_REGISTER_RAX || big > ZYDIS_REGISTER_R15) return -1;
  return static_cast<int>(big - ZYDIS_REGISTER_RAX);
}

// What the simulation (Simulator::Step) reads of a decoded instruction, computed once
// per distinct instruction: a fraction of Zydis's decoded form, with register
// indexes and widths already looked up. No initializers: the caches' arrays of them
// stay uninitialized until an entry is made; Summarize sets every field.
struct Insn {
  struct Operand {
    enum Kind : uint8_t { kOther, kReg, kMem, kImm } kind;
    int8_t gpr;                    // kReg: 0..15, or -1 for a register that is not a GPR
    uint16_t width;                // kReg: in bits
    bool read, write, is_explicit;
    int8_t base, index;            // kMem: GPR indexes, or -1
    uint8_t scale;                 // kMem
    bool agen;                     // kMem: an address computation (lea), not an access
    int64_t disp;                  // kMem: the displacement (0 without one)
    uint64_t imm;                  // kImm: the value as a bound (kUnknown if negative)
  };
  uint32_t offset;
  uint8_t length, operand_count, operand_count_visible;
  bool nop, call, mov, add;
  uint8_t movzx_bits;  // movzx: its source's width (8 or 16), else 0
  bool lea;            // lea whose address has no base but GPRs (no rip)
  bool and_;           // and
  bool ends_block;  // an unconditional branch, ret, ud2 or int3
  uint16_t mem_ops;       // operand k is kMem: bit k
  uint16_t gpr_writes;    // operand k is a kReg GPR it writes: bit k
  uint16_t base_readers;  // the GPRs it reads as kReg operands or in an address computation
  Operand ops[ZYDIS_MAX_OPERAND_COUNT];
};

Insn Summarize(const ZydisDecodedInstruction& in, const ZydisDecodedOperand* ops, uint32_t offset) {
  Insn s{};  // every operand zeroed: kOther
  s.offset = offset;
  s.length = in.length;
  s.operand_count = in.operand_count;
  s.operand_count_visible = in.operand_count_visible;
  s.nop = in.mnemonic == ZYDIS_MNEMONIC_NOP;
  s.call = in.mnemonic == ZYDIS_MNEMONIC_CALL;
  s.mov = in.mnemonic == ZYDIS_MNEMONIC_MOV;
  s.add = in.mnemonic == ZYDIS_MNEMONIC_ADD;
  s.and_ = in.mnemonic == ZYDIS_MNEMONIC_AND;
  s.lea = in.mnemonic == ZYDIS_MNEMONIC_LEA && in.operand_count >= 2 &&
          ops[1].type == ZYDIS_OPERAND_TYPE_MEMORY &&
          (ops[1].mem.base == ZYDIS_REGISTER_NONE || GprIndex(ops[1].mem.base) >= 0) &&
          (ops[1].mem.index == ZYDIS_REGISTER_NONE || GprIndex(ops[1].mem.index) >= 0);
  s.movzx_bits = in.mnemonic == ZYDIS_MNEMONIC_MOVZX && in.operand_count >= 2 &&
                         (ops[1].size == 8 || ops[1].size == 16)
                     ? static_cast<uint8_t>(ops[1].size)
                     : 0;
  s.ends_block = in.meta.category == ZYDIS_CATEGORY_UNCOND_BR || in.meta.category == ZYDIS_CATEGORY_RET ||
                 in.mnemonic == ZYDIS_MNEMONIC_UD2 || in.mnemonic == ZYDIS_MNEMONIC_INT3;
  for (unsigned k = 0; k < in.operand_count; ++k) {
    const ZydisDecodedOperand& o = ops[k];
    Insn::Operand& d = s.ops[k];
    switch (o.type) {
      case ZYDIS_OPERAND_TYPE_REGISTER:
        d.kind = Insn::Operand::kReg;
        d.gpr = static_cast<int8_t>(GprIndex(o.reg.value));
        d.width = Zydis().RegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, o.reg.value);
        d.read = (o.actions & ZYDIS_OPERAND_ACTION_MASK_READ) != 0;
        d.write = (o.actions & ZYDIS_OPERAND_ACTION_MASK_WRITE) != 0;
        d.is_explicit = o.visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT;
        break;
      case ZYDIS_OPERAND_TYPE_MEMORY:
        d.kind = Insn::Operand::kMem;
        d.base = static_cast<int8_t>(GprIndex(o.mem.base));
        d.index = static_cast<int8_t>(GprIndex(o.mem.index));
        d.scale = o.mem.scale;
        d.agen = o.mem.type == ZYDIS_MEMOP_TYPE_AGEN;
        d.disp = o.mem.disp.has_displacement ? o.mem.disp.value : 0;
        break;
      case ZYDIS_OPERAND_TYPE_IMMEDIATE:
        d.kind = Insn::Operand::kImm;
        d.imm = o.imm.is_signed && o.imm.value.s < 0 ? kUnknown : o.imm.value.u;
        break;
      default: break;
    }
    auto gpr_bit = [](int g) { return g >= 0 ? 1u << g : 0u; };
    if (d.kind == Insn::Operand::kMem) {
      s.mem_ops |= static_cast<uint16_t>(1u << k);
      if (d.agen) s.base_readers |= static_cast<uint16_t>(gpr_bit(d.base) | gpr_bit(d.index));
    }
    if (d.kind == Insn::Operand::kReg && d.read) s.base_readers |= static_cast<uint16_t>(gpr_bit(d.gpr));
    if (d.kind == Insn::Operand::kReg && d.write && d.gpr >= 0) s.gpr_writes |= static_cast<uint16_t>(1u << k);
  }
  return s;
}

uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kUnknown - b ? kUnknown : a + b; }

// Up to 16 bytes as two little-endian words: byte k is bits 8k..8k+7 of lo (k < 8)
// or of hi (k >= 8).
struct Bytes {
  uint64_t lo = 0, hi = 0;
  // p[0, min(avail, 16)); `before`: how many bytes before p may be read too (the
  // last bytes of the code are read as the 16 that end there, shifted).
  static Bytes Load(const uint8_t* p, uint32_t avail, uint32_t before = 0) {
    Bytes b;
    if (avail >= 16) {
      std::memcpy(&b.lo, p, 8);
      std::memcpy(&b.hi, p + 8, 8);
    } else if (avail + before >= 16) {
      const uint8_t* q = p + avail - 16;
      std::memcpy(&b.lo, q, 8);
      std::memcpy(&b.hi, q + 8, 8);
      const unsigned __int128 v = (static_cast<unsigned __int128>(b.hi) << 64 | b.lo) >> (8 * (16 - avail));
      b.lo = static_cast<uint64_t>(v);
      b.hi = static_cast<uint64_t>(v >> 64);
    } else {
      uint8_t buf[16] = {};
      std::memcpy(buf, p, avail);
      std::memcpy(&b.lo, buf, 8);
      std::memcpy(&b.hi, buf + 8, 8);
    }
    return b;
  }
  // The `size` bytes (1..8) at k (k + size <= 16), little-endian, sign- or
  // zero-extended.
  uint64_t Field(uint32_t k, uint32_t size, bool is_signed) const {
    const uint64_t v = static_cast<uint64_t>((static_cast<unsigned __int128>(hi) << 64 | lo) >> (8 * k));
    const unsigned shift = 64 - 8 * size;
    if (shift == 0) return v;
    if (is_signed) return static_cast<uint64_t>(static_cast<int64_t>(v << shift) >> shift);
    return v << shift >> shift;
  }
  // The mask of bytes [0, n), n <= 16.
  static Bytes Low(uint32_t n);
  Bytes operator&(const Bytes& m) const { return {lo & m.lo, hi & m.hi}; }
  bool operator==(const Bytes& o) const { return lo == o.lo && hi == o.hi; }
  // The bytes [0, n) (the rest zero).
  Bytes Head(uint32_t n) const { return *this & Low(n); }
  // The bytes [0, len) without the field [k, k + size).
  Bytes WithoutField(uint32_t k, uint32_t size, uint32_t len) const {
    const Bytes field = Low(k + size), before = Low(k), all = Low(len);
    return {lo & all.lo & ~(field.lo & ~before.lo), hi & all.hi & ~(field.hi & ~before.hi)};
  }
};
constexpr std::array<Bytes, 17> kLowBytes = [] {
  std::array<Bytes, 17> m{};
  auto word = [](uint32_t k) { return k >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * k)) - 1; };
  for (uint32_t n = 0; n <= 16; ++n) m[n] = {word(n), n <= 8 ? 0 : word(n - 8)};
  return m;
}();
Bytes Bytes::Low(uint32_t n) { return kLowBytes[n]; }

// Instructions decoded before, by their bytes, for the one-pass use (Advance), which
// decodes every byte the MacroAssembler emits: most instructions recur (the same
// register moves, spills and accesses), and Zydis would be most of the compile time.
// x86 decoding depends on the instruction's bytes alone (the decoder reads them in
// order and stops at the last), so an entry whose `len` bytes equal the next bytes of
// the code is what decoding them gives. Direct-mapped by a hash of the bytes; the
// tags (length and bytes) are kept apart from the decoded forms so that a lookup,
// which tries each length in turn, reads little memory.
//
// Instructions that differ only in their displacement, their relative branch offset
// or their immediate (spill slots, memory offsets, jumps, constants) would each be
// decoded: a second table keys them by their bytes without that field. The bytes
// before it (prefixes, opcode, ModRM, SIB) fix where it is and how long, and the rest
// of the instruction; its value is read from the bytes and put in the operand the
// way Zydis does (Zydis's operand is its raw field, sign-extended for displacements,
// relative offsets and signed immediates, else zero-extended; checked against
// Zydis's own when the entry is made). Only legacy-encoded instructions have their
// immediate taken so: 3DNow! takes its opcode from that byte, and VEX/XOP's IS4 a
// register.
//
// The next 16 bytes of the code (zero past the end) are read once per lookup as two
// words (`Bytes`): every hash and tag comparison works on them, masked to the bytes
// it covers, instead of byte by byte.
class DecodeCache {
 public:
  DecodeCache() { Zydis().DecoderInit(&dec_, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64); }

  // The instruction at p[0, avail); nullptr if the bytes do not decode. The entry is
  // the cache's: valid until the next lookup.
  //
  // A lookup first tries the one length (or variant field offset) that the last
  // instruction starting with the same three bytes had (`hints_`): mostly the right
  // one, so the search over every length is skipped. Which entry answers does not
  // matter: an entry whose bytes are the next bytes of the code is what decoding
  // them gives (no instruction's bytes are the start of another's).
  // `before`: bytes of the code before p (Bytes::Load may read them).
  Insn* Lookup(const uint8_t* p, uint32_t avail, uint32_t before) {
    const Bytes b = Bytes::Load(p, avail, before);
    Hint& hint = hints_[HintSlot(b, avail)];
    if (hint.len != 0 && hint.len <= avail) {
      Insn* d = hint.field ? VariantAt(b, p, avail, hint.field) : Entry(b, hint.len);
      if (d) [[likely]] return d;
    }
    return Search(b, p, avail, hint);
  }

 private:
  // Per hash of an instruction's first three bytes (fewer at the end of the code):
  // the length of the last instruction found that starts with them, and its field's
  // offset if it was found as a variant (0: as an exact entry). len 0: none yet.
  // `lens` and `fields` (bit n) are the lengths of the exact entries and the field
  // offsets of the variants ever decoded at code starting so, the only ones a search
  // has to try beyond 1 and 2 (an instruction of one or two bytes, or a field within
  // the first three bytes, is hashed here with other bytes).
  struct Hint {
    uint8_t len = 0, field = 0;
    uint16_t lens = 0, fields = 0;
  };
  static constexpr uint32_t kMaxLength = ZYDIS_MAX_INSTRUCTION_LENGTH;
  static_assert(kMaxLength <= 16);  // Bytes holds an instruction

  // A hash of `b` (masked to its first n bytes by the caller) and n.
  static uint32_t Hash(const Bytes& b, uint32_t n) {
    return static_cast<uint32_t>(((b.lo ^ n) * 0x9e3779b97f4a7c15ull + b.hi * 0xc2b2ae3d27d4eb4full) >> 32);
  }

  // Lookup without its hint: every length and field offset in the cache, else a
  // decode; `hint` learns which answered.
  [[gnu::noinline]] Insn* Search(const Bytes& b, const uint8_t* p, uint32_t avail, Hint& hint) {
    // Lengths 1..min(avail, kMaxLength), field offsets 1..that - 1 (bit n: n).
    const uint32_t lens = (2u << std::min<uint32_t>(avail, kMaxLength)) - 2;
    Insn* d = Find(b, (hint.lens | 6u) & lens);
    uint8_t field = 0;
    if (!d) d = FindVariant(b, p, avail, (hint.fields | 6u) & (lens >> 1) & ~1u, &field);
    if (!d) {
      d = Decode(p, avail, &field);
      if (d) {
        hint.lens |= static_cast<uint16_t>(1u << d->length);
        if (field) hint.fields |= static_cast<uint16_t>(1u << field);
      }
      field = 0;  // the exact entry answered
    }
    if (d) {
      hint.len = d->length;
      hint.field = field;
    }
    return d;
  }

  // The instruction at the code whose next bytes are `b` if its bytes are in the
  // cache with one of the lengths of `lens` (bit n: n), else nullptr.
  Insn* Find(const Bytes& b, uint32_t lens) {
    for (; lens; lens &= lens - 1)
      if (Insn* d = Entry(b, __builtin_ctz(lens))) return d;
    return nullptr;
  }
  // The entry for the first `len` bytes of b (len <= the bytes available).
  Insn* Entry(const Bytes& b, uint32_t len) {
    const Bytes head = b.Head(len);
    const uint32_t slot = Slot(Hash(head, len));
    const Tag& t = tags_[slot];
    return t.len == len && t.bytes == head ? &decoded_[slot] : nullptr;
  }

  // Decodes the instruction at p[0, avail) into the cache; nullptr if the bytes do
  // not decode. *field: the offset of the field of the variant entered too, or 0.
  Insn* Decode(const uint8_t* p, uint32_t avail, uint8_t* field) {
    Decoded d;
    if (!ZYAN_SUCCESS(Zydis().DecoderDecodeFull(&dec_, p, avail, &d.insn, d.ops))) return nullptr;
    const uint32_t len = d.insn.length;
    const Bytes head = Bytes::Load(p, len);
    const uint32_t slot = Slot(Hash(head, len));
    tags_[slot].len = static_cast<uint8_t>(len);
    tags_[slot].bytes = head;
    decoded_[slot] = Summarize(d.insn, d.ops, 0);
    *field = AddVariant(d, p, head, decoded_[slot]);
    return &decoded_[slot];
  }

  // An instruction whose bytes, but for its displacement or relative offset, are in
  // the second table: its summary with that field's value from p.
  // *field: the field's offset in the instruction.
  // `fields` (bit k): the offsets to try.
  Insn* FindVariant(const Bytes& b, const uint8_t* p, uint32_t avail, uint32_t fields, uint8_t* field) {
    for (; fields; fields &= fields - 1) {
      const uint32_t k = __builtin_ctz(fields);
      if (Insn* d = VariantAt(b, p, avail, k)) {
        *field = static_cast<uint8_t>(k);
        return d;
      }
    }
    return nullptr;
  }
  // The variant whose field is at offset k, or nullptr. Its entry gets the field's
  // value from p (every lookup that answers with it sets it).
  Insn* VariantAt(const Bytes& b, const uint8_t* p, uint32_t avail, uint32_t k) {
    const uint32_t slot = Slot(Hash(b.Head(k), k));
    const VariantTag& t = variant_tags_[slot];
    if (t.field != k || t.len > avail || !(b.WithoutField(k, t.size, t.len) == t.bytes)) return nullptr;
    Insn& v = variants_[slot];
    SetField(v.ops[t.op], t.is_disp, t.is_signed, b.Field(k, t.size, t.is_signed));
    return &v;
  }

  // As Summarize puts Zydis's value of the field into the operand.
  static void SetField(Insn::Operand& o, bool is_disp, bool is_signed, uint64_t v) {
    if (is_disp) o.disp = static_cast<int64_t>(v);
    else o.imm = is_signed && static_cast<int64_t>(v) < 0 ? kUnknown : v;
  }

  // Enters a decoded instruction (bytes `head`, summary `exact`) with a displacement
  // or an immediate into the second table, if putting the field's value from
  // its bytes into its summary gives what Zydis gave; returns the field's offset (0:
  // not entered).
  uint8_t AddVariant(const Decoded& d, const uint8_t* p, const Bytes& head, const Insn& exact) {
    const ZydisDecodedInstruction& in = d.insn;
    if (in.encoding == ZYDIS_INSTRUCTION_ENCODING_EVEX || in.encoding == ZYDIS_INSTRUCTION_ENCODING_MVEX)
      return 0;  // compressed displacements (disp8 * N)
    uint32_t field = 0, size = 0;
    int op = -1;
    bool is_disp = in.raw.disp.size > 0, is_signed = true;
    if (is_disp) {
      field = in.raw.disp.offset, size = in.raw.disp.size / 8;
      for (unsigned k = 0; k < in.operand_count && op < 0; ++k)
        if (d.ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY && d.ops[k].mem.disp.has_displacement) op = static_cast<int>(k);
    } else {
      unsigned imms = 0;  // immediate operands (an implicit 1 of a shift is one too)
      for (unsigned k = 0; k < in.operand_count; ++k) {
        if (d.ops[k].type != ZYDIS_OPERAND_TYPE_IMMEDIATE) continue;
        ++imms;
        if (op < 0) op = static_cast<int>(k);
      }
      if (op < 0 || imms != 1 || in.raw.imm[0].size == 0 || in.raw.imm[1].size != 0) return 0;
      if (!d.ops[op].imm.is_relative && in.encoding != ZYDIS_INSTRUCTION_ENCODING_LEGACY) return 0;
      field = in.raw.imm[0].offset, size = in.raw.imm[0].size / 8;
      is_signed = in.raw.imm[0].is_signed;
    }
    if (op < 0 || field == 0 || size == 0 || size > 8 || field + size > in.length) return 0;
    Insn::Operand variant = exact.ops[op];
    SetField(variant, is_disp, is_signed, head.Field(field, size, is_signed));
    const Insn::Operand& a = exact.ops[op];
    if (a.disp != variant.disp || a.imm != variant.imm) return 0;
    const uint32_t slot = Slot(Hash(head.Head(field), field));
    VariantTag& t = variant_tags_[slot];
    t.field = static_cast<uint8_t>(field);
    t.len = static_cast<uint8_t>(in.length);
    t.size = static_cast<uint8_t>(size);
    t.op = static_cast<uint8_t>(op);
    t.is_disp = is_disp;
    t.is_signed = is_signed;
    t.bytes = head.WithoutField(field, size, in.length);
    variants_[slot] = exact;
    return static_cast<uint8_t>(field);
  }

  static constexpr unsigned kBits = 13;
  static uint32_t Slot(uint32_t h) { return h >> (32 - kBits); }
  struct Tag {
    uint8_t len = 0;  // 0: empty
    Bytes bytes;      // the instruction's bytes (zero past len)
  };
  std::array<Tag, 1u << kBits> tags_{};
  std::array<Insn, 1u << kBits> decoded_;
  struct VariantTag {
    uint8_t field = 0;  // the field's offset (never 0: an opcode is first); 0: empty
    uint8_t len = 0, size = 0, op = 0;  // length, the field's bytes, its operand
    bool is_disp = false;               // a displacement, else an immediate
    bool is_signed = false;             // sign-extended, else zero-extended
    Bytes bytes;                        // the instruction's bytes, the field's zero
  };
  std::array<VariantTag, 1u << kBits> variant_tags_{};
  std::array<Insn, 1u << kBits> variants_;
  static constexpr unsigned kHintBits = 12;
  static uint32_t HintSlot(const Bytes& b, uint32_t avail) {
    const uint32_t n = std::min<uint32_t>(avail, 3);
    return Hash(b.Head(n), n) >> (32 - kHintBits);
  }
  std::array<Hint, 1u << kHintBits> hints_{};
  ZydisDecoder dec_;
};

class Simulator {
 public:
  // Decodes code[from, to); false (and `failure` set) when a byte does not decode.
  bool Decode(std::span<const uint8_t> code, uint32_t from, uint32_t to) {
    ZydisDecoder dec;
    Zydis().DecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    for (uint32_t at = from; at < to;) {
      Decoded d;
      d.offset = at;
      if (!ZYAN_SUCCESS(Zydis().DecoderDecodeFull(&dec, code.data() + at, to - at, &d.insn, d.ops))) {
        Fail(at, "undecodable bytes");
        return false;
      }
      insns_.push_back(d);
      sums_.push_back(Summarize(d.insn, d.ops, at));
      at += d.insn.length;
    }
    return true;
  }

  // The bounds as a forward dataflow over the decoded blocks (docs/backend.md, "The
  // address rule"): a block's entry state is the join of the states its predecessors
  // leave on every edge the decoder sees (fall-through, direct branches), iterated
  // over loops to a fixpoint; a block that may be entered another way starts from
  // nothing known (`Reset`): the function entry, `entries` (landing pads), the
  // targets of rip-relative `lea`s into the code and of the jump tables such a `lea`
  // addresses in the data, and every direct call target inside the function. Those
  // and the edges the decoder sees are every way into the code, so a block that no
  // seen edge reaches and that is none of them never runs, a bound label as much as
  // the padding after a jump (dead code after a `br`): it contributes no edge to live
  // code, and it is itself checked as if each dead region were entered at its first
  // block knowing only the code's promise (`zero_extended`: the GPRs below 2^32 at
  // every point, the single-pass tier's i32 locals; none for other code). Then every
  // access is checked once, from its block's entry state. `code` holds the data after
  // `end` (jump tables).
  void Run(std::span<const uint8_t> code, uint32_t end, std::span<const uint32_t> labels,
           std::span<const uint32_t> entries, std::span<const uint32_t> exits, uint16_t zero_extended) {
    const size_t n = sums_.size();
    // A branch whose rel32 the linker fills goes out of the function (a tail call's
    // jmp; a call), wherever its unlinked field points.
    std::vector<uint32_t> out(exits.begin(), exits.end());
    std::sort(out.begin(), out.end());
    auto leaves = [&](const Decoded& d) {
      return d.insn.length >= 5 && std::binary_search(out.begin(), out.end(), static_cast<uint32_t>(d.offset + d.insn.length - 4));
    };
    if (n == 0) return;
    std::vector<uint8_t> start(n, 0), open(n, 0);
    target_.assign(n, -1);
    start[0] = open[0] = 1;
    std::vector<uint64_t> tables;  // data addresses a rip-relative lea takes
    for (uint32_t l : labels)
      if (const int64_t k = IndexAt(l); k >= 0) start[k] = 1;
    for (uint32_t e : entries) {
      const int64_t k = IndexAt(e);
      if (k >= 0) start[k] = open[k] = 1;
      else if (e < end) return Fail(e, "an entry (landing pad) inside an instruction");
    }
    auto open_at = [&](uint64_t at, uint32_t from) {
      if (at >= end) return true;
      const int64_t k = IndexAt(at);
      if (k < 0) {
        Fail(from, "a code address inside an instruction");
        return false;
      }
      start[k] = open[k] = 1;
      return true;
    };
    for (size_t i = 0; i < n; ++i) {
      const Decoded& d = insns_[i];
      if (sums_[i].ends_block && i + 1 < n) start[i + 1] = 1;
      ZyanU64 target = 0;
      const ZydisInstructionCategory cat = d.insn.meta.category;
      if ((cat == ZYDIS_CATEGORY_COND_BR || cat == ZYDIS_CATEGORY_UNCOND_BR) &&
          d.ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE && !leaves(d) &&
          ZYAN_SUCCESS(Zydis().CalcAbsoluteAddress(&d.insn, &d.ops[0], d.offset, &target)) && target < end) {
        const int64_t k = IndexAt(target);
        if (k < 0) return Fail(d.offset, "branches into the middle of an instruction");
        start[k] = 1;
        target_[i] = static_cast<int32_t>(k);
      }
      if (cat == ZYDIS_CATEGORY_CALL && d.ops[0].type == ZYDIS_OPERAND_TYPE_IMMEDIATE && !leaves(d) &&
          ZYAN_SUCCESS(Zydis().CalcAbsoluteAddress(&d.insn, &d.ops[0], d.offset, &target)) && target < end &&
          target != d.offset + d.insn.length && !open_at(target, d.offset))
        return;  // a call into the function itself (not a relocated call: its rel32 is 0)
      if (d.insn.mnemonic != ZYDIS_MNEMONIC_LEA || d.ops[1].type != ZYDIS_OPERAND_TYPE_MEMORY ||
          d.ops[1].mem.base != ZYDIS_REGISTER_RIP ||
          !ZYAN_SUCCESS(Zydis().CalcAbsoluteAddress(&d.insn, &d.ops[1], d.offset, &target)))
        continue;
      if (target < end) {  // a code address taken: reached by an indirect jump
        if (!open_at(target, d.offset)) return;
      } else if (target < code.size()) {
        tables.push_back(target);
      }
    }
    // Jump tables (macro_assembler_x64.cc BrTable): int32 entries relative to the
    // table's start, which a rip-relative `lea` addresses; each table runs to the next
    // one (or the end). A table that only a br_table dispatch reads (Dispatch) gives
    // that jump its first n entries as successors; every other word of a table is
    // taken as an entry reached from nowhere in sight (more blocks open, never fewer).
    std::sort(tables.begin(), tables.end());
    std::vector<uint64_t> read_from(tables.size(), 0);  // per table: where the open scan starts
    for (size_t k = 0; k < tables.size(); ++k) read_from[k] = tables[k];
    multi_.assign(n, -1);
    dispatch_index_.assign(n, -1);
    for (size_t i = 0; i < n; ++i) {
      uint64_t table;
      uint32_t count;
      std::pair<size_t, int> index;
      if (!Dispatch(i, start, &table, &count, &index)) continue;
      const auto at_table = std::lower_bound(tables.begin(), tables.end(), table);
      if (at_table == tables.end() || *at_table != table || (at_table + 1 != tables.end() && at_table[1] == table))
        continue;  // read by another lea too: open
      const size_t k = static_cast<size_t>(at_table - tables.begin());
      const uint64_t limit = k + 1 < tables.size() ? tables[k + 1] : code.size();
      if (table + 4ull * count > limit) continue;
      std::vector<int32_t> to;
      for (uint32_t e = 0; e < count; ++e) {
        int32_t delta;
        std::memcpy(&delta, code.data() + table + 4 * e, 4);
        const int64_t at = static_cast<int64_t>(table) + delta;
        const int64_t j = at >= 0 && static_cast<uint64_t>(at) < end ? IndexAt(static_cast<uint64_t>(at)) : -1;
        if (j < 0) return Fail(insns_[i].offset, "a jump-table entry that is no instruction of the function");
        start[j] = 1;
        to.push_back(static_cast<int32_t>(j));
      }
      read_from[k] = table + 4ull * count;
      dispatch_index_[index.first] = static_cast<int8_t>(index.second);
      multi_[i] = static_cast<int32_t>(dispatch_targets_.size());
      dispatch_targets_.push_back(std::move(to));
    }
    for (size_t k = 0; k < tables.size(); ++k) {
      const uint64_t limit = k + 1 < tables.size() ? tables[k + 1] : code.size();
      for (uint64_t t = read_from[k]; t + 4 <= limit; t += 4) {
        int32_t delta;
        std::memcpy(&delta, code.data() + t, 4);
        const int64_t at = static_cast<int64_t>(tables[k]) + delta;
        if (at >= 0 && static_cast<uint64_t>(at) < end && IndexAt(static_cast<uint64_t>(at)) >= 0)
          open_at(static_cast<uint64_t>(at), 0);
      }
    }
    // Blocks: [first[b], first[b + 1]) (the dispatches' entries are starts too).
    std::vector<uint32_t> first, block(n, 0);
    for (size_t i = 0; i < n; ++i) {
      if (start[i]) first.push_back(static_cast<uint32_t>(i));
      block[i] = static_cast<uint32_t>(first.size() - 1);
    }
    const size_t nb = first.size();
    first.push_back(static_cast<uint32_t>(n));
    auto falls_through = [&](size_t b) { return b + 1 < nb && !sums_[first[b + 1] - 1].ends_block; };
    // Entry states to a fixpoint (nothing is checked yet).
    std::vector<State> in(nb);
    std::vector<uint8_t> reached(nb, 0), dirty(nb, 0), is_open(nb, 0);
    // Only the open blocks are entered other than through a seen edge: a block, label
    // or not, that no seen edge reaches and that is not open never runs (a label only
    // says where the compiler may branch, which the check does not take on trust).
    for (size_t b = 0; b < nb; ++b) {
      is_open[b] = open[first[b]];
      if (!is_open[b]) continue;
      Reset();
      in[b] = Save();
      reached[b] = dirty[b] = 1;
    }
    std::vector<uint8_t> live;  // after the first fixpoint: the blocks that can run
    auto edge = [&](uint32_t t, const State& s) {
      if (is_open[t]) return;
      if (!live.empty() && live[t]) return;  // dead code never enters live code
      State& to = in[t];
      bool changed = !reached[t];
      if (!reached[t]) {
        reached[t] = 1;
        for (unsigned r = 0; r < 16; ++r) to.bound[r] = Widen(s.bound[r]);
        to.derived = s.derived;
      } else {
        for (unsigned r = 0; r < 16; ++r) {
          const uint64_t w = std::max(to.bound[r], Widen(s.bound[r]));
          changed |= w != to.bound[r];
          to.bound[r] = w;
        }
        changed |= (s.derived & ~to.derived) != 0;
        to.derived |= s.derived;
      }
      if (changed) dirty[t] = 1;
    };
    checking_ = false;
    auto fixpoint = [&] {
      for (bool again = true; again;) {
        again = false;
        for (size_t b = 0; b < nb; ++b) {
          if (!dirty[b]) continue;
          dirty[b] = 0;
          again = true;
          Load(in[b]);
          for (uint32_t i = first[b]; i < first[b + 1]; ++i) {
            Step(sums_[i], nullptr);
            if (target_[i] >= 0) edge(block[target_[i]], Save());
            if (multi_[i] >= 0)
              for (int32_t t : dispatch_targets_[multi_[i]]) edge(block[t], Save());
          }
          if (falls_through(b)) edge(static_cast<uint32_t>(b + 1), Save());
        }
      }
    };
    fixpoint();
    // Dead code (no seen edge from an open block reaches it: what follows a jump to a
    // trap, a bound label nothing branches to) never runs, but is checked anyway, as
    // if each dead region could be entered at its first block knowing only the
    // promise (`zero_extended`; live code proves it from the entry instead): the
    // lowest block not reached yet is opened and the fixpoint resumed, until every
    // block is reached. Its edges go to dead blocks only (a live block's state stays
    // the join of the edges that can run, whatever the dead code leaves).
    live = reached;
    for (size_t b = 0; b < nb; ++b) {
      if (reached[b]) continue;
      is_open[b] = 1;
      Reset();
      Seed(zero_extended);
      in[b] = Save();
      reached[b] = dirty[b] = 1;
      fixpoint();
    }
    // The check, each block once from its entry state.
    checking_ = true;
    for (size_t b = 0; b < nb; ++b) {
      Load(in[b]);
      for (uint32_t i = first[b]; i < first[b + 1]; ++i) {
        if (const int x = dispatch_index_[i]; x >= 0 && bound_[x] > kU32)
          Fail(insns_[i].offset, "reads a jump table through an index not proven zero-extended (the "
                                 "dispatch's targets are its successors only for an index below 2^32)");
        Step(sums_[i], &insns_[i]);
      }
    }
  }

  uint64_t Bound(unsigned reg) const { return bound_[reg]; }
  const AddressCheck& result() const { return result_; }

  // One-pass use (ZeroExtensionTracker): decodes (through `cache`) and applies the
  // instruction at `from` (code[from, to) available); returns where it ends (`from` if
  // the bytes do not decode).
  uint32_t AdvanceOne(std::span<const uint8_t> code, uint32_t from, uint32_t to, DecodeCache& cache) {
    Insn* d = cache.Lookup(code.data() + from, to - from, from);
    if (!d) return from;
    d->offset = from;
    StepBounds(*d);  // derived_ is the check's only
    if (d->ends_block) Reset();  // what follows is reached only through a label
    return from + d->length;
  }

  // An instruction's effect read by GprEffectOf: what StepBounds (and AdvanceOne's Reset)
  // does for the instruction decoded.
  [[gnu::always_inline]] void Apply(const GprEffect& e) {
    switch (e.kind) {
      case GprEffect::kDecode: case GprEffect::kNone: break;
      case GprEffect::kWrite32: bound_[e.dst] = kU32; break;
      case GprEffect::kWrite64: bound_[e.dst] = kUnknown; break;
      case GprEffect::kWriteNarrow: bound_[e.dst] = bound_[e.dst] <= kU32 ? kU32 : kUnknown; break;
      case GprEffect::kMov32: bound_[e.dst] = std::min(kU32, bound_[e.src]); break;
      case GprEffect::kMov64: bound_[e.dst] = bound_[e.src]; break;
      case GprEffect::kConst: bound_[e.dst] = e.imm; break;
      case GprEffect::kAdd64: bound_[e.dst] = SatAdd(bound_[e.dst], bound_[e.src]); break;
      case GprEffect::kAdd64Imm: bound_[e.dst] = SatAdd(bound_[e.dst], e.imm); break;
      case GprEffect::kLea32:
        bound_[e.dst] = Lea32Bound(e.src < 16 ? bound_[e.src] : 0, e.src2 < 16 ? bound_[e.src2] : 0,
                                   1u << e.scale, static_cast<int32_t>(e.imm));
        break;
      case GprEffect::kCall:
        for (uint32_t m = kCallerSaved | 1u << 4 /* rsp */; m; m &= m - 1) bound_[__builtin_ctz(m)] = kUnknown;
        break;
      case GprEffect::kEndsBlock: Reset(); break;
    }
  }
  // Whether `e` (GprEffectOf, `length` bytes) gives what the decoded instruction `d`
  // gives, from the simulator's state and from made-up ones (every bound small and
  // distinct; alternately below 2^32 and unknown; just below 2^32, where sums
  // overflow); the simulator is left as `e` leaves its state.
  bool AgreesAndApply(const GprEffect& e, uint32_t length, const Insn* d) {
    uint64_t now[16], states[4][16], by_effect[16];
    std::copy(std::begin(bound_), std::end(bound_), now);
    std::copy(now, now + 16, states[0]);
    for (unsigned r = 0; r < 16; ++r) {
      states[1][r] = 0x10 * r + 3;
      states[2][r] = r % 2 ? kUnknown : kU32;
      states[3][r] = kU32 - 0x100 + r;
    }
    bool same = d != nullptr && d->length == length;
    for (const auto& st : states) {
      if (!same) break;
      std::copy(st, st + 16, bound_);
      Apply(e);
      std::copy(std::begin(bound_), std::end(bound_), by_effect);
      std::copy(st, st + 16, bound_);
      StepBounds(*d);
      if (d->ends_block) Reset();
      same = std::equal(by_effect, by_effect + 16, bound_);
    }
    std::copy(now, now + 16, bound_);
    Apply(e);
    return same;
  }

  void Reset() {
    std::fill(std::begin(bound_), std::end(bound_), kUnknown);
    derived_ = 0;
  }
  // The registers of `gprs` (bit r) hold values below 2^32.
  void Seed(uint16_t gprs) {
    for (; gprs; gprs &= gprs - 1) bound_[__builtin_ctz(gprs)] = kU32;
  }
  // Off: Step only simulates (the tracker; the fixpoint before the check).
  void set_checking(bool on) { checking_ = on; }

 private:
  struct State {
    uint64_t bound[16];
    uint16_t derived;
  };
  State Save() const {
    State s;
    std::copy(std::begin(bound_), std::end(bound_), s.bound);
    s.derived = derived_;
    return s;
  }
  void Load(const State& s) {
    std::copy(std::begin(s.bound), std::end(s.bound), bound_);
    derived_ = s.derived;
  }
  // Whether instruction i is `jmp rax` of a br_table dispatch (macro_assembler_x64.cc
  // BrTable), all in one block (no start after the cmp):
  //   cmp r32, n; jae default; [mov r32, r32;] lea r11, [rip + table];
  //   movsxd rax, dword [r11 + r*4]; add rax, r11; jmp rax
  // so the low half of r is below n where the table is read, and the jump goes to one
  // of the table's first n entries if its upper half is zero there: the check proves
  // that of the movsxd (*index: its instruction and register) from the block's state.
  bool Dispatch(size_t i, const std::vector<uint8_t>& start, uint64_t* table, uint32_t* count,
                std::pair<size_t, int>* index) const {
    if (i < 5) return false;
    auto reg = [&](size_t k, unsigned op, ZydisRegister r) {
      const ZydisDecodedOperand& o = insns_[k].ops[op];
      return o.type == ZYDIS_OPERAND_TYPE_REGISTER && o.reg.value == r;
    };
    auto is = [&](size_t k, ZydisMnemonic m) { return insns_[k].insn.mnemonic == m; };
    if (!is(i, ZYDIS_MNEMONIC_JMP) || !reg(i, 0, ZYDIS_REGISTER_RAX)) return false;
    if (!is(i - 1, ZYDIS_MNEMONIC_ADD) || !reg(i - 1, 0, ZYDIS_REGISTER_RAX) || !reg(i - 1, 1, ZYDIS_REGISTER_R11))
      return false;
    const ZydisDecodedOperand& m = insns_[i - 2].ops[1];
    if (!is(i - 2, ZYDIS_MNEMONIC_MOVSXD) || !reg(i - 2, 0, ZYDIS_REGISTER_RAX) ||
        m.type != ZYDIS_OPERAND_TYPE_MEMORY || m.mem.base != ZYDIS_REGISTER_R11 || m.mem.scale != 4 ||
        m.mem.disp.value != 0 || m.mem.segment != ZYDIS_REGISTER_DS)
      return false;
    const int x = GprIndex(m.mem.index);
    if (x < 0 || x == 11 || Zydis().RegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, m.mem.index) != 64) return false;
    ZyanU64 t = 0;
    if (!is(i - 3, ZYDIS_MNEMONIC_LEA) || !reg(i - 3, 0, ZYDIS_REGISTER_R11) ||
        insns_[i - 3].ops[1].mem.base != ZYDIS_REGISTER_RIP ||
        !ZYAN_SUCCESS(Zydis().CalcAbsoluteAddress(&insns_[i - 3].insn, &insns_[i - 3].ops[1], insns_[i - 3].offset, &t)))
      return false;
    const ZydisRegister x32 = static_cast<ZydisRegister>(ZYDIS_REGISTER_EAX + x);
    size_t k = i - 4;  // the jae, or the index's extension in place before it
    if (is(k, ZYDIS_MNEMONIC_MOV) && reg(k, 0, x32) && reg(k, 1, x32)) {
      if (k < 2) return false;
      --k;
    }
    const ZydisDecodedOperand& n = insns_[k - 1].ops[1];
    if (!is(k, ZYDIS_MNEMONIC_JNB) || !is(k - 1, ZYDIS_MNEMONIC_CMP) || !reg(k - 1, 0, x32) ||
        n.type != ZYDIS_OPERAND_TYPE_IMMEDIATE || n.imm.value.s < 0 || n.imm.value.s > (1 << 24))
      return false;
    for (size_t j = k; j <= i; ++j)
      if (start[j]) return false;
    *table = t;
    *count = static_cast<uint32_t>(n.imm.value.s);
    *index = {i - 2, x};
    return true;
  }
  // The bound of a 32-bit lea's result: base + index * scale + disp when both are below
  // 2^32 (their low halves are the values), disp >= 0 and the sum is below 2^32 (no
  // wrap), else any 32-bit value.
  static uint64_t Lea32Bound(uint64_t base, uint64_t index, uint32_t scale, int64_t disp) {
    if (base > kU32 || index > kU32 || disp < 0) return kU32;
    const uint64_t sum = base + index * scale + static_cast<uint64_t>(disp);
    return sum <= kU32 ? sum : kU32;
  }
  // A bound as a block's entry state keeps it: below 2^32 or unknown (a finite
  // lattice, so loops reach their fixpoint in a few rounds).
  static uint64_t Widen(uint64_t b) { return b <= kU32 ? kU32 : kUnknown; }
  // The index of the decoded instruction at code offset `at`, or -1.
  int64_t IndexAt(uint64_t at) const {
    auto it = std::lower_bound(sums_.begin(), sums_.end(), at,
                               [](const Insn& d, uint64_t off) { return d.offset < off; });
    return it != sums_.end() && it->offset == at ? it - sums_.begin() : -1;
  }

  void Fail(uint32_t at, std::string what) {
    if (!result_.ok) return;
    result_.ok = false;
    result_.offset = at;
    result_.what = std::move(what);
  }

  // `full`: the decoded form, for the failure's text (the one-pass use has none).
  void CheckMemory(const Insn& d, const Decoded* full, const Insn::Operand& op) {
    const int base = op.base, index = op.index;
    if ((base >= 0 && (derived_ >> base) & 1) || (index >= 0 && (derived_ >> index) & 1))
      return Fail(d, full, "addresses through a register computed from the memory base, which the "
                           "address rule does not allow (use [r14 + index + displacement])");
    uint64_t reach;  // the largest offset from r14 the operand may address
    if (base == static_cast<int>(kR14)) {
      reach = index < 0 ? 0 : bound_[index];
      if (index >= 0 && op.scale > 1) reach = reach > kUnknown / op.scale ? kUnknown : reach * op.scale;
    } else if (index == static_cast<int>(kR14) && op.scale <= 1) {
      reach = base < 0 ? 0 : bound_[base];
    } else {
      return;  // not linear memory
    }
    const int64_t disp = op.disp;
    if (disp < 0) reach = kUnknown;  // below the base
    else reach = SatAdd(reach, static_cast<uint64_t>(disp));
    if (reach <= kMaxMemoryOffset) return;
    Fail(d, full, "adds to the memory base an index not proven zero-extended on every path to it "
                  "(the address rule: a 32-bit write, mov r32, r32, or a small constant first)");
  }

  void Fail(const Insn& d, const Decoded* full, const char* why) {
    char text[128] = "memory access";
    ZydisFormatter fmt;
    if (full && ZYAN_SUCCESS(Zydis().FormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)))
      Zydis().FormatterFormatInstruction(&fmt, &full->insn, full->ops, full->insn.operand_count_visible,
                                      text, sizeof text, full->offset, nullptr);
    Fail(d.offset, "`" + std::string(text) + "` " + why);
  }

  static constexpr uint16_t kCallerSaved = 0b0000'1111'1100'0111;  // rax rcx rdx rsi rdi r8-r11

  void Step(const Insn& d, const Decoded* full) {
    if (checking_ && !d.nop)
      for (uint32_t m = d.mem_ops; m; m &= m - 1) CheckMemory(d, full, d.ops[__builtin_ctz(m)]);
    if (d.call) derived_ &= static_cast<uint16_t>(~kCallerSaved);  // clobbered
    // Whether the instruction reads r14 or a register computed from it (other than as
    // the base of a memory operand, which CheckMemory judges): its results are derived.
    const bool reads_base = (d.base_readers & ((1u << kR14) | derived_)) != 0;
    StepBounds(d);
    for (uint32_t m = d.gpr_writes; m; m &= m - 1) {
      const Insn::Operand& o = d.ops[__builtin_ctz(m)];
      const int r = o.gpr;
      if (reads_base && o.width == 64 && o.is_explicit && r != static_cast<int>(kR14) &&
          r != 4 /* rsp: push r14 saves it */)
        derived_ |= static_cast<uint16_t>(1u << r);
      else derived_ &= static_cast<uint16_t>(~(1u << r));
    }
  }
  // What the instruction does to the bounds (Step; all of the tracker's step).
  void StepBounds(const Insn& d) {
    if (d.call)  // caller-saved registers are clobbered
      for (uint32_t m = kCallerSaved; m; m &= m - 1) bound_[__builtin_ctz(m)] = kUnknown;
    // The bound an operand has before this instruction writes any of them (read at
    // the first write, operand 0, when nothing is written yet).
    auto src_bound = [&](unsigned k) {
      const Insn::Operand& o = d.ops[k];
      if (o.kind == Insn::Operand::kReg && o.gpr >= 0) return bound_[o.gpr];
      return o.kind == Insn::Operand::kImm ? o.imm : kUnknown;
    };
    for (uint32_t m = d.gpr_writes; m; m &= m - 1) {
      const unsigned k = __builtin_ctz(m);
      const Insn::Operand& o = d.ops[k];
      const int r = o.gpr;
      const unsigned width = o.width;
      uint64_t b;
      if (width == 32) b = kU32;  // a 32-bit write clears bits 63..32
      else if (width < 32) b = bound_[r] <= kU32 ? kU32 : kUnknown;  // bits 63..32 kept
      else b = kUnknown;
      const bool two_explicit = k == 0 && d.operand_count_visible >= 2;
      if (two_explicit && d.mov) b = std::min(b, src_bound(1));
      if (two_explicit && d.add && width == 64) b = SatAdd(src_bound(0), src_bound(1));
      if (width == 32 && d.mov && two_explicit) b = std::min(kU32, src_bound(1));
      if (two_explicit && d.movzx_bits && width >= 32) b = (uint64_t{1} << d.movzx_bits) - 1;
      if (two_explicit && d.and_ && width == 32 && d.ops[1].kind == Insn::Operand::kImm && d.ops[1].imm <= kU32)
        b = d.ops[1].imm;  // and r32, imm: at most imm (a negative imm: any 32-bit value)
      if (two_explicit && d.lea && width == 32) {
        const Insn::Operand& a = d.ops[1];
        b = Lea32Bound(a.base >= 0 ? bound_[a.base] : 0, a.index >= 0 ? bound_[a.index] : 0,
                       a.index >= 0 ? std::max<uint32_t>(a.scale, 1) : 0, a.disp);
      }
      bound_[r] = b;
    }
  }

  std::vector<Decoded> insns_;
  std::vector<Insn> sums_;       // insns_ summarized (Run)
  std::vector<int32_t> target_;  // per instruction: the one a direct branch goes to, or -1
  std::vector<int32_t> multi_;   // per instruction: its index in dispatch_targets_, or -1
  std::vector<int8_t> dispatch_index_;  // per instruction: a dispatch's table read, its index GPR; or -1
  std::vector<std::vector<int32_t>> dispatch_targets_;  // a br_table dispatch's successors
  bool checking_ = true;
  uint64_t bound_[16];
  uint16_t derived_ = 0;  // registers holding r14 plus something (never allowed as addresses)
  AddressCheck result_;
};

}  // namespace

AddressCheck CheckAddresses(std::span<const uint8_t> code, uint32_t data_start,
                            std::span<const uint32_t> labels, std::span<const uint32_t> entries,
                            std::span<const uint32_t> exits, uint32_t zero_extended) {
  Simulator sim;
  const uint32_t end = std::min<uint32_t>(data_start, static_cast<uint32_t>(code.size()));
  if (!sim.Decode(code, 0, end)) return sim.result();
  sim.Run(code, end, labels, entries, exits, static_cast<uint16_t>(zero_extended));
  return sim.result();
}

AddressCheck CheckScratchWrites(std::span<const uint8_t> code,
                                std::span<const uint32_t> inst_offsets,
                                std::span<const uint32_t> allowed, uint32_t watched,
                                std::span<const uint32_t> self_extend, uint32_t pinned) {
  AddressCheck r;
  ZydisDecoder dec;
  Zydis().DecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
  thread_local std::unique_ptr<DecodeCache> cache;  // as in IsZeroExtended
  if (!cache) cache.reset(new DecodeCache);
  // The text of the instruction at `at` and the name of its operand k, for a report.
  auto describe = [&](uint32_t at, unsigned k, std::string* reg) {
    Decoded full;
    char text[96] = "instruction";
    ZydisFormatter fmt;
    if (!ZYAN_SUCCESS(Zydis().DecoderDecodeFull(&dec, code.data() + at, code.size() - at, &full.insn, full.ops)))
      return std::string("undecodable bytes");
    if (ZYAN_SUCCESS(Zydis().FormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)))
      Zydis().FormatterFormatInstruction(&fmt, &full.insn, full.ops, full.insn.operand_count_visible,
                                      text, sizeof text, at, nullptr);
    *reg = Zydis().RegisterGetString(full.ops[k].reg.value);
    return "`" + std::string(text) + "`";
  };
  // Pinned registers: no write anywhere in the function's code (linear: the code up to
  // the data is instructions only).
  for (uint32_t at = 0; pinned && at < code.size();) {
    Insn* d = cache->Lookup(code.data() + at, static_cast<uint32_t>(code.size() - at), at);
    if (!d) return {false, at, "undecodable bytes"};
    for (unsigned k = 0; k < d->operand_count; ++k) {
      const Insn::Operand& o = d->ops[k];
      if (o.kind != Insn::Operand::kReg || !o.write || o.gpr < 0 || !((pinned >> o.gpr) & 1)) continue;
      std::string reg;
      const std::string text = describe(at, k, &reg);
      return {false, at, text + " writes " + reg + ", which holds the instance state through all wasm "
                         "code (RegisterInfo::gpr_pinned)"};
    }
    at += d->length;
  }
  for (size_t i = 0; i + 1 < inst_offsets.size() && i < allowed.size(); ++i) {
    for (uint32_t at = inst_offsets[i]; at < inst_offsets[i + 1];) {
      const uint32_t avail = inst_offsets[i + 1] - at;
      Insn* d = cache->Lookup(code.data() + at, avail, at);
      if (!d) return {false, at, "undecodable bytes"};
      for (unsigned k = 0; k < d->operand_count; ++k) {
        const Insn::Operand& o = d->ops[k];
        if (o.kind != Insn::Operand::kReg || !o.write) continue;
        const int g = o.gpr;
        if (g < 0 || !((watched >> g) & 1) || ((allowed[i] >> g) & 1)) continue;
        if (i < self_extend.size() && ((self_extend[i] >> g) & 1) && d->mov &&
            d->operand_count_visible == 2 && d->ops[1].kind == Insn::Operand::kReg &&
            d->ops[1].gpr == g && o.width == 32)
          continue;  // an i32 operand zero-extended in place (x64_int.cc, ZeroExtendedIndex)
        // Found: decode again for the report's text.
        std::string reg;
        const std::string text = describe(at, k, &reg);
        return {false, at,
                text + " (IR instruction " + std::to_string(i) + ") writes " + reg +
                    ", an allocatable register that is " +
                    "neither its result's nor in its clobbers (RegisterInfo::clobbers)"};
      }
      at += d->length;
    }
  }
  return r;
}

namespace {

// Whether the tracker checks each GprEffectOf against the decoded instruction (WASMC_VERIFY
// set, not "0": the flag compiler/lower/compile_functions.cc reads for the checks).
const bool g_check_effects = [] {
  const char* v = std::getenv("WASMC_VERIFY");
  return v != nullptr && std::strcmp(v, "0") != 0;
}();

}  // namespace

struct ZeroExtensionTracker::State {
  Simulator sim;
  uint32_t block_start = ~0u;
  uint16_t entry = 0;  // the block's entry state: GPRs below 2^32
  uint32_t done = 0;   // code[block_start, done) is applied
};

ZeroExtensionTracker::ZeroExtensionTracker() : state_(std::make_unique<State>()) {
  state_->sim.set_checking(false);
}
ZeroExtensionTracker::~ZeroExtensionTracker() = default;
bool ZeroExtensionTracker::ChecksEffects() { return g_check_effects; }

bool GprEffectAgrees(const uint8_t* p, uint32_t avail) {
  uint32_t length = 0;
  const GprEffect e = GprEffectOf(p, avail, &length);
  if (e.kind == GprEffect::kDecode) return true;
  Decoded d;
  ZydisDecoder dec;
  Zydis().DecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
  if (!ZYAN_SUCCESS(Zydis().DecoderDecodeFull(&dec, p, avail, &d.insn, d.ops))) return false;
  const Insn insn = Summarize(d.insn, d.ops, 0);
  Simulator sim;
  sim.Reset();
  return sim.AgreesAndApply(e, length, &insn);
}

bool ZeroExtensionTracker::IsZeroExtended(std::span<const uint8_t> code, uint32_t block_start,
                                          uint32_t end, unsigned reg, uint16_t entry) {
  return Bound(code, block_start, end, reg, entry) <= kU32;
}

uint64_t ZeroExtensionTracker::Bound(std::span<const uint8_t> code, uint32_t block_start,
                                     uint32_t end, unsigned reg, uint16_t entry) {
  State& s = *state_;
  if (s.block_start != block_start || s.entry != entry || s.done > end) {
    s.sim.Reset();
    s.sim.Seed(entry);
    s.block_start = s.done = block_start;
    s.entry = entry;
  }
  // One cache per thread, kept across functions (functions compile on several threads).
  thread_local std::unique_ptr<DecodeCache> cache;
  if (!cache) cache.reset(new DecodeCache);  // default-initialized: only the tags are cleared
  // The frequent forms by GprEffectOf, the rest decoded.
  while (s.done < end) {
    uint32_t length = 0;
    const GprEffect e = ReadGprEffect(code.data() + s.done, end - s.done, &length);  // (inline)
    if (e.kind != GprEffect::kDecode) [[likely]] {
      if (g_check_effects) [[unlikely]] {
        if (!s.sim.AgreesAndApply(e, length, cache->Lookup(code.data() + s.done, end - s.done, s.done))) {
          std::fprintf(stderr, "wasmc: internal error: GprEffectOf of the instruction at code offset 0x%x "
                       "(effect %u, dst %u, src %u, imm %u) differs from its Zydis decoding\n",
                       s.done, static_cast<unsigned>(e.kind), e.dst, e.src, e.imm);
          std::abort();
        }
      } else {
        s.sim.Apply(e);
      }
      s.done += length;
      continue;
    }
    const uint32_t to = s.sim.AdvanceOne(code, s.done, end, *cache);
    if (to == s.done) break;  // undecodable
    s.done = to;
  }
  return s.done == end ? s.sim.Bound(reg) : kUnknown;
}

}  // namespace wasmc::x64
