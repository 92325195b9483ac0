// The AArch64 address check (backend/codegen/address_check.h, docs/backend.md "The
// address rule"), decoded from the instruction encodings (Arm ARM, "A64 instruction
// set encoding"). Per block and in straight-line order, each GPR has a state: a value
// bound, or "x27 + at most N" (an address derived from the memory base). Every load
// or store based on x27 or on a derived register must stay within kMaxMemoryOffset:
// a register offset is `wN, uxtw` (zero-extended by the access itself) or an X
// register with a bound; immediates are not negative; x27 is never written back.
// Anything this file does not decode that may write a GPR makes it unknown.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "backend/a64/address_check_a64.h"

#include "backend/a64/a64_internal.h"

namespace wasmc::a64 {
namespace {

constexpr uint64_t kUnknown = UINT64_MAX;
constexpr uint64_t kU32 = 0xffffffffu;
constexpr unsigned kMemBase = 27;  // x27 (macro_assembler_a64.h)

uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kUnknown - b ? kUnknown : a + b; }
uint64_t SatShl(uint64_t a, unsigned s) { return s >= 64 || a > (kUnknown >> s) ? kUnknown : a << s; }
uint32_t Bits(uint32_t w, unsigned lo, unsigned n) { return (w >> lo) & ((1u << n) - 1); }
int64_t SignExtend(uint32_t v, unsigned n) { return static_cast<int64_t>(static_cast<uint64_t>(v) << (64 - n)) >> (64 - n); }

// The value of a logical instruction's bitmask immediate (N:immr:imms; the Arm ARM's
// DecodeBitMasks for 64 bits); kUnknown when reserved.
uint64_t BitmaskImmediate(unsigned n, unsigned imms, unsigned immr) {
  const unsigned combined = (n << 6) | (~imms & 0x3f);
  if (combined == 0) return kUnknown;
  unsigned len = 6;
  while (!(combined & (1u << len))) --len;
  if (len < 1) return kUnknown;
  const unsigned esize = 1u << len, levels = esize - 1;
  const unsigned s = imms & levels, r = immr & levels;
  if (s == levels) return kUnknown;
  const uint64_t emask = esize == 64 ? kUnknown : (uint64_t{1} << esize) - 1;
  const uint64_t welem = (uint64_t{1} << (s + 1)) - 1;
  const uint64_t elem = r == 0 ? welem : ((welem >> r) | (welem << (esize - r))) & emask;
  uint64_t v = 0;
  for (unsigned k = 0; k < 64; k += esize) v |= elem << k;
  return v;
}

struct Reg {
  bool derived = false;     // x27 + value, value <= bound
  bool exact = false;       // bound is the exact value (movz/movk chains)
  uint64_t bound = kUnknown;
};

class Simulator {
 public:
  void Reset() { std::fill(std::begin(r_), std::end(r_), Reg{}); }
  const AddressCheck& result() const { return result_; }

  void Step(uint32_t at, uint32_t w) {
    at_ = at;
    w_ = w;
    if ((w & 0x0A000000) == 0x08000000) return LoadStore();
    if ((w & 0x1C000000) == 0x10000000) return DataImm();
    if ((w & 0x0E000000) == 0x0A000000) return DataReg();
    if ((w & 0x1C000000) == 0x14000000) return Branch();
    // SIMD and FP: the conversions to a GPR (fmov, fcvtz*, umov, smov) write Rd.
    if ((w & 0x0E000000) == 0x0E000000) Write(Bits(w, 0, 5), Reg{});
  }

 private:
  void Write(unsigned rd, Reg v) {
    if (rd < 31) r_[rd] = v;
  }
  Reg Zext32() const { return Reg{false, false, kU32}; }
  Reg Get(unsigned rn, bool zr) const {
    if (rn == 31) return zr ? Reg{false, true, 0} : Reg{};
    return r_[rn];
  }

  void Fail(const char* why) {
    if (!result_.ok) return;
    char word[32];  // the reasons are longer than any fixed buffer would keep whole
    std::snprintf(word, sizeof word, "instruction 0x%08x: ", w_);
    result_.ok = false;
    result_.offset = at_;
    result_.what = std::string(word) + why;
  }

