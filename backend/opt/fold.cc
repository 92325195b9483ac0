// Constant folding, algebraic simplification, copy propagation and strength reduction
// of single-definition values (backend/opt/opt.h). One walk in layout order: a value
// whose definition became a constant is known to every later instruction; the
// builder's IR defines a single-definition value before its uses in layout order
// (wasm code is structured), so one walk sees almost everything.
//
// Exact wasm semantics: integers wrap at their width, shift and rotate counts are taken
// mod the width, division and remainder that would trap (by zero, INT_MIN / -1) are
// left alone, floats are only folded where the result is a bit operation (neg, abs,
// copysign, reinterpret), never where rounding or NaN payloads could differ.
#include <bit>
#include <cstdint>
#include <utility>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"
#include "backend/kept_vectors.h"

namespace wasmc::opt {
namespace {

using ir::Cond;
using ir::Inst;
using ir::Opcode;
using ir::Type;
using ir::VReg;

uint32_t Bits(Type t) { return ir::Is64(t) ? 64 : 32; }
uint64_t SignExtend(uint64_t x, uint32_t from) {
  const uint32_t sh = 64 - from;
  return static_cast<uint64_t>(static_cast<int64_t>(x << sh) >> sh);
}
bool IsPow2(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

// An integer binary operation on constants; false when it would trap.
bool EvalBinary(Opcode op, Type t, uint64_t a, uint64_t b, uint64_t& out) {
  const uint32_t w = Bits(t);
  a = Mask(t, a);
  b = Mask(t, b);
  const uint32_t s = static_cast<uint32_t>(b & (w - 1));
  const int64_t sa = Signed(t, a), sb = Signed(t, b);
  const int64_t min = w == 64 ? INT64_MIN : INT32_MIN;
  switch (op) {
    case Opcode::kAdd: out = a + b; break;
    case Opcode::kSub: out = a - b; break;
    case Opcode::kMul: out = a * b; break;
    case Opcode::kAnd: out = a & b; break;
    case Opcode::kOr: out = a | b; break;
    case Opcode::kXor: out = a ^ b; break;
    case Opcode::kShl: out = a << s; break;
    case Opcode::kShrS: out = static_cast<uint64_t>(sa >> s); break;
    case Opcode::kShrU: out = a >> s; break;
    case Opcode::kRotl: out = s == 0 ? a : (a << s) | (a >> (w - s)); break;
    case Opcode::kRotr: out = s == 0 ? a : (a >> s) | (a << (w - s)); break;
    case Opcode::kDivU:
      if (b == 0) return false;
      out = a / b;
      break;
    case Opcode::kRemU:
      if (b == 0) return false;
      out = a % b;
      break;
    case Opcode::kDivS:
      if (sb == 0 || (sa == min && sb == -1)) return false;
      out = static_cast<uint64_t>(sa / sb);
      break;
    case Opcode::kRemS:
      if (sb == 0) return false;
      out = sb == -1 ? 0 : static_cast<uint64_t>(sa % sb);
      break;
    default: return false;
  }
  out = Mask(t, out);
  return true;
}

// A one-operand operation on a constant (result type `rt`); false if not folded.
bool EvalUnary(const Inst& in, Type rt, uint64_t a, uint64_t& out) {
  const Type t = in.type;
  const uint64_t sign = ir::Is64(t) ? 1ull << 63 : 1ull << 31;
  switch (in.op) {
    case Opcode::kClz:
      out = Bits(t) == 64 ? std::countl_zero(a) : std::countl_zero(static_cast<uint32_t>(a));
      break;
    case Opcode::kCtz:
      out = Bits(t) == 64 ? std::countr_zero(a) : std::countr_zero(static_cast<uint32_t>(a));
      break;
    case Opcode::kPopcnt: out = std::popcount(Mask(t, a)); break;
    case Opcode::kEqz: out = Mask(t, a) == 0; break;
    case Opcode::kExtend8S: out = SignExtend(a, 8); break;
    case Opcode::kExtend16S: out = SignExtend(a, 16); break;
    case Opcode::kExtend32S: out = SignExtend(a, 32); break;
    case Opcode::kWrap: out = a; break;
    case Opcode::kExtendS32: out = SignExtend(a, 32); break;
    case Opcode::kExtendU32: out = a & 0xffffffffull; break;
    case Opcode::kReinterpret: out = Mask(in.src_type, a); break;
    case Opcode::kFNeg: out = a ^ sign; break;
    case Opcode::kFAbs: out = a & ~sign; break;
    default: return false;
  }
  out = Mask(rt, out);
  return true;
}

bool IsFoldableUnary(Opcode op) {
  switch (op) {
    case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kEqz:
    case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
    case Opcode::kWrap: case Opcode::kExtendS32: case Opcode::kExtendU32:
    case Opcode::kReinterpret: case Opcode::kFNeg: case Opcode::kFAbs:
      return true;
    default: return false;
  }
}
bool IsIntBinary(Opcode op) { return op >= Opcode::kAdd && op <= Opcode::kRemU; }

// Per opcode, what Folder::Visit does, as a table: kOpFolds for the ones it may change
// (kMov, kSelect, the unaries it folds, kFCopysign, kCmp, the integer binaries, which
// include the ones NoteNonZero looks at); the labels, branches and calls it notes for
// the passes after it (util.h FoldFacts); nothing for the rest (loads, stores), which
// return on the one load. A kCmp or kBrCmp gets its constant operand right first.
enum : uint8_t { kOpOther, kOpFolds, kOpLabel, kOpBranch, kOpCall };
struct OpKindTable {
  uint8_t of[256] = {};
  OpKindTable() {
    for (int i = 0; i < 256; ++i) {
      const Opcode op = static_cast<Opcode>(i);
      if (op == Opcode::kMov || op == Opcode::kSelect || IsFoldableUnary(op) || op == Opcode::kFCopysign ||
          op == Opcode::kCmp || IsIntBinary(op))
        of[i] = kOpFolds;
      if (op == Opcode::kLabel) of[i] = kOpLabel;
      if (op == Opcode::kJump || op == Opcode::kBrIf || op == Opcode::kBrCmp || op == Opcode::kBrTable ||
          op == Opcode::kEhEdge)
        of[i] = kOpBranch;
      if (ir::IsCall(op)) of[i] = kOpCall;
    }
  }
};
const OpKindTable kOpKind;

class Folder {
  // The per-vreg vectors, kept per thread from one run to the next (backend/kept_vectors.h:
  // members, so that the walk reads them as before, with the spare set's storage).
  auto Kept() { return std::tie(defs_, nonzero_, r_.repl); }

 public:
  // known_, val_, label_inst_ and branches_ are swapped with the thread's FoldFacts
  // (util.h), at the start for their storage, at the end to hand them on (members of
  // their own while it runs: through references, every access reloads the data).
  Folder(ir::Function& fn, const std::vector<uint32_t>& defs, FoldFacts& facts = ThreadFoldFacts())
      : fn_(fn), facts_(facts), r_(0) {
    TakeSpareVectors(Kept());
    SwapFacts();
    defs_.assign(defs.begin(), defs.end());
    known_.assign(fn.NumVRegs(), 0);
    val_.assign(fn.NumVRegs(), 0);
    label_inst_.assign(fn.num_labels, ~0u);
    branches_.clear();
    calls_.clear();
    nonzero_.assign(fn.NumVRegs(), 0);
    r_.Reset(fn.NumVRegs());
  }
  ~Folder() {
    SwapFacts();
    GiveBackSpareVectors(Kept());
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  // The vregs whose (one) definition the run deleted.
  const std::vector<VReg>& Removed() const { return removed_; }
  // Whether it inserted instructions (which moved the ones FoldFacts notes).
  bool Inserted() const { return inserted_; }

  bool Run() {
    for (const Inst& in : fn_.insts)
      if (in.op == Opcode::kConst && Single(in.dst)) Know(in.dst, in.imm);
    // Each instruction's operands are replaced as the walk reaches it; only those
    // before the last replacement set may read a value replaced after them.
    for (uint32_t i = 0; i < fn_.insts.size(); ++i) {
      r_.ApplyTo(fn_, fn_.insts[i]);
      at_ = i;
      Visit(i);
    }
    r_.ApplyBefore(fn_, last_set_);
    inserted_ = !ins_.before.empty();
    ins_.Apply(fn_);
    return changed_;
  }

 private:
  void SwapFacts() {
    known_.swap(facts_.known);
    val_.swap(facts_.val);
    label_inst_.swap(facts_.label_inst);
    branches_.swap(facts_.branches);
    calls_.swap(facts_.calls);
  }
  bool Single(VReg v) const { return v != ir::kNoVReg && v < defs_.size() && defs_[v] == 1; }
  bool Known(VReg v) const { return v != ir::kNoVReg && v < known_.size() && known_[v]; }
  void Know(VReg v, uint64_t x) {
    known_[v] = 1;
    val_[v] = Mask(fn_.vreg_types[v], x);
  }
  // A new single-definition vreg (its definition is inserted by the caller).
  VReg NewTemp(Type t) {
    const VReg v = fn_.NewVReg(t);
    defs_.push_back(1);
    known_.push_back(0);
    val_.push_back(0);
    nonzero_.push_back(0);
    r_.repl.push_back(ir::kNoVReg);
    return v;
  }
  VReg Const(uint32_t at, Type t, uint64_t bits) {
    const VReg v = InsertConst(fn_, ins_, at, t, Mask(t, bits));
    defs_.push_back(1);
    known_.push_back(0);
    val_.push_back(0);
    nonzero_.push_back(0);
    r_.repl.push_back(ir::kNoVReg);
    Know(v, bits);
    return v;
  }
  // Inserts `op dst, a, b` of type t before inst `at`, returns dst (new when kNoVReg).
  VReg Emit(uint32_t at, Opcode op, Type t, VReg a, VReg b, VReg dst = ir::kNoVReg) {
    if (dst == ir::kNoVReg) dst = NewTemp(t);
    Inst in{.op = op, .type = t, .dst = dst, .a = a, .b = b};
    in.marker = fn_.insts[at].marker;
    in.loop_depth = fn_.insts[at].loop_depth;
    ins_.Add(at, in);
    return dst;
  }
  void Replace(Inst& in, Inst with) {
    with.marker = in.marker;
    with.loop_depth = in.loop_depth;
    in = with;
    changed_ = true;
  }
  void MakeConst(Inst& in, uint64_t x) {
    const VReg d = in.dst;
    const Type t = fn_.vreg_types[d];
    Replace(in, {.op = Opcode::kConst, .type = t, .dst = d, .imm = Mask(t, x)});
    Know(d, x);
  }
  // dst = x: a known constant, or copy propagation when both have one definition.
  void MakeMov(Inst& in, VReg x) {
    const VReg d = in.dst;
    if (Known(x)) return MakeConst(in, val_[x]);
    if (Single(x) && d != x) {
      r_.Set(d, x);
      last_set_ = at_;  // (a kNop from here: its own operands need nothing)
      removed_.push_back(d);
      Replace(in, {.op = Opcode::kNop});
      return;
    }
    if (in.op == Opcode::kMov && in.a == x) return;
    Replace(in, {.op = Opcode::kMov, .type = fn_.vreg_types[d], .dst = d, .a = x});
  }

  // A constant left operand of a compare goes right, where x86-64 and AArch64 take an
  // immediate (`0 < x` was `xor eax, eax` / `cmp eax, r`).
  void ConstantRight(Inst& in) {
    if (Known(in.a) && !Known(in.b)) {
      std::swap(in.a, in.b);
      in.cond = ir::SwapIntCond(in.cond);
      changed_ = true;
    }
  }

  void Visit(uint32_t i) {
    Inst& in = fn_.insts[i];
    switch (kOpKind.of[static_cast<uint8_t>(in.op)]) {
      case kOpFolds:
        if (in.op == Opcode::kCmp) ConstantRight(in);
        break;
      case kOpLabel: label_inst_[in.index] = i; return;
      case kOpBranch:
        if (in.op == Opcode::kBrCmp) ConstantRight(in);
        if (in.op == Opcode::kBrTable) FoldTableOffset(i, in);
        branches_.push_back(i);
        return;
      case kOpCall: calls_.push_back(i); return;
      default: return;
    }
    if (!Single(in.dst)) return;
    if (in.op == Opcode::kMov) return MakeMov(in, in.a);
    if (in.op == Opcode::kSelect) {
      if (Known(in.c)) return MakeMov(in, val_[in.c] ? in.a : in.b);
      if (in.a == in.b) return MakeMov(in, in.a);
      return;
    }
    NoteNonZero(in);
    if (IsFoldableUnary(in.op)) {
      uint64_t x;
      if (Known(in.a) && EvalUnary(in, fn_.vreg_types[in.dst], val_[in.a], x)) MakeConst(in, x);
      return;
    }
    if (in.op == Opcode::kFCopysign) {
      if (Known(in.a) && Known(in.b)) {
        const uint64_t sign = ir::Is64(in.type) ? 1ull << 63 : 1ull << 31;
        MakeConst(in, (val_[in.a] & ~sign) | (val_[in.b] & sign));
      }
      return;
    }
    if (in.op == Opcode::kCmp) {
      if (Known(in.a) && Known(in.b)) return MakeConst(in, EvalCond(in.cond, in.type, val_[in.a], val_[in.b]));
      if (in.a == in.b) return MakeConst(in, EvalCond(in.cond, in.type, 0, 0));
      return;
    }
    if (!IsIntBinary(in.op)) return;
    if (ir::IsCommutative(in.op) && Known(in.a) && !Known(in.b)) std::swap(in.a, in.b);
    uint64_t x;
    if (Known(in.a) && Known(in.b)) {
      if (EvalBinary(in.op, in.type, val_[in.a], val_[in.b], x)) MakeConst(in, x);
      return;
    }
    if (in.a == in.b) {
      if (in.op == Opcode::kSub || in.op == Opcode::kXor) return MakeConst(in, 0);
      if (in.op == Opcode::kAnd || in.op == Opcode::kOr) return MakeMov(in, in.a);
      return;
    }
    if (Known(in.b)) Simplify(i, in);
  }

  // `br_table (x - c)` -> `br_table x` over a table with c more defaults in front
  // (clang subtracts a switch's lowest case before its br_table): for x <u c, x - c
  // wraps to 2^32 - (c - x) >= 2^32 - c, past any table this allows, so the default,
  // which the new table's first c entries are; for x >=u c the entry x - c, as before,
  // and past the end the default. i32 only (a br_table index is one); x - c and x + (-c).
  // The subtraction leaves the dispatch's dependency chain (and goes when nothing else
  // reads it); the table grows by c entries, at most doubling (or 64 entries).
  // The definition is looked for a few instructions back in the same block, with no
  // definition of x between it and the branch.
  void FoldTableOffset(uint32_t i, Inst& in) {
    const VReg idx = in.a;
    if (!Single(idx) || Known(idx) || in.extra_count < 2) return;
    uint32_t j = i;
    for (uint32_t seen = 0;; ++seen) {
      if (j == 0 || seen == 8) return;
      const Inst& d = fn_.insts[--j];
      if (d.op == Opcode::kLabel || ir::EndsBlock(d.op) || ir::IsCall(d.op)) return;
      if (d.dst == idx) break;
    }
    const Inst& d = fn_.insts[j];
    if ((d.op != Opcode::kSub && d.op != Opcode::kAdd) || d.type != Type::kI32 || !Known(d.b) || Known(d.a) ||
        d.a == idx || fn_.vreg_types[d.a] != Type::kI32)
      return;
    const uint64_t c = Mask(Type::kI32, d.op == Opcode::kSub ? val_[d.b] : 0 - val_[d.b]);
    const uint64_t n = in.extra_count - 1;  // entries before the default
    if (c == 0 || c > (n > 64 ? n : 64)) return;
    const VReg x = d.a;
    for (uint32_t k = j + 1; k < i; ++k) {
      bool writes = false;
      ir::ForEachDef(fn_, fn_.insts[k], [&](VReg v) { writes |= v == x; });
      if (writes) return;
    }
    const uint32_t old_begin = in.extra_begin, dflt = fn_.extra[old_begin + n];
    const uint32_t begin = static_cast<uint32_t>(fn_.extra.size());
    fn_.extra.insert(fn_.extra.end(), c, dflt);
    for (uint32_t k = 0; k <= n; ++k) fn_.extra.push_back(fn_.extra[old_begin + k]);
    in.extra_begin = begin;
    in.extra_count = static_cast<uint32_t>(n + c + 1);
    in.a = x;
    changed_ = true;
  }

  // Values known not to be zero: `x | C` with C != 0 at the width, `x | y` with either
  // known, rotations and zero-extensions of such values. A kClz / kCtz of one is
  // marked (index2 = 1, ir.h): x86-64 below v3 then needs no answer for a zero input.
  bool NonZero(VReg v) const {
    return v != ir::kNoVReg && v < nonzero_.size() && (nonzero_[v] || (Known(v) && val_[v] != 0));
  }
  void NoteNonZero(Inst& in) {
    switch (in.op) {
      case Opcode::kOr:
        if (NonZero(in.a) || NonZero(in.b)) nonzero_[in.dst] = 1;
        return;
      case Opcode::kRotl: case Opcode::kRotr: case Opcode::kExtendU32:
        if (NonZero(in.a)) nonzero_[in.dst] = 1;
        return;
      case Opcode::kClz: case Opcode::kCtz:
        if (NonZero(in.a) && !Known(in.a) && in.index2 == 0) {
          in.index2 = 1;
          changed_ = true;
        }
        return;
      default: return;
    }
  }

  // `in` = a op c with c = in.b a known constant and a not.
  void Simplify(uint32_t i, Inst& in) {
    const Type t = in.type;
    const uint32_t w = Bits(t);
    const uint64_t c = val_[in.b], ones = Mask(t, ~0ull);
    const int64_t sc = Signed(t, c);
    const VReg a = in.a;
    const uint32_t k = IsPow2(c) ? static_cast<uint32_t>(std::countr_zero(c)) : 0;
    switch (in.op) {
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kOr: case Opcode::kXor:
        if (c == 0) return MakeMov(in, a);
        if (in.op == Opcode::kOr && c == ones) return MakeConst(in, ones);
        return;
      case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr:
        if ((c & (w - 1)) == 0) return MakeMov(in, a);
        return;
      case Opcode::kAnd:
        if (c == 0) return MakeConst(in, 0);
        if (c == ones) return MakeMov(in, a);
        return;
      case Opcode::kMul:
        if (c == 0) return MakeConst(in, 0);
        if (c == 1) return MakeMov(in, a);
        if (IsPow2(c)) return Rewrite(in, Opcode::kShl, a, Const(i, t, k));
        return;
      case Opcode::kDivU:
        if (c == 1) return MakeMov(in, a);
        if (IsPow2(c)) return Rewrite(in, Opcode::kShrU, a, Const(i, t, k));
        if (t == Type::kI32 && c != 0) {
          const VReg q = DivideU32(i, Extend(i, a), static_cast<uint32_t>(c));
          return Replace(in, {.op = Opcode::kWrap, .type = t, .src_type = Type::kI64, .dst = in.dst, .a = q});
        }
        return;
      case Opcode::kRemU:
        if (c == 1) return MakeConst(in, 0);
        if (IsPow2(c)) return Rewrite(in, Opcode::kAnd, a, Const(i, t, c - 1));
        if (t == Type::kI32 && c != 0) {
          const VReg q = Wrap(i, DivideU32(i, Extend(i, a), static_cast<uint32_t>(c)));
          return Rewrite(in, Opcode::kSub, a, Emit(i, Opcode::kMul, t, q, Const(i, t, c)));
        }
        return;
      case Opcode::kDivS: case Opcode::kRemS: {
        const bool div = in.op == Opcode::kDivS;
        if (sc == 1) return div ? MakeMov(in, a) : MakeConst(in, 0);
        if (sc == -1 && !div) return MakeConst(in, 0);  // rem_s by -1 never traps
        if (t == Type::kI32 && sc > 2 && !IsPow2(c)) {
          const VReg q0 = DivideS32(i, a, static_cast<uint32_t>(c));
          const VReg neg = Emit(i, Opcode::kShrU, t, a, Const(i, t, 31));  // 1 when a < 0
          if (div) return Rewrite(in, Opcode::kAdd, q0, neg);
          const VReg q = Emit(i, Opcode::kAdd, t, q0, neg);
          return Rewrite(in, Opcode::kSub, a, Emit(i, Opcode::kMul, t, q, Const(i, t, c)));
        }
        if (sc <= 1 || !IsPow2(c)) return;
        // Round toward zero: add 2^k - 1 to a negative dividend before the shift.
        const VReg sign = Emit(i, Opcode::kShrS, t, a, Const(i, t, w - 1));
        const VReg bias = Emit(i, Opcode::kShrU, t, sign, Const(i, t, w - k));
        const VReg sum = Emit(i, Opcode::kAdd, t, a, bias);
        if (div) return Rewrite(in, Opcode::kShrS, sum, Const(i, t, k));
        const VReg rounded = Emit(i, Opcode::kAnd, t, sum, Const(i, t, Mask(t, ~(c - 1))));
        return Rewrite(in, Opcode::kSub, a, rounded);
      }
      default: return;
    }
  }
  // n64 /u c for n64 the zero-extension of an i32 and a constant 3 <= c < 2^32 not a
  // power of two, without a division (the i64 quotient). Granlund and Montgomery,
  // "Division by invariant integers using multiplication" (PLDI 1994), Theorem 4.2: for
  // 0 <= n < 2^32, m = ceil(2^(32+s) / c) and m*c - 2^(32+s) <= 2^s give
  // n /u c = (n * m) >> (32+s). The smallest such s whose m fits 32 bits keeps the
  // product below 2^64. When none fits, s = ceil(log2 c) (which always meets the bound,
  // with 2^32 < m < 2^33): m = 2^32 + m2 and (n * m) >> (32+s) = (n + ((n * m2) >> 32))
  // >> s, whose sum fits 33 bits. A divisor above 2^31 has the quotient n >=u c.
  VReg DivideU32(uint32_t i, VReg n64, uint32_t c) {
    const Type l64 = Type::kI64;
    if (c > 0x80000000u) {
      const VReg ge = NewTemp(Type::kI32);
      Inst cmp{.op = Opcode::kCmp, .type = l64, .cond = Cond::kGeU, .dst = ge, .a = n64, .b = Const(i, l64, c)};
      cmp.marker = fn_.insts[i].marker;
      cmp.loop_depth = fn_.insts[i].loop_depth;
      ins_.Add(i, cmp);
      return Extend(i, ge);
    }
    const uint32_t l = 32 - static_cast<uint32_t>(std::countl_zero(c - 1));  // ceil(log2 c) <= 31
    for (uint32_t s = 0; s < l; ++s) {
      const uint64_t p = 1ull << (32 + s), m = p / c + 1;  // ceil: c does not divide 2^(32+s)
      if (m >> 32) break;
      if (m * c - p <= (1ull << s))
        return Emit(i, Opcode::kShrU, l64, Emit(i, Opcode::kMul, l64, n64, Const(i, l64, m)),
                    Const(i, l64, 32 + s));
    }
    const uint64_t p = 1ull << (32 + l), m2 = p / c + 1 - (1ull << 32);
    const VReg hi = Emit(i, Opcode::kShrU, l64, Emit(i, Opcode::kMul, l64, n64, Const(i, l64, m2)),
                         Const(i, l64, 32));
    return Emit(i, Opcode::kShrU, l64, Emit(i, Opcode::kAdd, l64, hi, n64), Const(i, l64, l));
  }
  // For an i32 a and a constant 3 <= c < 2^31 not a power of two, floor(a * m / 2^k)
  // (as i32), which is a / c rounded toward zero for a >= 0 and one below it for a < 0:
  // the caller adds a >>u 31. The same theorem with N = 31 (and |a| <= 2^31 for a < 0,
  // where the error term a*e / (c * 2^k) <= 1/c never reaches the next integer unless
  // a is a multiple of c, and then exceeds it): m = ceil(2^k / c) with
  // m*c - 2^k <= 2^(k-31); k = 31 + ceil(log2 c) always meets it with m < 2^32, so
  // |a * m| < 2^63 in i64 (an arithmetic shift of the sign-extended product).
  VReg DivideS32(uint32_t i, VReg a, uint32_t c) {
    const Type l64 = Type::kI64;
    const uint32_t l = 32 - static_cast<uint32_t>(std::countl_zero(c - 1));  // ceil(log2 c) <= 31
    uint32_t k = 31 + l;
    uint64_t m = (1ull << k) / c + 1;
    for (uint32_t s = 0; s + 1 < l; ++s) {  // a smaller k when one meets the bound
      const uint64_t p = 1ull << (32 + s), ms = p / c + 1;
      if (ms >> 32) break;
      if (ms * c - p <= (2ull << s)) {
        k = 32 + s, m = ms;
        break;
      }
    }
    const VReg wide = Convert(i, Opcode::kExtendS32, l64, Type::kI32, a);
    const VReg q = Emit(i, Opcode::kShrS, l64, Emit(i, Opcode::kMul, l64, wide, Const(i, l64, m)), Const(i, l64, k));
    return Wrap(i, q);
  }
  VReg Extend(uint32_t i, VReg v32) { return Convert(i, Opcode::kExtendU32, Type::kI64, Type::kI32, v32); }
  VReg Wrap(uint32_t i, VReg v64) { return Convert(i, Opcode::kWrap, Type::kI32, Type::kI64, v64); }
  VReg Convert(uint32_t i, Opcode op, Type to, Type from, VReg a) {
    const VReg d = NewTemp(to);
    Inst in{.op = op, .type = to, .src_type = from, .dst = d, .a = a};
    in.marker = fn_.insts[i].marker;
    in.loop_depth = fn_.insts[i].loop_depth;
    ins_.Add(i, in);
    return d;
  }
  void Rewrite(Inst& in, Opcode op, VReg a, VReg b) {
    Replace(in, {.op = op, .type = in.type, .dst = in.dst, .a = a, .b = b});
  }

  ir::Function& fn_;
  FoldFacts& facts_;
  std::vector<uint32_t> defs_;
  std::vector<uint8_t> known_;
  std::vector<uint64_t> val_;
  std::vector<uint32_t> label_inst_;  // (what FoldBranches needs besides the constants)
  std::vector<uint32_t> branches_;
  std::vector<uint32_t> calls_;  // (and LICM)
  std::vector<uint8_t> nonzero_;  // single-definition values known not to be zero
  Replacements r_;
  Insertions ins_;
  std::vector<VReg> removed_;
  uint32_t at_ = 0;        // the instruction Visit is at
  uint32_t last_set_ = 0;  // where the last replacement was set (r_.Set)
  bool changed_ = false;
  bool inserted_ = false;
};

}  // namespace

bool FoldConstants(ir::Function& fn, DefCounts& defs) {
  bool walked;
  return FoldConstants(fn, defs, &walked);
}
bool FoldConstants(ir::Function& fn, DefCounts& defs, bool* walked) {
  Folder folder(fn, defs.Of(fn));
  const bool changed = folder.Run();
  *walked = !folder.Inserted();
  if (!changed) return false;
  // The counts as they are now: the copies propagated lost their definition, the new
  // vregs (constants, strength reduction's temporaries) have one each.
  for (VReg v : folder.Removed()) defs.Removed(v);
  defs.Kept(fn);
  return true;
}
bool FoldConstants(ir::Function& fn) {
  DefCounts defs;
  return FoldConstants(fn, defs);
}

}  // namespace wasmc::opt
