// x86-64 memory.copy and memory.fill of memory 0 inline: ir::Opcode::kMemoryCopy and
// kMemoryFill (docs/backend.md, "Bulk memory inline").
//
// Registers: the operands go to edi (dst), esi (src; a fill's value stays where it
// is), ecx (n), which the allocator keeps free around the instruction (InstClobbers),
// then rax, r11, xmm0 and xmm1 (scratch). Every access is [r14 + r32] with the index
// written by a 32-bit instruction just before, so the address rule holds by the
// block's own code (backend/codegen/address_check.h).
//
//   bounds   size = inst->mem0->size; dst + n >u size or src + n >u size (64-bit sums
//            of zero-extended values) jumps to the out-of-bounds trap: nothing written.
//   n = 0    nothing; 1..32: two accesses of the class's width w (1, 2, 4, 8, 16)
//            at the start and at the end (n - w), both loaded before either store, so
//            overlap either way is safe (a libc memmove's small cases); 33..64: 32
//            bytes at the start (xmm0, xmm1) and 32 at the end (xmm15, rax, r11), the
//            same way.
//   n > 64   forward when (dst - src) mod 2^32 >= n (dst below src, or no overlap):
//            the last 32 source bytes loaded first (xmm1, xmm15), then 32-byte
//            chunks upward, then the last 32 stored; else backward: the first 32
//            loaded first, chunks downward from the end, the first 32 stored last.
//            A fill has no direction.
// A constant n takes its class without the size compares.
#include "backend/diag.h"
#include "backend/x64/macro_assembler_x64.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT: register names
using regalloc::Location;

namespace {

Mem At(const Gp& index, uint32_t width) {
  Mem m = ptr(r14, index.r64());
  m.setSize(width);
  return m;
}

// [r14 + index + 16], 16 bytes.
Mem Chunk16(const Gp& index) {
  Mem m = At(index, 16);
  m.addOffset(16);
  return m;
}

// The class width of a size 1..32: the largest power of two (up to 16) not above n.
uint32_t ClassWidth(uint64_t n) {
  uint32_t w = 1;
  while (w < 16 && 2 * w <= n) w *= 2;
  return w;
}

}  // namespace

void X64MacroAssembler::Load32(const Gp& d, const Operand& o) {
  switch (o.loc.kind) {
    case Location::kReg: a_.mov(d.r32(), gpd(o.loc.reg)); return;
    case Location::kConst: a_.mov(d.r32(), static_cast<uint32_t>(o.imm)); return;
    default: {
      Mem m = SlotMem(o.loc.slot);
      m.setSize(4);
      a_.mov(d.r32(), m);
      return;
    }
  }
}

void X64MacroAssembler::BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) {
  WASMC_CHECK(instance_pinned_ && "bulk memory in a function without instance");
  const bool copy = in.op == ir::Opcode::kMemoryCopy;
  Load32(rdi, a);
  if (copy) Load32(rsi, b);
  Load32(rcx, c);
  // Bounds, before any write. The trap's call is inside the sequence (InlineTrap), not
  // at the function's shared stub, so its return address is in this operator's code:
  // a body inlined at -O2 keeps its frames in the backtrace.
  const Label oob = a_.newLabel();
  a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, mem0)));
  a_.mov(rax, qword_ptr(rax, offsetof(wasmc_memory, size)));
  a_.lea(r11, ptr(rdi, rcx));
  a_.cmp(r11, rax);
  a_.ja(oob);
  if (copy) {
    a_.lea(r11, ptr(rsi, rcx));
    a_.cmp(r11, rax);
    a_.ja(oob);
  }
  if (!copy) {  // rax = the byte in all 8 lanes
    if (b.IsConst()) {
      a_.mov(rax, (b.imm & 0xff) * 0x0101010101010101ull);
    } else {
      if (b.IsReg()) {
        a_.movzx(eax, gpb(b.loc.reg));
      } else {
        Mem m = SlotMem(b.loc.slot);
        m.setSize(1);
        a_.movzx(eax, m);
      }
      a_.mov(r11, 0x0101010101010101ull);
      a_.imul(rax, r11);
    }
  }
  const Label done = a_.newLabel();
  if (c.IsConst()) {
    const uint64_t n = c.imm & 0xffffffffu;
    if (n == 0) {
    } else if (n <= 32) {
      BulkTwo(copy, ClassWidth(n));
    } else if (n <= 64) {
      BulkUpTo64(copy);
    } else {
      BulkLarge(copy, done);
    }
    a_.jmp(done);
    InlineTrap(oob);
    a_.bind(done);
    return;
  }
  const Label ge16 = a_.newLabel(), ge4 = a_.newLabel(), ge2 = a_.newLabel(), ge8 = a_.newLabel(),
              gt32 = a_.newLabel(), big = a_.newLabel();
  a_.cmp(ecx, 16);
  a_.jae(ge16);
  a_.cmp(ecx, 4);
  a_.jae(ge4);
  a_.cmp(ecx, 2);
  a_.jae(ge2);
  a_.test(ecx, ecx);
  a_.jz(done);
  BulkTwo(copy, 1);
  a_.jmp(done);
  InlineTrap(oob);
  a_.bind(ge2);
  BulkTwo(copy, 2);
  a_.jmp(done);
  a_.bind(ge4);
  a_.cmp(ecx, 8);
  a_.jae(ge8);
  BulkTwo(copy, 4);
  a_.jmp(done);
  a_.bind(ge8);
  BulkTwo(copy, 8);
  a_.jmp(done);
  a_.bind(ge16);
  a_.cmp(ecx, 32);
  a_.ja(gt32);
  BulkTwo(copy, 16);
  a_.jmp(done);
  a_.bind(gt32);
  a_.cmp(ecx, 64);
  a_.ja(big);
  BulkUpTo64(copy);
  a_.jmp(done);
  a_.bind(big);
  BulkLarge(copy, done);
  a_.bind(done);
}