  // An access based on Rn with `extra` added (reg offset bound or immediate).
  void CheckAccess(unsigned rn, uint64_t extra, bool negative) {
    uint64_t reach;
    if (rn == kMemBase) reach = 0;
    else if (rn < 31 && r_[rn].derived) reach = r_[rn].bound;
    else return;  // not linear memory
    if (negative) return Fail("accesses below the memory base (negative offset)");
    if (SatAdd(reach, extra) > kMaxMemoryOffset)
      Fail("adds to the memory base an index not zero-extended in its block (the address "
           "rule: `[x27, wN, uxtw]`, `add xD, x27, wN, uxtw`, or a small constant)");
  }

  void LoadStore() {
    const uint32_t w = w_;
    const unsigned rt = Bits(w, 0, 5), rn = Bits(w, 5, 5);
    const bool simd = Bits(w, 26, 1);
    const unsigned size = Bits(w, 30, 2);
    const unsigned opc = Bits(w, 22, 2);
    // Loads into a W register (ldrb/ldrh/ldr w, ldrs* w) zero-extend to 64 bits.
    auto loaded = [&]() -> Reg {
      if (simd) return r_[rt];  // writes a vector register
      if (opc == 0) return r_[rt];  // a store
      const bool to_w = (size < 3 && opc == 1) || (size < 2 && opc == 3);
      return to_w ? Zext32() : Reg{};
    };
    if ((w & 0x3B000000) == 0x39000000) {  // unsigned immediate
      const unsigned scale = simd ? (Bits(w, 23, 1) ? 4 : size) : size;
      CheckAccess(rn, uint64_t{Bits(w, 10, 12)} << scale, false);
      if (!(size == 3 && opc == 2 && !simd)) Write(rt, loaded());  // prfm writes nothing
      return;
    }
    if ((w & 0x3B200C00) == 0x38200800) {  // register offset
      const unsigned rm = Bits(w, 16, 5), option = Bits(w, 13, 3);
      const unsigned scale = simd ? (Bits(w, 23, 1) ? 4 : size) : size;
      const unsigned shift = Bits(w, 12, 1) ? scale : 0;
      uint64_t extra = kUnknown;
      if (option == 2) extra = SatShl(kU32, shift);                          // uxtw
      else if (option == 3 && !Get(rm, true).derived) extra = SatShl(Get(rm, true).bound, shift);  // lsl / uxtx
      CheckAccess(rn, extra, false);
      Write(rt, loaded());
      return;
    }
    if ((w & 0x3B200000) == 0x38000000) {  // unscaled, pre/post-index, unprivileged
      const int64_t imm = SignExtend(Bits(w, 12, 9), 9);
      const unsigned mode = Bits(w, 10, 2);
      CheckAccess(rn, mode == 1 ? 0 : static_cast<uint64_t>(imm), mode != 1 && imm < 0);
      if (mode == 1 || mode == 3) Writeback(rn, imm);
      Write(rt, loaded());
      return;
    }
    if ((w & 0x3A000000) == 0x28000000) {  // load/store pair
      const unsigned mode = Bits(w, 23, 2);  // 1 post, 2 offset, 3 pre, 0 no-allocate
      const unsigned scale = simd ? 2 + Bits(w, 30, 2) : 2 + Bits(w, 31, 1);
      const int64_t imm = SignExtend(Bits(w, 15, 7), 7) * (int64_t{1} << scale);
      CheckAccess(rn, mode == 1 ? 0 : static_cast<uint64_t>(imm), mode != 1 && imm < 0);
      if (mode == 1 || mode == 3) Writeback(rn, imm);
      if (Bits(w, 22, 1) && !simd) {
        // opc 00: ldp w (zero-extends); 01: ldpsw (sign-extends); 10: ldp x.
        const bool zext = Bits(w, 30, 2) == 0;
        Write(rt, zext ? Zext32() : Reg{});
        Write(Bits(w, 10, 5), zext ? Zext32() : Reg{});
      }
      return;
    }
    if ((w & 0x3B000000) == 0x18000000) {  // load literal (pc-relative)
      if (!simd) Write(rt, Reg{});
      return;
    }
    // Anything else (exclusives, atomics, vector structures): the base must be x27 or
    // derived with no offset; every register field it might write is forgotten.
    CheckAccess(rn, 0, false);
    if (rn != kMemBase) Write(rn, Reg{});
    else if (Bits(w, 23, 1) && (w & 0xBE000000) == 0x0C000000) Fail("writes back the memory base");
    Write(rt, Reg{});
    Write(Bits(w, 10, 5), Reg{});
    Write(Bits(w, 16, 5), Reg{});
  }

