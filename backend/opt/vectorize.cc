// Loop vectorization (backend/opt/opt.h, docs/backend.md "The mid-end"): an innermost
// loop of one block whose iterations load, compute element-wise on and store i32 (or
// i64) elements at unit stride gets a 128-bit copy in front of it that runs V scalar
// iterations at a time, and the scalar loop runs the rest.
//
// The loop: a header label that only its own back branch targets, a body without
// labels, branches or calls, and a back branch `br_cmp ne|lt_u|lt_s iv, E -> header`
// on an induction variable (a variable the body defines once, as `iv = iv + C`, C > 0
// constant), E loop-invariant. Every other value the body reads it defined earlier in
// the same iteration (the body is one block: a variable's last definition before a
// read is what it reads; clang reuses wasm locals) or before the loop: no loop-carried
// values but the induction variables, so no reductions. Each load and store accesses memory 0 through a 32-bit address that is
// affine in one induction variable, `inv + (iv << s) + k` (mod 2^32), at a stride of
// S bytes per iteration, the same for all; S is 1, 2 or 4 elements (a body clang
// unrolled U = S / lane times). The stores of one address stream cover exactly one
// iteration's S bytes, one per unrolled copy; the copies' value trees must match copy
// 0's with their loads shifted by the copy's element. Copy 0's trees become vector
// operations (V = 16 / S scalar iterations per vector iteration); the other copies'
// lanes come with them.
//
// Run-time conditions, checked in a preheader (any failing: the scalar loop runs
// alone, as before):
//   - the trip count: the vector loop runs m = (d - 1) / (V * C) times (d = E - iv,
//     unsigned; for lt also iv < E), so the first V*m exit tests of the scalar loop do
//     not fire, and the scalar loop still runs at least one iteration after it (values
//     defined in the loop and read after it get their last iteration's value from it);
//   - per access of copy 0: its first address t, with the 16*m bytes the vector loop
//     reaches from it, does not wrap past 2^32 (the scalar addresses are then the
//     vector lanes' ones) and ends inside the memory's current size (no vector access
//     traps, so a trap happens in the scalar loop at the iteration it would have);
//   - every stored range is disjoint from every other stream's range (wasm gives no
//     aliasing information). Within a stored stream, loads read only the elements the
//     stores write, each before its store in program order.
#include <algorithm>
#include <bit>
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

using ir::Cond, ir::Inst, ir::Opcode, ir::Type, ir::VecOp, ir::VReg;

constexpr uint32_t kMaxBody = 256;   // instructions in a loop body
constexpr uint32_t kMaxRanges = 8;   // distinct address ranges of copy 0
constexpr uint32_t kMaxPairs = 12;   // overlap checks

// An i32 value, mod 2^32: inv + (iv << shift) + k; inv and iv may be kNoVReg.
struct Affine {
  VReg inv = ir::kNoVReg;
  VReg iv = ir::kNoVReg;
  uint32_t shift = 0;
  uint32_t k = 0;
  bool operator==(const Affine&) const = default;
};

struct Access {
  uint32_t at;        // instruction index
  bool store;
  Affine addr;        // IV read at its value at the start of the iteration
  uint64_t imm;       // static offset
  int64_t position;   // (int32)k + imm: the byte offset within its stream
  uint32_t stream;    // index into streams
  uint32_t copy = ~0u;
};

// A loop-defined value the body computes.
enum class Kind : uint8_t { kNone, kIv, kAddr, kVal, kAddrVal };

