// AArch64 memory.copy and memory.fill of memory 0 inline: ir::Opcode::kMemoryCopy and
// kMemoryFill (docs/backend.md, "Bulk memory inline"), as backend/x64/x64_bulk.cc does
// on x86-64, with the same semantics.
//
// Registers: only scratch ones, so the allocator needs no clobber list: w16 = dst,
// w17 = src (32-bit moves: zero-extended), w15 = n, x18 and x30 (as in the atomics,
// a64_atomic.cc: the frame saved x30, nothing is allocated to either) for the bounds
// check, addresses and 16 data bytes; v29, v30, v31 for data (a fill's byte in every
// lane of v29).
//
// The address check (address_check_a64.cc) proves every access in its own block:
// each is `[x27, wN, uxtw]` or `[xT, #imm]` with xT = `add xT, x27, wN, uxtw` earlier
// in the same block, never through a pointer carried over a label.
//
//   bounds   size = inst->mem0->size; dst + n >u size or src + n >u size (64-bit sums
//            of zero-extended values) branches to a trap call inside the sequence (its
//            return address in this operator's code, for backtraces of inlined
//            bodies): nothing written.
//   n = 0    nothing; 1..32: two accesses of the class's width w (1, 2, 4, 8, 16: b, h,
//            s, d, q registers) at the start and at n - w, both loaded before either
//            store, so overlap either way is safe; 32..64: 32 bytes at the start
//            (ldp q29, q30) and 32 at n - 32 (q31 and ldp x18, x30), all loaded first.
//   n > 64   forward when (dst - src) mod 2^32 >= n (dst below src, or no overlap):
//            32-byte chunks upward while 64 or more bytes are left, then the last
//            32..63 as above; else backward: chunks downward from the end while 64 or
//            more are left, then the first 32..63. The chunks never store over a
//            source byte still to be read in that direction, and the last part loads
//            everything before it stores. A fill has no direction.
// A constant n takes its class without the size compares.
#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names

namespace {

// [x27 + zext(wN)]: an access of the address rule's own form.
Mem At(const Gp& index) { return ptr(x(kMemReg), index.w(), uxtw(0)); }

// v's scalar form of `width` bytes (1, 2, 4, 8, else 16).
Vec Sized(const Vec& v, uint32_t width) {
  switch (width) {
    case 1: return v.b();
    case 2: return v.h();
    case 4: return v.s();
    case 8: return v.d();
    default: return v.q();
  }
}

// The class width of a size 1..32: the largest power of two (up to 16) not above n.
uint32_t ClassWidth(uint64_t n) {
  uint32_t w = 1;
  while (w < 16 && 2 * w <= n) w *= 2;
  return w;
}

}  // namespace

void A64MacroAssembler::Load32(const Gp& d, const Operand& o) {
  switch (o.loc.kind) {
    case Location::kReg: a_.mov(d.w(), w(o.loc.reg)); return;
    case Location::kConst: MovImm(d, o.imm, false); return;
    case Location::kSlot: a_.ldr(d.w(), SlotMem(o.loc.slot, 4)); return;
    default: WASMC_UNREACHABLE();
  }
}

