// Zero-extension facts at block entries (docs/backend.md, "The address rule"): which
// allocatable GPRs hold a value below 2^32 on every path into each IR label, from what
// the x86-64 lowering of each instruction writes. X64MacroAssembler::ZeroExtendedIndex
// starts each block's tracker from them, so a memory index extended in another block
// (a loop-carried index, a pointer loaded by a 32-bit load, an extended parameter)
// is not extended again; with `accesses` it also answers from them carried through
// the block to each access, asking the tracker only where they say no. The address
// check proves the same again from the final bytes (address_check_x64.cc), trusting
// none of this.
#include <algorithm>
#include <array>
#include <vector>

#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::x64 {
namespace {

using ir::Opcode;
using regalloc::Location;

// What the walk of ZeroExtendedAtLabels does first with an opcode: kSpecial for no
// code (kNop), labels, calls, parallel moves, branches, terminators and the divisions
// (a jump to a trap on a constant 0): the opcodes whose effect is more than
// ApplyPlain's, or that have an edge or may not be followed by the code of the next
// IR instruction; also kEhEdge, whose targets it notes. kAccess (loads and stores,
// scalar and vector): AccessEffect, ApplyPlain's with the address's extension, no edge.
// The rest (kConst too): ApplyPlain. One table, looked up once per instruction.
enum OpKind : uint8_t { kPlain, kSpecial, kAccess };
const std::array<OpKind, 256> kOpKinds = [] {
  std::array<OpKind, 256> t{};
  for (uint32_t i = 0; i < t.size(); ++i) {
    const Opcode o = static_cast<Opcode>(i);
    switch (o) {
      case Opcode::kNop: case Opcode::kLabel: case Opcode::kParallelMove:
      case Opcode::kJump: case Opcode::kBrCmp: case Opcode::kBrIf: case Opcode::kBrTable:
      case Opcode::kDivS: case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU:
      case Opcode::kEhEdge:
        t[i] = kSpecial;
        break;
      case Opcode::kLoad: case Opcode::kStore: case Opcode::kVecLoad: case Opcode::kVecStore:
        t[i] = kAccess;
        break;
      default:
        t[i] = ir::IsCall(o) || ir::IsTerminator(o) ? kSpecial : kPlain;
    }
  }
  return t;
}();

// What the lowering of each opcode leaves in its result's GPR (Facts::DefExtends), one
// table looked up per definition instead of a switch over the opcodes.
enum DefRule : uint8_t {
  kDefNever,   // not known below 2^32
  kDefConst,   // a constant below 2^32 (`mov r32, imm` / `xor r32, r32`)
  kDefMove,    // Facts::MoveExtends
  kDefI32,     // x64_int.cc: 32-bit forms at i32 (lea r32, imul r32, div r32, ...)
  kDefAlways,  // setcc al; movzx r32, al (IntEqz, IntCmp, x64_loadop.cc FoldedCompare); wrap
               // and extend_u: mov r32, r32 / mov r32, [slot], omitted only when the
               // register is proven below 2^32 (x64_float.cc Convert)
  kDefLoad,    // movzx r32 / movsx r32 / mov r32 (X64MacroAssembler::Load) at i32 or unsigned
};
const std::array<DefRule, 256> kDefRules = [] {
  std::array<DefRule, 256> t{};
  for (uint32_t i = 0; i < t.size(); ++i) {
    switch (static_cast<Opcode>(i)) {
      case Opcode::kConst: t[i] = kDefConst; break;
      case Opcode::kMov: t[i] = kDefMove; break;
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
      case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kDivS:
      case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: case Opcode::kClz:
      case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kExtend8S:
      case Opcode::kExtend16S: case Opcode::kAddShl:
        t[i] = kDefI32;
        break;
      case Opcode::kEqz: case Opcode::kCmp: case Opcode::kWrap: case Opcode::kExtendU32:
        t[i] = kDefAlways;
        break;
      case Opcode::kLoad: t[i] = kDefLoad; break;
      default: t[i] = kDefNever;
    }
  }
  return t;
}();

class Facts {
 public:
  // const_val: per vreg, the bits of its kConst definition (0 for the rest), at least
  // fn.NumVRegs() of them. gpr_bit: the thread's vector (Scratch), sized and filled here.
  Facts(const ir::Function& fn, const regalloc::Allocation& alloc, const regalloc::RegisterInfo& regs,
        const uint64_t* const_val, std::vector<uint16_t>& gpr_bit)
      : fn_(fn), alloc_(alloc), regs_(regs), const_val_(const_val), gpr_bit_(gpr_bit) {
    gpr_bit_.assign(fn.NumVRegs(), 0);
    // Each vreg's GPR as a bit, 0 when it is not in a GPR (looked up once, not per operand).
    // (Through a local pointer: the thread's vector is not read again per vreg.)
    const uint32_t n = std::min<uint32_t>(fn.NumVRegs(), static_cast<uint32_t>(alloc.locs.size()));
    uint16_t* const bits = gpr_bit_.data();
    for (ir::VReg v = 0; v < n; ++v) {
      const Location& l = alloc.locs[v];
      if (l.kind == Location::kReg && l.reg < 16 && !ir::IsFpr(fn.vreg_types[v]))
        bits[v] = static_cast<uint16_t>(1u << l.reg);
    }
    bits_ = bits;
    num_bits_ = static_cast<uint32_t>(gpr_bit_.size());
    has_clobbers_ = regs.clobbers != nullptr;
  }
  // What `in`'s code does to the GPRs below 2^32 (bit r): after = (before & keep) | gen.
  struct Effect {
    uint16_t keep = 0xffff, gen = 0;
    void Write(uint16_t bits, bool extended) {
      keep &= static_cast<uint16_t>(~bits);
      gen = extended ? static_cast<uint16_t>(gen | bits) : static_cast<uint16_t>(gen & ~bits);
    }
  };
  Effect EffectOf(const ir::Inst& in) const {
    Effect e;
    if (in.op == Opcode::kNop) return e;  // no code
    const bool call = ir::IsCall(in.op);
    if (call) {
      e.keep = static_cast<uint16_t>(regs_.gpr_callee_saved);
      // call_indirect may return through a C-callee stub's computed jump
      // (EmitCCalleeStubs), where the check knows nothing of any register.
      if (in.op == Opcode::kCallIndirect) e.keep = 0;
    } else if (regs_.clobbers) {
      e.keep = static_cast<uint16_t>(~regalloc::ClobbersOf(regs_, in, alloc_.locs));
    }
    // A 32-bit address off memory 0 in a register is zero-extended in place by the
    // access (ZeroExtendedIndex) unless already proven so; so is the index of a
    // br_table with a table (one of only the default is a jump: FunctionCompiler).
    if (ExtendsAddress(in) || (in.op == Opcode::kBrTable && in.extra_count > 1)) e.gen |= Bit(in.a);
    if (in.op == Opcode::kParallelMove) {  // all sources read before any write
      uint16_t set = 0, clear = 0;
      for (uint32_t k = 0; k < in.extra_count; k += 2) {
        const ir::VReg d = fn_.extra[in.extra_begin + k], src = fn_.extra[in.extra_begin + k + 1];
        const uint16_t bit = Bit(d);
        if (!bit || Bit(src) == bit) continue;  // no code: d keeps what it had
        if (MoveExtends(d, src)) set |= bit;
        else clear |= bit;
      }
      e.Write(clear, false);
      e.Write(set, true);
      return e;
    }
    if (call) {  // results: not known extended
      ir::ForEachDef(fn_, in, [&](ir::VReg v) { e.Write(Bit(v), false); });
    } else if (const uint16_t bit = Bit(in.dst); bit && !(in.op == Opcode::kMov && Bit(in.a) == bit)) {
      e.Write(bit, DefExtends(in, in.dst));  // (the one definition of the rest)
    }
    return e;
  }