// The vector operation for a scalar operation on lanes of `t`. Float operations are
// the IEEE ones lane by lane (the same rounding); no min/max (their NaN handling is a
// sequence on x86-64).
bool VecOpFor(Opcode op, Type t, VecOp* out) {
  const bool w = t == Type::kI64 || t == Type::kF64;
  if (ir::IsFloat(t)) {
    switch (op) {
      case Opcode::kFAdd: *out = w ? VecOp::kF64x2Add : VecOp::kF32x4Add; return true;
      case Opcode::kFSub: *out = w ? VecOp::kF64x2Sub : VecOp::kF32x4Sub; return true;
      case Opcode::kFMul: *out = w ? VecOp::kF64x2Mul : VecOp::kF32x4Mul; return true;
      case Opcode::kFDiv: *out = w ? VecOp::kF64x2Div : VecOp::kF32x4Div; return true;
      case Opcode::kFSqrt: *out = w ? VecOp::kF64x2Sqrt : VecOp::kF32x4Sqrt; return true;
      case Opcode::kFAbs: *out = w ? VecOp::kF64x2Abs : VecOp::kF32x4Abs; return true;
      case Opcode::kFNeg: *out = w ? VecOp::kF64x2Neg : VecOp::kF32x4Neg; return true;
      default: return false;
    }
  }
  switch (op) {
    case Opcode::kAdd: *out = w ? VecOp::kI64x2Add : VecOp::kI32x4Add; return true;
    case Opcode::kSub: *out = w ? VecOp::kI64x2Sub : VecOp::kI32x4Sub; return true;
    case Opcode::kMul:  // i64x2.mul is a long sequence on x86-64-v2
      *out = VecOp::kI32x4Mul;
      return !w;
    case Opcode::kAnd: *out = VecOp::kV128And; return true;
    case Opcode::kOr: *out = VecOp::kV128Or; return true;
    case Opcode::kXor: *out = VecOp::kV128Xor; return true;
    case Opcode::kShl: *out = w ? VecOp::kI64x2Shl : VecOp::kI32x4Shl; return true;
    case Opcode::kShrS: *out = w ? VecOp::kI64x2ShrS : VecOp::kI32x4ShrS; return true;
    case Opcode::kShrU: *out = w ? VecOp::kI64x2ShrU : VecOp::kI32x4ShrU; return true;
    default: return false;
  }
}
bool IsShift(Opcode op) { return op == Opcode::kShl || op == Opcode::kShrS || op == Opcode::kShrU; }
bool IsUnary(Opcode op) { return op == Opcode::kFSqrt || op == Opcode::kFAbs || op == Opcode::kFNeg; }
// Whether access x is y moved by `delta` bytes with the same split of the offset: the
// 32-bit address `delta` further (then it does not wrap where y's range does not) or
// the static offset `delta` larger.
bool Shifted(const Access& x, const Access& y, uint32_t delta) {
  if (x.stream != y.stream) return false;
  return (x.imm == y.imm && x.addr.k - y.addr.k == delta) || (x.addr.k == y.addr.k && x.imm == y.imm + delta);
}
uint32_t LaneBytes(Type t) { return t == Type::kI32 || t == Type::kF32 ? 4 : t == Type::kV128 ? 16 : 8; }

// An operand as the body reads it at some instruction: a constant, an invariant (not
// defined in the body), an induction variable, or the value of the body's instruction
// `node` (the last definition before the read: the body is one block).
struct Ref {
  enum Kind : uint8_t { kBad, kConst, kInv, kIv, kNode } kind = kBad;
  VReg v = ir::kNoVReg;  // kConst (its vreg, for its type), kInv, kIv
  uint32_t node = 0;     // kNode
  uint64_t bits = 0;     // kConst
  bool operator==(const Ref&) const = default;
};

class Vectorizer {
 public:
  Vectorizer(ir::Function& fn, DefCounts& counts, const LoopHeaders* headers)
      : fn_(fn), counts_(counts), headers_(headers) {}
  // The per-vreg facts, built when the first loop passes the cheap structural checks
  // (most functions have none: the pass then costs a walk over the instructions).
  void Init() {
    const uint32_t nv = fn_.NumVRegs();
    defs_ = &counts_.Of(fn_);
    SingleDefConstants(fn_, *defs_, is_const_, const_val_);
    stamp_.assign(nv, ~0u);
    ndefs_.assign(nv, 0);
    cur_.assign(nv, 0);
    step_.assign(nv, 0);
    inc_at_.assign(nv, 0);
  }

  bool Run();
  // RewriteFallInLoops's steps (util.h), with Init above
  bool Analyze(uint32_t h, uint32_t e);
  void Emit(uint32_t h, uint32_t e, Insertions& ins);

 private:
  bool InBody(VReg v) const { return v != ir::kNoVReg && v < stamp_.size() && stamp_[v] == loop_; }
  bool Const(VReg v) const { return v != ir::kNoVReg && v < is_const_.size() && is_const_[v]; }
  bool Iv(VReg v) const { return InBody(v) && step_[v] != 0; }
  // What a read of v at body position `at` (processed in order) sees.
  Ref Resolve(VReg v, uint32_t at) const;
  bool AffineOf(const Ref& r, uint32_t at, Affine* out) const;
  bool ValueRef(const Ref& r) const {
    return r.kind == Ref::kConst || r.kind == Ref::kInv ||
           (r.kind == Ref::kNode && (kind_[r.node] == Kind::kVal || kind_[r.node] == Kind::kAddrVal));
  }
  bool Mark(const Ref& r, uint32_t copy);
  bool Match(const Ref& x, const Ref& y, uint32_t copy);

  // Whether the loop at label inst h is a candidate whose back branch is at *e (Run).
  bool Candidate(uint32_t h, uint32_t* e) const;

