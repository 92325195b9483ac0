// Scaled memory indexes (backend/opt/opt.h, docs/backend.md "The mid-end"), for targets
// whose accesses take `base + index * 2^k + offset` (TargetCapabilities::scaled_index:
// x86-64). A wasm32 address `(x << k) + C` is computed mod 2^32, so folding the scale
// into the access is right only when that sum cannot wrap: when an upper bound B of x
// gives B * 2^k + C <= 2^32 - 1. Then the effective address zext((x << k) + C) + offset
// is exactly x * 2^k + (C + offset), and the access becomes kLoad/kStore with a = x,
// index = k, imm = offset + C. The address's instruction must be a single-definition
// value read only by the access, in the same block, at most kMaxFoldDistance before it:
//   - kAddShl(C, x, k, disp) (a constant base: FoldScaledAdds's `lea d, [x*4 + C]`);
//   - kShl(x, k) by a constant 1..3;
//   - kAdd(t, C) or t alone, t = kMul(x, q * 2^k) read only there, q in {1, 3, 5, 9}: t
//     becomes kAddShl(x, x, log2(q - 1)) (x * q, one lea) or goes (q = 1).
// The bounds (of single-definition i32 values only; anything else is 2^32 - 1): a
// constant, loads of 1 and 2 bytes zero-extended, and / shr_u / rem_u by a constant,
// add, or, shl / mul by a constant and kAddShl without wrap, select, compares.
// Runs after FoldScaledAdds (whose kAddShl it reads); nothing after it reads accesses'
// addresses but the back end. The back end proves each access again from its code
// (the address check's bounds of the index register, x86-64 address_check_x64.cc).
#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

constexpr uint64_t kU32 = 0xffffffffu;

// Upper bounds of i32 values (single definitions only), from the definitions in the
// reading instruction's block (at most kBoundDistance before it: what the back end's
// check of the code can bound too) and the function's single-definition constants.
struct Bounds {
  const ir::Function& fn;
  const std::vector<uint32_t>& def_count;
  const ValueFacts& vf;
  static constexpr uint32_t kBoundDistance = 2 * kMaxFoldDistance;

  bool Const(VReg v, uint64_t* c) const {
    if (v == ir::kNoVReg || !vf.is_const[v]) return false;
    *c = vf.const_val[v] & kU32;
    return true;
  }
  static uint64_t Cap(uint64_t v) { return v > kU32 ? kU32 : v; }

  // The instruction defining the single-definition v in the block of instruction
  // `at`, before it, or ~0u.
  uint32_t DefBefore(VReg v, uint32_t at) const {
    if (def_count[v] != 1) return ~0u;
    const uint32_t stop = at > kBoundDistance ? at - kBoundDistance : 0;
    for (uint32_t k = at; k-- > stop;) {
      const Inst& in = fn.insts[k];
      if (in.dst == v) return k;
      if (in.op == Opcode::kLabel || ir::EndsBlock(in.op)) break;
    }
    return ~0u;
  }

  // An upper bound of the i32 value v as instruction `at` reads it, at most 2^32 - 1.
  uint64_t Of(VReg v, uint32_t at, int depth = 0) const {
    if (v == ir::kNoVReg || fn.vreg_types[v] != ir::Type::kI32) return kU32;
    uint64_t c = 0;
    if (Const(v, &c)) return c;
    if (depth > 5) return kU32;
    const uint32_t k = DefBefore(v, at);
    return k == ~0u ? kU32 : Compute(k, depth + 1);
  }

  uint64_t Compute(uint32_t k, int depth) const {
    const Inst& d = fn.insts[k];
    uint64_t c = 0;
    auto of = [&](VReg v) { return Of(v, k, depth); };
    switch (d.op) {
      case Opcode::kLoad:
        if (d.type != ir::Type::kI32 || d.sign) return kU32;
        return d.width == 1 ? 0xff : d.width == 2 ? 0xffff : kU32;
      case Opcode::kMov: return d.type == ir::Type::kI32 ? of(d.a) : kU32;
      case Opcode::kCmp: case Opcode::kEqz: case Opcode::kFCmp: return 1;
      case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt: return d.type == ir::Type::kI32 ? 32 : kU32;
      default: break;
    }
    if (d.type != ir::Type::kI32) return kU32;
    switch (d.op) {
      case Opcode::kAnd: return std::min(of(d.a), of(d.b));
      case Opcode::kShrU:
        if (!Const(d.b, &c)) return kU32;
        return of(d.a) >> (c & 31);
      case Opcode::kRemU:
        if (!Const(d.b, &c) || c == 0) return kU32;
        return std::min(of(d.a), c - 1);
      case Opcode::kAdd: case Opcode::kOr:  // (a | b <= a + b)
        return Cap(of(d.a) + of(d.b));
      case Opcode::kShl: {
        if (!Const(d.b, &c)) return kU32;
        const uint64_t a = of(d.a);
        return Cap(a << (c & 31));  // (a < 2^32, shift < 32: no 64-bit overflow)
      }
      case Opcode::kMul:
        if (Const(d.b, &c)) return Cap(of(d.a) * c);  // (both below 2^32: no 64-bit overflow)
        if (Const(d.a, &c)) return Cap(of(d.b) * c);
        return kU32;
      case Opcode::kAddShl: {
        const int32_t disp = static_cast<int32_t>(d.index);
        if (disp < 0 || d.imm > 3) return kU32;
        return Cap(of(d.a) + (of(d.b) << d.imm) + static_cast<uint64_t>(disp));
      }
      case Opcode::kSelect: return std::max(of(d.a), of(d.b));
      default: return kU32;
    }
  }
};

