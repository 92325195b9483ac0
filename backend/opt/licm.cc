// Loop-invariant code motion (backend/opt/opt.h). A wasm loop is contiguous in layout:
// its header is a label that a later branch jumps back to, its body the range up to
// the last such branch. When nothing outside that range branches into it, the header
// is entered from outside only by falling through from the instruction before its
// label, so code inserted just before the label is a preheader.
//
// A pure, non-trapping computation inside the range whose result has one definition
// and whose operands are invariant moves there. An operand is invariant when nothing
// in the range defines it (a variable set before the loop and not in it qualifies too)
// or when it was moved out of this loop already. Its value at the preheader is then the
// value every iteration reads: the range is entered only through the header, and the
// verifier's definedness (every path to a use defines the operand) makes it defined
// there. Moving a computation that some iteration would skip is safe because it cannot
// trap or write. Inner loops go first, so a computation can move out of several levels.
#include <algorithm>

#include "backend/opt/opt.h"
#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

using ir::Inst;
using ir::Opcode;
using ir::VReg;

bool Movable(Opcode op) {
  if (!ir::IsPure(op)) return false;
  switch (op) {  // these read state that stores, calls or memory.grow change
    case Opcode::kGlobalGet: case Opcode::kMemorySize: case Opcode::kMemoryBase:
    case Opcode::kTableSize:
      return false;
    default: return true;
  }
}

// One ALU operation of a value and a constant (`base + 16`): it costs an instruction
// (or nothing, folded into an address) per iteration where it is, but if the hoisted
// value does not get a register, every use in the loop reloads it from a stack slot
// instead. The interp kernel ran 12% fewer instructions but 9% more CPU time with
// such values hoisted (its dispatch loop reads them from slots).
bool CheapWithConstant(const Inst& in, const std::vector<uint8_t>& is_const) {
  switch (in.op) {
    case Opcode::kAdd: case Opcode::kSub: case Opcode::kAnd: case Opcode::kOr:
    case Opcode::kXor: case Opcode::kShl: case Opcode::kShrU: case Opcode::kShrS:
      return (in.a != ir::kNoVReg && is_const[in.a]) || (in.b != ir::kNoVReg && is_const[in.b]);
    default: return false;
  }
}

struct Loop {
  uint32_t header = 0, end = 0;  // the header's kLabel and the last back branch
};

// HoistLoopInvariants' vectors, one set per thread, kept from function to function
// (sized per call): allocated once per thread, not per function.
struct Scratch {
  std::vector<uint32_t> label_inst, loop_end, first_from, last_from, calls;
  std::vector<uint32_t> defined_in, hoisted_to, target;
  std::vector<uint8_t> is_const;
  std::vector<Loop> loops;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

bool HoistLoopInvariants(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type)) {
  DefCounts defs;
  return HoistLoopInvariants(fn, const_in_register, defs);
}