  ir::Function& fn_;
  DefCounts& counts_;
  const LoopHeaders* headers_;  // (may be null)
  const std::vector<uint32_t>* defs_ = nullptr;  // counts_'s, from Init
  std::vector<uint8_t> is_const_;
  std::vector<uint64_t> const_val_;
  // Per loop: stamp_[v] == loop_ when the body defines v (ndefs_ times; cur_ = its
  // last definition so far in the scan); induction variables have step_ != 0.
  uint32_t loop_ = 0;
  std::vector<uint32_t> stamp_, ndefs_, cur_, step_, inc_at_;
  // Per body instruction, by instruction index:
  std::vector<Kind> kind_;
  std::vector<Affine> aff_;
  std::vector<Ref> ra_, rb_;       // its operands a and b as resolved
  std::vector<uint32_t> copy_;     // values: the unrolled copy they belong to
  std::vector<uint32_t> match_;    // values of copies > 0: copy 0's matching node
  std::vector<uint32_t> load_of_;  // loads: their access
  std::vector<VReg> ivs_;
  std::vector<Access> acc_;
  struct Stream { VReg inv, iv; uint32_t shift; };
  std::vector<Stream> streams_;
  Type lane_ = Type::kI32;
  uint32_t lane_bytes_ = 4, stride_ = 0, unroll_ = 1, per_vec_ = 1;
  VReg exit_iv_ = ir::kNoVReg;
  Ref exit_bound_;
  Cond exit_cond_ = Cond::kNe;
};

Ref Vectorizer::Resolve(VReg v, uint32_t at) const {
  Ref r;
  if (v == ir::kNoVReg) return r;
  if (Const(v)) {
    r.kind = Ref::kConst, r.v = v, r.bits = const_val_[v];
  } else if (!InBody(v)) {
    r.kind = Ref::kInv, r.v = v;
  } else if (Iv(v)) {
    r.kind = Ref::kIv, r.v = v;
  } else if (cur_[v] != ~0u && cur_[v] < at) {
    r.kind = Ref::kNode, r.node = cur_[v];
  }  // else: the previous iteration's value (loop-carried): kBad
  return r;
}

bool Vectorizer::AffineOf(const Ref& r, uint32_t at, Affine* out) const {
  *out = Affine{};
  switch (r.kind) {
    case Ref::kConst:
      out->k = static_cast<uint32_t>(r.bits);
      return fn_.vreg_types[r.v] == Type::kI32;
    case Ref::kInv:
      out->inv = r.v;
      return fn_.vreg_types[r.v] == Type::kI32;
    case Ref::kIv:
      out->iv = r.v;
      if (inc_at_[r.v] < at) out->k = step_[r.v];  // read after its increment: one step on
      return true;
    case Ref::kNode:
      if (kind_[r.node] != Kind::kAddr && kind_[r.node] != Kind::kAddrVal) return false;
      *out = aff_[r.node];
      return true;
    default: return false;
  }
}

