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
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

namespace {

constexpr uint64_t kU32 = 0xffffffffu;
constexpr uint64_t kNotYet = ~0ull;

struct Bounds {
  const ir::Function& fn;
  const std::vector<uint32_t>& def_at;  // single-definition vregs: their instruction, else ~0u
  std::vector<uint64_t>& memo;          // kNotYet until computed

  bool Const(VReg v, uint64_t* c) const {
    if (v == ir::kNoVReg || def_at[v] == ~0u) return false;
    const Inst& d = fn.insts[def_at[v]];
    if (d.op != Opcode::kConst) return false;
    *c = d.imm & kU32;
    return true;
  }
  static uint64_t Cap(uint64_t v) { return v > kU32 ? kU32 : v; }

  // An upper bound of the i32 value v wherever it is read (single definition: its
  // one instruction's value), at most 2^32 - 1.
  uint64_t Of(VReg v, int depth = 0) {
    if (v == ir::kNoVReg || def_at[v] == ~0u || fn.vreg_types[v] != ir::Type::kI32) return kU32;
    if (memo[v] != kNotYet) return memo[v];
    if (depth > 8) return kU32;  // (not memoized: a shallower walk may do better)
    const uint64_t b = Compute(fn.insts[def_at[v]], depth + 1);
    memo[v] = b;
    return b;
  }

  uint64_t Compute(const Inst& d, int depth) {
    uint64_t c = 0;
    switch (d.op) {
      case Opcode::kConst: return d.imm & kU32;
      case Opcode::kLoad:
        if (d.type != ir::Type::kI32 || d.sign) return kU32;
        return d.width == 1 ? 0xff : d.width == 2 ? 0xffff : kU32;
      case Opcode::kMov: return d.type == ir::Type::kI32 ? Of(d.a, depth) : kU32;
      case Opcode::kCmp: case Opcode::kEqz: case Opcode::kFCmp: return 1;
      case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt: return d.type == ir::Type::kI32 ? 32 : kU32;
      default: break;
    }
    if (d.type != ir::Type::kI32) return kU32;
    switch (d.op) {
      case Opcode::kAnd: return std::min(Of(d.a, depth), Of(d.b, depth));
      case Opcode::kShrU:
        if (!Const(d.b, &c)) return kU32;
        return Of(d.a, depth) >> (c & 31);
      case Opcode::kRemU:
        if (!Const(d.b, &c) || c == 0) return kU32;
        return std::min(Of(d.a, depth), c - 1);
      case Opcode::kAdd: case Opcode::kOr:  // (a | b <= a + b)
        return Cap(Of(d.a, depth) + Of(d.b, depth));
      case Opcode::kShl: {
        if (!Const(d.b, &c)) return kU32;
        const uint64_t a = Of(d.a, depth);
        const uint64_t k = c & 31;
        return (a << k) >> k == a ? Cap(a << k) : kU32;
      }
      case Opcode::kMul:
        if (Const(d.b, &c)) return Cap(Of(d.a, depth) * c);  // (both below 2^32: no 64-bit overflow)
        if (Const(d.a, &c)) return Cap(Of(d.b, depth) * c);
        return kU32;
      case Opcode::kAddShl: {
        const int32_t disp = static_cast<int32_t>(d.index);
        if (disp < 0 || d.imm > 3) return kU32;
        return Cap(Of(d.a, depth) + (Of(d.b, depth) << d.imm) + static_cast<uint64_t>(disp));
      }
      case Opcode::kSelect: return std::max(Of(d.a, depth), Of(d.b, depth));
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

bool FoldScaledIndexes(ir::Function& fn) {
  DefCounts defs;
  return FoldScaledIndexes(fn, defs);
}

bool FoldScaledIndexes(ir::Function& fn, DefCounts& defs) {
  const uint32_t n = fn.NumVRegs();
  thread_local std::vector<uint32_t> def_at, uses, candidates;
  thread_local std::vector<uint64_t> memo;
  def_at.assign(n, ~0u);
  uses.assign(n, 0);
  candidates.clear();
  const std::vector<uint32_t>& def_count = defs.Of(fn);
  for (uint32_t j = 0; j < fn.insts.size(); ++j) {
    const Inst& in = fn.insts[j];
    ir::ForEachUse(fn, in, [&](VReg v) { ++uses[v]; });
    if ((in.op == Opcode::kLoad || in.op == Opcode::kStore) && in.index2 == 0 && in.index == 0 &&
        in.src_type == ir::Type::kI32 && in.a != ir::kNoVReg)
      candidates.push_back(j);
    if (in.dst != ir::kNoVReg && def_count[in.dst] == 1) def_at[in.dst] = j;
  }
  if (candidates.empty()) return false;
  memo.assign(n, kNotYet);
  Bounds bounds{fn, def_at, memo};
  bool changed = false;
  // The single-definition value v read only by instruction j, defined in j's block at
  // most kMaxFoldDistance before it: its instruction's index, else ~0u.
  auto local = [&](VReg v, uint32_t j) -> uint32_t {
    if (v == ir::kNoVReg || uses[v] != 1 || def_at[v] == ~0u) return ~0u;
    const uint32_t i = def_at[v];
    if (i >= j || j - i > kMaxFoldDistance || !SameBlock(fn, i, j)) return ~0u;
    return i;
  };
  for (const uint32_t j : candidates) {
    Inst& acc = fn.insts[j];
    const uint32_t i = local(acc.a, j);
    if (i == ~0u) continue;
    Inst& d = fn.insts[i];
    if (d.type != ir::Type::kI32) continue;
    uint64_t c = 0, m = 0;
    if (d.op == Opcode::kAddShl && d.imm >= 1 && d.imm <= 3 && bounds.Const(d.a, &c)) {
      // (x << k) + C + disp
      const uint64_t sum = (c + d.index) & kU32;
      const uint64_t x = bounds.Of(d.b);
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
      if ((bounds.Of(d.a) << k) > kU32) continue;
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
      ti = local(t, i);
      if (ti == ~0u || !SameBlock(fn, ti, j)) continue;
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
    if (bounds.Of(x) * m + add > kU32) continue;
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
