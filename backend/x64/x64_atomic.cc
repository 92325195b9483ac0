// x86-64 atomics (threads): ir::Opcode::kAtomicLoad .. kFence, all sequentially
// consistent (docs/backend.md, "Atomics and the memory model").
//
// x86-64 is TSO, so the usual seq-cst mapping is: loads are plain `mov`s, stores are
// `xchg` (implicitly locked: a full barrier, so no store->load reordering), read-
// modify-writes are `lock xadd` (add, sub), `xchg`, `lock cmpxchg` and, for
// and/or/xor, a `lock cmpxchg` loop; atomic.fence is `mfence`.
//
// Effective address: r11 = zext(index) + offset, then [r14 + r11]. Unaligned effective
// addresses jump to an out-of-line stub that first touches the access's last byte (a
// fault there is "out of bounds memory access", which the spec checks first) and then
// traps with "unaligned atomic".
#include "backend/x64/macro_assembler_x64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;

// r11 = the effective address; checks alignment. May use rax.
Mem X64MacroAssembler::AtomicAddress(const ir::Inst& in, const Operand& addr) {
  if (addr.IsConst()) {
    a_.mov(r11, (addr.imm & 0xffffffffu) + in.imm);
  } else {
    Gp idx = UseGp(addr, r11);
    a_.mov(r11d, idx.r32());
    if (in.imm != 0 && in.imm <= 0x7fffffffu) {
      a_.add(r11, static_cast<int32_t>(in.imm));
    } else if (in.imm != 0) {
      a_.mov(eax, static_cast<uint32_t>(in.imm));
      a_.add(r11, rax);
    }
  }
  if (in.width > 1) {
    Label stub = a_.newLabel();
    a_.test(r11d, in.width - 1);
    a_.jnz(stub);
    atomic_stubs_.push_back({stub, in.width});
  }
  Mem m = ptr(r14, r11);
  m.setSize(in.width);
  return m;
}

void X64MacroAssembler::EmitAtomicStubs() {
  for (const AtomicStub& s : atomic_stubs_) {
    a_.bind(s.label);
    // r11 = zext(addr) + offset < 2^33. At or past 4 GiB it is out of bounds of any
    // 32-bit memory; below, r11d is r11 and the access obeys the address rule
    // (docs/backend.md) in this block too.
    a_.mov(rax, r11);
    a_.shr(rax, 32);
    a_.jnz(TrapLabel(WASMC_TRAP_MEMORY_OOB));
    a_.mov(r11d, r11d);
    a_.movzx(eax, byte_ptr(r14, r11, 0, static_cast<int32_t>(s.width - 1)));  // bounds first
    a_.jmp(TrapLabel(WASMC_TRAP_UNALIGNED_ATOMIC));
  }
  atomic_stubs_.clear();
}

void X64MacroAssembler::Atomic(const ir::Inst& in, Operand dst, Operand addr, Operand b, Operand c) {
  if (in.op == ir::Opcode::kFence) {
    a_.mfence();
    return;
  }
  const uint32_t width = in.width;
  Mem m = AtomicAddress(in, addr);
  // rax/rcx hold values from here on; zero-extends a narrow old value in `r`.
  auto zext = [&](const Gp& r) {
    if (width == 1) a_.movzx(r.r32(), r.r8());
    else if (width == 2) a_.movzx(r.r32(), r.r16());
    else if (width == 4) a_.mov(r.r32(), r.r32());
  };
  // `r` = the operand's value (its own register is never clobbered).
  auto load_into = [&](const Gp& r, const Operand& o) {
    Gp g = UseGp(o, r);
    if (g.id() != r.id()) a_.mov(r.r64(), g.r64());
  };
  if (in.op == ir::Opcode::kAtomicLoad) {
    Gp d = DstGp(dst, rax);
    if (width <= 2) a_.movzx(d.r32(), m);
    else a_.mov(SizedGp(d, width), m);
    DefGp(dst, d);
    return;
  }
  if (in.op == ir::Opcode::kAtomicStore) {
    load_into(rcx, b);
    a_.xchg(m, SizedGp(rcx, width));
    return;
  }
  if (in.op == ir::Opcode::kAtomicCmpxchg) {
    load_into(rax, b);
    load_into(rcx, c);
    a_.lock().cmpxchg(m, SizedGp(rcx, width));
    zext(rax);
    DefGp(dst, rax);
    return;
  }
  WASMC_CHECK(in.op == ir::Opcode::kAtomicRmw);
  const auto op = static_cast<ir::AtomicOp>(in.index);
  if (op == ir::AtomicOp::kAdd || op == ir::AtomicOp::kSub || op == ir::AtomicOp::kXchg) {
    load_into(rcx, b);
    if (op == ir::AtomicOp::kSub) a_.neg(rcx);
    if (op == ir::AtomicOp::kXchg) a_.xchg(m, SizedGp(rcx, width));
    else a_.lock().xadd(m, SizedGp(rcx, width));
    zext(rcx);
    DefGp(dst, rcx);
    return;
  }
  // and / or / xor: rax = old; loop { rcx = rax op b; lock cmpxchg [m], rcx }.
  Gp v = UseGp(b, rdx);
  if (width <= 2) a_.movzx(eax, m);
  else a_.mov(SizedGp(rax, width), m);
  Label retry = a_.newLabel();
  a_.bind(retry);
  // The load above succeeded, so r11 < 4 GiB and this changes nothing; it makes the
  // loop's access obey the address rule inside its own block (docs/backend.md).
  a_.mov(r11d, r11d);
  a_.mov(rcx, rax);
  switch (op) {
    case ir::AtomicOp::kAnd: a_.and_(rcx, v.r64()); break;
    case ir::AtomicOp::kOr: a_.or_(rcx, v.r64()); break;
    default: a_.xor_(rcx, v.r64()); break;
  }
  a_.lock().cmpxchg(m, SizedGp(rcx, width));
  a_.jnz(retry);
  // A failed narrow cmpxchg replaced only al/ax/eax; the rest of rax is still zero.
  DefGp(dst, rax);
}

}  // namespace wasmc::x64
