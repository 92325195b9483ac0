// IrBuilder, the WebAssembly 3.0 memory and table extensions: multiple memories,
// 64-bit memories (memory64) and 64-bit tables (table64). docs/backend.md
// ("Multiple memories and memory64") describes the code and its cost.
//
// - Memory 0 with i32 addresses keeps the 2.0 path: [pinned base + zext(addr) +
//   offset], no check (the reservation's guard pages).
// - Another memory: its base (kMemoryBase, loaded once at the entry) plus the
//   address is an absolute address (Load/Store index2 = 1). 32-bit memories keep
//   the guard-page protection, their reservation is the same 8 GiB.
// - A 64-bit memory: an explicit check before the access, branching to one trap
//   block per function (BoundsCheck).
// - Bulk operators and memory.grow on those memories call the _n runtime helpers
//   (abi.h) with 64-bit operands; table64 indices are narrowed to the 32-bit
//   helpers' operands, saturating, so an index beyond 2^32-1 stays out of range.
#include "compiler/lower/ir_builder.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::ir {

VReg IrBuilder::Temp(Type t) {
  VReg d = fn_.NewVReg(t);
  is_var_.push_back(0);  // a temporary: defined once
  return d;
}

void IrBuilder::EmitMemoryBases() {
  constexpr size_t kMaxHoisted = 64;  // beyond, each access loads its base
  mem_base_.assign(m_.memories.size(), kNoVReg);
  mem_object_.assign(m_.memories.size(), kNoVReg);
  for (uint32_t mem = 0; mem < m_.memories.size() && mem < kMaxHoisted; ++mem) {
    if (mem != 0) {
      mem_base_[mem] = Temp(Type::kI64);
      Emit({.op = Opcode::kMemoryBase, .type = Type::kI64, .dst = mem_base_[mem], .index = mem});
    }
    if (m_.memories[mem].limits.is64) {  // BoundsCheck reads its size through it
      mem_object_[mem] = Temp(Type::kI64);
      Emit({.op = Opcode::kMemoryBase, .type = Type::kI64, .dst = mem_object_[mem], .index = mem,
            .imm = 1});
    }
  }
}

VReg IrBuilder::Widen(VReg v) {
  if (fn_.vreg_types[v] == Type::kI64) return v;
  VReg d = Temp(Type::kI64);
  Emit({.op = Opcode::kExtendU32, .type = Type::kI64, .src_type = Type::kI32, .dst = d, .a = v});
  return d;
}

VReg IrBuilder::NarrowIndex(VReg v) {
  if (fn_.vreg_types[v] == Type::kI32) return v;
  VReg big = Temp(Type::kI32);
  Emit({.op = Opcode::kCmp, .type = Type::kI64, .cond = Cond::kGtU, .dst = big, .a = v,
        .b = Const(Type::kI64, 0xffffffffu)});
  VReg low = Temp(Type::kI32);
  Emit({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = low, .a = v});
  VReg d = Temp(Type::kI32);
  Emit({.op = Opcode::kSelect, .type = Type::kI32, .dst = d, .a = Const(Type::kI32, 0xffffffffu),
        .b = low, .c = big});
  return d;
}

