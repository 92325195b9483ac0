// Byte-compare loops (backend/opt/opt.h, docs/backend.md "The mid-end"): the loop that
// finds the first difference of two byte ranges (wasi-libc's memcmp, `for (; n && *l ==
// *r; n--, l++, r++);` and its inlined copies) gets a loop in front of it that compares
// 8 bytes of both ranges at a time; the byte loop then runs from the first block that
// differs (or from the tail) and finds the exact position, so every value the loop
// leaves behind is the one it always left.
//
// The loop: a header label that only its own back branch targets, entered by falling
// into it; a body without labels or calls (its side exits leave the loop) of only:
//   - two 1-byte loads of memory 0 (32-bit addresses), of the same type and extension,
//     each address an induction variable of step +1 or a single-definition i32 add of
//     one to an invariant or a constant, defined in the body before the load;
//   - the mismatch test: a br_cmp ne of the two loaded values leaving the loop, or a
//     br_if ne of their difference (one i32 sub, `*l - *r`); as the back branch, the
//     same with eq;
//   - induction variables: variables the body defines once, as v = v +/- C;
//   - count tests: a branch on an induction variable of step +1 or -1 against an
//     invariant (or 0: br_if) with ne / eq, lt / ge (step +1), gt / le (step -1);
//   - constants; the back branch (a jump, or a branch that is itself one of the tests).
// Nothing else: no stores, no other values (so no value is carried from one iteration
// to the next but the induction variables, and the loads define their values before
// the only instruction that reads them).
//
// The fast loop, before the header (the preheader reads the memory's size once; the
// body has no call, so nothing can shrink it while the loop runs), for W = 8 bytes:
//   - every count test would pass in each of the next W + 1 iterations (so the W
//     iterations the block stands for do not leave the loop by a count, and the byte
//     loop afterwards runs at least one whole iteration past its tests: its loaded
//     values are then its own);
//   - both blocks [a, a + W) (a the 32-bit address of the next iteration's load, plus
//     its static offset) end inside the memory's current size: the block loads cannot
//     trap, and they read exactly the bytes of the next W iterations (no 32-bit wrap
//     inside a range that ends below 2^32). A loop that would trap reaches the bytes
//     out of bounds in the byte loop, at the iteration that traps, with the state it
//     always had there (it stores nothing);
//   - the two 8-byte words are equal: the W iterations would all continue, so every
//     induction variable advances by W steps.
// A count or bounds check failing: on to one block of W = 4 bytes (i32 loads), under
// the same three conditions for W = 4, then the byte loop at the state reached. Words
// that differ: their first j = ctz(x ^ y) / 8 bytes are equal (wasm loads are
// little-endian), so the induction variables advance by j steps first (j < W: the
// count tests allowed it) and the byte loop meets the difference in its first
// iteration. The byte loop stays the only way out of the loop. A range too short for
// the 4-byte block leaves to the byte loop by the first count test, before the
// memory's size is read (most of SQLite's memcmp calls compare 9 bytes or fewer).
#include <algorithm>
#include <vector>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

using ir::Cond, ir::Inst, ir::Opcode, ir::Type, ir::VReg;

constexpr uint32_t kMaxBody = 48;   // instructions in a loop body
constexpr uint32_t kBlock = 8;      // bytes compared at a time (W)
constexpr uint32_t kTail = 4;       // then once, where fewer than W + 1 iterations remain
constexpr uint32_t kMaxIvs = 6;
constexpr uint32_t kMaxTests = 4;

// The address of a load at the start of an iteration: inv + iv + k (mod 2^32); inv
// may be kNoVReg.
struct Address {
  VReg inv = ir::kNoVReg;
  VReg iv = ir::kNoVReg;
  uint32_t k = 0;
};

// A count test in the form "the loop goes on while x OP bound", x = iv + k at the start
// of the iteration (k = the step when the test reads iv after its increment).
struct CountTest {
  VReg iv;
  uint32_t k;
  Cond cond;        // kNe, kLtU, kLtS (step +1), kGtU, kGtS (step -1)
  VReg bound;       // an invariant, or kNoVReg with bound_const
  uint64_t bound_const;
};

class ByteCompares {
 public:
  ByteCompares(ir::Function& fn, DefCounts& counts, const LoopHeaders* headers)
      : fn_(fn), counts_(counts), headers_(headers) {}
  bool Run();
  // RewriteFallInLoops's steps (util.h)
  void Init();
  bool Analyze(uint32_t h, uint32_t e);
  void Emit(uint32_t h, uint32_t e, Insertions& ins);