  void Writeback(unsigned rn, int64_t imm) {
    if (rn == kMemBase) return Fail("writes back the memory base");
    if (rn == 31) return;
    Reg& v = r_[rn];
    if (v.derived && imm >= 0) v.bound = SatAdd(v.bound, static_cast<uint64_t>(imm));
    else v = Reg{};
    v.exact = false;
  }

  void DataImm() {
    const uint32_t w = w_;
    const unsigned rd = Bits(w, 0, 5), rn = Bits(w, 5, 5);
    const bool sf = Bits(w, 31, 1);
    if ((w & 0x1F800000) == 0x11000000) {  // add/sub immediate
      const bool sub = Bits(w, 30, 1), s = Bits(w, 29, 1);
      const uint64_t imm = uint64_t{Bits(w, 10, 12)} << (Bits(w, 22, 1) ? 12 : 0);
      if (s && rd == 31) return;  // cmp / cmn
      if (!sf) return Write(rd, Zext32());
      if (rd == kMemBase) return Fail("writes the memory base");
      Reg v{};
      if (!sub && !s && rn == kMemBase) v = Reg{true, false, imm};
      else if (!sub && !s && rn < 31) v = Reg{r_[rn].derived, false, SatAdd(r_[rn].bound, imm)};
      else if (FromBase(rn)) v = Poisoned();  // x27 - imm, flags from an address
      return Write(rd, v);
    }
    if ((w & 0x1F800000) == 0x12800000) {  // movn / movz / movk
      const unsigned opc = Bits(w, 29, 2), hw = Bits(w, 21, 2);
      const uint64_t imm = uint64_t{Bits(w, 5, 16)} << (16 * hw);
      if (rd == kMemBase) return Fail("writes the memory base");
      if (opc == 2) return Write(rd, Reg{false, true, sf ? imm : imm & kU32});
      if (opc == 0) return Write(rd, Reg{false, true, sf ? ~imm : ~imm & kU32});
      if (opc == 3 && rd < 31 && r_[rd].exact && !r_[rd].derived) {
        const uint64_t v = (r_[rd].bound & ~(uint64_t{0xffff} << (16 * hw))) | imm;
        return Write(rd, Reg{false, true, sf ? v : v & kU32});
      }
      return Write(rd, sf ? Reg{} : Zext32());
    }
    if ((w & 0x1F800000) == 0x12000000 && Bits(w, 29, 2) == 3 && rd == 31) return;  // tst
    if ((w & 0x7F800000) == 0x32000000 && rn == 31 && rd != kMemBase) {  // mov xd, #bitmask
      const uint64_t v = BitmaskImmediate(Bits(w, 22, 1), Bits(w, 10, 6), Bits(w, 16, 6));
      return Write(rd, Reg{false, true, sf ? v : v & kU32});
    }
    if ((w & 0x1F000000) == 0x10000000) return Write(rd, Reg{});  // adr / adrp
    if (rd == kMemBase) return Fail("writes the memory base");
    if (sf && FromBase(rn)) return Write(rd, Poisoned());
    Write(rd, sf ? Reg{} : Zext32());  // logical immediate, bitfield, extract
  }

  // Whether register field `r` holds x27 or an address derived from it.
  bool FromBase(unsigned r) const { return r == kMemBase || (r < 31 && r_[r].derived); }
  // An address derived from x27 by an operation this file has no rule for: any access
  // through it fails.
  static Reg Poisoned() { return Reg{true, false, kUnknown}; }