void IrBuilder::BoundsCheck(VReg addr, uint32_t memory, uint64_t offset, uint8_t width) {
  if (oob_label_ == ~0u) oob_label_ = NewLabel();
  VReg size = Temp(Type::kI64);  // the current size in bytes: it changes with memory.grow
  Emit({.op = Opcode::kMemorySize, .type = Type::kI64, .width = 8, .dst = size,
        .a = mem_object_[memory], .index = memory});
  if (offset <= WASMC_MEMORY64_GUARD - width) {
    // addr <= size: the access ends below base + size + WASMC_MEMORY64_GUARD, inside
    // the reservation, so the guard pages beyond the size catch the rest.
    Emit({.op = Opcode::kBrCmp, .type = Type::kI64, .cond = Cond::kGtU, .a = addr, .b = size,
          .index = oob_label_});
    return;
  }
  if (offset > UINT64_MAX - width) {  // beyond 2^64: out of bounds whatever the address
    Emit({.op = Opcode::kJump, .index = oob_label_});
    BindLabel(NewLabel());  // the (unreachable) rest of the block
    return;
  }
  // addr + offset + width <= size, the addition checked for wrapping.
  VReg end = Temp(Type::kI64);
  Emit({.op = Opcode::kAdd, .type = Type::kI64, .dst = end, .a = addr,
        .b = Const(Type::kI64, offset + width)});
  Emit({.op = Opcode::kBrCmp, .type = Type::kI64, .cond = Cond::kLtU, .a = end, .b = addr,
        .index = oob_label_});
  Emit({.op = Opcode::kBrCmp, .type = Type::kI64, .cond = Cond::kGtU, .a = end, .b = size,
        .index = oob_label_});
}

void IrBuilder::MemoryAccess(Inst& in, VReg addr, uint32_t memory) {
  const bool is64 = m_.memories[memory].limits.is64;
  in.src_type = is64 ? Type::kI64 : Type::kI32;
  in.a = addr;
  if (is64) BoundsCheck(addr, memory, in.imm, in.width);
  if (memory == 0) return;
  VReg base = mem_base_[memory];
  if (base == kNoVReg) {
    base = Temp(Type::kI64);
    Emit({.op = Opcode::kMemoryBase, .type = Type::kI64, .dst = base, .index = memory});
  }
  VReg ea = Temp(Type::kI64);
  Emit({.op = Opcode::kAdd, .type = Type::kI64, .dst = ea, .a = base, .b = Widen(addr)});
  in.a = ea;
  in.src_type = Type::kI64;
  in.index2 = 1;
}

bool IrBuilder::NeedsExtendedOps(const Module& m) {
  if (m.memories.size() > 1) return true;
  for (const auto& mem : m.memories)
    if (mem.limits.is64) return true;
  for (const auto& table : m.tables)
    if (table.limits.is64) return true;
  return false;
}

bool IrBuilder::ExtendedMemoryOp(const Instr& i) {
  const ImmKind kind = OpImm(i.op);
  if (kind != ImmKind::kMemory && kind != ImmKind::kMemoryCopy && kind != ImmKind::kMemoryInit)
    return false;
  const Immediates& imm = i.imm;
  const bool is64 = m_.memories[imm.memory].limits.is64;
  if (imm.memory == 0 && imm.memory2 == 0 && !is64 && !m_.memories[imm.memory2].limits.is64)
    return false;
  auto konst = [&](uint32_t v) { return Const(Type::kI32, v); };
  switch (i.op) {
    case Op::kMemorySize: {
      const Type t = is64 ? Type::kI64 : Type::kI32;
      VReg d = Temp(t);
      Emit({.op = Opcode::kMemorySize, .type = t, .dst = d, .index = imm.memory});
      Push(d);
      return true;
    }
    case Op::kMemoryGrow: {
      VReg delta = Widen(Pop());
      VReg old = CallRuntime(RuntimeFn::kMemoryGrowN, {konst(imm.memory), delta}, true, Type::kI64);
      if (!is64) {  // UINT64_MAX wraps to -1; old sizes of a 32-bit memory fit
        VReg d = Temp(Type::kI32);
        Emit({.op = Opcode::kWrap, .type = Type::kI32, .src_type = Type::kI64, .dst = d, .a = old});
        old = d;
      }
      Push(old);
      return true;
    }
    default: break;
  }
  VReg n = Pop(), src = Pop(), dst = Pop();
  switch (i.op) {
    case Op::kMemoryFill:
      CallRuntime(RuntimeFn::kMemoryFillN, {konst(imm.memory), Widen(dst), src, Widen(n)}, false,
                  Type::kI32);
      return true;
    case Op::kMemoryCopy:
      CallRuntime(RuntimeFn::kMemoryCopyN,
                  {konst(imm.memory), konst(imm.memory2), Widen(dst), Widen(src), Widen(n)}, false,
                  Type::kI32);
      return true;
    case Op::kMemoryInit:
      CallRuntime(RuntimeFn::kMemoryInitN, {konst(imm.memory), konst(imm.index), Widen(dst), src, n},
                  false, Type::kI32);
      return true;
    default: WASMC_UNREACHABLE();
  }
}