 private:
  bool InBody(VReg v) const { return v < stamp_.size() && stamp_[v] == loop_; }
  bool Const(VReg v) const { return v < is_const_.size() && is_const_[v]; }
  int Iv(VReg v) const {  // its index in ivs_, or -1
    for (size_t k = 0; k < ivs_.size(); ++k)
      if (ivs_[k] == v) return static_cast<int>(k);
    return -1;
  }
  // iv's offset from its value at the iteration's start when read at body position `at`.
  uint32_t After(int iv, uint32_t at) const {
    return inc_at_[iv] < at ? static_cast<uint32_t>(step_[iv]) : 0;
  }

  // Run's scan from the label at inst i on (*last_label = i): the candidate loop's back
  // branch, or ~0u at the first instruction that ends it (a label, or what Analyze cannot
  // take).
  uint32_t Scan(uint32_t i, uint32_t* last_label) const;

  ir::Function& fn_;
  DefCounts& counts_;
  const LoopHeaders* headers_;  // (may be null)
  const std::vector<uint32_t>* defs_ = nullptr;
  std::vector<uint8_t> is_const_;
  std::vector<uint64_t> const_val_;
  std::vector<uint32_t> stamp_;  // stamp_[v] == loop_: the body defines v
  uint32_t loop_ = 0;
  // Per loop:
  std::vector<VReg> ivs_;
  std::vector<int64_t> step_;
  std::vector<uint32_t> inc_at_;
  std::vector<CountTest> tests_;
  Inst load_[2];
  Address addr_[2];
};

void ByteCompares::Init() {
  defs_ = &counts_.Of(fn_);
  SingleDefConstants(fn_, *defs_, is_const_, const_val_);
  stamp_.assign(fn_.NumVRegs(), 0);
}