// The out-of-bounds trap at `oob`, where nothing falls into it.
void X64MacroAssembler::InlineTrap(const Label& oob) {
  a_.bind(oob);
  a_.mov(rdi, r15);
  a_.mov(esi, WASMC_TRAP_MEMORY_OOB);
  EmitExternalCall({0, "wasmc_rt_trap", -4});
  a_.ud2();
}

// w <= n <= 2w: w bytes at the start and w at n - w (edi, esi, ecx as BulkMemory left
// them; a fill's pattern in rax). Writes esi, edi, rax, r11, xmm0, xmm1.
void X64MacroAssembler::BulkTwo(bool copy, uint32_t w) {
  if (w == 16) {
    if (copy) {
      a_.movups(xmm0, At(rsi, 16));
      a_.lea(esi, ptr(rsi, rcx, 0, -16));
      a_.movups(xmm1, At(rsi, 16));
    } else {
      a_.movq(xmm0, rax);
      a_.punpcklqdq(xmm0, xmm0);
    }
    a_.movups(At(rdi, 16), xmm0);
    a_.lea(edi, ptr(rdi, rcx, 0, -16));
    a_.movups(At(rdi, 16), copy ? xmm1 : xmm0);
    return;
  }
  const int32_t back = -static_cast<int32_t>(w);
  Gp second = rax;
  if (copy) {
    if (w <= 2) a_.movzx(eax, At(rsi, w));
    else a_.mov(SizedGp(rax, w), At(rsi, w));
    a_.lea(esi, ptr(rsi, rcx, 0, back));
    if (w <= 2) a_.movzx(r11d, At(rsi, w));
    else a_.mov(SizedGp(r11, w), At(rsi, w));
    second = r11;
  }
  a_.mov(At(rdi, w), SizedGp(rax, w));
  a_.lea(edi, ptr(rdi, rcx, 0, back));
  a_.mov(At(rdi, w), SizedGp(second, w));
}

// 32 < n <= 64: 32 bytes at the start (xmm0, xmm1) and 32 at n - 32 (xmm15, rax,
// r11), all loaded before any store.
void X64MacroAssembler::BulkUpTo64(bool copy) {
  Mem start16 = At(rdi, 16);
  start16.addOffset(16);
  if (copy) {
    Mem src16 = At(rsi, 16);
    src16.addOffset(16);
    a_.movups(xmm0, At(rsi, 16));
    a_.movups(xmm1, src16);
    a_.lea(esi, ptr(rsi, rcx, 0, -32));
    LoadLast32(rsi);
    a_.movups(At(rdi, 16), xmm0);
    a_.movups(start16, xmm1);
    a_.lea(edi, ptr(rdi, rcx, 0, -32));
    StoreLast32(rdi);
    return;
  }
  a_.movq(xmm0, rax);
  a_.punpcklqdq(xmm0, xmm0);
  a_.movups(At(rdi, 16), xmm0);
  a_.movups(start16, xmm0);
  a_.lea(edi, ptr(rdi, rcx, 0, -32));
  a_.movups(At(rdi, 16), xmm0);
  a_.movups(start16, xmm0);  // [r14 + rdi + 16] again, rdi now at n - 32
}