bool Vectorizer::Analyze(uint32_t h, uint32_t e) {
  ++loop_;
  ivs_.clear();
  acc_.clear();
  streams_.clear();
  const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
  if (kind_.size() < n) {
    kind_.resize(n);
    aff_.resize(n);
    ra_.resize(n);
    rb_.resize(n);
    copy_.resize(n);
    match_.resize(n);
    load_of_.resize(n);
  }
  // Definitions; induction variables: defined once, as v = v + C.
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kNop) continue;
    if (in.op == Opcode::kLabel || ir::EndsBlock(in.op) || ir::IsCall(in.op)) return false;
    if (in.op == Opcode::kParallelMove) return false;
    if (in.op == Opcode::kConst && (*defs_)[in.dst] == 1) continue;  // a constant: not a loop value
    ir::ForEachDef(fn_, in, [&](VReg d) {
      if (stamp_[d] != loop_) stamp_[d] = loop_, ndefs_[d] = 0, step_[d] = 0, cur_[d] = ~0u;
      ++ndefs_[d];
    });
  }
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op != Opcode::kAdd || in.type != Type::kI32 || in.dst == ir::kNoVReg || ndefs_[in.dst] != 1 ||
        (*defs_)[in.dst] < 2)
      continue;
    const VReg other = in.a == in.dst ? in.b : in.b == in.dst ? in.a : ir::kNoVReg;
    if (other == ir::kNoVReg || !Const(other)) continue;
    const uint32_t c = static_cast<uint32_t>(const_val_[other]);
    if (c == 0 || c > 4096) return false;
    step_[in.dst] = c;
    inc_at_[in.dst] = i;
    ivs_.push_back(in.dst);
  }
  // The back branch: iv (after its increment) against a constant or invariant bound.
  {
    const Inst& br = fn_.insts[e];
    if (br.op != Opcode::kBrCmp || br.type != Type::kI32) return false;
    VReg x = br.a, bound = br.b;
    Cond c = br.cond;
    if (Iv(bound) && !Iv(x)) {
      std::swap(x, bound);
      c = c == Cond::kGtU ? Cond::kLtU : c == Cond::kGtS ? Cond::kLtS : c == Cond::kNe ? Cond::kNe : Cond::kEq;
    }
    if (c != Cond::kNe && c != Cond::kLtU && c != Cond::kLtS) return false;
    if (!Iv(x) || InBody(bound)) return false;
    exit_iv_ = x;
    exit_bound_ = Resolve(bound, e);
    exit_cond_ = c;
  }
  // Classification, in order.
  bool have_lane = false;
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kNop || (in.op == Opcode::kConst && !InBody(in.dst))) continue;
    kind_[i] = Kind::kNone;
    copy_[i] = ~0u;
    match_[i] = ~0u;
    load_of_[i] = ~0u;
    const Ref a = Resolve(in.a, i), b = Resolve(in.b, i);
    ra_[i] = a;
    rb_[i] = b;
    if (in.a != ir::kNoVReg && a.kind == Ref::kBad) return false;
    if (in.b != ir::kNoVReg && b.kind == Ref::kBad) return false;
    if (in.c != ir::kNoVReg) return false;
    auto defined = [&]() {
      if (in.dst != ir::kNoVReg) cur_[in.dst] = i;
    };
    if (in.dst != ir::kNoVReg && Iv(in.dst)) continue;  // the increment
    if (in.op == Opcode::kLoad || in.op == Opcode::kStore) {
      const Type t = in.type;
      if (ir::IsV128(t)) return false;
      const uint32_t bytes = LaneBytes(t);
      if (in.width != bytes || in.src_type != Type::kI32 || in.index2 != 0 || in.imm >= (1ull << 31))
        return false;
      if (!have_lane) lane_ = t, lane_bytes_ = bytes, have_lane = true;
      if (t != lane_) return false;
      Access acc{.at = i, .store = in.op == Opcode::kStore, .addr = {}, .imm = in.imm, .position = 0, .stream = 0};
      if (!AffineOf(a, i, &acc.addr) || acc.addr.iv == ir::kNoVReg) return false;
      acc.position = static_cast<int32_t>(acc.addr.k) + static_cast<int64_t>(in.imm);
      const uint32_t stride = step_[acc.addr.iv] << acc.addr.shift;
      if (acc_.empty()) stride_ = stride;
      if (stride != stride_) return false;
      uint32_t s = 0;
      for (; s < streams_.size(); ++s)
        if (streams_[s].inv == acc.addr.inv && streams_[s].iv == acc.addr.iv && streams_[s].shift == acc.addr.shift)
          break;
      if (s == streams_.size()) streams_.push_back({acc.addr.inv, acc.addr.iv, acc.addr.shift});
      acc.stream = s;
      if (acc.store) {
        if (!ValueRef(b) || fn_.vreg_types[in.b] != t) return false;
      } else {
        kind_[i] = Kind::kVal;
        load_of_[i] = static_cast<uint32_t>(acc_.size());
      }
      acc_.push_back(acc);
      defined();
      continue;
    }
    if (in.dst == ir::kNoVReg) return false;
    // An address computation (i32 add, shift or multiply by a power of two, copy).
    Affine x, y, r;
    bool addr = false;
    if (in.type == Type::kI32) {
      switch (in.op) {
        case Opcode::kMov:
          addr = AffineOf(a, i, &r);
          break;
        case Opcode::kAdd:
          if (AffineOf(a, i, &x) && AffineOf(b, i, &y) && (x.inv == ir::kNoVReg || y.inv == ir::kNoVReg) &&
              (x.iv == ir::kNoVReg || y.iv == ir::kNoVReg)) {
            r.inv = x.inv != ir::kNoVReg ? x.inv : y.inv;
            r.iv = x.iv != ir::kNoVReg ? x.iv : y.iv;
            r.shift = x.iv != ir::kNoVReg ? x.shift : y.shift;
            r.k = x.k + y.k;
            addr = true;
          }
          break;
        case Opcode::kShl: case Opcode::kMul: {
          if (b.kind != Ref::kConst || !AffineOf(a, i, &x) || x.inv != ir::kNoVReg) break;
          const uint64_t c = b.bits & 0xffffffffu;
          uint32_t sh;
          if (in.op == Opcode::kShl) {
            sh = static_cast<uint32_t>(c & 31);
          } else {
            if (c == 0 || !std::has_single_bit(c)) break;
            sh = static_cast<uint32_t>(std::countr_zero(c));
          }
          if (x.shift + sh > 3) break;
          r = x;
          r.shift += sh;
          r.k <<= sh;
          addr = true;
          break;
        }
        default: break;
      }
    }
    // An element-wise value.
    bool val = false;
    VecOp vop;
    if (!ir::IsV128(in.type) && (in.type == lane_ || !have_lane)) {
      if (in.op == Opcode::kMov) {
        val = ValueRef(a);
      } else if (VecOpFor(in.op, in.type, &vop) && in.a != ir::kNoVReg &&
                 (in.b == ir::kNoVReg) == IsUnary(in.op)) {
        val = ValueRef(a) && (IsUnary(in.op) || (IsShift(in.op) ? b.kind == Ref::kConst : ValueRef(b)));
      }
    }
    if (!addr && !val) return false;
    kind_[i] = addr && val ? Kind::kAddrVal : addr ? Kind::kAddr : Kind::kVal;
    if (addr) aff_[i] = r;
    defined();
  }
  if (acc_.empty() || !have_lane) return false;
  // Values have the lane type.
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op != Opcode::kNop && in.dst != ir::kNoVReg && InBody(in.dst) && !Iv(in.dst) &&
        kind_[i] == Kind::kVal && in.type != lane_)
      return false;
  }
  // The stride: 1, 2 or 4 elements per iteration, dividing 16 bytes.
  if (stride_ < lane_bytes_ || stride_ > 16 || 16 % stride_ != 0 || stride_ % lane_bytes_ != 0) return false;
  unroll_ = stride_ / lane_bytes_;
  per_vec_ = 16 / stride_;
  if (!std::has_single_bit(per_vec_ * step_[exit_iv_]) || per_vec_ * step_[exit_iv_] > (1u << 16)) return false;
  // Stores: per stream, one per copy, covering one iteration's bytes.
  std::vector<int64_t> base(streams_.size(), INT64_MAX);
  std::vector<uint32_t> stores(streams_.size(), 0);
  for (const Access& a : acc_)
    if (a.store) base[a.stream] = std::min(base[a.stream], a.position), ++stores[a.stream];
  for (Access& a : acc_) {
    if (!a.store) continue;
    const int64_t off = a.position - base[a.stream];
    if (stores[a.stream] != unroll_ || off % lane_bytes_ != 0 || off / lane_bytes_ >= unroll_) return false;
    a.copy = static_cast<uint32_t>(off / lane_bytes_);
    for (const Access& b : acc_)
      if (&b != &a && b.store && b.stream == a.stream && b.position == a.position) return false;
  }
  // Copy 0's trees, then the other copies matched against them.
  for (const Access& a : acc_)
    if (a.store && a.copy == 0 && !Mark(rb_[a.at], 0)) return false;
  for (const Access& a : acc_) {
    if (!a.store || a.copy == 0) continue;
    const Access* a0 = nullptr;
    for (const Access& b : acc_)
      if (b.store && b.stream == a.stream && b.copy == 0) a0 = &b;
    if (a0 == nullptr || !Shifted(a, *a0, a.copy * lane_bytes_) || !Match(rb_[a.at], rb_[a0->at], a.copy))
      return false;
  }
  // Every load belongs to a tree (an unused load could trap).
  for (Access& a : acc_) {
    if (a.store) continue;
    if (copy_[a.at] == ~0u) return false;
    a.copy = copy_[a.at];
  }
  // The preheader's checks: a range per access of copy 0, overlap tests per stored one.
  uint32_t n0 = 0, s0 = 0;
  for (const Access& a : acc_) n0 += a.copy == 0, s0 += a.copy == 0 && a.store;
  if (n0 > kMaxRanges || s0 * (n0 - 1) > kMaxPairs) return false;
  // Loads of a stored stream: only the elements the same copy stores, each before its
  // store, so every element is read and written in one scalar iteration only.
  for (const Access& a : acc_) {
    if (a.store || stores[a.stream] == 0) continue;
    bool before = false;
    for (const Access& b : acc_)
      if (b.store && b.stream == a.stream && b.position == a.position && b.copy == a.copy && b.at > a.at)
        before = true;
    if (!before) return false;
  }
  return true;
}