bool ByteCompares::Analyze(uint32_t h, uint32_t e) {
  ++loop_;
  ivs_.clear();
  step_.clear();
  inc_at_.clear();
  tests_.clear();
  const uint32_t header = fn_.insts[h].index;
  // Definitions in the body: each vreg at most once.
  for (uint32_t i = h + 1; i <= e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.dst == ir::kNoVReg) continue;
    if (InBody(in.dst)) return false;
    stamp_[in.dst] = loop_;
  }
  // Induction variables: v = v +/- C, i32.
  for (uint32_t i = h + 1; i < e; ++i) {
    const Inst& in = fn_.insts[i];
    if ((in.op != Opcode::kAdd && in.op != Opcode::kSub) || in.type != Type::kI32 || (*defs_)[in.dst] < 2) continue;
    VReg c = ir::kNoVReg;
    if (in.a == in.dst) c = in.b;
    else if (in.b == in.dst && in.op == Opcode::kAdd) c = in.a;
    if (c == ir::kNoVReg || !Const(c)) continue;
    int64_t s = static_cast<int32_t>(static_cast<uint32_t>(const_val_[c]));
    if (in.op == Opcode::kSub) s = -s;
    if (s == 0 || s > 4096 || s < -4096 || ivs_.size() == kMaxIvs) return false;
    ivs_.push_back(in.dst);
    step_.push_back(s);
    inc_at_.push_back(i);
  }
  // The rest, in order.
  uint32_t loads = 0, mismatch = 0;
  VReg diff = ir::kNoVReg;
  auto is_load = [&](VReg v) {
    for (uint32_t k = 0; k < loads; ++k)
      if (load_[k].dst == v) return true;
    return false;
  };
  auto invariant = [&](VReg v) { return v != ir::kNoVReg && !InBody(v); };
  // A count test "x cond y goes on", x or y an induction variable, at body position i.
  auto count_test = [&](VReg x, VReg y, Cond cond, uint32_t i) {
    int iv = Iv(x);
    if (iv < 0) {
      std::swap(x, y);
      cond = ir::SwapIntCond(cond);
      iv = Iv(x);
    }
    if (iv < 0 || tests_.size() == kMaxTests) return false;
    CountTest t{x, After(iv, i), cond, ir::kNoVReg, 0};
    if (y == ir::kNoVReg) {
      t.bound_const = 0;
    } else if (Const(y)) {
      t.bound_const = const_val_[y];
    } else if (invariant(y)) {
      t.bound = y;
    } else {
      return false;
    }
    if (cond == Cond::kEq) return false;  // goes on while equal: at most one iteration
    const int64_t s = step_[iv];
    if (cond == Cond::kNe ? (s != 1 && s != -1)
        : (cond == Cond::kLtU || cond == Cond::kLtS) ? s != 1
        : (cond == Cond::kGtU || cond == Cond::kGtS) ? s != -1
        : true)
      return false;
    tests_.push_back(t);
    return true;
  };
  for (uint32_t i = h + 1; i <= e; ++i) {
    const Inst& in = fn_.insts[i];
    switch (in.op) {
      case Opcode::kNop: continue;
      case Opcode::kConst:
        if (!Const(in.dst)) return false;
        continue;
      case Opcode::kAdd: case Opcode::kSub: {
        if (Iv(in.dst) >= 0 && inc_at_[Iv(in.dst)] == i) continue;
        if (in.op == Opcode::kSub && loads == 2 && diff == ir::kNoVReg && is_load(in.a) && is_load(in.b) &&
            in.a != in.b && in.type == load_[0].type) {
          diff = in.dst;  // the difference of the bytes: zero exactly when they are equal
          continue;
        }
        // an address: inv + iv or iv + C, read only by a load
        if (in.op != Opcode::kAdd || in.type != Type::kI32 || (*defs_)[in.dst] != 1) return false;
        continue;  // checked where a load reads it
      }
      case Opcode::kLoad: {
        if (loads == 2 || in.width != 1 || in.src_type != Type::kI32 || in.index2 != 0 ||
            in.type == Type::kV128 || ir::IsFloat(in.type))
          return false;
        if (loads == 1 && (in.type != load_[0].type || in.sign != load_[0].sign)) return false;
        Address a;
        const VReg v = in.a;
        if (Iv(v) >= 0) {
          a.iv = v;
          a.k = After(Iv(v), i);
        } else {
          // a single-definition add earlier in the body
          uint32_t at = ~0u;
          for (uint32_t j = h + 1; j < i; ++j)
            if (fn_.insts[j].dst == v) at = j;
          if (at == ~0u) return false;
          const Inst& add = fn_.insts[at];
          if (add.op != Opcode::kAdd || add.type != Type::kI32 || (*defs_)[v] != 1) return false;
          VReg x = add.a, y = add.b;
          if (Iv(x) < 0) std::swap(x, y);
          if (Iv(x) < 0) return false;
          a.iv = x;
          a.k = After(Iv(x), at);
          if (Const(y)) {
            a.k += static_cast<uint32_t>(const_val_[y]);
          } else if (invariant(y)) {
            a.inv = y;
          } else {
            return false;
          }
        }
        if (step_[Iv(a.iv)] != 1) return false;
        addr_[loads] = a;
        load_[loads++] = in;
        continue;
      }
      case Opcode::kBrCmp: case Opcode::kBrIf: {
        const bool back = in.index == header;
        if (back != (i == e)) return false;  // the back branch is the last instruction
        const bool test = (in.op == Opcode::kBrCmp && is_load(in.a) && is_load(in.b) && in.a != in.b) ||
                          (in.op == Opcode::kBrIf && in.a == diff && diff != ir::kNoVReg);
        if (test) {
          // the mismatch test (of the bytes, or of their difference against zero):
          // leaves on ne, or goes on (back) on eq
          if (in.cond != (back ? Cond::kEq : Cond::kNe) || mismatch++) return false;
          continue;
        }
        if (in.type != Type::kI32) return false;
        // a count test; `goes on` is the condition under which the loop continues
        Cond cond = in.cond;
        if (!back) cond = ir::NegateIntCond(cond);
        if (in.op == Opcode::kBrIf) {
          if (!count_test(in.a, ir::kNoVReg, cond, i)) return false;
        } else if (!count_test(in.a, in.b, cond, i)) {
          return false;
        }
        continue;
      }
      case Opcode::kJump:
        if (i != e || in.index != header) return false;
        continue;
      default: return false;
    }
  }
  if (loads != 2 || mismatch != 1) return false;
  // The loaded values are read by the mismatch test only (in the body; after the loop
  // they are the last iteration's), and each address add only by its load, which it
  // comes before (so the first iteration after the fast loop, whose count tests pass,
  // defines them all before it can leave).
  for (uint32_t i = h + 1; i <= e; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kBrCmp && is_load(in.a) && is_load(in.b)) continue;  // the test
    if (diff != ir::kNoVReg && (in.dst == diff || (in.op == Opcode::kBrIf && in.a == diff))) continue;
    if (in.op == Opcode::kAdd && Iv(in.dst) < 0 && in.dst != load_[0].a && in.dst != load_[1].a) return false;
    bool bad = false;
    ir::ForEachUse(fn_, in, [&](VReg v) {
      if (is_load(v) || v == diff) bad = true;
      if (InBody(v) && Iv(v) < 0 && !Const(v) && in.op != Opcode::kLoad) bad = true;
    });
    if (bad) return false;
  }
  return true;
}