  // EffectOf for an instruction that is not kSpecial (kOpKinds), its scratch registers
  // and its one definition, composed into `e` (the block's effect so far) in place, as
  // `e.keep &= x.keep; e.gen = (e.gen & x.keep) | x.gen` would compose it (the walk's
  // most frequent step).
  void ApplyPlain(const ir::Inst& in, Effect& e) const {
    if (has_clobbers_ && !regs_.NeverClobbers(in.op)) [[unlikely]] {
      const uint16_t c = static_cast<uint16_t>(regalloc::ClobbersOf(regs_, in, alloc_.locs));
      e.keep &= static_cast<uint16_t>(~c);
      e.gen &= static_cast<uint16_t>(~c);
    }
    const uint16_t bit = Bit(in.dst);
    if (!bit || (in.op == Opcode::kMov && Bit(in.a) == bit)) return;
    e.keep &= static_cast<uint16_t>(~bit);
    e.gen = DefExtends(in, in.dst) ? static_cast<uint16_t>(e.gen | bit) : static_cast<uint16_t>(e.gen & ~bit);
  }
  // EffectOf for a kAccess instruction (no edge, at most one definition, no call):
  // its scratch registers, the address extended in place, then its definition.
  Effect AccessEffect(const ir::Inst& in) const {
    Effect e;
    if (regs_.clobbers) e.keep = static_cast<uint16_t>(~regalloc::ClobbersOf(regs_, in, alloc_.locs));
    if (ExtendsAddress(in)) e.gen |= Bit(in.a);
    if (const uint16_t bit = Bit(in.dst)) e.Write(bit, DefExtends(in, in.dst));
    return e;
  }
  // Edges the code has where the IR's say otherwise. A br_if on a constant is a jump
  // or nothing (AsmjitMacroAssembler::BranchOnConstant), a br_table on a constant a
  // jump to one of its targets, and an integer division by a constant 0 a jump to its
  // trap (x64_int.cc): the code after the jump is dead, and so is a label reached by
  // no other edge, which the address check enters with nothing known, so no fact
  // flows through them.
  enum class Branch { kMaybe, kAlways, kNever };
  Branch BranchOnConstant(const ir::Inst& in) const {
    if (in.op != Opcode::kBrIf || in.a == ir::kNoVReg || alloc_.locs[in.a].kind != Location::kConst)
      return Branch::kMaybe;
    return ir::BrIfTaken(in, Const(in.a)) ? Branch::kAlways : Branch::kNever;
  }
  // A br_table on a constant index is a jump to one target (FunctionCompiler): its
  // position among the targets, or -1 when the index is not a constant.
  int64_t BrTableOnConstant(const ir::Inst& in) const {
    if (in.op != Opcode::kBrTable || in.a == ir::kNoVReg || alloc_.locs[in.a].kind != Location::kConst)
      return -1;
    return ir::BrTableTargetIndex(in, Const(in.a));
  }
  bool DividesByZero(const ir::Inst& in) const {
    switch (in.op) {
      case Opcode::kDivS: case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU:
        return in.b != ir::kNoVReg && alloc_.locs[in.b].kind == Location::kConst && Const(in.b) == 0;
      default:
        return false;
    }
  }