bool IrBuilder::Table64Op(const Instr& i) {
  const Immediates& imm = i.imm;
  auto is64 = [&](uint32_t table) { return m_.tables[table].limits.is64; };
  auto konst = [&](uint32_t v) { return Const(Type::kI32, v); };
  switch (i.op) {
    case Op::kCallIndirect:
      if (is64(imm.index2)) stack_.back() = NarrowIndex(stack_.back());
      return false;  // then the 2.0 path with the narrowed index
    case Op::kTableCopy:
    case Op::kTableInit: {  // copy: destination index, source index2; init: table index2
      if (!is64(imm.index2) && (i.op == Op::kTableInit || !is64(imm.index))) return false;
      VReg n = NarrowIndex(Pop()), src = NarrowIndex(Pop()), dst = NarrowIndex(Pop());
      if (i.op == Op::kTableCopy)
        CallRuntime(RuntimeFn::kTableCopy, {konst(imm.index), konst(imm.index2), dst, src, n},
                    false, Type::kI32);
      else
        CallRuntime(RuntimeFn::kTableInit, {konst(imm.index2), konst(imm.index), dst, src, n},
                    false, Type::kI32);
      return true;
    }
    case Op::kTableGet: case Op::kTableSet: case Op::kTableSize: case Op::kTableGrow:
    case Op::kTableFill:
      if (!is64(imm.index)) return false;
      break;
    default:
      return false;
  }
  const uint32_t table = imm.index;
  switch (i.op) {
    case Op::kTableGet: {
      VReg idx = NarrowIndex(Pop());
      Push(CallRuntime(RuntimeFn::kTableGet, {konst(table), idx}, true, Type::kI64));
      return true;
    }
    case Op::kTableSet: {
      VReg ref = Pop(), idx = NarrowIndex(Pop());
      CallRuntime(RuntimeFn::kTableSet, {konst(table), idx, ref}, false, Type::kI32);
      return true;
    }
    case Op::kTableSize: {
      VReg size = Temp(Type::kI32);
      Emit({.op = Opcode::kTableSize, .type = Type::kI32, .dst = size, .index = table});
      Push(Widen(size));
      return true;
    }
    case Op::kTableGrow: {
      VReg delta = NarrowIndex(Pop()), init = Pop();
      VReg old = CallRuntime(RuntimeFn::kTableGrow, {konst(table), init, delta}, true, Type::kI32);
      // -1 stays -1; table sizes stay below 2^31 (runtime-support/core/table.c).
      VReg d = Temp(Type::kI64);
      Emit({.op = Opcode::kExtendS32, .type = Type::kI64, .src_type = Type::kI32, .dst = d, .a = old});
      Push(d);
      return true;
    }
    case Op::kTableFill: {
      VReg n = NarrowIndex(Pop()), ref = Pop(), idx = NarrowIndex(Pop());
      CallRuntime(RuntimeFn::kTableFill, {konst(table), idx, ref, n}, false, Type::kI32);
      return true;
    }
    default: WASMC_UNREACHABLE();
  }
}

void IrBuilder::EmitOobTrap() {
  if (oob_label_ == ~0u) return;
  BindLabel(oob_label_);
  Emit({.op = Opcode::kTrap, .index = WASMC_TRAP_MEMORY_OOB});
}

}  // namespace wasmc::ir