// Whether instructions (i, j) are all inside one block (no label, nothing that ends one).
bool SameBlock(const ir::Function& fn, uint32_t i, uint32_t j) {
  for (uint32_t k = i + 1; k < j; ++k) {
    const Opcode op = fn.insts[k].op;
    if (op == Opcode::kLabel || ir::EndsBlock(op)) return false;
  }
  return true;
}

// The instruction's result is no longer computed (the fold took its operands).
void Kill(Inst& in) {
  in.op = Opcode::kNop;
  in.dst = in.a = in.b = in.c = ir::kNoVReg;
}

int Log2Small(uint64_t v) {
  switch (v) {
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    default: return -1;
  }
}

}  // namespace

bool FoldScaledIndexes(ir::Function& fn, const std::vector<uint32_t>& def_count, const ValueFacts& vf,
                       std::span<const std::pair<uint32_t, uint32_t>> accesses) {
  const Bounds bounds{fn, def_count, vf};
  const std::vector<uint32_t>& uses = vf.uses;
  bool changed = false;
  // Whether the value v, defined by instruction i, is read only by instruction j, in
  // j's block at most kMaxFoldDistance after i.
  auto local = [&](VReg v, uint32_t i, uint32_t j) {
    return v != ir::kNoVReg && uses[v] == 1 && def_count[v] == 1 && i < j && j - i <= kMaxFoldDistance &&
           fn.insts[i].dst == v && SameBlock(fn, i, j);
  };
  for (const auto& [j, i] : accesses) {
    Inst& acc = fn.insts[j];
    if (!local(acc.a, i, j)) continue;
    Inst& d = fn.insts[i];
    if (d.type != ir::Type::kI32) continue;
    uint64_t c = 0, m = 0;
    if (d.op == Opcode::kAddShl && d.imm >= 1 && d.imm <= 3 && bounds.Const(d.a, &c)) {
      // (x << k) + C + disp
      const uint64_t sum = (c + d.index) & kU32;
      const uint64_t x = bounds.Of(d.b, i);
      if ((x << d.imm) + sum > kU32) continue;
      acc.a = d.b;
      acc.index = static_cast<uint32_t>(d.imm);
      acc.imm += sum;
      Kill(d);
      changed = true;
      continue;
    }
    if (d.op == Opcode::kShl && bounds.Const(d.b, &c) && (c & 31) >= 1 && (c & 31) <= 3) {
      const uint64_t k = c & 31;
      if ((bounds.Of(d.a, i) << k) > kU32) continue;
      acc.a = d.a;
      acc.index = static_cast<uint32_t>(k);
      Kill(d);
      changed = true;
      continue;
    }
    // t + C, C + t, or t itself, t = x * (q << k)
    uint32_t ti = i;
    uint64_t add = 0;
    if (d.op == Opcode::kAdd) {
      VReg t = ir::kNoVReg;
      if (bounds.Const(d.b, &c)) t = d.a;
      else if (bounds.Const(d.a, &c)) t = d.b;
      if (t == ir::kNoVReg) continue;
      ti = bounds.DefBefore(t, i);
      if (ti == ~0u || !local(t, ti, i)) continue;
      add = c;
    }
    Inst& mul = fn.insts[ti];
    if (mul.op != Opcode::kMul || mul.type != ir::Type::kI32) continue;
    VReg x = mul.a;
    if (!bounds.Const(mul.b, &m)) {
      if (!bounds.Const(mul.a, &m)) continue;
      x = mul.b;
    }
    if (m == 0 || bounds.Const(x, &c)) continue;
    const int k = Log2Small(m & -m);  // the power of two in m
    const uint64_t q = m >> (k < 0 ? 0 : k);
    if (k < 1 || (q != 1 && q != 3 && q != 5 && q != 9)) continue;
    if (bounds.Of(x, ti) * m + add > kU32) continue;
    if (q == 1) {
      acc.a = x;
      Kill(mul);
    } else {
      // t = x + (x << log2(q - 1)) = x * q
      mul.op = Opcode::kAddShl;
      mul.a = mul.b = x;
      mul.imm = static_cast<uint64_t>(Log2Small(q - 1));
      mul.index = 0;
      acc.a = mul.dst;
    }
    acc.index = static_cast<uint32_t>(k);
    acc.imm += add;
    if (ti != i) Kill(d);
    changed = true;
  }
  return changed;
}

}  // namespace wasmc::opt