 private:
  // The value of v, a Location::kConst (one kConst definition): its Operand::imm.
  uint64_t Const(ir::VReg v) const { return const_val_[v]; }
  // The GPR of v as a bit, 0 when v is not in a GPR (or is kNoVReg).
  // (bits_ and num_bits_: gpr_bit_'s, read at every operand without going through
  // the thread's vector.)
  uint16_t Bit(ir::VReg v) const { return v < num_bits_ ? bits_[v] : 0; }

  // Load, Store (x64_int.cc AccessMem) and vector accesses (x64_simd.cc, Address) of
  // memory 0 with a 32-bit address.
  static bool ExtendsAddress(const ir::Inst& in) {
    switch (in.op) {
      case Opcode::kLoad: case Opcode::kStore:
        return in.index2 == 0 && in.src_type != ir::Type::kI64;
      case Opcode::kVecLoad: case Opcode::kVecStore:
        return !in.sign && in.src_type != ir::Type::kI64;
      default:
        return false;
    }
  }

  // X64MacroAssembler::Move of src into d's (other) register: 32-bit moves and
  // reloads of i32 values, constants below 2^32 as `mov r32, imm` or `xor r32, r32`.
  // (A 64-bit copy would keep its source's fact; an i64 is never a 32-bit index, so
  // it is taken as unknown.)
  bool MoveExtends(ir::VReg d, ir::VReg src) const {
    const Location& ls = alloc_.locs[src];
    const bool wide = ir::Is64(fn_.vreg_types[d]);
    switch (ls.kind) {
      case Location::kReg: return !wide && !ir::IsFpr(fn_.vreg_types[src]);
      case Location::kSlot: return !wide;
      case Location::kConst: return Const(src) <= 0xffffffffu;
      default: return false;
    }
  }

  // Whether the lowering of `in` leaves its result v (in a GPR) below 2^32 (kDefRules).
  bool DefExtends(const ir::Inst& in, ir::VReg v) const {
    switch (kDefRules[static_cast<uint8_t>(in.op)]) {
      case kDefConst: return in.imm <= 0xffffffffu;
      case kDefMove: return MoveExtends(v, in.a);
      case kDefI32: return in.type == ir::Type::kI32 && fn_.vreg_types[v] == ir::Type::kI32;
      case kDefAlways: return true;
      case kDefLoad: return in.type == ir::Type::kI32 || (in.width <= 4 && !in.sign);
      default: return false;
    }
  }