// Marks r and the body values it reads as copy `copy`'s.
bool Vectorizer::Mark(const Ref& r, uint32_t copy) {
  if (r.kind != Ref::kNode) return r.kind == Ref::kConst || r.kind == Ref::kInv;
  const uint32_t i = r.node;
  if (kind_[i] != Kind::kVal && kind_[i] != Kind::kAddrVal) return false;
  if (copy_[i] != ~0u) return copy_[i] == copy;
  copy_[i] = copy;
  const Inst& in = fn_.insts[i];
  if (in.op == Opcode::kLoad) return true;
  return Mark(ra_[i], copy) && (in.b == ir::kNoVReg || IsShift(in.op) || Mark(rb_[i], copy));
}

// Whether x (copy `copy`) computes what y (copy 0) does, its loads `copy` elements on.
bool Vectorizer::Match(const Ref& x, const Ref& y, uint32_t copy) {
  if (x.kind != Ref::kNode || y.kind != Ref::kNode) {
    if (x.kind != y.kind) return false;
    if (x.kind == Ref::kConst) return x.bits == y.bits && fn_.vreg_types[x.v] == fn_.vreg_types[y.v];
    return x.kind == Ref::kInv && x.v == y.v;
  }
  const uint32_t i = x.node, j = y.node;
  if (kind_[i] != Kind::kVal && kind_[i] != Kind::kAddrVal) return false;
  if (copy_[i] != ~0u) return copy_[i] == copy && match_[i] == j;
  if (copy_[j] != 0) return false;
  const Inst& p = fn_.insts[i];
  const Inst& q = fn_.insts[j];
  if (p.op != q.op || p.type != q.type) return false;
  copy_[i] = copy;
  match_[i] = j;
  if (p.op == Opcode::kLoad) return Shifted(acc_[load_of_[i]], acc_[load_of_[j]], copy * lane_bytes_);
  if (!Match(ra_[i], ra_[j], copy)) return false;
  if (p.b == ir::kNoVReg) return q.b == ir::kNoVReg;
  if (IsShift(p.op)) return rb_[i].kind == Ref::kConst && rb_[j].kind == Ref::kConst && rb_[i].bits == rb_[j].bits;
  return Match(rb_[i], rb_[j], copy);
}