void ByteCompares::Emit(uint32_t h, uint32_t e, Insertions& ins) {
  const uint32_t header = fn_.insts[h].index;
  LoopEmitter em(fn_, ins, h, e);
  auto add = [&](Inst in) { em.Add(in); };
  auto konst = [&](Type t, uint64_t bits) { return em.Const(t, bits); };
  auto op2 = [&](Opcode op, Type t, VReg a, VReg b) { return em.Op2(op, t, a, b); };
  auto br = [&](Cond c, Type t, VReg a, VReg b, uint32_t to) {  // leaves to `to` when c holds
    add({.op = Opcode::kBrCmp, .type = t, .cond = c, .a = a, .b = b, .index = to});
  };
  const Type i32 = Type::kI32, i64 = Type::kI64;
  // Count tests: x = iv + k; the next w + 1 iterations test x + j*step, j = 0..w.
  auto count_tests = [&](uint32_t w, uint32_t to) {
    const VReg wv = konst(i32, w);
    for (const CountTest& t : tests_) {
      const bool zero = t.bound == ir::kNoVReg && (t.bound_const & 0xffffffffu) == 0;
      const VReg bound = t.bound != ir::kNoVReg ? t.bound : konst(i32, t.bound_const & 0xffffffffu);
      const VReg x = t.k ? op2(Opcode::kAdd, i32, t.iv, konst(i32, t.k)) : t.iv;
      const bool up = step_[Iv(t.iv)] > 0;
      if (t.cond != Cond::kNe) br(ir::NegateIntCond(t.cond), i32, x, bound, to);  // the first test fails
      // the distance to the bound in steps, which must exceed w (n - 0 is n)
      const VReg d = up ? op2(Opcode::kSub, i32, bound, x) : zero ? x : op2(Opcode::kSub, i32, x, bound);
      br(Cond::kLeU, i32, d, wv, to);
    }
  };
  // Both blocks [a + off, a + off + w) inside the memory (`size` bytes), else on to `to`;
  // then their words (type t) and a branch to `differ` when they differ.
  auto block = [&](uint32_t w, Type t, VReg size, uint32_t to, uint32_t differ, VReg word[2]) {
    VReg address[2];
    for (int k = 0; k < 2; ++k) {
      const Address& a = addr_[k];
      VReg r = a.iv;
      if (a.inv != ir::kNoVReg) r = op2(Opcode::kAdd, i32, a.inv, r);
      if (a.k) r = op2(Opcode::kAdd, i32, r, konst(i32, a.k));
      address[k] = r;
      const VReg z = fn_.NewVReg(i64);
      add({.op = Opcode::kExtendU32, .type = i64, .src_type = i32, .dst = z, .a = r});
      const VReg end = op2(Opcode::kAdd, i64, z, konst(i64, load_[k].imm + w));
      br(Cond::kGtU, i64, end, size, to);
    }
    for (int k = 0; k < 2; ++k) {
      word[k] = fn_.NewVReg(t);
      add({.op = Opcode::kLoad, .type = t, .src_type = i32, .width = static_cast<uint8_t>(w), .dst = word[k],
           .a = address[k], .imm = load_[k].imm});
    }
    br(Cond::kNe, t, word[0], word[1], differ);
  };
  // The words are equal: the w iterations they stand for all go on.
  auto advance = [&](uint32_t w) {
    for (size_t k = 0; k < ivs_.size(); ++k) {
      const VReg c = konst(i32, static_cast<uint32_t>(step_[k] * w));
      add({.op = Opcode::kAdd, .type = i32, .dst = ivs_[k], .a = ivs_[k], .b = c});
    }
  };
  // The words differ: the first j = ctz(x ^ y) / 8 bytes are equal (wasm's loads are
  // little-endian), j < w, so iterations 0..j-1 go on (the count tests allowed w + 1)
  // and the byte loop finds the difference in its first iteration.
  auto differ = [&](Type t, const VReg word[2]) {
    const VReg x = op2(Opcode::kXor, t, word[0], word[1]);
    const VReg tz = fn_.NewVReg(t);
    add({.op = Opcode::kCtz, .type = t, .dst = tz, .a = x, .index2 = 1});  // x != 0
    VReg j = op2(Opcode::kShrU, t, tz, konst(t, 3));
    if (t == i64) {
      const VReg j32 = fn_.NewVReg(i32);
      add({.op = Opcode::kWrap, .type = i32, .src_type = i64, .dst = j32, .a = j});
      j = j32;
    }
    for (size_t k = 0; k < ivs_.size(); ++k) {
      const int64_t s = step_[k];
      if (s == 1 || s == -1) {
        add({.op = s == 1 ? Opcode::kAdd : Opcode::kSub, .type = i32, .dst = ivs_[k], .a = ivs_[k], .b = j});
      } else {
        const VReg d = op2(Opcode::kMul, i32, j, konst(i32, static_cast<uint32_t>(s)));
        add({.op = Opcode::kAdd, .type = i32, .dst = ivs_[k], .a = ivs_[k], .b = d});
      }
    }
  };
  const uint32_t fast = em.NewLabel(), skip = em.NewLabel(), tail = em.NewLabel(), tail_counted = em.NewLabel(),
                 skip_tail = em.NewLabel();
  // Before the loops, once: a range too short for even the 4-byte block goes to the byte
  // loop at the cost the 8-byte loop alone had (one count test, and the memory's size
  // not read); one too short for the 8-byte blocks, to the 4-byte block.
  count_tests(kTail, header);
  const VReg size = fn_.NewVReg(i64);
  add({.op = Opcode::kMemorySize, .type = i64, .width = 8, .dst = size, .index = 0});
  count_tests(kBlock, tail_counted);
  // The 8-byte loop, entered with its count tests passed (so the 4-byte block's pass
  // too); they run again after each block.
  em.InLoop();
  add({.op = Opcode::kLabel, .index = fast});
  VReg word[2];
  block(kBlock, i64, size, tail_counted, skip, word);
  advance(kBlock);
  count_tests(kBlock, tail);
  add({.op = Opcode::kJump, .index = fast});
  add({.op = Opcode::kLabel, .index = skip});
  differ(i64, word);
  add({.op = Opcode::kJump, .index = header});
  // One 4-byte block where fewer than 9 iterations remain (most of SQLite's memcmp
  // calls) or the 8-byte blocks would end past the memory; the same checks, once.
  em.InPreheader();
  add({.op = Opcode::kLabel, .index = tail});
  count_tests(kTail, header);
  add({.op = Opcode::kLabel, .index = tail_counted});
  VReg tail_word[2];
  block(kTail, i32, size, header, skip_tail, tail_word);
  advance(kTail);
  add({.op = Opcode::kJump, .index = header});
  add({.op = Opcode::kLabel, .index = skip_tail});
  differ(i32, tail_word);
  // falls into the byte loop's header
}

