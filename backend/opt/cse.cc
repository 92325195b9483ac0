// Common-subexpression elimination over the dominator tree (backend/opt/opt.h): a pure
// computation whose result and operands have one definition each is replaced by an
// equal one in a dominating position (same opcode, fields and operands; commutative
// operands in a canonical order). The available expressions are a scoped table: a
// block sees what its dominators computed.
//
// Left out: loads and anything reading state that stores, calls or memory.grow change
// (global.get, memory.size, memory base, table.size), constants (already immediates)
// and copies (fold.cc propagates them).
#include <algorithm>
#include <cstddef>
#include <unordered_map>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

struct Key {
  Opcode op;
  ir::Type type, src_type;
  ir::Cond cond;
  uint8_t width;
  bool sign;
  VReg a, b, c;
  uint32_t index, index2;
  uint64_t imm, imm_hi;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  size_t operator()(const Key& k) const {
    uint64_t h = static_cast<uint64_t>(k.op) | static_cast<uint64_t>(k.type) << 8 |
                 static_cast<uint64_t>(k.src_type) << 16 | static_cast<uint64_t>(k.cond) << 24 |
                 static_cast<uint64_t>(k.width) << 32 | static_cast<uint64_t>(k.sign) << 40;
    for (uint64_t x : {uint64_t{k.a}, uint64_t{k.b}, uint64_t{k.c}, uint64_t{k.index},
                       uint64_t{k.index2}, k.imm, k.imm_hi})
      h = (h ^ x) * 0x9e3779b97f4a7c15ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

bool Candidate(Opcode op) {
  if (!ir::IsPure(op)) return false;
  switch (op) {
    case Opcode::kConst: case Opcode::kMov: case Opcode::kGlobalGet: case Opcode::kMemorySize:
    case Opcode::kMemoryBase: case Opcode::kTableSize:
      return false;
    default: return true;
  }
}

// Candidate per opcode, as a table (AnyRepeated asks for every instruction: IsPure is
// out of line).
struct CandidateTable {
  bool of[256] = {};
  CandidateTable() {
    for (int op = 0; op < 256; ++op) of[op] = Candidate(static_cast<Opcode>(op));
  }
};
const CandidateTable kCandidates;

// Whether `in` computes a single-definition value from single-definition operands:
// the inline tests of KeyOf (most instructions fail one; Candidate calls IsPure).
inline bool SingleDefinitions(const Inst& in, const std::vector<uint32_t>& defs) {
  auto single = [&](VReg v) { return v == ir::kNoVReg || defs[v] == 1; };
  return in.dst != ir::kNoVReg && defs[in.dst] == 1 && single(in.a) && single(in.b) && single(in.c);
}

// The key of a candidate: a pure computation of a single-definition value from
// single-definition operands; false for anything else.
bool KeyOf(const Inst& in, const std::vector<uint32_t>& defs, Key& k) {
  if (!SingleDefinitions(in, defs) || !Candidate(in.op)) return false;
  k = Key{in.op, in.type, in.src_type, in.cond, in.width, in.sign, in.a, in.b, in.c,
          in.index, in.index2, in.imm, in.imm_hi};
  if (ir::IsCommutative(in.op) && k.a > k.b) std::swap(k.a, k.b);
  return true;
}

// Whether two candidates anywhere in the function are equal (most functions have none
// left after clang -O2, and then the dominator tree is not worth building).
bool AnyRepeated(const ir::Function& fn, const std::vector<uint32_t>& defs) {
  thread_local std::vector<size_t> hashes;  // (kept per thread from one function to the next)
  hashes.clear();
  Key k;
  for (const Inst& in : fn.insts)  // (the opcode first: most instructions are no candidate)
    if (kCandidates.of[static_cast<uint8_t>(in.op)] && SingleDefinitions(in, defs) && KeyOf(in, defs, k))
      hashes.push_back(KeyHash{}(k));
  std::sort(hashes.begin(), hashes.end());
  return std::adjacent_find(hashes.begin(), hashes.end()) != hashes.end();
}

}  // namespace

bool EliminateCommonSubexpressions(ir::Function& fn) {
  DefCounts defs;
  return EliminateCommonSubexpressions(fn, defs);
}

bool EliminateCommonSubexpressions(ir::Function& fn, DefCounts& counts) {
  const std::vector<uint32_t>& defs = counts.Of(fn);
  if (!AnyRepeated(fn, defs)) return false;
  const Blocks g = BuildBlocks(fn);
  const Dominators dom = ComputeDominators(g);
  const uint32_t nb = g.Size();
  std::vector<std::vector<uint32_t>> children(nb);
  for (uint32_t b : dom.rpo)
    if (b != 0) children[dom.idom[b]].push_back(b);

  Replacements r(fn.NumVRegs());
  std::unordered_map<Key, VReg, KeyHash> avail;
  std::vector<Key> log;
  bool changed = false;
  // Depth-first over the dominator tree: (block, log size on entry, entered).
  struct Frame { uint32_t block; size_t mark; bool entered; };
  std::vector<Frame> stack{{0, 0, false}};
  while (!stack.empty() && nb > 0) {
    Frame& f = stack.back();
    if (f.entered) {
      while (log.size() > f.mark) {
        avail.erase(log.back());
        log.pop_back();
      }
      stack.pop_back();
      continue;
    }
    f.entered = true;
    f.mark = log.size();
    const uint32_t b = f.block;
    for (uint32_t i = g.start[b]; i < g.End(b); ++i) {
      Inst& in = fn.insts[i];
      r.ApplyTo(fn, in);
      Key k;
      if (!SingleDefinitions(in, defs) || !KeyOf(in, defs, k)) continue;
      auto [it, inserted] = avail.try_emplace(k, in.dst);
      if (inserted) {
        log.push_back(k);
        continue;
      }
      r.Set(in.dst, it->second);
      const uint32_t marker = in.marker;
      in = Inst{.op = Opcode::kNop};
      in.marker = marker;
      changed = true;
    }
    for (uint32_t c : children[b]) stack.push_back({c, 0, false});
  }
  if (changed) r.ApplyAll(fn);
  return changed;
}

}  // namespace wasmc::opt