void Vectorizer::Emit(uint32_t h, uint32_t e, Insertions& ins) {
  LoopEmitter em(fn_, ins, h, e);
  auto add = [&](Inst in) { em.Add(in); };
  auto konst = [&](Type t, uint64_t bits) { return em.Const(t, bits); };
  auto op2 = [&](Opcode op, Type t, VReg a, VReg b) { return em.Op2(op, t, a, b); };
  const uint32_t skip = em.NewLabel(), body = em.NewLabel();
  auto br = [&](Cond c, Type t, VReg a, VReg b, uint32_t label) {
    add({.op = Opcode::kBrCmp, .type = t, .cond = c, .a = a, .b = b, .index = label});
  };
  const Type i32 = Type::kI32, i64 = Type::kI64;
  // Trip count: m = (d - 1) / (V*C); mvc = m * V*C, the exit IV's advance.
  const uint32_t vc = per_vec_ * step_[exit_iv_];
  const VReg x0 = exit_iv_;
  const VReg bound =
      exit_bound_.kind == Ref::kConst ? konst(i32, exit_bound_.bits & 0xffffffffu) : exit_bound_.v;
  if (exit_cond_ != Cond::kNe) br(exit_cond_ == Cond::kLtU ? Cond::kGeU : Cond::kGeS, i32, x0, bound, skip);
  const VReg d = op2(Opcode::kSub, i32, bound, x0);
  const VReg d1 = op2(Opcode::kAdd, i32, d, konst(i32, 0xffffffffu));
  const VReg mvc = op2(Opcode::kAnd, i32, d1, konst(i32, ~(vc - 1) & 0xffffffffu));
  br(Cond::kEq, i32, mvc, konst(i32, 0), skip);
  const VReg limit = op2(Opcode::kAdd, i32, x0, mvc);
  const VReg m = op2(Opcode::kShrU, i32, d1, konst(i32, std::countr_zero(vc)));
  const VReg zm = fn_.NewVReg(i64);
  add({.op = Opcode::kExtendU32, .type = i64, .src_type = i32, .dst = zm, .a = m});
  const VReg span = op2(Opcode::kShl, i64, zm, konst(i64, 4));
  const VReg size = fn_.NewVReg(i64);
  add({.op = Opcode::kMemorySize, .type = i64, .width = 8, .dst = size, .index = 0});
  const VReg four_g = konst(i64, 1ull << 32);
  // An address inv + (iv << shift) + k at the current IV values.
  struct Memo { Affine a; VReg v; };
  std::vector<Memo> memo;
  auto address = [&](const Affine& a) {
    for (const Memo& mm : memo)
      if (mm.a == a) return mm.v;
    VReg r = a.iv;
    if (a.shift) r = op2(Opcode::kShl, i32, r, konst(i32, a.shift));
    if (a.inv != ir::kNoVReg) r = op2(Opcode::kAdd, i32, a.inv, r);
    if (a.k) r = op2(Opcode::kAdd, i32, r, konst(i32, a.k));
    memo.push_back({a, r});
    return r;
  };
  // Ranges [lo, hi) of copy 0's accesses.
  struct Range { Affine a; uint64_t imm; uint32_t stream; bool store; VReg lo, hi; };
  std::vector<Range> ranges;
  for (const Access& a : acc_) {
    if (a.copy != 0) continue;
    auto same = std::find_if(ranges.begin(), ranges.end(),
                             [&](const Range& r) { return r.a == a.addr && r.imm == a.imm; });
    if (same != ranges.end()) {
      same->store |= a.store;
      continue;
    }
    ranges.push_back({a.addr, a.imm, a.stream, a.store, ir::kNoVReg, ir::kNoVReg});
  }
  for (Range& r : ranges) {
    const VReg t = address(r.a);
    const VReg zt = fn_.NewVReg(i64);
    add({.op = Opcode::kExtendU32, .type = i64, .src_type = i32, .dst = zt, .a = t});
    const VReg end = op2(Opcode::kAdd, i64, zt, span);
    br(Cond::kGtU, i64, end, four_g, skip);  // would wrap past 2^32
    r.lo = r.imm ? op2(Opcode::kAdd, i64, zt, konst(i64, r.imm)) : zt;
    r.hi = r.imm ? op2(Opcode::kAdd, i64, end, konst(i64, r.imm)) : end;
    br(Cond::kGtU, i64, r.hi, size, skip);  // would leave the memory
  }
  for (size_t p = 0; p < ranges.size(); ++p)
    for (size_t q = p + 1; q < ranges.size(); ++q) {
      const Range &x = ranges[p], &y = ranges[q];
      if (x.stream == y.stream || (!x.store && !y.store)) continue;
      const VReg c1 = fn_.NewVReg(i32), c2 = fn_.NewVReg(i32);
      add({.op = Opcode::kCmp, .type = i64, .cond = Cond::kGtU, .dst = c1, .a = x.hi, .b = y.lo});
      add({.op = Opcode::kCmp, .type = i64, .cond = Cond::kGtU, .dst = c2, .a = y.hi, .b = x.lo});
      const VReg both = op2(Opcode::kAnd, i32, c1, c2);
      add({.op = Opcode::kBrIf, .type = i32, .cond = Cond::kNe, .a = both, .index = skip});
    }
  // Splats of the invariants and constants copy 0's trees read, and the IV steps.
  const Type lane = lane_;
  std::vector<std::pair<Ref, VReg>> splats;
  auto splat = [&](const Ref& r) {
    for (const auto& [ref, v] : splats)
      if (ref.kind == r.kind && (r.kind == Ref::kConst ? ref.bits == r.bits : ref.v == r.v)) return v;
    const VReg v = fn_.NewVReg(Type::kV128);
    if (r.kind == Ref::kConst) {
      const uint64_t bits = LaneBytes(lane) == 8 ? r.bits : (r.bits & 0xffffffffu) * 0x100000001ull;
      add({.op = Opcode::kVec, .type = Type::kV128, .dst = v,
           .index = static_cast<uint32_t>(VecOp::kV128Const), .imm = bits, .imm_hi = bits});
    } else {
      const VecOp op = lane == i64           ? VecOp::kI64x2Splat
                       : lane == Type::kF32 ? VecOp::kF32x4Splat
                       : lane == Type::kF64 ? VecOp::kF64x2Splat
                                            : VecOp::kI32x4Splat;
      add({.op = Opcode::kVec, .type = Type::kV128, .dst = v, .a = r.v, .index = static_cast<uint32_t>(op)});
    }
    splats.push_back({r, v});
    return v;
  };
  auto copy0_store = [&](uint32_t i) {
    return std::any_of(acc_.begin(), acc_.end(), [&](const Access& a) { return a.at == i && a.store && a.copy == 0; });
  };
  auto copy0_value = [&](uint32_t i) {
    const Inst& in = fn_.insts[i];
    return in.op != Opcode::kNop && in.op != Opcode::kStore && in.dst != ir::kNoVReg && InBody(in.dst) &&
           !Iv(in.dst) && (kind_[i] == Kind::kVal || kind_[i] == Kind::kAddrVal) && copy_[i] == 0;
  };
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    auto leaf = [&](const Ref& r) { if (r.kind == Ref::kConst || r.kind == Ref::kInv) splat(r); };
    if (copy0_store(i)) {
      leaf(rb_[i]);
    } else if (copy0_value(i) && in.op != Opcode::kLoad) {
      leaf(ra_[i]);
      if (in.b != ir::kNoVReg && !IsShift(in.op)) leaf(rb_[i]);
    }
  }
  std::vector<VReg> iv_step(ivs_.size());
  for (size_t k = 0; k < ivs_.size(); ++k)
    iv_step[k] = konst(i32, static_cast<uint32_t>(per_vec_ * step_[ivs_[k]]));
  // The vector loop: copy 0's values and stores, in order, as vector operations.
  memo.clear();
  em.InLoop();
  add({.op = Opcode::kLabel, .index = body});
  std::vector<VReg> vec(e - h, ir::kNoVReg);  // per body instruction: its vector
  auto operand = [&](const Ref& r) { return r.kind == Ref::kNode ? vec[r.node - h] : splat(r); };
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if (copy0_store(i)) {
      const Access& a = *std::find_if(acc_.begin(), acc_.end(), [&](const Access& x) { return x.at == i; });
      add({.op = Opcode::kVecStore, .type = Type::kV128, .width = 16, .a = address(a.addr), .b = operand(rb_[i]),
           .index = static_cast<uint32_t>(VecOp::kV128Store), .imm = a.imm});
      continue;
    }
    if (!copy0_value(i)) continue;
    if (in.op == Opcode::kMov) {
      vec[i - h] = operand(ra_[i]);
      continue;
    }
    const VReg v = fn_.NewVReg(Type::kV128);
    if (in.op == Opcode::kLoad) {
      const Access& a = acc_[load_of_[i]];
      add({.op = Opcode::kVecLoad, .type = Type::kV128, .width = 16, .dst = v, .a = address(a.addr),
           .index = static_cast<uint32_t>(VecOp::kV128Load), .imm = a.imm});
    } else {
      VecOp op;
      VecOpFor(in.op, lane, &op);
      VReg b = ir::kNoVReg;
      if (IsShift(in.op)) {
        b = konst(i32, rb_[i].bits & (lane == i64 ? 63 : 31));
      } else if (!IsUnary(in.op)) {
        b = operand(rb_[i]);
      }
      add({.op = Opcode::kVec, .type = Type::kV128, .dst = v, .a = operand(ra_[i]), .b = b,
           .index = static_cast<uint32_t>(op)});
    }
    vec[i - h] = v;
  }
  for (size_t k = 0; k < ivs_.size(); ++k)
    add({.op = Opcode::kAdd, .type = i32, .dst = ivs_[k], .a = ivs_[k], .b = iv_step[k]});
  br(Cond::kNe, i32, x0, limit, body);
  em.InPreheader();
  add({.op = Opcode::kLabel, .index = skip});
}

