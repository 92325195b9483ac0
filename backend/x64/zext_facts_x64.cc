// Zero-extension facts at block entries (docs/backend.md, "The address rule"): which
// allocatable GPRs hold a value below 2^32 on every path into each IR label, from what
// the x86-64 lowering of each instruction writes. X64MacroAssembler::ZeroExtendedIndex
// starts each block's tracker from them, so a memory index extended in another block
// (a loop-carried index, a pointer loaded by a 32-bit load, an extended parameter)
// is not extended again. The address check proves the same again from the final
// bytes (address_check_x64.cc), trusting none of this.
#include <algorithm>
#include <vector>

#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::x64 {
namespace {

using ir::Opcode;
using regalloc::Location;

class Facts {
 public:
  Facts(const ir::Function& fn, const regalloc::Allocation& alloc, const regalloc::RegisterInfo& regs)
      : fn_(fn), alloc_(alloc), regs_(regs), const_val_(fn.NumVRegs(), ~uint64_t{0}) {
    for (const ir::Inst& in : fn.insts)
      if (in.op == Opcode::kConst && in.dst != ir::kNoVReg) const_val_[in.dst] = in.imm;
  }

  // The GPRs after `in`'s code, given those before (bit r: below 2^32).
  uint16_t Transfer(const ir::Inst& in, uint16_t s) const {
    if (ir::IsCall(in.op)) {
      s &= static_cast<uint16_t>(regs_.gpr_callee_saved);
      // call_indirect may return through a C-callee stub's computed jump
      // (EmitCCalleeStubs), where the check knows nothing of any register.
      if (in.op == Opcode::kCallIndirect) s = 0;
    } else if (regs_.clobbers) {
      s &= static_cast<uint16_t>(~regs_.clobbers(in));
    }
    // A 32-bit address off memory 0 in a register is zero-extended in place by the
    // access (ZeroExtendedIndex) unless already proven so.
    if (ExtendsAddress(in) && InGpr(in.a)) s |= Bit(in.a);
    if (in.op == Opcode::kParallelMove) {  // all sources read before any write
      uint16_t set = 0, clear = 0;
      for (uint32_t k = 0; k < in.extra_count; k += 2) {
        const ir::VReg d = fn_.extra[in.extra_begin + k], src = fn_.extra[in.extra_begin + k + 1];
        if (!InGpr(d)) continue;
        if (MoveExtends(d, src, s)) set |= Bit(d);
        else clear |= Bit(d);
      }
      return static_cast<uint16_t>((s & ~clear) | set);
    }
    ir::ForEachDef(fn_, in, [&](ir::VReg v) {
      if (!InGpr(v)) return;
      if (DefExtends(in, v, s)) s |= Bit(v);
      else s &= static_cast<uint16_t>(~Bit(v));
    });
    return s;
  }

  // A br_table whose code the address check follows to every target: its index in a
  // register (X64MacroAssembler::BrTable's `cmp r32, n; jae; mov eax, r32; lea; movsxd;
  // add; jmp rax`, whose table only it reads). From a slot (`mov eax, [slot]`) the
  // check sees no bound of the index; its targets are entered from nowhere in sight.
  bool Dispatched(const ir::Inst& in) const { return InGpr(in.a); }

 private:
  bool InGpr(ir::VReg v) const {
    return v != ir::kNoVReg && alloc_.locs[v].kind == Location::kReg && !ir::IsFpr(fn_.vreg_types[v]) &&
           alloc_.locs[v].reg < 16;
  }
  uint16_t Bit(ir::VReg v) const { return static_cast<uint16_t>(1u << alloc_.locs[v].reg); }

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

  // X64MacroAssembler::Move of src into d's register: 32-bit moves and reloads of
  // i32 values, constants below 2^32 as `mov r32, imm` or `xor r32, r32`; a 64-bit
  // register move keeps what its source had; no code when both share the register.
  bool MoveExtends(ir::VReg d, ir::VReg src, uint16_t before) const {
    const Location& ld = alloc_.locs[d];
    const Location& ls = alloc_.locs[src];
    const bool wide = ir::Is64(fn_.vreg_types[d]);
    switch (ls.kind) {
      case Location::kReg:
        if (ir::IsFpr(fn_.vreg_types[src]) || ls.reg >= 16) return false;
        if (ls.reg == ld.reg) return (before >> ld.reg) & 1;
        return !wide || ((before >> ls.reg) & 1);
      case Location::kSlot: return !wide;
      case Location::kConst: return const_val_[src] <= 0xffffffffu;
      default: return false;
    }
  }