void A64MacroAssembler::BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) {
  WASMC_CHECK(instance_pinned_ && "bulk memory in a function without instance");
  const bool copy = in.op == Opcode::kMemoryCopy;
  const uint64_t n = c.imm & 0xffffffffu;
  // n in w15 unless it is a constant of at most 64 (its class then needs no register);
  // loaded last: a far slot's offset goes through x15.
  const bool n_in_reg = !c.IsConst() || n > 64;
  Load32(x16, a);
  if (copy) {
    Load32(x17, b);
  } else if (!c.IsConst() || n != 0) {  // v29 = the byte in all 16 lanes
    if (b.IsConst()) a_.movi(v29.b16(), b.imm & 0xff);
    else a_.dup(v29.b16(), UseGp(b, x18).w());
  }
  if (n_in_reg) Load32(x15, c);
  const Label oob = a_.newLabel(), done = a_.newLabel();
  a_.ldr(x18, ptr(x(kInstReg), offsetof(wasmc_instance, mem0)));
  a_.ldr(x18, ptr(x18, offsetof(wasmc_memory, size)));
  for (const Gp& start : {x16, x17}) {
    if (start.id() == x17.id() && !copy) break;
    if (n_in_reg) a_.add(x30, start, x15);
    else a_.add(x30, start, n);
    a_.cmp(x30, x18);
    a_.b(CondCode::kHI, oob);
  }
  if (c.IsConst()) {
    if (n == 0) {
    } else if (n <= 32) {
      const uint32_t w = ClassWidth(n);
      BulkTwo(copy, w, static_cast<int32_t>(n - w));
    } else if (n <= 64) {
      a_.mov(w15, static_cast<uint32_t>(n - 32));
      BulkUpTo64(copy);
    } else {
      const Label last = a_.newLabel();
      BulkLarge(copy, last, /*last_follows=*/true);
      a_.bind(last);
      BulkUpTo64(copy);
    }
    a_.b(done);
    InlineTrap(oob);
    a_.bind(done);
    return;
  }
  const Label ge2 = a_.newLabel(), ge4 = a_.newLabel(), ge8 = a_.newLabel(), ge16 = a_.newLabel(),
              gt32 = a_.newLabel(), big = a_.newLabel(), last = a_.newLabel();
  auto branch_if = [&](uint32_t k, CondCode cc, const Label& to) {  // n `cc` k
    a_.cmp(w15, k);
    a_.b(cc, to);
  };
  auto size_class = [&](uint32_t width) {  // its two accesses, then the end
    BulkTwo(copy, width, width == 1 ? 0 : -1);
    a_.b(done);
  };
  branch_if(16, CondCode::kHS, ge16);
  branch_if(4, CondCode::kHS, ge4);
  branch_if(2, CondCode::kHS, ge2);
  a_.cbz(w15, done);
  size_class(1);  // n = 1
  InlineTrap(oob);
  a_.bind(ge2);
  size_class(2);
  a_.bind(ge4);
  branch_if(8, CondCode::kHS, ge8);
  size_class(4);
  a_.bind(ge8);
  size_class(8);
  a_.bind(ge16);
  branch_if(32, CondCode::kHI, gt32);
  size_class(16);
  a_.bind(gt32);
  branch_if(64, CondCode::kHI, big);
  a_.sub(w15, w15, 32);
  a_.bind(last);  // also the end of the n > 64 paths
  BulkUpTo64(copy);
  a_.b(done);
  a_.bind(big);
  BulkLarge(copy, last, false);
  a_.bind(done);
}

// The out-of-bounds trap at `oob`, where nothing falls into it.
void A64MacroAssembler::InlineTrap(const Label& oob) {
  a_.bind(oob);
  a_.mov(x0, x(kInstReg));
  a_.mov(w1, static_cast<uint32_t>(WASMC_TRAP_MEMORY_OOB));
  EmitCall("wasmc_rt_trap", {0, "wasmc_rt_trap", 0, RelocKind::kA64Call26});
  a_.brk(1);
}

// w <= n <= 2w (n = 1 for w = 1): w bytes at the start and w at n - w, where n - w is
// `tail` (a constant) or, when tail < 0, w15 - w (computed into w18). Writes w16, w17.
void A64MacroAssembler::BulkTwo(bool copy, uint32_t width, int32_t tail) {
  const Vec first = Sized(v29, width), second = copy ? Sized(v30, width) : first;
  if (tail < 0) a_.sub(w18, w15, width);
  auto to_tail = [&](const Gp& index) {
    if (tail < 0) a_.add(index.w(), index.w(), w18);
    else a_.add(index.w(), index.w(), static_cast<uint32_t>(tail));
  };
  if (copy) {
    a_.ldr(first, At(w17));
    if (tail != 0) {
      to_tail(w17);
      a_.ldr(second, At(w17));
    }
  }
  a_.str(first, At(w16));
  if (tail != 0) {
    to_tail(w16);
    a_.str(second, At(w16));
  }
}