  void DataReg() {
    const uint32_t w = w_;
    const unsigned rd = Bits(w, 0, 5), rn = Bits(w, 5, 5), rm = Bits(w, 16, 5);
    const bool sf = Bits(w, 31, 1);
    const bool add_sub = (w & 0x1F000000) == 0x0B000000;
    const bool sets_flags = (add_sub || (w & 0x1F000000) == 0x0A000000) && Bits(w, 29, 1);
    const bool logical_ands = (w & 0x1F000000) == 0x0A000000 && Bits(w, 29, 2) == 3;
    if (rd == 31 && (sets_flags || logical_ands) && (add_sub || logical_ands)) return;  // cmp / tst
    if (rd == kMemBase) return Fail("writes the memory base");
    if (!sf) return Write(rd, Zext32());
    if ((w & 0x7F200000) == 0x2A000000 && rn == 31 && Bits(w, 10, 6) == 0 && Bits(w, 22, 2) == 0) {
      Reg v = rm == kMemBase ? Reg{true, false, 0} : Get(rm, true);  // mov xd, xm
      return Write(rd, v);
    }
    if (add_sub && !Bits(w, 30, 1) && !Bits(w, 29, 1)) {  // add (not adds)
      uint64_t addend = kUnknown;
      if (Bits(w, 21, 1)) {  // extended register: rn may be sp
        const unsigned option = Bits(w, 13, 3), imm3 = Bits(w, 10, 3);
        if (option == 2) addend = SatShl(kU32, imm3);  // uxtw
        else if (option == 3 && rm != kMemBase && !Get(rm, true).derived) addend = SatShl(Get(rm, true).bound, imm3);
        if (rn == kMemBase) return Write(rd, Reg{true, false, addend});
        if (rn < 31) return Write(rd, Reg{r_[rn].derived, false, SatAdd(r_[rn].bound, addend)});
        return Write(rd, Reg{});
      }
      if (Bits(w, 22, 2) == 0) {  // lsl
        const unsigned imm6 = Bits(w, 10, 6);
        const unsigned other = rn == kMemBase ? rm : rn;
        const bool has_base = rn == kMemBase || (rm == kMemBase && imm6 == 0);
        const Reg o = other == kMemBase ? Reg{} : Get(other, true);
        const uint64_t ob = other == rm ? SatShl(o.bound, imm6) : o.bound;
        if (has_base && !o.derived) return Write(rd, Reg{true, false, ob});
        if (!has_base && rn != 31 && rm != 31) {
          const Reg a = r_[rn], b = r_[rm];
          if (!(a.derived && b.derived))
            return Write(rd, Reg{a.derived || b.derived, false, SatAdd(a.bound, SatShl(b.bound, imm6))});
        }
      }
    }
    Write(rd, FromBase(rn) || FromBase(rm) ? Poisoned() : Reg{});
  }

  void Branch() {
    const uint32_t w = w_;
    if ((w & 0x7C000000) == 0x14000000) {  // b / bl
      if (Bits(w, 31, 1)) return CallClobbers();
      return Reset();
    }
    if ((w & 0xFE000000) == 0xD6000000) {  // br / blr / ret
      if (Bits(w, 21, 2) == 1) return CallClobbers();  // blr
      return Reset();
    }
    // b.cond, cbz/cbnz, tbz/tbnz, system instructions: no GPR written, except mrs.
    if ((w & 0xFFF00000) == 0xD5300000) Write(Bits(w, 0, 5), Reg{});
  }

  void CallClobbers() {
    for (unsigned r = 0; r <= 18; ++r) r_[r] = Reg{};
    r_[30] = Reg{};
  }

