// The register-allocation checker against hand-made allocated code: correct code
// passes, and each kind of broken allocation is caught at the instruction that reads
// the wrong value.
#include <gtest/gtest.h>

#include "backend/regalloc/checker.h"
#include "backend/regalloc/parallel_move.h"
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::regalloc {
namespace {

using ir::Opcode;
using ir::Type;
using ir::VReg;

// GPRs 0..3 allocatable, 3 callee-saved; 7 is a scratch register (not allocatable).
RegisterInfo Regs() {
  RegisterInfo r;
  r.gprs = {0, 1, 2, 3};
  r.fprs = {0, 1};
  r.gpr_callee_saved = 1u << 3;
  return r;
}

// The checker accepts program.
void ExpectAccepted(const ir::Function& f, const std::vector<CheckStep>& program,
                    const CheckFrame& frame = {}) {
  CheckResult r = CheckAllocatedCode(f, Regs(), program, frame);
  EXPECT_TRUE(r.ok) << CheckReport(f, r);
}

constexpr uint32_t kAnyInst = ~0u;

// The checker rejects program with the message `what`, at instruction inst
// unless that is kAnyInst.
void ExpectRejected(const ir::Function& f, const std::vector<CheckStep>& program, uint32_t inst,
                    const std::string& what, const CheckFrame& frame = {}) {
  CheckResult r = CheckAllocatedCode(f, Regs(), program, frame);
  ASSERT_FALSE(r.ok);
  if (inst != kAnyInst) {
    EXPECT_EQ(r.inst, inst);
  }
  EXPECT_EQ(r.what, what);
}

CheckOperand G(VReg v, uint8_t reg) { return {v, Location::Reg(reg), 0, false}; }
CheckOperand S(VReg v, uint32_t slot) { return {v, Location::Slot(slot), 0, false}; }
Move MoveOf(Location dst, Location src, VReg dst_vreg, VReg src_vreg) {
  Move m;
  m.dst = dst;
  m.src = src;
  m.dst_vreg = dst_vreg;
  m.src_vreg = src_vreg;
  return m;
}

// A function with `n` i32 vregs (v0 a param) and, for report text, `n` nops.
ir::Function Fn(uint32_t n) {
  ir::Function f;
  f.func_index = 3;
  f.num_params = 1;
  for (uint32_t k = 0; k < n; ++k) f.NewVReg(Type::kI32);
  f.insts.resize(n);
  return f;
}

CheckStep Entry(std::vector<CheckOperand> params) {
  CheckStep s;
  s.defs = std::move(params);
  return s;
}
CheckStep Op(uint32_t inst, std::vector<CheckOperand> uses, std::vector<CheckOperand> defs) {
  CheckStep s;
  s.inst = inst;
  s.uses = std::move(uses);
  s.defs = std::move(defs);
  return s;
}
CheckStep Flow(CheckStep::Flow f, uint32_t label, uint32_t inst = 0) {
  CheckStep s;
  s.flow = f;
  s.label = label;
  s.inst = inst;
  return s;
}
// The moves emitted before instruction `inst` (spills, reloads, a parallel move).
CheckStep Moves(uint32_t inst, std::vector<Move> moves) {
  CheckStep s;
  s.inst = inst;
  s.moves = std::move(moves);
  return s;
}
CheckStep Call(uint32_t inst, std::vector<CheckOperand> args, std::vector<CheckOperand> results) {
  CheckStep s = Op(inst, std::move(args), std::move(results));
  s.call = true;
  return s;
}
CheckStep Ret(uint32_t inst, std::vector<CheckOperand> values) {
  CheckStep s = Op(inst, std::move(values), {});
  s.flow = CheckStep::kExit;
  return s;
}

TEST(RegallocChecker, AcceptsStraightLineCode) {
  ir::Function f = Fn(4);
  f.insts[1] = ir::Inst{.op = Opcode::kConst, .dst = 2, .imm = 5};
  std::vector<CheckStep> p = {
      Entry({G(0, 0)}),
      Op(2, {G(0, 0), {2, Location{Location::kConst}, 5, false}}, {G(1, 1)}),  // v1 = v0 + 5
      Ret(3, {G(1, 1)}),
  };
  ExpectAccepted(f, p);
  // The constant must be the vreg's own.
  p[1].uses[1].imm = 6;
  CheckResult r = CheckAllocatedCode(f, Regs(), p);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.what.find("as the constant 6, but v2 is the constant 5"), std::string::npos) << r.what;
}

TEST(RegallocChecker, CallerSavedRegisterClobberedByACall) {
  ir::Function f = Fn(4);
  std::vector<CheckStep> p = {
      Entry({G(0, 1)}),                // v0 in gpr1: caller-saved
      Call(1, {}, {G(2, 0)}),          // v2 = call()
      Op(2, {G(0, 1), G(2, 0)}, {G(1, 0)}),
      Ret(3, {G(1, 0)}),
  };
  CheckResult r = CheckAllocatedCode(f, Regs(), p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 2u);
  EXPECT_EQ(r.what, "read of v0 from gpr1, which holds nothing");
  EXPECT_NE(CheckReport(f, r).find("func 3, inst 2: read of v0"), std::string::npos);
  // In the callee-saved gpr3 it survives.
  p[0].defs[0] = G(0, 3);
  p[2].uses[0] = G(0, 3);
  ExpectAccepted(f, p);
}

TEST(RegallocChecker, MissingReload) {
  ir::Function f = Fn(4);
  std::vector<CheckStep> p = {
      Entry({G(0, 0)}),
      Op(1, {G(0, 0)}, {G(1, 0)}),                                             // v1 in gpr0
      Moves(1, {MoveOf(Location::Slot(0), Location::Reg(0), ir::kNoVReg, 1)}),  // spill of v1
      Op(2, {}, {G(2, 0)}),                                                    // v2 takes gpr0
      Moves(3, {MoveOf(Location::Reg(1), Location::Slot(0), ir::kNoVReg, 1)}),  // reload into gpr1
      Op(3, {G(1, 1), G(2, 0)}, {}),
      Ret(3, {}),
  };
  ExpectAccepted(f, p);
  // Without the reload, where inst 3 reads v1 from decides (nullptr: accepted).
  p[4] = Op(3, {}, {});
  const std::pair<CheckOperand, const char*> reads[] = {
      {G(1, 1), "read of v1 from gpr1, which holds nothing"},  // it never got v1
      {G(1, 0), "read of v1 from gpr0, which holds {v2}"},
      {S(1, 0), nullptr},  // the slot holds it
  };
  for (const auto& [use, rejected] : reads) {
    p[5].uses[0] = use;
    if (rejected) ExpectRejected(f, p, kAnyInst, rejected);
    else ExpectAccepted(f, p);
  }
}

TEST(RegallocChecker, StaleValueAtAJoin) {
  // v1 is a variable: set to v0 in gpr0, then on one path redefined, but into gpr2
  // (where the allocation did not put it); after the join it is read from gpr0.
  ir::Function f = Fn(5);
  std::vector<CheckStep> p = {
      Entry({G(0, 1)}),
      Op(1, {G(0, 1)}, {G(1, 0)}),                 // v1 = f(v0) in gpr0
      Op(2, {G(0, 1)}, {}),
      Flow(CheckStep::kBranch, 0, 2),              // br_if -> L0
      Op(3, {G(0, 1)}, {G(1, 2)}),                 // v1 = g(v0), in the wrong register
      Flow(CheckStep::kLabel, 0, 4),
      Ret(4, {G(1, 0)}),
  };
  ExpectRejected(f, p, 4u, "read of v1 from gpr0, which holds nothing");
  // Defined into gpr0 on that path too: right.
  p[4].defs[0] = G(1, 0);
  ExpectAccepted(f, p);
  // A loop back edge that clobbers gpr0 with another value is caught at the header.
  std::vector<CheckStep> loop = {
      Entry({G(0, 1)}),
      Op(1, {G(0, 1)}, {G(1, 0)}),
      Flow(CheckStep::kLabel, 0, 2),
      Op(2, {G(1, 0)}, {G(3, 2)}),
      Op(3, {G(0, 1)}, {G(2, 0)}),                 // v2 overwrites gpr0 in the body
      Flow(CheckStep::kBranch, 0, 3),              // back to L0, where v1 is read
      Ret(4, {}),
  };
  ExpectRejected(f, loop, 2u, "read of v1 from gpr0, which holds nothing");
}

TEST(RegallocChecker, ParallelMoveThatLosesACycle) {
  // v1 (gpr0) and v2 (gpr1) swap: {v1 <- v2, v2 <- v1}.
  ir::Function f = Fn(4);
  CheckStep swap;
  swap.inst = 2;
  swap.moves = {MoveOf(Location::Reg(0), Location::Reg(1), 1, 2),
                MoveOf(Location::Reg(1), Location::Reg(0), 2, 1)};
  swap.sequenced = true;
  std::vector<CheckStep> p = {
      Entry({G(0, 2)}),
      Op(1, {G(0, 2)}, {G(1, 0), G(2, 1)}),
      swap,
      Ret(3, {G(1, 0), G(2, 1)}),
  };
  // The sequencer's own answer goes through the scratch register 7.
  p[2].sequence = SequenceMoves(swap.moves, 7, 7);
  ASSERT_EQ(p[2].sequence.size(), 3u);
  ExpectAccepted(f, p);
  // Emitted naively, one after the other, the cycle loses v1.
  p[2].sequence = {MoveOf(Location::Reg(0), Location::Reg(1), 1, 2),
                   MoveOf(Location::Reg(1), Location::Reg(0), 2, 1)};
  ExpectRejected(f, p, 2u, "after the moves, gpr1 should hold v1 (for v2) but holds {v2}");
}

TEST(RegallocChecker, ScratchRegistersDoNotKeepValues) {
  // A value parked in the scratch register 7 does not survive the next operation.
  ir::Function f = Fn(4);
  CheckStep park;
  park.inst = 1;
  park.moves = {MoveOf(Location::Reg(7), Location::Reg(0), ir::kNoVReg, 0)};
  std::vector<CheckStep> p = {Entry({G(0, 0)}), park, Op(2, {G(0, 7)}, {}), Ret(3, {})};
  ExpectRejected(f, p, kAnyInst, "read of v0 from gpr7, which holds nothing");
}

// An allocatable register that some instructions' lowering uses as scratch
// (RegisterInfo::clobbers, x86-64's rdx): here gpr2, by every kDivS.
TEST(RegallocChecker, InstructionClobbers) {
  RegisterInfo regs = Regs();
  regs.clobbers = [](const ir::Inst& in, bool) { return in.op == Opcode::kDivS ? 1u << 2 : 0u; };
  ir::Function f = Fn(5);
  f.insts[2].op = Opcode::kDivS;
  auto check = [&](const std::vector<CheckStep>& p) { return CheckAllocatedCode(f, regs, p); };
  std::vector<CheckStep> p = {
      Entry({G(0, 0)}),
      Op(1, {G(0, 0)}, {G(1, 2)}),          // v1 in gpr2
      Op(2, {G(0, 0)}, {G(2, 1)}),          // a division: gpr2 is clobbered
      Op(3, {G(1, 2), G(2, 1)}, {G(3, 0)}),
      Ret(4, {G(3, 0)}),
  };
  CheckResult r = check(p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 3u);
  EXPECT_EQ(r.what, "read of v1 from gpr2, which holds nothing");
  // Neither an operand nor a result of the division may be there.
  p[1].defs[0] = G(1, 3);
  p[3].uses[0] = G(1, 3);
  EXPECT_TRUE(check(p).ok) << CheckReport(f, check(p));
  p[2].uses[0] = G(1, 3);
  p[2].uses.push_back(G(0, 0));
  p[2].defs[0] = G(2, 2);
  p[3].uses[1] = G(2, 2);
  r = check(p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.what, "definition of v2 in gpr2, which the instruction's lowering uses as scratch");
  p[2].defs[0] = G(2, 1);
  p[3].uses[1] = G(2, 1);
  p[1].defs.push_back(G(4, 2));
  p[2].uses.push_back(G(4, 2));
  r = check(p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 2u);
  EXPECT_EQ(r.what, "read of v4 in gpr2, which the instruction's lowering uses as scratch");
}

// An immediate operand b spares what RegisterInfo::clobbers says it does (x86-64: a
// shift by a constant leaves cl alone): the checker asks with b as the step read it.
TEST(RegallocChecker, AnImmediateCountSparesTheShiftScratch) {
  RegisterInfo regs = Regs();
  regs.clobbers = [](const ir::Inst& in, bool b_const) {
    return in.op == Opcode::kShl && !b_const ? 1u << 2 : 0u;
  };
  ir::Function f = Fn(5);
  f.insts[0] = ir::Inst{.op = Opcode::kConst, .dst = 4, .imm = 3};
  f.insts[2] = ir::Inst{.op = Opcode::kShl, .dst = 2, .a = 0, .b = 4};
  auto check = [&](const std::vector<CheckStep>& p) { return CheckAllocatedCode(f, regs, p); };
  CheckOperand count{4, Location{Location::kConst}, 3, false};
  std::vector<CheckStep> p = {
      Entry({G(0, 0)}),
      Op(1, {G(0, 0)}, {G(1, 2)}),            // v1 in gpr2, live across the shift
      Op(2, {G(0, 0), count}, {G(2, 1)}),     // v2 = v0 << 3
      Op(3, {G(1, 2), G(2, 1)}, {G(3, 0)}),
      Ret(4, {G(3, 0)}),
  };
  EXPECT_TRUE(check(p).ok) << CheckReport(f, check(p));
  p[2].uses[1] = G(4, 3);                  // by a register: gpr2 is clobbered
  p[1].defs.push_back(G(4, 3));
  CheckResult r = check(p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 3u);
  EXPECT_EQ(r.what, "read of v1 from gpr2, which holds nothing");
}

TEST(RegallocChecker, WritesStayInsideTheFrame) {
  ir::Function f = Fn(4);
  std::vector<CheckStep> p = {Entry({G(0, 0)}), Op(1, {G(0, 0)}, {G(1, 3)}), Op(2, {}, {S(2, 1)}),
                              Ret(3, {G(1, 3), S(2, 1)})};
  CheckFrame frame{true, 2, 1u << 3, 0};
  ExpectAccepted(f, p, frame);
  // gpr3 is callee-saved: the prologue must save it.
  frame.gpr_callee_saved_used = 0;
  ExpectRejected(f, p, kAnyInst, "write to callee-saved gpr3, which the prologue does not save", frame);
  // Slot 1 needs two slots.
  frame = {true, 1, 1u << 3, 0};
  ExpectRejected(f, p, kAnyInst, "write to slot1, beyond the frame's 1 slots", frame);
}

// A shrink-wrapped exit reads a vreg with two definitions (v1 = 7 here, v1 = v0 later)
// as an immediate: the unframed step's constant definition makes that provable, until
// v1 is defined again; a framed step may not define a constant.
TEST(RegallocChecker, UnframedConstantDefinitions) {
  ir::Function f = Fn(4);
  f.insts[1] = ir::Inst{.op = Opcode::kConst, .dst = 1, .imm = 7};
  f.insts[3] = ir::Inst{.op = Opcode::kMov, .dst = 1, .a = 0};
  const CheckOperand c7{1, Location{Location::kConst}, 7, false};
  CheckStep def = Op(1, {}, {c7});
  def.unframed = true;
  std::vector<CheckStep> p = {Entry({G(0, 0)}), def, Op(2, {G(0, 0), c7}, {G(2, 1)}), Ret(2, {G(2, 1)})};
  ExpectAccepted(f, p);
  CheckOperand c8 = c7;
  c8.imm = 8;
  p[2].uses[1] = c8;  // another constant
  ExpectRejected(f, p, 2, "read of v1 as the constant 8, but v1 is not defined once by a constant");
  p[2].uses[1] = c7;
  p.insert(p.begin() + 2, Op(3, {G(0, 0)}, {G(1, 2)}));  // v1 redefined in a register
  ExpectRejected(f, p, 2, "read of v1 as the constant 7, but v1 is not defined once by a constant");
  p.erase(p.begin() + 2);
  p[1].unframed = false;
  ExpectRejected(f, p, 1, "definition of v1 into a constant location");
}

// SQLite's function 690 (bench/sqlite, -O2): two locals zeroed on entry (v1, v2, each
// with a second definition in the body), a shrink-wrapped exit that returns v1 as the
// immediate 0. Both facts "is 0" hold at once: the second does not replace the first.
// A path that reaches the exit with v1 redefined, and a constant definition that is not
// its instruction's, are caught.
TEST(RegallocChecker, UnframedConstantsSharingAnImmediate) {
  ir::Function f = Fn(8);
  f.insts[1] = ir::Inst{.op = Opcode::kConst, .dst = 1, .imm = 0};
  f.insts[2] = ir::Inst{.op = Opcode::kConst, .dst = 2, .imm = 0};
  f.insts[5] = ir::Inst{.op = Opcode::kMov, .dst = 1, .a = 0};
  f.insts[6] = ir::Inst{.op = Opcode::kMov, .dst = 2, .a = 1};
  auto k0 = [](VReg v) { return CheckOperand{v, Location{Location::kConst}, 0, false}; };
  auto unframed = [](CheckStep s) {
    s.unframed = true;
    return s;
  };
  CheckStep branch = unframed(Flow(CheckStep::kBranch, 0, 3));  // br_if v0 -> L0 (the exit)
  branch.uses = {G(0, 0)};
  std::vector<CheckStep> p = {
      unframed(Entry({G(0, 0)})),
      unframed(Op(1, {}, {k0(1)})),
      unframed(Op(2, {}, {k0(2)})),
      branch,
      Op(5, {G(0, 0)}, {G(1, 1)}),
      Op(6, {G(1, 1)}, {G(2, 2)}),
      Ret(7, {G(2, 2)}),
      unframed(Flow(CheckStep::kLabel, 0, 4)),
      unframed(Op(4, {k0(2)}, {})),
      unframed(Ret(7, {k0(1)})),
  };
  ExpectAccepted(f, p);
  // The body branches to the exit after v1 = v0: at the join v1 is not 0 on every path.
  std::vector<CheckStep> joined = p;
  CheckStep back = Flow(CheckStep::kBranch, 0, 5);
  back.uses = {G(0, 0)};
  joined.insert(joined.begin() + 5, back);
  ExpectRejected(f, joined, 7, "read of v1 as the constant 0, but v1 is not defined once by a constant");
  // v2 is still 0 there (defined again only after the branch): its read is accepted.
  joined.back().uses = {k0(2)};
  ExpectAccepted(f, joined);
  // A constant definition must be its instruction's: another immediate, another vreg.
  std::vector<CheckStep> wrong = p;
  wrong[1].defs[0].imm = 5;
  ExpectRejected(f, wrong, 1, "definition of v1 as the constant 5, which is not the instruction's constant");
  wrong = p;
  wrong[2].defs[0].vreg = 3;
  ExpectRejected(f, wrong, 2, "definition of v3 as the constant 0, which is not the instruction's constant");
}

TEST(RegallocChecker, TwoValuesWrittenToOneLocationAtOnce) {
  // Issue 9's shape: a param dead on entry shares a register with a live one, and the
  // prologue writes both; the read of the live one fails and names the prologue.
  ir::Function f = Fn(4);
  f.num_params = 2;
  std::vector<CheckStep> p = {Entry({G(0, 1), G(1, 1)}), Ret(1, {G(0, 1)})};
  ExpectRejected(f, p, 1u,
            "read of v0 from gpr1, which holds {v1} (v0 and v1 were both written to gpr1 at "
            "once, in the prologue)");
  // When the lost value is never read (v1 is redefined first), nothing is wrong.
  p[1] = Op(1, {}, {G(1, 1)});
  p.push_back(Ret(2, {G(1, 1)}));
  ExpectAccepted(f, p);
}

// A v128 value in a slot occupies the pair s, s+1: a scalar written into the second
// half kills it; and no vector register keeps a v128 across a call unless
// RegisterInfo::fpr_callee_saved_v128 says so (fpr_callee_saved is not enough).
TEST(RegallocChecker, V128SlotPairsAndCalls) {
  ir::Function f = Fn(4);
  f.vreg_types[1] = Type::kV128;
  auto V = [](VReg v, Location l) { return CheckOperand{v, l, 0, true, true}; };
  std::vector<CheckStep> p = {
      Entry({G(0, 0)}),
      Op(1, {}, {V(1, Location::Slot(2))}),         // v1: v128 in slots 2, 3
      Op(2, {G(0, 0)}, {S(2, 4)}),                  // v2 in slot 4: no overlap
      Op(3, {V(1, Location::Slot(2)), S(2, 4)}, {G(3, 1)}),
      Ret(3, {G(3, 1)}),
  };
  CheckFrame frame{true, 6, 0, 0};
  CheckResult r = CheckAllocatedCode(f, Regs(), p, frame);
  EXPECT_TRUE(r.ok) << CheckReport(f, r);
  p[2].defs[0] = S(2, 3);  // into v1's second half
  p[3].uses[1] = S(2, 3);
  r = CheckAllocatedCode(f, Regs(), p, frame);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.what, "read of v1 from slot3, which holds {v2}");

  RegisterInfo regs = Regs();
  regs.fpr_callee_saved = 1u << 1;  // fpr1 keeps 64 bits only
  std::vector<CheckStep> q = {
      Entry({G(0, 0)}),
      Op(1, {}, {V(1, Location::Reg(1))}),
      Call(2, {}, {}),
      Op(3, {V(1, Location::Reg(1))}, {G(3, 1)}),
      Ret(3, {G(3, 1)}),
  };
  r = CheckAllocatedCode(f, regs, q);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.what, "read of v1 from fpr1, which holds nothing");
  regs.fpr_callee_saved_v128 = 1u << 1;
  r = CheckAllocatedCode(f, regs, q);
  EXPECT_TRUE(r.ok) << CheckReport(f, r);
}

