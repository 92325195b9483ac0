// GprEffectOf (address_check_x64.h): what the frequent instruction forms of the
// emitter's integer code do to the GPRs' bounds, read from their bytes without a
// decoder, for the zero-extension tracker (docs/backend.md, "The address rule").
// Inline here (ReadGprEffect) for the tracker's loop (address_check_x64.cc), which
// reads each instruction of a block before a memory access at -O2: as a call from
// another file it cost a third more (its prologue, the result packed in registers);
// gpr_effects_x64.cc defines GprEffectOf from it for the others.
//
// Each answer must be what the tracker's simulation of Zydis's decoding gives
// (address_check_x64.cc, StepBounds): a 32-bit GPR write leaves a value below 2^32,
// an 8- or 16-bit one keeps bits 63..32, a 64-bit one an unknown value, but for `mov`
// (the source's bound, or the immediate) and `add r64` (the sum of both bounds).
// A wrong "below 2^32" would let an access index the memory base with a 64-bit
// value: a form is read here only when its operands and widths follow from its bytes
// alone; anything else (a prefix other than one REX, an opcode not listed below, an
// immediate that reads differently signed and unsigned, 8-bit registers without REX)
// is kDecode, and Zydis decodes it. Under WASMC_VERIFY the tracker compares every
// answer with Zydis's (ZeroExtensionTracker::IsZeroExtended); the unit test
// GprEffectsX64.* compares them over every ModRM and REX of each opcode read here.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "backend/x64/address_check_x64.h"

namespace wasmc::x64 {
namespace gpr_effects {

inline GprEffect Effect(GprEffect::Kind kind, unsigned dst = 0, unsigned src = 0, uint32_t imm = 0) {
  GprEffect e;
  e.kind = kind;
  e.dst = static_cast<uint8_t>(dst);
  e.src = static_cast<uint8_t>(src);
  e.imm = imm;
  return e;
}

// A write of GPR r at the operand width (REX.W: 64 bits, else 32).
inline GprEffect Write(bool w, unsigned r) { return Effect(w ? GprEffect::kWrite64 : GprEffect::kWrite32, r); }

// Per ModRM byte: the bytes from it to the end of its operand without a SIB's
// displacement (ModRM, displacement), and bit 7 when a SIB follows it.
inline constexpr std::array<uint8_t, 256> kModRm = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b) {
    const unsigned mod = b >> 6, rm = b & 7;
    unsigned len = 1;
    if (mod != 3 && rm == 4) len |= 0x80;
    if (mod == 0 && rm == 5) len += 4;  // rip + disp32
    if (mod == 1) len += 1;
    if (mod == 2) len += 4;
    t[b] = static_cast<uint8_t>(len);
  }
  return t;
}();

// The ModRM operand at q[0, avail): its length (ModRM, SIB, displacement) and the
// registers it names (reg: REX.R; rm: REX.B, a register when mod = 3); length 0 if the
// bytes end before it does.
struct ModRm {
  uint32_t length;
  unsigned reg, rm, digit;
  bool is_reg;  // mod = 3
};
inline ModRm ReadModRm(const uint8_t* q, uint32_t avail, unsigned rex) {
  ModRm m{0, 0, 0, 0, false};
  if (avail < 1) return m;
  const unsigned b = q[0];
  const unsigned t = kModRm[b];
  uint32_t len = t & 0x7f;
  if (t & 0x80) {  // SIB: a base of 5 under mod 0 is none, with a disp32
    if (avail < 2) return m;
    len += (b >> 6) == 0 && (q[1] & 7) == 5 ? 5 : 1;
  }
  if (len > avail) return m;
  m.length = len;
  m.digit = (b >> 3) & 7;
  m.reg = m.digit | ((rex & 4) << 1);
  m.rm = (b & 7) | ((rex & 1) << 3);
  m.is_reg = b >= 0xc0;
  return m;
}

