// Shared by the mid-end passes (backend/opt/opt.h): definition counts, use rewriting,
// instruction insertion and the block graph.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "backend/ir/ir.h"
#include "backend/opt/opt.h"

namespace wasmc::opt {

// Integer constants: `x` cut to the width of `t`, its signed value, and whether `c`
// holds between a and b (integer conditions only).
inline uint64_t Mask(ir::Type t, uint64_t x) { return ir::Is64(t) ? x : x & 0xffffffffull; }
inline int64_t Signed(ir::Type t, uint64_t x) {
  return ir::Is64(t) ? static_cast<int64_t>(x) : static_cast<int32_t>(static_cast<uint32_t>(x));
}
bool EvalCond(ir::Cond c, ir::Type t, uint64_t a, uint64_t b);

// Definitions per vreg; a param and the results pointer count one for the entry.
std::vector<uint32_t> CountDefs(const ir::Function& fn);
void CountDefsInto(const ir::Function& fn, std::vector<uint32_t>& counts);  // (reuses its storage)

// Calls `f(vreg&)` for each operand slot the instruction reads (as ir::ForEachUse).
template <typename F>
void ForEachUseSlot(ir::Function& fn, ir::Inst& in, F&& f) {
  if (in.a != ir::kNoVReg) f(in.a);
  if (in.b != ir::kNoVReg) f(in.b);
  if (in.c != ir::kNoVReg) f(in.c);
  switch (in.op) {
    case ir::Opcode::kCall: case ir::Opcode::kCallImport: case ir::Opcode::kCallIndirect:
    case ir::Opcode::kCallRuntime: case ir::Opcode::kReturn: case ir::Opcode::kReturnCall:
    case ir::Opcode::kReturnCallImport: case ir::Opcode::kReturnCallIndirect:
      for (uint32_t i = 0; i < in.index2; ++i) f(fn.extra[in.extra_begin + i]);
      break;
    case ir::Opcode::kParallelMove:
      for (uint32_t i = 0; i < in.extra_count; i += 2) f(fn.extra[in.extra_begin + i + 1]);
      break;
    default: break;
  }
}

// Copy propagation: repl[v] = the single-definition value that replaces v, or kNoVReg.
// Resolve follows chains; Apply rewrites every use in the function.
struct Replacements {
  std::vector<ir::VReg> repl;
  bool any = false;  // set by Set: until then there is nothing to rewrite
  explicit Replacements(uint32_t n) : repl(n, ir::kNoVReg) {}
  // As Replacements(n), in the storage it has (a pass's vectors kept per thread).
  void Reset(uint32_t n) {
    repl.assign(n, ir::kNoVReg);
    any = false;
  }
  void Set(ir::VReg v, ir::VReg by) {
    repl[v] = by;
    any = true;
  }
  ir::VReg Resolve(ir::VReg v) const {
    while (v != ir::kNoVReg && repl[v] != ir::kNoVReg) v = repl[v];
    return v;
  }
  void ApplyTo(ir::Function& fn, ir::Inst& in) const {
    if (any) ForEachUseSlot(fn, in, [&](ir::VReg& v) { v = Resolve(v); });
  }
  void ApplyAll(ir::Function& fn) const { ApplyBefore(fn, static_cast<uint32_t>(fn.insts.size())); }
  // ApplyAll to the instructions before `end` only (a walk that applied them as it went
  // and set the last replacement at `end`: the ones from there on are up to date).
  void ApplyBefore(ir::Function& fn, uint32_t end) const {
    if (any)
      for (uint32_t i = 0; i < end; ++i) ApplyTo(fn, fn.insts[i]);
  }
};

// Instructions to insert before existing ones, applied in one rebuild (label_block and
// the markers' first_inst follow; a marker of inst i then starts at what was inserted
// before i).
struct Insertions {
  std::vector<std::pair<uint32_t, ir::Inst>> before;  // in increasing inst order
  void Add(uint32_t at, ir::Inst in) { before.emplace_back(at, in); }
  void Apply(ir::Function& fn);
};

// Replaces fn.insts by `out`, where new_index[i] is the new position of what was at
// old position i (old size + 1 entries): label_block and the markers follow.
void ReplaceInsts(ir::Function& fn, std::vector<ir::Inst> out, const std::vector<uint32_t>& new_index);

// A kConst of `t` holding `bits` in a new vreg, inserted before inst `at`.
ir::VReg InsertConst(ir::Function& fn, Insertions& ins, uint32_t at, ir::Type t, uint64_t bits);

// The block graph: blocks start at inst 0, at labels and after branches (as the verifier
// splits them, backend/ir/verify.cc).
// Per block, a list of blocks (edges), all in one array: adj[b] is block b's.
class Adjacency {
 public:
  std::span<const uint32_t> operator[](uint32_t b) const {
    return {list_.data() + begin_[b], list_.data() + begin_[b + 1]};
  }
  // Built from a count of edges per block (Count), then the edges (Add), each block's
  // in the order they are added.
  void Init(uint32_t blocks) { begin_.assign(blocks + 2, 0); }
  void Count(uint32_t b) { ++begin_[b + 2]; }
  void Allocate() {
    for (size_t b = 2; b < begin_.size(); ++b) begin_[b] += begin_[b - 1];
    list_.resize(begin_.back());
  }
  void Add(uint32_t b, uint32_t to) { list_[begin_[b + 1]++] = to; }