uint32_t ByteCompares::Scan(uint32_t i, uint32_t* last_label) const {
  const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
  *last_label = i;
  uint32_t loads = 0;
  for (++i; i < n; ++i) {
    const Inst& in = fn_.insts[i];
    if (in.op == Opcode::kLabel || i - *last_label > kMaxBody) return ~0u;
    switch (in.op) {
      case Opcode::kLoad:
        if (in.width != 1 || ++loads > 2) return ~0u;
        break;
      case Opcode::kBrIf: case Opcode::kBrCmp: case Opcode::kJump:
        if (fn_.insts[*last_label].index == in.index)  // a branch back to the label
          return loads == 2 ? i : ~0u;
        if (in.op == Opcode::kJump) return ~0u;  // (else a side exit)
        break;
      case Opcode::kNop: case Opcode::kConst: case Opcode::kAdd: case Opcode::kSub:
        break;
      default:
        return ~0u;
    }
  }
  return ~0u;
}

bool ByteCompares::Run() {
  const uint32_t n = static_cast<uint32_t>(fn_.insts.size());
  // Candidates: a branch back to the last label before it, with two byte loads and
  // only the operations Analyze may take in between: a scan from each label (only
  // those some branch targets backwards, when LICM's are still valid).
  std::vector<std::pair<uint32_t, uint32_t>> loops;  // (header, back branch)
  uint32_t h;
  if (headers_ != nullptr && headers_->valid) {
    for (const auto& header : headers_->list)
      if (const uint32_t e = Scan(header.first, &h); e != ~0u) loops.push_back({h, e});
    return RewriteFallInLoops(fn_, loops, *this);
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (fn_.insts[i].op != Opcode::kLabel) continue;
    const uint32_t e = Scan(i, &h);
    if (e != ~0u) loops.push_back({h, e});
    if (e != ~0u) i = e;  // (nothing up to the next label can start another)
  }
  return RewriteFallInLoops(fn_, loops, *this);
}

}  // namespace

bool WidenByteCompares(ir::Function& fn, DefCounts& defs, const LoopHeaders* loops) {
  return ByteCompares(fn, defs, loops).Run();
}
bool WidenByteCompares(ir::Function& fn) {
  DefCounts defs;
  return WidenByteCompares(fn, defs);
}

}  // namespace wasmc::opt