  const ir::Function& fn_;
  const regalloc::Allocation& alloc_;
  const regalloc::RegisterInfo& regs_;
  const uint64_t* const_val_;
  std::vector<uint16_t>& gpr_bit_;
  const uint16_t* bits_ = nullptr;
  uint32_t num_bits_ = 0;
  bool has_clobbers_ = false;
};

// An edge out of a block (ZeroExtendedAtLabels): its label and the effect of the code
// from the block's start to it.
struct Edge {
  uint32_t label;
  Facts::Effect effect;
};

// The working vectors, one set per thread, kept from function to function (each
// sized per call): allocated once per thread, not per function.
struct Scratch {
  std::vector<uint64_t> const_val;  // (only without the caller's)
  std::vector<uint16_t> gpr_bit;
  std::vector<uint32_t> eh_targets, block_label, edge_begin, block_of_label;
  std::vector<uint8_t> reached, open;
  std::vector<Edge> edges;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

std::vector<uint16_t> ZeroExtendedAtLabels(const ir::Function& fn, const regalloc::Allocation& alloc,
                                           const regalloc::RegisterInfo& regs, uint16_t at_entry,
                                           std::vector<AccessZext>* accesses,
                                           std::span<const uint64_t> const_val) {
  Scratch& sc = ThreadScratch();
  if (const_val.size() < fn.NumVRegs()) {  // (the emitter's, as Operand::imm has them)
    sc.const_val.assign(fn.NumVRegs(), 0);
    for (const ir::Inst& in : fn.insts)
      if (in.op == Opcode::kConst && in.dst != ir::kNoVReg) sc.const_val[in.dst] = in.imm;
    const_val = sc.const_val;
  }
  Facts facts(fn, alloc, regs, const_val.data(), sc.gpr_bit);
  uint32_t num_labels = std::max<uint32_t>(fn.num_labels, static_cast<uint32_t>(fn.label_block.size()));
  std::vector<uint32_t>& eh_targets = sc.eh_targets;  // the labels of kEhEdge
  uint16_t allocatable = 0;
  for (uint8_t r : regs.gprs)
    if (r < 16) allocatable |= static_cast<uint16_t>(1u << r);
  // The function as blocks between labels: each edge out of a block (a branch
  // inside it, or its end falling into the next label) with the effect of the code
  // from the block's start to there, composed once. Block k: label[k] (~0u: the
  // entry, from at_entry), its edges [edge_begin[k], edge_begin[k + 1]). The same
  // walk notes the labels and the landing pads.
  // (edges: its size is its capacity, `num_edges` of them used; the walk adds them
  // through AddEdge, inline, where push_back's was a call.)
  std::vector<Edge>& edges = sc.edges;
  Edge* edges_w = edges.data();
  size_t num_edges = 0;
  auto add_edge = [&](uint32_t label, Facts::Effect effect) {
    if (num_edges == edges.size()) [[unlikely]] {
      edges.resize(std::max<size_t>(64, 2 * edges.size()));
      edges_w = edges.data();
    }
    edges_w[num_edges++] = {label, effect};
  };
  std::vector<uint32_t>& block_label = sc.block_label;
  std::vector<uint32_t>& edge_begin = sc.edge_begin;
  {
    if (accesses) accesses->clear();
    eh_targets.clear();
    block_label.assign(1, ~0u);
    edge_begin.assign(1, 0);
    Facts::Effect e;  // from the block's start
    bool live = true;  // the code is reached by falling through or from a label
    for (const ir::Inst& inst : fn.insts) {
      const OpKind kind = kOpKinds[static_cast<uint8_t>(inst.op)];
      if (kind != kSpecial) [[likely]] {  // no edge, one definition: the code goes on
        if (!live) continue;
        if (kind == kAccess) {
          if (accesses)  // (the block's state before it)
            accesses->push_back({static_cast<uint32_t>(&inst - fn.insts.data()), block_label.back(), e.keep, e.gen});
          const Facts::Effect x = facts.AccessEffect(inst);
          e.keep &= x.keep;
          e.gen = static_cast<uint16_t>((e.gen & x.keep) | x.gen);
          continue;
        }
        facts.ApplyPlain(inst, e);
        continue;
      }
      if (inst.op == Opcode::kNop) continue;
      if (inst.op == Opcode::kLabel) {
        num_labels = std::max(num_labels, inst.index + 1);
        if (live) add_edge(inst.index, e);
        block_label.push_back(inst.index);
        edge_begin.push_back(static_cast<uint32_t>(num_edges));
        e = {};
        live = true;
        continue;
      }
      if (inst.op == Opcode::kEhEdge) ir::ForEachTarget(fn, inst, [&](uint32_t l) { eh_targets.push_back(l); });
      if (!live) continue;
      const Facts::Effect x = facts.EffectOf(inst);
      // A br_table's default (its last target) is taken at the dispatch's `jae`, before
      // the index is extended in place: that edge gets none of the instruction's gen.
      const Facts::Effect before_gen{static_cast<uint16_t>(e.keep & x.keep),
                                     static_cast<uint16_t>(e.gen & x.keep)};
      e.keep &= x.keep;
      e.gen = static_cast<uint16_t>((e.gen & x.keep) | x.gen);
      const Facts::Branch on_constant = facts.BranchOnConstant(inst);
      if (inst.op == Opcode::kJump || inst.op == Opcode::kBrCmp ||
          (inst.op == Opcode::kBrIf && on_constant != Facts::Branch::kNever))
        add_edge(inst.index, e);
      if (const int64_t k = facts.BrTableOnConstant(inst); k >= 0)
        add_edge(fn.extra[inst.extra_begin + static_cast<uint32_t>(k)], before_gen);
      else if (inst.op == Opcode::kBrTable)
        for (uint32_t i = 0; i < inst.extra_count; ++i)
          add_edge(fn.extra[inst.extra_begin + i], i + 1 < inst.extra_count ? e : before_gen);
      if (ir::IsTerminator(inst.op) || on_constant == Facts::Branch::kAlways || facts.DividesByZero(inst))
        live = false;
    }
    edge_begin.push_back(static_cast<uint32_t>(num_edges));
  }
  std::vector<uint16_t> in(num_labels, 0);
  // Labels entered by the unwinder: nothing is known there (the address check cannot
  // follow those edges either). A br_table's targets are its edges: the check follows
  // X64MacroAssembler::BrTable's dispatch (`cmp r32, n; jae; [mov r32, r32;] lea r11,
  // [table]; movsxd rax, [r11 + r*4]; add rax, r11; jmp rax`, whose table only it reads;
  // r is the index's register, or eax loaded from its slot) to the table's first n
  // entries; a known index or a table of only the default is a plain jump to one.
  std::vector<uint8_t>& reached = sc.reached;
  std::vector<uint8_t>& open = sc.open;
  reached.assign(num_labels, 0);
  open.assign(num_labels, 0);
  for (uint32_t l : eh_targets)
    if (l < num_labels) open[l] = reached[l] = 1;
  // A must-analysis from "everything" down to its greatest fixpoint: each round
  // walks the blocks in layout order, joining (intersecting) at every label the state
  // each edge into it brings. (Through local pointers: the byte stores below would
  // otherwise make the compiler read the thread's vectors again at every edge.)
  const uint32_t* const block_label_p = block_label.data();
  const uint32_t* const edge_begin_p = edge_begin.data();
  const Edge* const edges_p = edges.data();
  const uint8_t* const open_p = open.data();
  uint8_t* const reached_p = reached.data();
  uint16_t* const in_p = in.data();
  const size_t num_blocks = block_label.size();
  // Each label's block (~0u: none, after every block). A round that changed no label
  // whose block it had already passed (a block before, or the one it was in) left every
  // block walked from its final state: the next would change nothing, so it is the last
  // (a function without a backward edge takes one round).
  std::vector<uint32_t>& block_of_label = sc.block_of_label;
  block_of_label.assign(num_labels, ~0u);
  for (size_t k = 0; k < num_blocks; ++k)
    if (const uint32_t l = block_label[k]; l < num_labels) block_of_label[l] = static_cast<uint32_t>(k);
  const uint32_t* const block_of_label_p = block_of_label.data();
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < num_blocks; ++k) {
      uint16_t s = at_entry & allocatable;
      if (const uint32_t l = block_label_p[k]; l != ~0u) {
        if (l >= num_labels || !reached_p[l]) continue;
        s = in_p[l];
      }
      for (uint32_t j = edge_begin_p[k], end = edge_begin_p[k + 1]; j < end; ++j) {
        const Edge& edge = edges_p[j];
        const uint32_t l = edge.label;
        if (l >= num_labels || open_p[l]) continue;
        const uint16_t out = static_cast<uint16_t>(((s & edge.effect.keep) | edge.effect.gen) & allocatable);
        if (!reached_p[l]) {
          reached_p[l] = 1;
          in_p[l] = out;
        } else if ((in_p[l] & out) != in_p[l]) {
          in_p[l] &= out;
        } else {
          continue;
        }
        if (block_of_label_p[l] <= k) changed = true;  // (a block this round has passed)
      }
    }
  }
  for (uint32_t l = 0; l < num_labels; ++l)
    if (!reached[l]) in[l] = 0;
  return in;
}

}  // namespace wasmc::x64