 private:
  std::vector<uint32_t> begin_, list_;
};

struct Blocks {
  std::vector<uint32_t> start;     // first inst of each block (+ insts.size())
  std::vector<uint32_t> block_of;  // inst -> block
  std::vector<uint32_t> label_block;  // label id -> block (~0u when not bound)
  Adjacency succ, pred;
  uint32_t Size() const { return static_cast<uint32_t>(start.size() - 1); }
  uint32_t End(uint32_t b) const { return start[b + 1]; }
};
Blocks BuildBlocks(const ir::Function& fn);
// Whether `y` keeps its value from after inst `from` up to inst `to` (exclusive), both in
// one block: no definition of y, no label or branch in between (the folds of
// scaled_add.cc and shifted_operand.cc, which move a read of y from `from` to `to`).
bool UnchangedBetween(const ir::Function& fn, ir::VReg y, uint32_t from, uint32_t to);

// How many instructions read each vreg, and the value of each single-definition
// constant (`defs`: CountDefs); `each(i, inst)` sees every other single-definition instruction, in order
// (the local folds' maps of the instructions they may fold: scaled_add.cc,
// shifted_operand.cc). A fold moves at most this far (instructions) from its operand's
// definition: it bounds their UnchangedBetween scans.
constexpr uint32_t kMaxFoldDistance = 32;
struct ValueFacts {
  std::vector<uint32_t> uses;
  std::vector<uint8_t> is_const;
  std::vector<uint64_t> const_val;
};
// FoldScaledIndexes (scaled_index.cc) from a walk's facts (FoldScaledAdds's): the
// definition counts, the uses and constants, and the accesses IsScaledIndexCandidate
// takes whose address has a single definition, in order, each with that definition's
// instruction (j, i).
inline bool IsScaledIndexCandidate(const ir::Inst& in) {
  return (in.op == ir::Opcode::kLoad || in.op == ir::Opcode::kStore) && in.index2 == 0 && in.index == 0 &&
         in.src_type == ir::Type::kI32 && in.a != ir::kNoVReg;
}
bool FoldScaledIndexes(ir::Function& fn, const std::vector<uint32_t>& def_count, const ValueFacts& vf,
                       std::span<const std::pair<uint32_t, uint32_t>> accesses);

// The thread's ValueFacts, which ScanValues fills (kept from one function to the next,
// so that a pass does not allocate them per function; one ScanValues result in use at a
// time per thread).
ValueFacts& ThreadValueFacts();
template <typename Each>
const ValueFacts& ScanValues(const ir::Function& fn, const std::vector<uint32_t>& defs, Each each) {
  const uint32_t n = fn.NumVRegs();
  ValueFacts& f = ThreadValueFacts();
  f.uses.assign(n, 0);
  f.is_const.assign(n, 0);
  f.const_val.assign(n, 0);
  for (uint32_t i = 0; i < fn.insts.size(); ++i) {
    const ir::Inst& in = fn.insts[i];
    ir::ForEachUse(fn, in, [&](ir::VReg v) { ++f.uses[v]; });
    if (in.dst == ir::kNoVReg || defs[in.dst] != 1) continue;
    if (in.op == ir::Opcode::kConst) {
      f.is_const[in.dst] = 1;
      f.const_val[in.dst] = in.imm;
    } else {
      each(i, in);
    }
  }
  return f;
}
// The single-definition constants (`defs`: CountDefs): is_const[v] and their values,
// sized to the function's vregs.
inline void SingleDefConstants(const ir::Function& fn, const std::vector<uint32_t>& defs,
                               std::vector<uint8_t>& is_const, std::vector<uint64_t>& value) {
  is_const.assign(fn.NumVRegs(), 0);
  value.assign(fn.NumVRegs(), 0);
  for (const ir::Inst& in : fn.insts)
    if (in.op == ir::Opcode::kConst && defs[in.dst] == 1) is_const[in.dst] = 1, value[in.dst] = in.imm;
}

// Instructions a loop rewriter inserts before a loop's header label (inst h; the back
// branch at e): each gets the header's marker and the preheader's loop depth, or the
// loop's after InLoop() (for a new loop in front of it).
class LoopEmitter {
 public:
  LoopEmitter(ir::Function& fn, Insertions& ins, uint32_t h, uint32_t e)
      : fn_(fn), ins_(ins), at_(h), marker_(fn.insts[h].marker),
        depth_pre_(h == 0 ? 0 : fn.insts[h - 1].loop_depth), depth_loop_(fn.insts[e].loop_depth),
        depth_(depth_pre_) {}
  void InLoop() { depth_ = depth_loop_; }
  void InPreheader() { depth_ = depth_pre_; }
  void Add(ir::Inst in) {
    in.marker = marker_;
    in.loop_depth = depth_;
    ins_.Add(at_, in);
  }
  ir::VReg Const(ir::Type t, uint64_t bits) {
    const ir::VReg v = fn_.NewVReg(t);
    Add({.op = ir::Opcode::kConst, .type = t, .dst = v, .imm = bits});
    return v;
  }
  ir::VReg Op2(ir::Opcode op, ir::Type t, ir::VReg a, ir::VReg b) {
    const ir::VReg v = fn_.NewVReg(t);
    Add({.op = op, .type = t, .dst = v, .a = a, .b = b});
    return v;
  }
  uint32_t NewLabel() {
    fn_.label_block.push_back(~0u);
    return fn_.num_labels++;
  }

