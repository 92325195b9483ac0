// AArch64 atomics (threads): ir::Opcode::kAtomicLoad .. kFence, all sequentially
// consistent (docs/backend.md, "Atomics and the memory model").
//
// ARMv8.0 mapping (the one C++ compilers use for seq_cst): loads LDAR{B,H}, stores
// STLR{B,H}, read-modify-writes an LDAXR/STLXR loop (LL/SC), cmpxchg an LDAXR, compare,
// STLXR loop; atomic.fence is DMB ISH. At --cpu=armv8.1-a (lse_) read-modify-writes
// are one LSE instruction with acquire-release semantics (ldaddal, ldclral with the
// complement for and, ldeoral, ldsetal, swpal; sub adds the negation) and cmpxchg is
// casal; their B/H/W forms zero-extend the old value as wasm's narrow forms need.
//
// Registers: x16 = x27 + effective address (LDAXR/STLXR take only a base register),
// x17 = the old value, x30 = the new value (the frame saved x30 in the prologue and no
// value is ever allocated to it), w15 = the store-exclusive status, x18 = an operand
// that is not in a register (Linux leaves x18 to programs as a temporary; nothing
// else in wasmc's code uses it). An unaligned effective address branches to an
// out-of-line stub that touches the access's last byte (out of bounds is checked
// first) and then traps with "unaligned atomic".
#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names

// x16 = x27 + zext(index) + offset; checks alignment.
void A64MacroAssembler::AtomicAddress(const ir::Inst& in, const Operand& addr) {
  const Gp base = x(kMemReg);
  if (addr.IsConst()) {
    MovImm(x16, (addr.imm & 0xffffffffu) + in.imm, true);
    a_.add(x16, base, x16);
  } else {
    Gp ri = UseGp(addr, x16);
    a_.add(x16, base, ri.x());  // i32 values have their upper 32 bits zero
    const uint64_t off = in.imm;
    if (off != 0 && off <= 0xffffff) {
      if (off >> 12) a_.add(x16, x16, off >> 12, lsl(12));
      if (off & 0xfff) a_.add(x16, x16, off & 0xfff);
    } else if (off != 0) {
      MovImm(x17, off, true);
      a_.add(x16, x16, x17);
    }
  }
  if (in.width > 1) {
    Label stub = a_.newLabel();
    a_.tst(x16, in.width - 1);
    a_.b(CondCode::kNE, stub);
    atomic_stubs_.push_back({stub, in.width});
  }
}

void A64MacroAssembler::EmitAtomicStubs() {
  for (const AtomicStub& s : atomic_stubs_) {
    a_.bind(s.label);
    a_.ldrb(w17, ptr(x16, static_cast<int32_t>(s.width - 1)));  // bounds first
    a_.b(TrapLabel(WASMC_TRAP_UNALIGNED_ATOMIC));
  }
  atomic_stubs_.clear();
}