// 32 <= n <= 64, with w15 = n - 32 (0..32): 32 bytes at the start and 32 at w15, all
// loaded before any store. Writes w16, w17, x18, x30.
void A64MacroAssembler::BulkUpTo64(bool copy) {
  if (!copy) {
    a_.add(x18, x(kMemReg), x16, uxtw(0));
    a_.stp(v29.q(), v29.q(), ptr(x18));
    a_.add(w16, w16, w15);
    a_.add(x18, x(kMemReg), x16, uxtw(0));
    a_.stp(v29.q(), v29.q(), ptr(x18));
    return;
  }
  a_.add(x18, x(kMemReg), x17, uxtw(0));
  a_.ldp(v29.q(), v30.q(), ptr(x18));
  a_.add(w17, w17, w15);
  a_.add(x17, x(kMemReg), x17, uxtw(0));
  a_.ldr(v31.q(), ptr(x17));
  a_.ldp(x18, x30, ptr(x17, 16));
  a_.add(x17, x(kMemReg), x16, uxtw(0));
  a_.stp(v29.q(), v30.q(), ptr(x17));
  a_.add(w16, w16, w15);
  a_.add(x16, x(kMemReg), x16, uxtw(0));
  a_.str(v31.q(), ptr(x16));
  a_.stp(x18, x30, ptr(x16, 16));
}

// One 32-byte chunk at w17 (source) and w16 (destination), then both indexes 32 on
// (down when `down`), w15 32 less; again while w15 did not go below 0.
void A64MacroAssembler::BulkChunkLoop(bool copy, bool down) {
  const Label loop = a_.newLabel();
  a_.bind(loop);
  if (copy) {
    a_.add(x18, x(kMemReg), x17, uxtw(0));
    a_.ldp(v29.q(), v30.q(), ptr(x18));
  }
  a_.add(x18, x(kMemReg), x16, uxtw(0));
  a_.stp(v29.q(), copy ? v30.q() : v29.q(), ptr(x18));
  if (copy) down ? a_.sub(w17, w17, 32) : a_.add(w17, w17, 32);
  down ? a_.sub(w16, w16, 32) : a_.add(w16, w16, 32);
  a_.subs(w15, w15, 32);
  a_.b(CondCode::kHS, loop);
}

// n > 64 (w15); see the file comment. Ends at `last`, BulkUpTo64 for the part left
// (a jump, but for a fill whose `last` is bound right after: `last_follows`). The loop starts with w15 = n - 64 and leaves it in [-32, 0): n - 64 - 32 *
// chunks, so the part left is w15 + 64 bytes (32..63), and w15 + 32 is BulkUpTo64's
// offset of its last 32.
void A64MacroAssembler::BulkLarge(bool copy, const Label& last, bool last_follows) {
  const Label backward = a_.newLabel();
  if (copy) {
    a_.sub(w18, w16, w17);
    a_.cmp(w18, w15);
    a_.b(CondCode::kLO, backward);
  }
  a_.sub(w15, w15, 64);
  BulkChunkLoop(copy, false);
  a_.add(w15, w15, 32);
  if (!copy && last_follows) return;
  a_.b(last);
  if (!copy) return;
  // Backward: dst above src and overlapping. Chunks from the end (index n - 32).
  a_.bind(backward);
  a_.add(w17, w17, w15);
  a_.sub(w17, w17, 32);
  a_.add(w16, w16, w15);
  a_.sub(w16, w16, 32);
  a_.sub(w15, w15, 64);
  BulkChunkLoop(true, true);
  // w17 / w16 index the last 32 bytes of the part left (src / dst + w15 + 32).
  a_.add(w15, w15, 32);
  a_.sub(w17, w17, w15);
  a_.sub(w16, w16, w15);
  a_.b(last);
}

}  // namespace wasmc::a64