  // Whether the lowering of `in` leaves its result v (in a GPR) below 2^32.
  bool DefExtends(const ir::Inst& in, ir::VReg v, uint16_t before) const {
    switch (in.op) {
      case Opcode::kConst: return in.imm <= 0xffffffffu;
      case Opcode::kMov: return MoveExtends(v, in.a, before);
      // x64_int.cc: 32-bit forms at i32 (lea r32, imul r32, div r32, ...).
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
      case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kDivS:
      case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: case Opcode::kClz:
      case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kExtend8S:
      case Opcode::kExtend16S: case Opcode::kAddShl:
        return in.type == ir::Type::kI32 && fn_.vreg_types[v] == ir::Type::kI32;
      // setcc al; movzx r32, al (IntEqz, IntCmp, x64_loadop.cc FoldedCompare).
      case Opcode::kEqz: case Opcode::kCmp: return true;
      // mov r32, r32 / mov r32, [slot], omitted only when the register is proven below
      // 2^32 (x64_float.cc Convert).
      case Opcode::kWrap: case Opcode::kExtendU32: return true;
      // movzx r32 / movsx r32 / mov r32 (X64MacroAssembler::Load).
      case Opcode::kLoad: return in.type == ir::Type::kI32 || (in.width <= 4 && !in.sign);
      default: return false;
    }
  }

  const ir::Function& fn_;
  const regalloc::Allocation& alloc_;
  const regalloc::RegisterInfo& regs_;
  std::vector<uint64_t> const_val_;
};

}  // namespace

std::vector<uint16_t> ZeroExtendedAtLabels(const ir::Function& fn, const regalloc::Allocation& alloc,
                                           const regalloc::RegisterInfo& regs, uint16_t at_entry) {
  const Facts facts(fn, alloc, regs);
  uint32_t num_labels = std::max<uint32_t>(fn.num_labels, static_cast<uint32_t>(fn.label_block.size()));
  for (const ir::Inst& in : fn.insts)
    if (in.op == Opcode::kLabel) num_labels = std::max(num_labels, in.index + 1);
  uint16_t allocatable = 0;
  for (uint8_t r : regs.gprs)
    if (r < 16) allocatable |= static_cast<uint16_t>(1u << r);
  std::vector<uint16_t> in(num_labels, 0);
  // Labels entered through a jump table or by the unwinder: nothing is known there
  // (the address check cannot follow those edges either).
  std::vector<uint8_t> reached(num_labels, 0), open(num_labels, 0);
  for (const ir::Inst& inst : fn.insts) {
    if (inst.op != Opcode::kBrTable && inst.op != Opcode::kEhEdge) continue;
    if (inst.op == Opcode::kBrTable && facts.Dispatched(inst)) continue;
    ir::ForEachTarget(fn, inst, [&](uint32_t l) {
      if (l < num_labels) open[l] = reached[l] = 1;
    });
  }
  // A must-analysis from "everything" down to its greatest fixpoint: each round walks
  // the function in layout order, joining (intersecting) at every label the state of
  // each edge into it.
  for (bool changed = true; changed;) {
    changed = false;
    auto join = [&](uint32_t l, uint16_t s) {
      if (l >= num_labels || open[l]) return;
      if (!reached[l]) {
        reached[l] = 1;
        in[l] = s;
        changed = true;
      } else if ((in[l] & s) != in[l]) {
        in[l] &= s;
        changed = true;
      }
    };
    uint16_t cur = at_entry & allocatable;
    bool live = true;  // the current point is reached
    for (const ir::Inst& inst : fn.insts) {
      if (inst.op == Opcode::kLabel) {
        if (live) join(inst.index, cur);
        live = inst.index < num_labels && reached[inst.index];
        cur = live ? in[inst.index] : 0;
        continue;
      }
      if (!live) continue;
      cur = facts.Transfer(inst, cur) & allocatable;
      if (inst.op == Opcode::kJump || inst.op == Opcode::kBrIf || inst.op == Opcode::kBrCmp)
        join(inst.index, cur);
      if (inst.op == Opcode::kBrTable) ir::ForEachTarget(fn, inst, [&](uint32_t l) { join(l, cur); });
      if (ir::IsTerminator(inst.op)) live = false;
    }
  }
  for (uint32_t l = 0; l < num_labels; ++l)
    if (!reached[l]) in[l] = 0;
  return in;
}

}  // namespace wasmc::x64