// 32 bytes at [r14 + idx] into xmm15, rax, r11 / stored from them.
void X64MacroAssembler::LoadLast32(const Gp& idx) {
  Mem m8 = At(idx, 8), m16 = At(idx, 8);
  m8.addOffset(16);
  m16.addOffset(24);
  a_.movups(xmm15, At(idx, 16));
  a_.mov(rax, m8);
  a_.mov(r11, m16);
}
void X64MacroAssembler::StoreLast32(const Gp& idx) {
  Mem m8 = At(idx, 8), m16 = At(idx, 8);
  m8.addOffset(16);
  m16.addOffset(24);
  a_.movups(At(idx, 16), xmm15);
  a_.mov(m8, rax);
  a_.mov(m16, r11);
}

// 32 bytes at [r14 + idx]: loaded into lo, hi, or stored from them.
void X64MacroAssembler::BulkPair(const Gp& idx, const Xmm& lo, const Xmm& hi, bool store) {
  Mem m = At(idx, 16), m16 = At(idx, 16);
  m16.addOffset(16);
  if (store) {
    a_.movups(m, lo);
    a_.movups(m16, hi);
  } else {
    a_.movups(lo, m);
    a_.movups(hi, m16);
  }
}

// The end of a 32-byte loop: the indexes 32 further (esi too for a copy; down when
// `down`), ecx 32 less, again while it stays above 0.
void X64MacroAssembler::BulkStep(bool copy, bool down, const Label& loop) {
  if (copy) down ? a_.sub(esi, 32) : a_.add(esi, 32);
  down ? a_.sub(edi, 32) : a_.add(edi, 32);
  a_.sub(ecx, 32);
  a_.ja(loop);
}

// n > 64 (ecx), 32-byte chunks; see the file comment. Jumps to or falls into `done`.
// Each loop runs ceil((n - 32) / 32) times and leaves ecx = n - 32 - 32 * times, in
// (-32, 0] as an int32: rdi + rcx (mod 2^32) is then dst + n - 32 going up, rdi - rcx
// dst going down.
void X64MacroAssembler::BulkLarge(bool copy, const Label& done) {
  const Label loop = a_.newLabel();
  if (!copy) {
    a_.movq(xmm0, rax);
    a_.punpcklqdq(xmm0, xmm0);
    a_.sub(ecx, 32);
    a_.bind(loop);
    BulkPair(rdi, xmm0, xmm0, true);
    BulkStep(false, false, loop);
    a_.lea(edi, ptr(rdi, rcx));
    BulkPair(rdi, xmm0, xmm0, true);
    return;
  }
  const Label backward = a_.newLabel(), back_loop = a_.newLabel();
  a_.mov(eax, edi);
  a_.sub(eax, esi);
  a_.cmp(eax, ecx);
  a_.jb(backward);
  // Forward: dst below src, or no overlap. The last 32 source bytes first.
  a_.lea(eax, ptr(rsi, rcx, 0, -32));
  BulkPair(rax, xmm1, xmm15, false);
  a_.sub(ecx, 32);
  a_.bind(loop);
  a_.movups(xmm0, At(rsi, 16));
  a_.movups(At(rdi, 16), xmm0);
  a_.movups(xmm0, Chunk16(rsi));
  a_.movups(Chunk16(rdi), xmm0);
  BulkStep(true, false, loop);
  a_.lea(edi, ptr(rdi, rcx));
  BulkPair(rdi, xmm1, xmm15, true);
  a_.jmp(done);
  // Backward: dst above src and overlapping. The first 32 source bytes first.
  a_.bind(backward);
  BulkPair(rsi, xmm1, xmm15, false);
  a_.lea(esi, ptr(rsi, rcx, 0, -32));
  a_.lea(edi, ptr(rdi, rcx, 0, -32));
  a_.sub(ecx, 32);
  a_.bind(back_loop);
  a_.movups(xmm0, Chunk16(rsi));
  a_.movups(Chunk16(rdi), xmm0);
  a_.movups(xmm0, At(rsi, 16));
  a_.movups(At(rdi, 16), xmm0);
  BulkStep(true, true, back_loop);
  a_.sub(edi, ecx);
  BulkPair(rdi, xmm1, xmm15, true);
}

}  // namespace wasmc::x64