 private:
  ir::Function& fn_;
  Insertions& ins_;
  uint32_t at_, marker_;
  uint8_t depth_pre_, depth_loop_, depth_;
};

// The loop rewriters' common driver (vectorize.cc, byte_compare.cc): of the candidate
// loops (header label's inst, back branch's inst), those whose header label only its
// back branch targets and that are entered from before by falling into it (or start the
// function), so that instructions inserted before the label run once per entry, go to
// `pass`: Init() once, before the first (its per-function facts), then per loop
// Analyze(h, e) and, when that takes it, Emit(h, e, ins), which adds the new
// instructions to `ins`; they are inserted in one rebuild at the end. Returns whether
// any loop changed.
template <typename Pass>
bool RewriteFallInLoops(ir::Function& fn, const std::vector<std::pair<uint32_t, uint32_t>>& loops, Pass& pass) {
  if (loops.empty()) return false;
  std::vector<uint32_t> targeted(fn.num_labels, 0);
  for (const ir::Inst& in : fn.insts) ir::ForEachTarget(fn, in, [&](uint32_t l) { ++targeted[l]; });
  Insertions ins;
  bool changed = false, ready = false;
  for (const auto& [h, e] : loops) {
    if (targeted[fn.insts[h].index] != 1 || (h > 0 && ir::IsTerminator(fn.insts[h - 1].op))) continue;
    if (!ready) pass.Init(), ready = true;
    if (!pass.Analyze(h, e)) continue;
    pass.Emit(h, e, ins);
    changed = true;
  }
  if (changed) ins.Apply(fn);
  return changed;
}

// What FoldConstants' walk finds for FoldBranches and HoistLoopInvariants (opt.h), one
// set per thread: the single-definition constants (known[v], their values val[v] at
// v's width), label -> the instruction index of its kLabel (~0u: not bound), the
// branches (kJump, kBrIf, kBrCmp, kBrTable, kEhEdge) and the calls (ir::IsCall) in
// order. FoldBranches walks to fill them itself unless it runs right after a fold that
// inserted nothing (FoldConstants' `walked`); they then hold until a pass changes the
// function.
struct FoldFacts {
  std::vector<uint8_t> known;
  std::vector<uint64_t> val;
  std::vector<uint32_t> label_inst, branches, calls;
};
FoldFacts& ThreadFoldFacts();
// Whether `facts` are what FoldBranches' own walk finds in fn (`defs`: CountDefs), the
// constants' values at their vreg's width (OptimizeFunction's check under WASMC_VERIFY).
bool FoldFactsHold(const ir::Function& fn, const std::vector<uint32_t>& defs, const FoldFacts& facts);

// Which blocks a path from the entry reaches.
std::vector<uint8_t> ReachableBlocks(const Blocks& g);
// The same per instruction (reached[i] = ReachableBlocks(BuildBlocks(fn))[block of i]),
// without building the block graph: one walk from the entry and from each target label
// reached, each instruction visited once (LICM and branch folding need no edges).
std::vector<uint8_t> ReachableInsts(const ir::Function& fn);

// Immediate dominators (entry: itself; unreachable blocks: ~0u) and the blocks in
// reverse post-order from the entry.
struct Dominators {
  std::vector<uint32_t> idom;
  std::vector<uint32_t> rpo;
};
Dominators ComputeDominators(const Blocks& g);

}  // namespace wasmc::opt