void A64MacroAssembler::Atomic(const ir::Inst& in, Operand dst, Operand addr, Operand b, Operand c) {
  if (in.op == ir::Opcode::kFence) {
    a_.dmb(Imm(Predicate::DB::kISH));
    return;
  }
  const uint32_t width = in.width;
  AtomicAddress(in, addr);
  const Mem m = ptr(x16);
  // The register form used for a value of the access width.
  auto r = [&](const Gp& g) -> Gp { if (width == 8) return g.x(); return g.w(); };
  auto ldaxr = [&](const Gp& t) {
    if (width == 1) a_.ldaxrb(t.w(), m);
    else if (width == 2) a_.ldaxrh(t.w(), m);
    else a_.ldaxr(r(t), m);
  };
  // STLXR{B,H} Ws, Rt, [x16], encoded by hand: asmjit 1.9 rejects valid forms.
  auto stlxr = [&](const Gp& status, const Gp& v) {
    static constexpr uint32_t kSize[] = {0, 0, 1, 0, 2, 0, 0, 0, 3};
    static constexpr char kSuffix[][2] = {"", "b", "h", "", ""};
    const uint32_t rt = v.id() & 31;
    if (logger_) {
      const std::string t = rt == 31 ? (width == 8 ? "xzr" : "wzr")
                                     : (width == 8 ? "x" : "w") + std::to_string(rt);
      SetNextListingText(*logger_, std::string("stlxr") + kSuffix[width < 4 ? width : 0] + " w" +
                                       std::to_string(status.id()) + ", " + t + ", [x16]");
    }
    a_.embedUInt32(kSize[width] << 30 | 0x0800fc00u | status.id() << 16 | 16u << 5 | rt);
  };
  // An LSE instruction on [x16] (`base`: its encoding with size, Rs, Rn and Rt zero).
  auto lse = [&](const char* name, uint32_t base, const Gp& rs, const Gp& rt) {
    static constexpr uint32_t kSize[] = {0, 0, 1, 0, 2, 0, 0, 0, 3};
    auto reg = [&](const Gp& g) {
      const uint32_t id = g.id() & 31;
      return id == 31 ? std::string(width == 8 ? "xzr" : "wzr")
                      : (width == 8 ? "x" : "w") + std::to_string(id);
    };
    if (logger_)
      SetNextListingText(*logger_, std::string(name) + (width == 1 ? "b" : width == 2 ? "h" : "") +
                                       " " + reg(rs) + ", " + reg(rt) + ", [x16]");
    a_.embedUInt32(kSize[width] << 30 | base | (rs.id() & 31) << 16 | 16u << 5 | (rt.id() & 31));
  };
  switch (in.op) {
    case ir::Opcode::kAtomicLoad: {
      Gp d = DstGp(dst, x17);
      if (width == 1) a_.ldarb(d.w(), m);
      else if (width == 2) a_.ldarh(d.w(), m);
      else a_.ldar(r(d), m);
      DefGp(dst, d);
      return;
    }
    case ir::Opcode::kAtomicStore: {
      // Emitted by id: asmjit 1.9's stlr/stlrb/stlrh methods encode STLLR (LORelease).
      Gp v = UseGp(b, x17, /*zr_ok=*/true);
      const InstId id = width == 1 ? Inst::kIdStlrb : width == 2 ? Inst::kIdStlrh : Inst::kIdStlr;
      a_.emit(id, r(v), m);
      return;
    }
    case ir::Opcode::kAtomicCmpxchg: {
      if (lse_) {  // casal: w17/x17 = expected, then the old value (B/H compare their width)
        Gp e = UseGp(b, x17);
        if (e.id() != 17) a_.mov(r(x17), r(e));
        Gp v = UseGp(c, x30, /*zr_ok=*/true);
        lse("casal", 0x08e0fc00u, x17, v);
        DefGp(dst, x17);
        return;
      }
      // x18 = expected wrapped to the access width; the replacement in its register or x30.
      Gp e = UseGp(b, x18);
      if (width == 1) a_.uxtb(w18, e.w());
      else if (width == 2) a_.uxth(w18, e.w());
      else if (width == 4) a_.mov(w18, e.w());
      else if (e.id() != 18) a_.mov(x18, e.x());
      Gp v = UseGp(c, x30, /*zr_ok=*/true);
      Label retry = a_.newLabel(), done = a_.newLabel();
      a_.bind(retry);
      ldaxr(x17);
      a_.cmp(r(x17), r(x18));
      a_.b(CondCode::kNE, done);
      stlxr(w15, v);
      a_.cbnz(w15, retry);
      a_.bind(done);
      DefGp(dst, x17);
      return;
    }
    case ir::Opcode::kAtomicRmw:
      break;
    default: WASMC_UNREACHABLE();
  }
  const auto op = static_cast<ir::AtomicOp>(in.index);
  if (lse_) {
    // LD<op>AL Rs, Rt, [x16]: Rs the operand, Rt (x17) the old value.
    const bool negated = op == ir::AtomicOp::kSub || op == ir::AtomicOp::kAnd;
    Gp v = UseGp(b, x18, /*zr_ok=*/!negated);
    if (op == ir::AtomicOp::kSub) a_.neg(r(x18), r(v));
    else if (op == ir::AtomicOp::kAnd) a_.mvn(r(x18), r(v));
    if (negated) v = x18;
    switch (op) {
      case ir::AtomicOp::kAdd:
      case ir::AtomicOp::kSub: lse("ldaddal", 0x38e00000u, v, x17); break;
      case ir::AtomicOp::kAnd: lse("ldclral", 0x38e01000u, v, x17); break;
      case ir::AtomicOp::kXor: lse("ldeoral", 0x38e02000u, v, x17); break;
      case ir::AtomicOp::kOr: lse("ldsetal", 0x38e03000u, v, x17); break;
      case ir::AtomicOp::kXchg: lse("swpal", 0x38e08000u, v, x17); break;
    }
    DefGp(dst, x17);
    return;
  }
  Gp v = UseGp(b, x18, /*zr_ok=*/true);
  Label retry = a_.newLabel();
  a_.bind(retry);
  ldaxr(x17);
  Gp nv = x30;
  switch (op) {
    case ir::AtomicOp::kAdd: a_.add(x30, x17, v.x()); break;
    case ir::AtomicOp::kSub: a_.sub(x30, x17, v.x()); break;
    case ir::AtomicOp::kAnd: a_.and_(x30, x17, v.x()); break;
    case ir::AtomicOp::kOr: a_.orr(x30, x17, v.x()); break;
    case ir::AtomicOp::kXor: a_.eor(x30, x17, v.x()); break;
    case ir::AtomicOp::kXchg: nv = v; break;
  }
  stlxr(w15, nv);
  a_.cbnz(w15, retry);
  DefGp(dst, x17);  // LDAXR{B,H} and the w form zero-extend
}

}  // namespace wasmc::a64