// The registers pinned through all wasm code (RegisterInfo::gpr_pinned; x86-64 r14 and
// r15 in a sole module) are written by nothing: a value allocated there fails at its
// definition. The memory base lent to a function without memory accesses
// (WithMemoryBaseFree, gpr_pinned_lent) may hold values only when the function makes
// no call: its callees expect the base there.
TEST(RegallocChecker, PinnedRegistersAreNotWritten) {
  ir::Function f = Fn(4);
  RegisterInfo regs = Regs();
  std::vector<CheckStep> p = {Entry({G(0, 0)}), Op(1, {G(0, 0)}, {G(1, 2)}), Op(2, {G(1, 2)}, {G(2, 1)}),
                              Ret(3, {G(2, 1)})};
  EXPECT_TRUE(CheckAllocatedCode(f, regs, p).ok);
  regs.gpr_pinned = 1u << 2;
  CheckResult r = CheckAllocatedCode(f, regs, p);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 1u);
  EXPECT_EQ(r.what, "write to gpr2, which holds the instance state through all wasm code "
                    "(RegisterInfo::gpr_pinned)");
  // A parallel move into it fails too.
  regs = Regs();
  regs.gpr_pinned = 1u << 1;
  std::vector<CheckStep> q = {Entry({G(0, 0)}), Moves(1, {MoveOf(Location::Reg(1), Location::Reg(0), 0, 0)}),
                              Ret(2, {G(0, 1)})};
  r = CheckAllocatedCode(f, regs, q);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 1u);
  // Lent: allocatable in a leaf, a call fails.
  regs = Regs();
  regs.memory_base_gpr = 5;
  regs.gpr_pinned = (1u << 5) | (1u << 6);
  regs = WithMemoryBaseFree(regs);
  EXPECT_EQ(regs.gpr_pinned, 1u << 6);
  EXPECT_EQ(regs.gpr_pinned_lent, 1u << 5);
  std::vector<CheckStep> leaf = {Entry({G(0, 0)}), Op(1, {G(0, 0)}, {G(1, 5)}), Op(2, {G(1, 5)}, {G(2, 1)}),
                                 Ret(3, {G(2, 1)})};
  r = CheckAllocatedCode(f, regs, leaf);
  EXPECT_TRUE(r.ok) << CheckReport(f, r);
  leaf[2] = Call(2, {G(1, 5)}, {G(2, 1)});
  r = CheckAllocatedCode(f, regs, leaf);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.inst, 2u);
  EXPECT_EQ(r.what, "a call in a function that allocates the pinned gpr5 (RegisterInfo::gpr_pinned_lent): "
                    "the callee expects its pinned value");
}

TEST(RegallocChecker, UnboundLabel) {
  ir::Function f = Fn(2);
  std::vector<CheckStep> p = {Entry({}), Flow(CheckStep::kJump, 4, 1)};
  ExpectRejected(f, p, kAnyInst, "branch to label L4, never bound");
}

}  // namespace
}  // namespace wasmc::regalloc