  uint32_t at_ = 0, w_ = 0;
  Reg r_[31];
  AddressCheck result_;
};

// Direct branch targets (b, b.cond, cbz/cbnz, tbz/tbnz) of the word at `at`, or -1.
int64_t BranchTarget(uint32_t at, uint32_t w) {
  if ((w & 0x7C000000) == 0x14000000) return at + SignExtend(Bits(w, 0, 26), 26) * 4;
  if ((w & 0xFF000010) == 0x54000000 || (w & 0x7E000000) == 0x34000000)
    return at + SignExtend(Bits(w, 5, 19), 19) * 4;
  if ((w & 0x7E000000) == 0x36000000) return at + SignExtend(Bits(w, 5, 14), 14) * 4;
  return -1;
}

// The GPRs word `w` may write, for the pinned-register check: GprWrites (a64_int.cc),
// made exact where it is conservative about registers other than the destinations.
// Branches and calls write none but x30 (a callee keeps x27 / x28: callee-saved under
// AAPCS64, and never written by wasm code, which this check proves); literal loads,
// exclusives, LSE atomics and vector structure accesses write only their destinations
// and write-back base (GprWrites counts every register field, where a literal's offset
// bits may read as Rn = x27 and an atomic's opcode bits as Rt2 = x28); of the FP and
// SIMD instructions only the conversions to an integer, fmov to a GPR, umov and smov
// write a GPR (GprWrites also counts scvtf, fmov from a GPR, dup and ins, whose Rd is a
// vector register: `dup v27.4s, w1`); a zero word (udf, padding) writes none.
uint32_t WrittenGprs(uint32_t w) {
  auto bit = [](uint32_t r) { return r < 31 ? 1u << r : 0u; };
  const uint32_t rt = w & 31, rt2 = (w >> 10) & 31, rs = (w >> 16) & 31;
  if (w == 0) return 0;
  if ((w & 0x1C000000) == 0x14000000) {  // branches, exception generation, system
    if ((w & 0xFFF00000) == 0xD5300000 || (w & 0xFFF80000) == 0xD5280000) return bit(rt);  // mrs, sysl
    if ((w & 0xFC000000) == 0x94000000 || (w & 0xFFFFFC1F) == 0xD63F0000) return bit(30);   // bl, blr
    return 0;
  }
  if ((w & 0x0E000000) == 0x0E000000) {  // scalar FP and Advanced SIMD
    // Conversions (fixed point, integer): opcode 2, 3 (scvtf, ucvtf) and 7 (fmov from a
    // GPR) write a vector register, the others (fcvt*, fmov to a GPR) Rd as a GPR.
    if ((w & 0x5F200000) == 0x1E000000 || (w & 0x5F20FC00) == 0x1E200000) {
      const uint32_t opcode = (w >> 16) & 7;
      return opcode == 2 || opcode == 3 || opcode == 7 ? 0 : bit(rt);
    }
    // Advanced SIMD copy: imm4 5 (smov) and 7 (umov) write a GPR; dup and ins do not.
    if ((w & 0xBFE08400) == 0x0E000400) return ((w >> 11) & 15) == 5 || ((w >> 11) & 15) == 7 ? bit(rt) : 0;
    return 0;
  }
  if ((w & 0x3B000000) == 0x18000000) return (w >> 26) & 1 ? 0 : bit(rt);  // load literal
  if ((w & 0xBE000000) == 0x0C000000) return (w >> 23) & 1 ? bit((w >> 5) & 31) : 0;  // ld1..st4
  if ((w & 0x3F000000) == 0x08000000)  // exclusives, load-acquire / store-release, cas
    return bit(rs) | (((w >> 22) & 1) ? bit(rt) | bit(rt2) : 0);
  if ((w & 0x3B200C00) == 0x38200000) return (w >> 26) & 1 ? 0 : bit(rt);  // LSE atomics
  return GprWrites(w);
}

}  // namespace

AddressCheck CheckPinnedWritesA64(std::span<const uint8_t> code, std::span<const uint32_t>,
                                  std::span<const uint32_t>, uint32_t, std::span<const uint32_t>,
                                  uint32_t pinned) {
  for (uint32_t at = 0; pinned && at + 4 <= code.size(); at += 4) {
    uint32_t w;
    std::memcpy(&w, code.data() + at, 4);
    const uint32_t hit = WrittenGprs(w) & pinned;
    if (!hit) continue;
    char text[200];
    std::snprintf(text, sizeof text,
                  "instruction 0x%08x writes x%d, which holds the instance state through all wasm "
                  "code (RegisterInfo::gpr_pinned)",
                  w, __builtin_ctz(hit));
    return {false, at, text};
  }
  return {};
}

// `exits` (the linker's branch fields) need nothing here: each block is proven on its
// own, so an unlinked tail call's `b` (to itself until linked) only adds a block start.
// `zero_extended` neither: no AArch64 code promises any (SetZeroExtendedGprs is x86-64's).
AddressCheck CheckAddressesA64(std::span<const uint8_t> code, uint32_t data_start,
                               std::span<const uint32_t> labels, std::span<const uint32_t> entries,
                               std::span<const uint32_t> /*exits*/, uint32_t /*zero_extended*/) {
  const uint32_t end = std::min<uint32_t>(data_start, static_cast<uint32_t>(code.size())) & ~3u;
  std::vector<uint32_t> starts(labels.begin(), labels.end());
  starts.insert(starts.end(), entries.begin(), entries.end());
  for (uint32_t at = 0; at < end; at += 4) {
    uint32_t w;
    std::memcpy(&w, code.data() + at, 4);
    const int64_t t = BranchTarget(at, w);
    if (t >= 0) starts.push_back(static_cast<uint32_t>(t));
  }
  std::sort(starts.begin(), starts.end());
  Simulator sim;
  sim.Reset();
  for (uint32_t at = 0; at < end; at += 4) {
    if (std::binary_search(starts.begin(), starts.end(), at)) sim.Reset();
    uint32_t w;
    std::memcpy(&w, code.data() + at, 4);
    sim.Step(at, w);
  }
  return sim.result();
}

}  // namespace wasmc::a64