bool HoistLoopInvariants(ir::Function& fn, bool (*const_in_register)(uint64_t bits, ir::Type type),
                         DefCounts& counts, LoopHeaders* found, const FoldFacts* facts) {
  const uint32_t n = static_cast<uint32_t>(fn.insts.size());
  // Loops: labels some later instruction branches back to (each label is bound once,
  // the verifier's rule, so a label bound after a branch is ahead).
  Scratch& sc = ThreadScratch();
  // Per label the first and last instruction branching to it (to find a branch entering
  // a range from outside), and the calls. From `facts` (the labels, branches and calls
  // as the fold or branch folding found them, opt.h) or one walk.
  std::vector<uint32_t>& loop_end = sc.loop_end;
  std::vector<uint32_t>& first_from = sc.first_from;
  std::vector<uint32_t>& last_from = sc.last_from;
  loop_end.assign(fn.num_labels, ~0u);
  first_from.assign(fn.num_labels, ~0u);
  last_from.assign(fn.num_labels, 0);
  bool any = false;
  auto branch = [&](uint32_t i, const std::vector<uint32_t>& label_inst) {
    ir::ForEachTarget(fn, fn.insts[i], [&](uint32_t l) {
      if (label_inst[l] <= i) loop_end[l] = i, any = true;
      first_from[l] = std::min(first_from[l], i);
      last_from[l] = std::max(last_from[l], i);
    });
  };
  const std::vector<uint32_t>* label_inst = &sc.label_inst;
  const std::vector<uint32_t>* calls = &sc.calls;
  if (facts != nullptr) {
    label_inst = &facts->label_inst;
    calls = &facts->calls;
    for (const uint32_t i : facts->branches) branch(i, *label_inst);
  } else {
    sc.label_inst.assign(fn.num_labels, ~0u);
    sc.calls.clear();
    for (uint32_t i = 0; i < n; ++i) {
      const Inst& in = fn.insts[i];
      switch (in.op) {  // (one dispatch per instruction: labels, branches, calls)
        case Opcode::kLabel: sc.label_inst[in.index] = i; break;
        case Opcode::kJump: case Opcode::kBrIf: case Opcode::kBrCmp: case Opcode::kEhEdge: case Opcode::kBrTable:
          branch(i, sc.label_inst);
          break;
        default:
          if (ir::IsCall(in.op)) sc.calls.push_back(i);
          break;
      }
    }
  }
  std::vector<Loop>& loops = sc.loops;
  loops.clear();
  if (any)
    for (uint32_t l = 0; l < fn.num_labels; ++l)
      if (loop_end[l] != ~0u) loops.push_back({(*label_inst)[l], loop_end[l]});
  std::sort(loops.begin(), loops.end(), [](const Loop& x, const Loop& y) { return x.header > y.header; });
  if (found != nullptr) {
    found->list.clear();
    for (size_t k = loops.size(); k-- > 0;) found->list.push_back({loops[k].header, loops[k].end});
    found->valid = true;
  }
  if (!any) return false;

  // The reachable instructions (a computation in dead code may read what is never
  // defined), found when a computation that would move is first asked about: most
  // functions have none. A constant that moves only along with others is not asked
  // about (`maybe_dead`) until something moves: one in dead code can only be read by
  // dead code, which stays, so whether it was marked changes nothing else.
  std::vector<uint8_t> reached;
  bool maybe_dead = false;
  // The per-vreg facts, made when a loop first qualifies (most functions have none).
  const std::vector<uint32_t>* defs_of = nullptr;
  std::vector<uint8_t>& is_const = sc.is_const;
  std::vector<uint32_t>& defined_in = sc.defined_in;
  std::vector<uint32_t>& hoisted_to = sc.hoisted_to;
  std::vector<uint32_t>& target = sc.target;  // inst -> the header it moves before
  bool changed = false;
  for (uint32_t k = 0; k < loops.size(); ++k) {
    const Loop& lp = loops[k];
    if (lp.header == 0 || ir::IsTerminator(fn.insts[lp.header - 1].op)) continue;
    // Register pressure: a value hoisted over a loop with calls needs a callee-saved
    // register for the whole loop (few exist) or lives in a stack slot, which costs
    // more than recomputing it. Measured on bench/kernels (docs/backend.md).
    const auto call = std::lower_bound(calls->begin(), calls->end(), lp.header);
    if (call != calls->end() && *call <= lp.end) continue;
    bool entered = false;
    for (uint32_t i = lp.header; i <= lp.end && !entered; ++i) {
      if (fn.insts[i].op != Opcode::kLabel) continue;
      const uint32_t l = fn.insts[i].index;
      if (first_from[l] != ~0u) entered = first_from[l] < lp.header || last_from[l] > lp.end;
    }
    if (entered) continue;
    if (defs_of == nullptr) {
      defs_of = &counts.Of(fn);
      if (facts != nullptr) {
        is_const = facts->known;  // (the same: the single-definition constants)
      } else {
        is_const.assign(fn.NumVRegs(), 0);
        for (const Inst& in : fn.insts)
          if (in.op == Opcode::kConst && (*defs_of)[in.dst] == 1) is_const[in.dst] = 1;
      }
      defined_in.assign(fn.NumVRegs(), ~0u);
      hoisted_to.assign(fn.NumVRegs(), ~0u);
      target.assign(n, ~0u);
    }
    const std::vector<uint32_t>& defs = *defs_of;
    for (uint32_t i = lp.header; i <= lp.end; ++i)
      ir::ForEachDef(fn, fn.insts[i], [&](VReg v) { defined_in[v] = k; });
    auto invariant = [&](VReg v) { return v == ir::kNoVReg || defined_in[v] != k || hoisted_to[v] == k; };
    for (uint32_t i = lp.header + 1; i <= lp.end; ++i) {
      const Inst& in = fn.insts[i];
      if (in.dst == ir::kNoVReg || defs[in.dst] != 1 || !invariant(in.a) || !invariant(in.b) ||
          !invariant(in.c) || !Movable(in.op) || CheapWithConstant(in, is_const))
        continue;
      const bool moves = in.op != Opcode::kConst || (const_in_register && const_in_register(in.imm, in.type));
      if (moves) {
        if (reached.empty()) reached = ReachableInsts(fn);
        if (!reached[i]) continue;
      }
      maybe_dead |= !moves;
      target[i] = lp.header;
      hoisted_to[in.dst] = k;
      changed |= moves;
    }
  }
  if (!changed) return false;
  if (maybe_dead)  // (reached is there: something moves)
    for (uint32_t i = 0; i < n; ++i)
      if (!reached[i]) target[i] = ~0u;

  // Rebuild: the moved instructions, in their original order, before their header.
  // Equal constants worth a register that move before the same header become one
  // (the first: it precedes the others there, so it reaches all their uses).
  std::vector<std::vector<uint32_t>> before(n);
  for (uint32_t i = 0; i < n; ++i)
    if (target[i] != ~0u) before[target[i]].push_back(i);
  std::vector<Inst> out;
  out.reserve(n);
  std::vector<uint32_t> new_index(n + 1);
  Replacements repl(fn.NumVRegs());
  std::vector<const Inst*> consts;  // per header: the constants kept in a register
  for (uint32_t p = 0; p <= n; ++p) {
    new_index[p] = static_cast<uint32_t>(out.size());
    if (p == n) break;
    consts.clear();
    for (uint32_t i : before[p]) {
      const Inst& in = fn.insts[i];
      if (in.op == Opcode::kConst && const_in_register && const_in_register(in.imm, in.type)) {
        auto same = std::find_if(consts.begin(), consts.end(), [&](const Inst* c) {
          return c->imm == in.imm && c->type == in.type;
        });
        if (same != consts.end()) {
          repl.Set(in.dst, (*same)->dst);
          continue;
        }
        consts.push_back(&in);
      }
      out.push_back(in);
      out.back().loop_depth = fn.insts[p - 1].loop_depth;  // the preheader's
    }
    if (target[p] == ~0u) out.push_back(fn.insts[p]);
  }
  ReplaceInsts(fn, std::move(out), new_index);
  repl.ApplyAll(fn);
  return true;
}

}  // namespace wasmc::opt