// The plain operations Analyze may take.
bool Plain(const Inst& in) {
  VecOp op;
  return in.op == Opcode::kNop || in.op == Opcode::kConst || in.op == Opcode::kMov || in.op == Opcode::kLoad ||
         in.op == Opcode::kStore || VecOpFor(in.op, in.type, &op);
}

bool Vectorizer::Candidate(uint32_t h, uint32_t* e) const {
  bool store = false;
  for (uint32_t i = h + 1; i < fn_.insts.size(); ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kBrCmp && store && fn_.insts[h].index == in.index && i - h <= kMaxBody) {
      *e = i;
      return true;
    }
    if (!Plain(in)) return false;
    store |= in.op == Opcode::kStore;
  }
  return false;
}

bool Vectorizer::Run() {
  const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
  // Innermost one-block loops: a kBrCmp back to a label with only plain instructions
  // in between (the last label before a branch is its block's start).
  std::vector<std::pair<uint32_t, uint32_t>> loops;  // (header, back branch)
  if (headers_ != nullptr && headers_->valid) {  // from the labels branched back to only
    for (const auto& [h, last] : headers_->list)
      if (uint32_t e; Candidate(h, &e)) loops.push_back({h, e});
    return RewriteFallInLoops(fn_, loops, *this);
  }
  uint32_t last_label = ~0u;
  bool plain = false;  // only operations Analyze may take since last_label
  bool store = false;  // and a store among them
  for (uint32_t i = 0; i < n; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kLabel) {
      last_label = i, plain = true, store = false;
      continue;
    }
    if (in.op == Opcode::kBrCmp && plain && store && fn_.insts[last_label].index == in.index &&
        i - last_label <= kMaxBody)
      loops.push_back({last_label, i});
    VecOp op;
    store |= in.op == Opcode::kStore;
    if (plain)
      plain = in.op == Opcode::kNop || in.op == Opcode::kConst || in.op == Opcode::kMov || in.op == Opcode::kLoad ||
              in.op == Opcode::kStore || VecOpFor(in.op, in.type, &op);
  }
  return RewriteFallInLoops(fn_, loops, *this);
}

}  // namespace

bool VectorizeLoops(ir::Function& fn, DefCounts& defs, const LoopHeaders* loops) {
  Vectorizer v(fn, defs, loops);
  return v.Run();
}
bool VectorizeLoops(ir::Function& fn) {
  DefCounts defs;
  return VectorizeLoops(fn, defs);
}

}  // namespace wasmc::opt