inline int32_t Imm32(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace gpr_effects

// GprEffectOf (address_check_x64.h).
[[gnu::always_inline]] inline GprEffect ReadGprEffect(const uint8_t* p, uint32_t avail, uint32_t* length) {
  using namespace gpr_effects;
  if (avail == 0) return {};
  uint32_t at = 0;
  // 66 (16-bit operands) only before a store of a register (mov m16, r16, below).
  const bool opsize = p[0] == 0x66;
  if (opsize) {
    at = 1;
    if (avail < 2) return {};
  }
  unsigned rex = 0;
  if ((p[at] & 0xf0) == 0x40) {
    rex = p[at++];
    if (avail <= at) return {};
  }
  if (opsize && p[at] != 0x89) return {};
  const bool w = (rex & 8) != 0;
  const unsigned op = p[at++];
  // An instruction of `n` bytes with effect e (none if the bytes end before it does).
  auto done = [&](uint32_t n, GprEffect e) __attribute__((always_inline)) -> GprEffect {
    if (n > avail) return {};
    *length = n;
    return e;
  };
  // The ModRM form: ModRM at p[at], then `imm` bytes of immediate.
  ModRm m;
  auto modrm = [&](uint32_t imm) __attribute__((always_inline)) {
    m = ReadModRm(p + at, avail - at, rex);
    return m.length != 0 && at + m.length + imm <= avail;
  };
  const uint32_t after = at;  // the opcode's end, for the forms without ModRM
  if (op < 0x40 && op != 0x0f) {
    // The eight ALU operations (op >> 3: add, or, adc, sbb, and, sub, xor, cmp) in
    // their `op r/m, r` (op & 7 = 1) and `op r, r/m` (3) forms.
    const unsigned form = op & 7, alu = op >> 3;
    if (form != 1 && form != 3) return {};
    if (!modrm(0)) return {};
    const uint32_t n = at + m.length;
    if (alu == 7) return done(n, Effect(GprEffect::kNone));  // cmp
    if (form == 1 && !m.is_reg) return done(n, Effect(GprEffect::kNone));  // to memory
    const unsigned dst = form == 1 ? m.rm : m.reg;
    if (alu == 0 && w) {  // add r64: the sum; of a memory operand unknown
      if (!m.is_reg) return done(n, Write(true, dst));
      return done(n, Effect(GprEffect::kAdd64, dst, form == 1 ? m.reg : m.rm));
    }
    return done(n, Write(w, dst));
  }
  switch (op) {
    case 0x63:  // movsxd r, r/m32
      if (!modrm(0)) return {};
      return done(at + m.length, Write(w, m.reg));
    case 0x69:  // imul r, r/m, imm32
    case 0x6b:  // imul r, r/m, imm8
      if (!modrm(op == 0x69 ? 4 : 1)) return {};
      return done(at + m.length + (op == 0x69 ? 4 : 1), Write(w, m.reg));
    case 0x81:  // group 1, r/m, imm32
    case 0x83: {  // group 1, r/m, imm8 (sign-extended)
      const uint32_t imm = op == 0x81 ? 4 : 1;
      if (!modrm(imm)) return {};
      const uint32_t n = at + m.length + imm;
      if (m.digit == 7 || !m.is_reg) return done(n, Effect(GprEffect::kNone));  // cmp, or memory
      if (m.digit == 0 && w) {  // add r64, imm: a negative one is unknown (StepBounds)
        const int32_t v = op == 0x81 ? Imm32(p + at + m.length) : static_cast<int8_t>(p[at + m.length]);
        if (v < 0) return done(n, Write(true, m.rm));
        return done(n, Effect(GprEffect::kAdd64Imm, m.rm, 0, static_cast<uint32_t>(v)));
      }
      if (m.digit == 4 && !w) {  // and r32, imm: at most imm (a negative one: any 32-bit value)
        const int32_t v = op == 0x81 ? Imm32(p + at + m.length) : static_cast<int8_t>(p[at + m.length]);
        if (v >= 0) return done(n, Effect(GprEffect::kConst, m.rm, 0, static_cast<uint32_t>(v)));
      }
      return done(n, Write(w, m.rm));
    }
    case 0x84:  // test r/m8, r8
    case 0x85:  // test r/m, r
      if (!modrm(0)) return {};
      return done(at + m.length, Effect(GprEffect::kNone));
    case 0x88:  // mov m8, r8 (a store; the register forms are decoded)
      if (!modrm(0) || m.is_reg) return {};
      return done(at + m.length, Effect(GprEffect::kNone));
    case 0xc6:  // mov m8, imm8 (/0; a store)
      if (!modrm(1) || m.is_reg || m.digit != 0) return {};
      return done(at + m.length + 1, Effect(GprEffect::kNone));
    case 0xf6:  // test r/m8, imm8 (/0)
      if (!modrm(1) || m.digit != 0) return {};
      return done(at + m.length + 1, Effect(GprEffect::kNone));
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:  // push r64
      return done(after, Write(true, 4));  // rsp
    case 0x89:  // mov r/m, r (with 66: mov m16, r16 only)
      if (!modrm(0)) return {};
      if (!m.is_reg) return done(at + m.length, Effect(GprEffect::kNone));
      if (opsize) return {};
      return done(at + m.length, Effect(w ? GprEffect::kMov64 : GprEffect::kMov32, m.rm, m.reg));
    case 0x8b:  // mov r, r/m
      if (!modrm(0)) return {};
      if (!m.is_reg) return done(at + m.length, Write(w, m.reg));  // a load
      return done(at + m.length, Effect(w ? GprEffect::kMov64 : GprEffect::kMov32, m.reg, m.rm));
    case 0x8d: {  // lea r, m; a 32-bit one's bound from its registers' (kLea32)
      if (!modrm(0) || m.is_reg) return {};
      if (w) return done(at + m.length, Write(true, m.reg));
      const uint8_t* q = p + at;
      const unsigned mod = q[0] >> 6, rm = q[0] & 7;
      if (mod == 0 && rm == 5) return done(at + m.length, Write(false, m.reg));  // rip-relative
      GprEffect e = Effect(GprEffect::kLea32, m.reg, 16);
      uint32_t disp_at = 1;
      if (rm == 4) {  // SIB
        const unsigned sib = q[1];
        const unsigned index = ((sib >> 3) & 7) | ((rex & 2) << 2), base = sib & 7;
        if (index != 4) {
          e.src2 = static_cast<uint8_t>(index);
          e.scale = static_cast<uint8_t>(sib >> 6);
        }
        e.src = static_cast<uint8_t>(mod == 0 && base == 5 ? 16 : base | ((rex & 1) << 3));
        disp_at = 2;
      } else {
        e.src = static_cast<uint8_t>(m.rm);
      }
      int32_t disp = 0;
      if (mod == 1) disp = static_cast<int8_t>(q[disp_at]);
      else if (mod == 2 || (rm == 4 && mod == 0 && (q[1] & 7) == 5)) disp = Imm32(q + disp_at);
      if (disp < 0) return done(at + m.length, Write(false, m.reg));
      e.imm = static_cast<uint32_t>(disp);
      return done(at + m.length, e);
    }
    case 0xc1:  // shift group, r/m, imm8
    case 0xd1:  // shift group, r/m, 1
    case 0xd3:  // shift group, r/m, cl
    {
      const uint32_t imm = op == 0xc1 ? 1 : 0;
      if (!modrm(imm)) return {};
      if (m.digit == 6) return {};  // an alias of shl that Zydis may name otherwise
      const uint32_t n = at + m.length + imm;
      return done(n, m.is_reg ? Write(w, m.rm) : Effect(GprEffect::kNone));
    }
    case 0xc7: {  // mov r/m, imm32 (/0)
      if (!modrm(4) || m.digit != 0) return {};
      const uint32_t n = at + m.length + 4;
      if (!m.is_reg) return done(n, Effect(GprEffect::kNone));
      const int32_t v = Imm32(p + at + m.length);
      if (v < 0) return {};  // read as signed or not: decoded
      return done(n, Effect(GprEffect::kConst, m.rm, 0, static_cast<uint32_t>(v)));
    }
    case 0xf7:  // group 3: test r/m, imm32 (/0), not (/2), neg (/3)
      if (!modrm(0)) return {};
      if (m.digit == 0) {
        if (!modrm(4)) return {};
        return done(at + m.length + 4, Effect(GprEffect::kNone));
      }
      if (m.digit != 2 && m.digit != 3) return {};  // mul, imul, div, idiv: rdx:rax
      return done(at + m.length, m.is_reg ? Write(w, m.rm) : Effect(GprEffect::kNone));
    case 0xff:  // group 5: inc (/0), dec (/1), call r/m (/2), jmp r/m (/4)
      if (!modrm(0)) return {};
      switch (m.digit) {
        case 0: case 1: return done(at + m.length, m.is_reg ? Write(w, m.rm) : Effect(GprEffect::kNone));
        case 2: return done(at + m.length, Effect(GprEffect::kCall));
        case 4: return done(at + m.length, Effect(GprEffect::kEndsBlock));
        default: return {};
      }
    case 0xe8:  // call rel32
      if (rex) return {};
      return done(after + 4, Effect(GprEffect::kCall));
    case 0xe9:  // jmp rel32
    case 0xeb:  // jmp rel8
      if (rex) return {};
      return done(after + (op == 0xe9 ? 4 : 1), Effect(GprEffect::kEndsBlock));
    case 0xc3:  // ret
    case 0xcc:  // int3
      if (rex) return {};
      return done(after, Effect(GprEffect::kEndsBlock));
    case 0x0f: break;
    default:
      if (op >= 0x70 && op <= 0x7f && !rex) return done(after + 1, Effect(GprEffect::kNone));  // jcc rel8
      if (op >= 0xb8 && op <= 0xbf && !w) {  // mov r32, imm32
        if (after + 4 > avail) return {};
        const int32_t v = Imm32(p + after);
        if (v < 0) return {};  // read as signed or not: decoded
        return done(after + 4, Effect(GprEffect::kConst, (op & 7) | ((rex & 1) << 3), 0, static_cast<uint32_t>(v)));
      }
      return {};
  }
  // Two-byte opcodes: 0f xx.
  if (at >= avail) return {};
  const unsigned op2 = p[at++];
  const uint32_t after2 = at;
  if (op2 >= 0x80 && op2 <= 0x8f && !rex) return done(after2 + 4, Effect(GprEffect::kNone));  // jcc rel32
  if (op2 >= 0x40 && op2 <= 0x4f) {  // cmovcc r, r/m
    if (!modrm(0)) return {};
    return done(at + m.length, Write(w, m.reg));
  }
  if (op2 >= 0x90 && op2 <= 0x9f) {  // setcc r/m8
    if (!modrm(0)) return {};
    if (!m.is_reg) return done(at + m.length, Effect(GprEffect::kNone));
    if (!rex && m.rm >= 4) return {};  // ah, ch, dh, bh
    return done(at + m.length, Effect(GprEffect::kWriteNarrow, m.rm));
  }
  switch (op2) {
    case 0x0b:  // ud2
      if (rex) return {};
      return done(after2, Effect(GprEffect::kEndsBlock));
    case 0x1f:  // nop r/m
      if (!modrm(0) || m.digit != 0) return {};
      return done(at + m.length, Effect(GprEffect::kNone));
    case 0xb6: case 0xb7:  // movzx r, r/m8 / r/m16: at most 255 / 65535
      if (!modrm(0)) return {};
      if (m.is_reg && !rex && op2 == 0xb6 && (m.rm & 7) >= 4) return {};  // ah, ch, dh, bh
      return done(at + m.length, Effect(GprEffect::kConst, m.reg, 0, op2 == 0xb6 ? 0xff : 0xffff));
    case 0xaf:  // imul r, r/m
    case 0xbe: case 0xbf:  // movsx r, r/m8 / r/m16
    case 0xbc: case 0xbd:  // bsf, bsr (without F3: no prefix is read here)
      if (!modrm(0)) return {};
      return done(at + m.length, Write(w, m.reg));
    case 0xa3:  // bt r/m, r
      if (!modrm(0)) return {};
      return done(at + m.length, Effect(GprEffect::kNone));
    default: return {};
  }
}

}  // namespace wasmc::x64
