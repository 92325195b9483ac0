// Live-range splitting at loops (backend/regalloc/split.h) on hand-made IR: the rewrite
// must keep what the function computes (tests/unit/support/ir_interp.h runs it before
// and after), keep the IR valid, leave loops it must not touch alone, and let the
// loop's part of a value that the allocator put in a slot win a register; and of
// splitting between calls (call_split.h), whose copies and loop parts must keep out of
// registers an instruction clobbers (the register-allocation checker, checker.h, judges).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "backend/ir/printer.h"
#include "backend/ir/verify.h"
#include "backend/regalloc/checker.h"
#include "backend/regalloc/liveness.h"
#include "backend/regalloc/regalloc.h"
#include "backend/regalloc/split.h"
#include "tests/unit/support/ir_interp.h"

namespace wasmc::regalloc {
namespace {

using namespace ir_test;  // NOLINT: the IR's names and the interpreter

struct Fn {
  ir::Function f;
  explicit Fn(uint32_t params) {
    for (uint32_t p = 0; p < params; ++p) f.NewVReg(Type::kI32);
    f.num_params = params;
    f.results = {Type::kI32};
  }
  VReg V() { return f.NewVReg(Type::kI32); }
  uint32_t Label() { f.label_block.push_back(~0u); return f.num_labels++; }
  void Add(Inst in) {
    if (in.op == Opcode::kLabel) f.label_block[in.index] = static_cast<uint32_t>(f.insts.size());
    f.insts.push_back(in);
  }
  void Bind(uint32_t l, uint8_t depth) { Add({.op = Opcode::kLabel, .loop_depth = depth, .index = l}); }
  void Ret(VReg v) {
    Inst in{.op = Opcode::kReturn, .index2 = 1};
    in.extra_begin = static_cast<uint32_t>(f.extra.size());
    in.extra_count = 1;
    f.extra.push_back(v);
    Add(in);
  }
};

// acc = 0; i = 0;
// loop: acc += k; i += 1; if (acc > limit) goto out;  if (i < n) goto loop;
//       acc += 1000;
// out:  return acc + k
// (params n, k, limit; acc and i are variables defined before, in and after the loop;
// the loop has a conditional exit to a label where acc is live and a fall-through exit).
Fn SumLoop() {
  Fn t(3);
  const VReg n = 0, k = 1, limit = 2;
  VReg acc = t.V(), i = t.V(), one = t.V(), big = t.V(), r = t.V();
  uint32_t loop = t.Label(), out = t.Label();
  t.Add({.op = Opcode::kConst, .dst = acc, .imm = 0});
  t.Add({.op = Opcode::kConst, .dst = i, .imm = 0});
  t.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  t.Bind(loop, 1);
  t.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = k});
  t.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = i, .a = i, .b = one});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kGtU, .loop_depth = 1, .a = acc, .b = limit, .index = out});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = i, .b = n, .index = loop});
  t.Add({.op = Opcode::kConst, .dst = big, .imm = 1000});
  t.Add({.op = Opcode::kAdd, .dst = acc, .a = acc, .b = big});
  t.Bind(out, 0);
  t.Add({.op = Opcode::kAdd, .dst = r, .a = acc, .b = k});
  t.Ret(r);
  return t;
}

std::vector<uint8_t> All(const ir::Function& f) { return std::vector<uint8_t>(f.NumVRegs(), 1); }

TEST(LoopSplit, KeepsWhatTheFunctionComputes) {
  Fn before = SumLoop();
  Fn after = SumLoop();
  ASSERT_EQ(SplitLoopLiveRanges(after.f, All(after.f)), 1u);
  ir::VerifyResult v = ir::VerifyFunction(after.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(after.f, v);
  for (uint32_t n : {1u, 2u, 5u, 40u})
    for (uint32_t k : {0u, 3u, 7u})
      for (uint32_t limit : {0u, 10u, 100u})
        EXPECT_EQ(Interpret(after.f, {n, k, limit}), Interpret(before.f, {n, k, limit}))
            << "n=" << n << " k=" << k << " limit=" << limit << "\n" << ir::PrintFunction(after.f);
}

TEST(LoopSplit, TheLoopReadsOnlyItsOwnVregs) {
  Fn t = SumLoop();
  const uint32_t nv = t.f.NumVRegs();
  ASSERT_EQ(SplitLoopLiveRanges(t.f, All(t.f)), 1u);
  // n, k, limit, acc, i get loop vregs; `one` (a constant) keeps being an immediate.
  EXPECT_EQ(t.f.NumVRegs(), nv + 5);
  const uint32_t head = t.f.label_block[0];
  uint32_t end = head;
  for (uint32_t x = head; x < t.f.insts.size(); ++x)
    if (t.f.insts[x].op == Opcode::kBrCmp && t.f.insts[x].index == 0) end = x;
  for (uint32_t x = head + 1; x <= end; ++x)
    ir::ForEachUse(t.f, t.f.insts[x], [&](VReg v) {
      EXPECT_TRUE(v >= nv || v == 5) << "inst " << x << " reads v" << v << "\n" << ir::PrintFunction(t.f);
    });
  // The conditional exit goes through an edge block that copies acc back, then jumps.
  const Inst& exit = t.f.insts[end - 1];
  ASSERT_EQ(exit.op, Opcode::kBrCmp);
  EXPECT_NE(exit.index, 1u);
  const uint32_t edge = t.f.label_block[exit.index];
  EXPECT_GT(edge, end);
  EXPECT_EQ(t.f.insts[edge + 1].op, Opcode::kMov);
  EXPECT_EQ(t.f.insts.back().op, Opcode::kJump);
  EXPECT_EQ(t.f.insts.back().index, 1u);
}

TEST(LoopSplit, OnlyWantedVregs) {
  Fn t = SumLoop();
  const uint32_t nv = t.f.NumVRegs();
  std::vector<uint8_t> want(nv, 0);
  EXPECT_EQ(SplitLoopLiveRanges(t.f, want), 0u);
  want[1] = 1;  // k
  ASSERT_EQ(SplitLoopLiveRanges(t.f, want), 1u);
  EXPECT_EQ(t.f.NumVRegs(), nv + 1);
  EXPECT_EQ(Interpret(t.f, {5, 3, 100}), Interpret(SumLoop().f, {5, 3, 100}));
}

TEST(LoopSplit, LeavesLoopsWithCallsOrSideEntriesAlone) {
  {
    Fn t = SumLoop();
    t.f.insts[4] = Inst{.op = Opcode::kCall, .loop_depth = 1};  // a call in the loop
    EXPECT_EQ(SplitLoopLiveRanges(t.f, All(t.f)), 0u);
  }
  {
    // A branch from before the loop into its middle.
    Fn t = SumLoop();
    uint32_t mid = t.Label();
    t.f.insts.insert(t.f.insts.begin() + 5, Inst{.op = Opcode::kLabel, .loop_depth = 1, .index = mid});
    t.f.insts.insert(t.f.insts.begin() + 3, Inst{.op = Opcode::kBrCmp, .cond = Cond::kEq, .a = 0, .b = 1, .index = mid});
    for (uint32_t x = 0; x < t.f.insts.size(); ++x)
      if (t.f.insts[x].op == Opcode::kLabel) t.f.label_block[t.f.insts[x].index] = x;
    ASSERT_TRUE(ir::VerifyFunction(t.f).ok);
    EXPECT_EQ(SplitLoopLiveRanges(t.f, All(t.f)), 0u);
  }
}

// A branch from outside to the header goes through the entry moves.
TEST(LoopSplit, BranchToTheHeaderFromOutside) {
  Fn before = SumLoop();
  uint32_t skip = before.Label();
  // if (n == k) goto loop directly (past a jump), else fall into it.
  before.f.insts.insert(before.f.insts.begin() + 3,
                        {Inst{.op = Opcode::kBrCmp, .cond = Cond::kEq, .a = 0, .b = 1, .index = 0},
                         Inst{.op = Opcode::kJump, .index = skip},
                         Inst{.op = Opcode::kLabel, .index = skip}});
  for (uint32_t x = 0; x < before.f.insts.size(); ++x)
    if (before.f.insts[x].op == Opcode::kLabel) before.f.label_block[before.f.insts[x].index] = x;
  Fn after = before;
  ASSERT_EQ(SplitLoopLiveRanges(after.f, All(after.f)), 1u);
  ASSERT_TRUE(ir::VerifyFunction(after.f).ok);
  EXPECT_NE(after.f.insts[3].index, 0u) << "the outside branch must go to the entry moves";
  for (uint32_t n : {3u, 4u})
    EXPECT_EQ(Interpret(after.f, {n, 3, 100}), Interpret(before.f, {n, 3, 100}));
}

// Two params p0, p1 cross a call before the loop (label 0): `s = p0 + p1; p0 = s`
// while p0 < p1; return p0.
Fn CallThenLoop() {
  Fn t(2);
  const VReg p0 = 0, p1 = 1;
  VReg s = t.V();
  uint32_t loop = t.Label();
  t.Add({.op = Opcode::kCall});
  t.Bind(loop, 1);
  t.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = s, .a = p0, .b = p1});
  t.Add({.op = Opcode::kMov, .loop_depth = 1, .dst = p0, .a = s});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = p0, .b = p1, .index = loop});
  t.Ret(p0);
  return t;
}

// With no callee-saved register p0 and p1 get slots, and their loop parts the registers.
TEST(LoopSplit, TheLoopPartWinsARegister) {
  Fn t = CallThenLoop();
  const VReg p0 = 0, p1 = 1;
  const uint32_t nv = t.f.NumVRegs();
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  Allocation a = AllocateRegisters(t.f, regs);
  // Two loop vregs, placed in registers the first scan left free (no second scan).
  ASSERT_EQ(t.f.NumVRegs(), nv + 2) << ir::PrintFunction(t.f);
  EXPECT_EQ(a.locs[p0].kind, Location::kSlot);
  EXPECT_EQ(a.locs[p1].kind, Location::kSlot);
  EXPECT_EQ(a.locs[nv].kind, Location::kReg);
  EXPECT_EQ(a.locs[nv + 1].kind, Location::kReg);
  EXPECT_NE(a.locs[nv], a.locs[nv + 1]);
}

// CallThenLoop with one register fewer: s keeps one and the loop part placed first
// the other; the second part finds none and is dropped (its variable keeps its slot
// in the loop). Not a rewrite of every part followed by a second scan (before Session
// 21's o2fast: ~7% of SQLite's -O2 compile in the 22 functions that took that path).
TEST(LoopSplit, APartWithoutARegisterIsDropped) {
  Fn t = CallThenLoop();
  const VReg p0 = 0, p1 = 1;
  const uint32_t loop = 0;
  const Fn before = t;
  const uint32_t nv = t.f.NumVRegs();
  RegisterInfo regs;
  regs.gprs = {1, 2};
  Allocation a = AllocateRegisters(t.f, regs);
  ASSERT_EQ(t.f.NumVRegs(), nv + 1) << ir::PrintFunction(t.f);
  EXPECT_EQ(a.locs[p0].kind, Location::kSlot);
  EXPECT_EQ(a.locs[p1].kind, Location::kSlot);
  EXPECT_EQ(a.locs[nv].kind, Location::kReg);
  // The loop reads the kept part's vreg and p1 itself (from its slot).
  const uint32_t head = t.f.label_block[loop];
  bool reads_p1 = false;
  for (uint32_t x = head + 1; x < t.f.insts.size() && t.f.insts[x].op != Opcode::kReturn; ++x)
    ir::ForEachUse(t.f, t.f.insts[x], [&](VReg v) { reads_p1 |= v == p1; });
  EXPECT_TRUE(reads_p1) << ir::PrintFunction(t.f);
  ir::VerifyResult v = ir::VerifyFunction(t.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(t.f, v);
  for (uint32_t x : {0u, 1u, 7u})
    EXPECT_EQ(Interpret(t.f, {x, 9}), Interpret(before.f, {x, 9})) << ir::PrintFunction(t.f);
}

// Splitting spilled values between calls (backend/regalloc/call_split.h).

// A call with args and one result.
void Call(Fn& t, std::vector<VReg> args, VReg result, uint8_t depth = 0) {
  Inst in{.op = Opcode::kCall, .loop_depth = depth, .index2 = static_cast<uint32_t>(args.size())};
  in.extra_begin = static_cast<uint32_t>(t.f.extra.size());
  for (VReg a : args) t.f.extra.push_back(a);
  if (result != ir::kNoVReg) t.f.extra.push_back(result);
  in.extra_count = static_cast<uint32_t>(t.f.extra.size()) - in.extra_begin;
  t.Add(in);
}

// Positions of calls; is any vreg >= nv (a register copy) live across one? (A copy
// defined before a call and read after it.)
bool CopyCrossesCall(const ir::Function& f, uint32_t nv) {
  std::vector<uint32_t> def(f.NumVRegs(), ~0u);
  uint32_t last_call = ~0u;
  bool crosses = false;
  for (uint32_t i = 0; i < f.insts.size(); ++i) {
    ir::ForEachUse(f, f.insts[i], [&](VReg v) {
      if (v >= nv && last_call != ~0u && def[v] < last_call) crosses = true;
    });
    if (ir::IsCall(f.insts[i].op)) last_call = i;
    ir::ForEachDef(f, f.insts[i], [&](VReg v) { def[v] = i; });
  }
  return crosses;
}

// a, b cross calls (no callee-saved register: slots); between the calls each is read
// twice, and c = a*b is defined, read twice and read again after the next call.
//   call(); x = a + b; y = x * a; c = y + b; if (c) goto out; z = call(c, c);
//   c = c + z; out: return c + a
Fn BetweenCalls() {
  Fn t(2);
  const VReg a = 0, b = 1;
  VReg x = t.V(), y = t.V(), c = t.V(), z = t.V(), r = t.V();
  uint32_t out = t.Label();
  Call(t, {}, ir::kNoVReg);
  t.Add({.op = Opcode::kAdd, .dst = x, .a = a, .b = b});
  t.Add({.op = Opcode::kMul, .dst = y, .a = x, .b = a});
  t.Add({.op = Opcode::kAdd, .dst = c, .a = y, .b = b});
  t.Add({.op = Opcode::kBrIf, .a = c, .index = out});
  Call(t, {c, c}, z);
  t.Add({.op = Opcode::kAdd, .dst = c, .a = c, .b = z});
  t.Bind(out, 0);
  t.Add({.op = Opcode::kAdd, .dst = r, .a = c, .b = a});
  t.Ret(r);
  return t;
}

TEST(CallSplit, KeepsWhatTheFunctionComputes) {
  Fn before = BetweenCalls();
  Fn after = BetweenCalls();
  const uint32_t nv = after.f.NumVRegs();
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  Allocation al = AllocateRegisters(after.f, regs);
  ASSERT_GT(after.f.NumVRegs(), nv) << ir::PrintFunction(after.f);
  ASSERT_EQ(al.locs.size(), after.f.NumVRegs());
  for (VReg v = nv; v < after.f.NumVRegs(); ++v)
    EXPECT_EQ(al.locs[v].kind, Location::kReg) << "v" << v << "\n" << ir::PrintFunction(after.f);
  EXPECT_FALSE(CopyCrossesCall(after.f, nv)) << ir::PrintFunction(after.f);
  ir::VerifyResult v = ir::VerifyFunction(after.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(after.f, v);
  // x = 0 (a = -b) takes the branch with c = 0... any c; both paths.
  for (uint32_t a : {0u, 1u, 5u, 0xfffffffbu})
    for (uint32_t b : {0u, 2u, 5u})
      EXPECT_EQ(Interpret(after.f, {a, b}), Interpret(before.f, {a, b}))
          << "a=" << a << " b=" << b << "\n" << ir::PrintFunction(after.f);
}

TEST(CallSplit, ReadsTheSlotOncePerSegment) {
  Fn t = BetweenCalls();
  const uint32_t nv = t.f.NumVRegs();
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  Allocation al = AllocateRegisters(t.f, regs);
  ASSERT_EQ(al.locs[0].kind, Location::kSlot) << ir::PrintFunction(t.f);
  ASSERT_EQ(al.locs[1].kind, Location::kSlot);
  // Between the two calls a and b are each read once, by the reload into their copy.
  uint32_t calls = 0, reads_a = 0, reads_b = 0;
  for (const Inst& in : t.f.insts) {
    if (in.op == Opcode::kCall && ++calls == 2) break;
    if (calls == 0) continue;
    ir::ForEachUse(t.f, in, [&](VReg v) {
      reads_a += v == 0;
      reads_b += v == 1;
      if (v == 0 || v == 1) {
        EXPECT_TRUE(in.op == Opcode::kMov && in.dst >= nv) << ir::PrintFunction(t.f);
      }
    });
  }
  EXPECT_EQ(reads_a, 1u) << ir::PrintFunction(t.f);
  EXPECT_EQ(reads_b, 1u);
}

// Operands in fn.extra are occurrences too (Collect tests only the operand fields of
// most instructions): in BetweenCalls, c's copy is what the second call's arguments
// read, not c's slot (c, defined before the call and read after it, is in a slot).
TEST(CallSplit, CallArgumentsReadTheCopy) {
  Fn t = BetweenCalls();
  const uint32_t nv = t.f.NumVRegs();
  const VReg c = 4;
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  Allocation al = AllocateRegisters(t.f, regs);
  ASSERT_EQ(al.locs[c].kind, Location::kSlot) << ir::PrintFunction(t.f);
  uint32_t calls = 0;
  for (const Inst& in : t.f.insts) {
    if (in.op != Opcode::kCall || ++calls != 2) continue;
    ASSERT_EQ(in.index2, 2u);
    for (uint32_t k = 0; k < 2; ++k) {
      const VReg arg = t.f.extra[in.extra_begin + k];
      EXPECT_TRUE(arg >= nv && al.locs[arg].kind == Location::kReg) << "v" << arg << "\n" << ir::PrintFunction(t.f);
    }
  }
  EXPECT_EQ(calls, 2u);
}

// InsertInstructions keeps label_block's entries that name no label instruction (a
// label never placed: its entry stays as it was) and fills a function's empty
// label_block from its labels.
TEST(InsertInstructions, LabelBlockStaleEntriesAndNone) {
  auto nop = [](uint64_t id) { return Inst{.op = Opcode::kNop, .imm = id}; };
  ir::Function f;
  for (const Inst& in : {Inst{.op = Opcode::kLabel, .index = 0}, nop(1), nop(2), Inst{.op = Opcode::kLabel, .index = 2}})
    f.insts.push_back(in);
  f.num_labels = 3;
  f.label_block = {0, 1, 3};  // L1 has no instruction; its entry names n1
  std::vector<std::pair<uint32_t, Inst>> inserts = {{0, nop(10)}, {2, nop(20)}};
  ir::Function g = f;
  InsertInstructions(f, inserts, {});
  // New: 0:n10 1:L0 2:n1 3:n20 4:n2 5:L2
  EXPECT_EQ(f.label_block, (std::vector<uint32_t>{1, 1, 5}));
  g.label_block.clear();
  inserts = {{0, nop(10)}, {2, nop(20)}};
  InsertInstructions(g, inserts, {});
  EXPECT_EQ(g.label_block, (std::vector<uint32_t>{1, ~0u, 5}));
}

// The segment's last occurrence of a is a branch to where a is read: the def before
// must still be stored (a fuzz case: the store was dropped when the branch was the
// last occurrence and a was dead on the fall-through path).
//   call(); a = a + b; y = a * a; if (a) goto out; a = call(y); out: return a + b
TEST(CallSplit, StoresForABranchThatIsTheLastUse) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg y = before.V(), r = before.V();
  uint32_t out = before.Label();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kAdd, .dst = a, .a = a, .b = b});
  before.Add({.op = Opcode::kMul, .dst = y, .a = a, .b = a});
  before.Add({.op = Opcode::kBrIf, .a = a, .index = out});
  Call(before, {y}, a);
  before.Bind(out, 0);
  before.Add({.op = Opcode::kAdd, .dst = r, .a = a, .b = b});
  before.Ret(r);
  Fn after = before;
  const uint32_t nv = after.f.NumVRegs();
  RegisterInfo regs;
  regs.gprs = {1, 2, 3};
  Allocation al = AllocateRegisters(after.f, regs);
  ASSERT_EQ(al.locs[a].kind, Location::kSlot) << ir::PrintFunction(after.f);
  ASSERT_GT(after.f.NumVRegs(), nv) << ir::PrintFunction(after.f);
  for (uint32_t x : {0u, 1u, 6u})
    for (uint32_t z : {0u, 4u})
      EXPECT_EQ(Interpret(after.f, {x, z}), Interpret(before.f, {x, z}))
          << "a=" << x << " b=" << z << "\n" << ir::PrintFunction(after.f);
}

// With no register to give, nothing changes.
TEST(CallSplit, NoFreeRegisterNoChange) {
  Fn t = BetweenCalls();
  const uint32_t nv = t.f.NumVRegs();
  const size_t n = t.f.insts.size();
  RegisterInfo regs;  // no allocatable register: everything in slots
  Allocation al = AllocateRegisters(t.f, regs);
  EXPECT_EQ(al.locs[0].kind, Location::kSlot);
  EXPECT_EQ(t.f.NumVRegs(), nv) << ir::PrintFunction(t.f);
  EXPECT_EQ(t.f.insts.size(), n);
}


// Per-instruction clobbers (RegisterInfo::clobbers) in the splitters: a register an
// instruction's lowering writes as scratch is occupied at that instruction for the
// copies SplitAtUses makes and for the loop parts SplitAtUsesAndLoops places
// (call_split.cc, BuildOccupancy), as it is for the scan (regalloc.cc, Clobbered).

// GPRs 1..4, none callee-saved (a value crossing a call gets a slot); a shift's lowering
// writes GPR 1 (like x86-64's cl), listed first so that it is the register a splitter
// would take first.
constexpr uint8_t kShiftScratch = 1;
uint32_t ShiftClobbers(const ir::Inst& in, bool /*b_const*/) {
  return in.op == Opcode::kShl ? 1u << kShiftScratch : 0;
}
RegisterInfo ClobberRegs() {
  RegisterInfo regs;
  regs.gprs = {kShiftScratch, 2, 3, 4};
  regs.clobbers = ShiftClobbers;
  return regs;
}

// Every vreg in a GPR whose live range touches a clobbering instruction i (read at 2i,
// written at 2i+1, or live across) is outside its clobbers: "" or what is wrong.
std::string ClobberViolations(const ir::Function& fn, const RegisterInfo& regs, const Allocation& al) {
  ir::Function copy = fn;  // ComputeIntervals removes dead pure instructions
  const Intervals iv = ComputeIntervals(copy);
  std::string out;
  for (VReg v = 0; v < copy.NumVRegs(); ++v) {
    if (al.locs[v].kind != Location::kReg || ir::IsFpr(copy.vreg_types[v])) continue;
    for (uint32_t k = iv.range_begin[v]; k < iv.range_begin[v + 1]; ++k)
      for (uint32_t i = 0; i < copy.insts.size(); ++i)
        if ((ClobbersOf(regs, copy.insts[i], al.locs) >> al.locs[v].reg) & 1 && 2 * i + 1 >= iv.ranges[k].start &&
            2 * i <= iv.ranges[k].end)
          out += "v" + std::to_string(v) + " in r" + std::to_string(al.locs[v].reg) +
                 " over instruction " + std::to_string(i) + "\n";
  }
  return out;
}

// The steps a code generator would record for fn under al (checker.h), one per
// instruction: a kMov as a move, a call clobbering the caller-saved registers, every
// other instruction reading its uses and writing its defs; constants as immediates.
std::vector<CheckStep> CheckProgramOf(const ir::Function& fn, const Allocation& al) {
  std::vector<uint64_t> value(fn.NumVRegs(), 0);
  for (const Inst& in : fn.insts)
    if (in.op == Opcode::kConst) value[in.dst] = static_cast<uint64_t>(in.imm);
  auto operand = [&](VReg v) {
    return CheckOperand{v, al.locs[v], value[v], ir::IsFpr(fn.vreg_types[v]), ir::IsV128(fn.vreg_types[v])};
  };
  std::vector<CheckStep> p(1);  // the prologue: params arrive in their entry locations
  for (VReg v = 0; v < al.entry_locs.size(); ++v)
    if (al.entry_locs[v].kind != Location::kNone) p[0].defs.push_back(operand(v));
  for (uint32_t i = 0; i < fn.insts.size(); ++i) {
    const Inst& in = fn.insts[i];
    CheckStep& s = p.emplace_back();
    s.inst = i;
    s.label = in.index;
    if (in.op == Opcode::kConst && al.locs[in.dst].kind == Location::kConst) continue;
    if (in.op == Opcode::kMov) {
      Move m{.dst = al.locs[in.dst], .src = al.locs[in.a], .imm = value[in.a], .dst_vreg = in.dst,
             .src_vreg = in.a};
      s.moves.push_back(m);
      continue;
    }
    switch (in.op) {
      case Opcode::kLabel: s.flow = CheckStep::kLabel; break;
      case Opcode::kJump: s.flow = CheckStep::kJump; break;
      case Opcode::kBrIf: case Opcode::kBrCmp: s.flow = CheckStep::kBranch; break;
      case Opcode::kReturn: s.flow = CheckStep::kExit; break;
      default: break;
    }
    s.call = ir::IsCall(in.op);
    ir::ForEachUse(fn, in, [&](VReg v) { s.uses.push_back(operand(v)); });
    ir::ForEachDef(fn, in, [&](VReg v) { s.defs.push_back(operand(v)); });
  }
  return p;
}

// `before` allocated with ClobberRegs (its params 0 and 1 must get slots).
struct ClobberRun {
  Fn after;
  Allocation al;
  uint32_t nv = 0;  // vregs before the rewrite: the copies and loop parts are >= nv
};

// Allocates a copy of `before` with ClobberRegs and checks the three things: no
// register value over an instruction that clobbers its register, the checker's
// verdict, and the same results as `before` for each argument list.
ClobberRun AllocateWithClobbers(const Fn& before, const std::vector<std::vector<uint64_t>>& runs) {
  const RegisterInfo regs = ClobberRegs();
  ClobberRun c{before, {}, before.f.NumVRegs()};
  ir::Function& f = c.after.f;
  c.al = AllocateRegisters(f, regs);
  EXPECT_EQ(c.al.locs.size(), f.NumVRegs());
  c.al.locs.resize(f.NumVRegs());
  EXPECT_EQ(c.al.locs[0].kind, Location::kSlot) << ir::PrintFunction(f);
  EXPECT_EQ(c.al.locs[1].kind, Location::kSlot);
  ir::VerifyResult v = ir::VerifyFunction(f);
  EXPECT_TRUE(v.ok) << ir::VerifyReport(f, v);
  EXPECT_EQ(ClobberViolations(f, regs, c.al), "") << ir::PrintFunction(f);
  const CheckResult r = CheckAllocatedCode(f, regs, CheckProgramOf(f, c.al));
  EXPECT_TRUE(r.ok) << CheckReport(f, r);
  for (const auto& args : runs)
    EXPECT_EQ(Interpret(f, args), Interpret(before.f, args))
        << "args " << args[0] << ", " << args[1] << "\n" << ir::PrintFunction(f);
  return c;
}

// a and b cross calls (slots); between them a is read four times, once as the shift
// count, and b twice, live across the shift without being its operand:
//   call(); x = a + b; y = x << a; z = y + b; w = z + a; r = call(w, a); return r + b
TEST(CallSplit, CopiesAvoidClobberedRegisters) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg x = before.V(), y = before.V(), z = before.V(), w = before.V(), r = before.V(), s = before.V();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kAdd, .dst = x, .a = a, .b = b});
  before.Add({.op = Opcode::kShl, .dst = y, .a = x, .b = a});
  const uint32_t shift = static_cast<uint32_t>(before.f.insts.size()) - 1;
  before.Add({.op = Opcode::kAdd, .dst = z, .a = y, .b = b});
  before.Add({.op = Opcode::kAdd, .dst = w, .a = z, .b = a});
  Call(before, {w, a}, r);
  before.Add({.op = Opcode::kAdd, .dst = s, .a = r, .b = b});
  before.Ret(s);
  ClobberRun c = AllocateWithClobbers(before, {{0, 0}, {1, 2}, {3, 5}, {31, 7}, {0xfffffffe, 9}});
  const Fn& after = c.after;
  const uint32_t nv = c.nv;
  // The shift reads a copy of a, and a copy of b is live across it (not vacuous).
  uint32_t at = 0;
  while (after.f.insts[at].op != Opcode::kShl) ++at;
  ASSERT_GE(after.f.insts[at].b, nv) << ir::PrintFunction(after.f);
  bool b_copy_across = false;
  for (uint32_t i = 0; i < at; ++i)
    if (after.f.insts[i].op == Opcode::kMov && after.f.insts[i].a == b && after.f.insts[i].dst >= nv)
      for (uint32_t j = at + 1; j < after.f.insts.size(); ++j)
        b_copy_across |= after.f.insts[j].b == after.f.insts[i].dst;
  EXPECT_TRUE(b_copy_across) << "shift at " << shift << "\n" << ir::PrintFunction(after.f);
}

// A copy whose first occurrence is `v = mov q` tries q's register first (Choose's
// hint): here q is in the shift's scratch register, and the copy is live across the
// shift, so the hint must be refused like any other register.
//   call(); q = a + b; v = q; y = v << b; z = y + v; u = call(z); return u + v + a + b
TEST(CallSplit, HintAvoidsClobberedRegisters) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg q = before.V(), v = before.V(), y = before.V(), z = before.V(), u = before.V();
  VReg r1 = before.V(), r2 = before.V(), r3 = before.V();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kAdd, .dst = q, .a = a, .b = b});
  before.Add({.op = Opcode::kMov, .dst = v, .a = q});
  before.Add({.op = Opcode::kShl, .dst = y, .a = v, .b = b});
  before.Add({.op = Opcode::kAdd, .dst = z, .a = y, .b = v});
  Call(before, {z}, u);
  before.Add({.op = Opcode::kAdd, .dst = r1, .a = u, .b = v});
  before.Add({.op = Opcode::kAdd, .dst = r2, .a = r1, .b = a});
  before.Add({.op = Opcode::kAdd, .dst = r3, .a = r2, .b = b});
  before.Ret(r3);
  ClobberRun c = AllocateWithClobbers(before, {{0, 0}, {1, 2}, {3, 5}, {0xffffffff, 31}});
  EXPECT_EQ(c.al.locs[v].kind, Location::kSlot) << ir::PrintFunction(c.after.f);
  // Not vacuous: q is in the scratch register and the mov now writes v's copy.
  EXPECT_EQ(c.al.locs[q], Location::Reg(kShiftScratch)) << ir::PrintFunction(c.after.f);
  for (const Inst& in : c.after.f.insts) {
    if (in.op == Opcode::kMov && in.a == q) {
      EXPECT_GE(in.dst, c.nv) << ir::PrintFunction(c.after.f);
    }
  }
}

// Two params cross a call before a loop (slots); their loop parts live over the whole
// loop, which contains a shift that the bound n (vreg 0, placed first) is live across:
//   call(); loop: s = x + n; t = s << 1; x = t; if (x <u n) goto loop; return x + n
TEST(LoopSplit, PartsAvoidClobberedRegisters) {
  Fn before(2);
  const VReg n = 0, x = 1;
  VReg s = before.V(), t = before.V(), one = before.V(), r = before.V();
  uint32_t loop = before.Label();
  before.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  Call(before, {}, ir::kNoVReg);
  before.Bind(loop, 1);
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = s, .a = x, .b = n});
  before.Add({.op = Opcode::kShl, .loop_depth = 1, .dst = t, .a = s, .b = one});
  before.Add({.op = Opcode::kMov, .loop_depth = 1, .dst = x, .a = t});
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = x, .b = n, .index = loop});
  before.Add({.op = Opcode::kAdd, .dst = r, .a = x, .b = n});
  before.Ret(r);
  ClobberRun c = AllocateWithClobbers(before, {{0, 0}, {5, 0}, {100, 1}, {3, 7}, {0x7fff, 0}});
  // Both loop parts placed in registers (no second scan: the loop path's TakeRegister).
  ASSERT_EQ(c.after.f.NumVRegs(), c.nv + 2) << ir::PrintFunction(c.after.f);
  EXPECT_EQ(c.al.locs[c.nv].kind, Location::kReg);
  EXPECT_EQ(c.al.locs[c.nv + 1].kind, Location::kReg);
}

// Copies that survive labels (call_split.cc, Merge): the segments of a value between
// two calls join into one copy when every label between them is entered only from
// inside the group's range.

// Instructions that read vreg v.
uint32_t ReadsOf(const ir::Function& f, VReg v) {
  uint32_t n = 0;
  for (const Inst& in : f.insts) ir::ForEachUse(f, in, [&](VReg u) { n += u == v; });
  return n;
}

// a and b cross calls (slots); between the calls a is read in three blocks, joined by
// a forward branch and a join label that are both inside:
//   call(); x = a + b; if (x) goto skip; x = x + a; skip: y = x + a; r = call(y, a);
//   return r + b
TEST(CallSplit, ACopySurvivesLabelsEnteredFromInside) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg x = before.V(), y = before.V(), r = before.V(), s = before.V();
  uint32_t skip = before.Label();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kAdd, .dst = x, .a = a, .b = b});
  before.Add({.op = Opcode::kBrIf, .a = x, .index = skip});
  before.Add({.op = Opcode::kAdd, .dst = x, .a = x, .b = a});
  before.Bind(skip, 0);
  before.Add({.op = Opcode::kAdd, .dst = y, .a = x, .b = a});
  Call(before, {y, a}, r);
  before.Add({.op = Opcode::kAdd, .dst = s, .a = r, .b = b});
  before.Ret(s);
  ClobberRun c = AllocateWithClobbers(before, {{0, 0}, {1, 0}, {0, 1}, {7, 0xfffffff9}, {3, 4}});
  // a is read from its slot once, by the reload after the first call: the copy crossed
  // the branch and the label, up to the second call's argument.
  EXPECT_EQ(ReadsOf(c.after.f, a), 1u) << ir::PrintFunction(c.after.f);
}

// A branch from before the first occurrence into the middle: no joined copy there (it
// would be read before it is written on that path; the verifier and the interpreter
// would tell).
//   call(); if (b) goto mid; a = a + b; a = a + a; mid: r = a + b; r = r + a; s = call(r);
//   return s + a
TEST(CallSplit, NoCopyAcrossALabelEnteredFromOutside) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg r = before.V(), s = before.V(), t = before.V();
  uint32_t mid = before.Label();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kBrIf, .a = b, .index = mid});
  before.Add({.op = Opcode::kAdd, .dst = a, .a = a, .b = b});
  before.Add({.op = Opcode::kAdd, .dst = a, .a = a, .b = a});
  before.Bind(mid, 0);
  before.Add({.op = Opcode::kAdd, .dst = r, .a = a, .b = b});
  before.Add({.op = Opcode::kAdd, .dst = r, .a = r, .b = a});
  Call(before, {r}, s);
  before.Add({.op = Opcode::kAdd, .dst = t, .a = s, .b = a});
  before.Ret(t);
  AllocateWithClobbers(before, {{0, 0}, {1, 0}, {5, 1}, {5, 0}, {0xfffffff0, 3}});
}

// A def inside a loop that the joined copy spans (the loop has an inner loop, so it is
// not split itself), with an exit before the def to a label where a is read: the def
// must be stored although the exit comes earlier in the code (the back edge runs it
// after the def).
//   call(); x = a + b;
//   L: if (a > x) goto out; a = a + 1; j = 0; M: j = j + 1; if (j < 3) goto M;
//      if (a < 100) goto L;
//   a = x + b; y = a + a; next: a = call(y); out: return a + x
// (after the back edge a is redefined, so it is dead past the group's last occurrence;
// the label `next` ends the liveness region there, which would otherwise keep a live
// to its end)
TEST(CallSplit, AJoinedCopyStoresForAnExitBehindABackEdge) {
  Fn before(2);
  const VReg a = 0, b = 1;
  VReg x = before.V(), one = before.V(), three = before.V(), hundred = before.V(), j = before.V(),
       y = before.V(), r = before.V();
  uint32_t loop = before.Label(), inner = before.Label(), out = before.Label(), next = before.Label();
  Call(before, {}, ir::kNoVReg);
  before.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  before.Add({.op = Opcode::kConst, .dst = three, .imm = 3});
  before.Add({.op = Opcode::kConst, .dst = hundred, .imm = 100});
  before.Add({.op = Opcode::kAdd, .dst = x, .a = a, .b = b});
  before.Bind(loop, 1);
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kGtU, .loop_depth = 1, .a = a, .b = x, .index = out});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = a, .a = a, .b = one});
  before.Add({.op = Opcode::kConst, .loop_depth = 1, .dst = j, .imm = 0});
  before.Bind(inner, 2);
  before.Add({.op = Opcode::kAdd, .loop_depth = 2, .dst = j, .a = j, .b = one});
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 2, .a = j, .b = three, .index = inner});
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = a, .b = hundred, .index = loop});
  before.Add({.op = Opcode::kAdd, .dst = a, .a = x, .b = b});
  before.Add({.op = Opcode::kAdd, .dst = y, .a = a, .b = a});
  before.Bind(next, 0);
  Call(before, {y}, a);
  before.Bind(out, 0);
  before.Add({.op = Opcode::kAdd, .dst = r, .a = a, .b = x});
  before.Ret(r);
  ClobberRun c = AllocateWithClobbers(before, {{0, 0}, {0, 5}, {3, 2}, {50, 60}, {200, 1}});
  // The loop reads a's copy, not its slot: a is read once before the loop (the reload)
  // and at out.
  EXPECT_EQ(ReadsOf(c.after.f, a), 2u) << ir::PrintFunction(c.after.f);
  // The def after the loop needs no store: a is dead on every way out after it.
}

// The allocated function `after` (of two params) passes the IR verifier and the
// checker and computes what `before` does.
void ExpectCheckedAndSame(const Fn& before, const Fn& after, const RegisterInfo& regs,
                          const Allocation& al) {
  ir::VerifyResult v = ir::VerifyFunction(after.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(after.f, v);
  const CheckResult r = CheckAllocatedCode(after.f, regs, CheckProgramOf(after.f, al));
  EXPECT_TRUE(r.ok) << CheckReport(after.f, r);
  for (uint32_t x : {1u, 3u, 100u})
    for (uint32_t z : {0u, 50u, 100000u})
      EXPECT_EQ(Interpret(after.f, {x, z}), Interpret(before.f, {x, z}))
          << "p=" << x << " n=" << z << "\n" << ir::PrintFunction(after.f);
}

// GPRs `gprs`, of which 3 is callee-saved.
RegisterInfo CalleeSaved3(std::vector<uint8_t> gprs) {
  RegisterInfo r;
  r.gprs = std::move(gprs);
  r.gpr_callee_saved = 1u << 3;
  return r;
}

// y = 1 + 1; y = y + y (x n); call(y): code before a loop that makes the values live
// across it long (their occurrences per unit of length few).
void FillerThenCall(Fn& f, int n) {
  const VReg one = f.V(), y = f.V();
  f.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  f.Add({.op = Opcode::kAdd, .dst = y, .a = one, .b = one});
  for (int k = 0; k < n; ++k) f.Add({.op = Opcode::kAdd, .dst = y, .a = y, .b = y});
  Call(f, {y}, ir::kNoVReg);
}

// Which value a callee-saved register keeps (regalloc.cc, the scan's eviction): an
// interpreter's dispatch state is live around a whole loop whose handlers call, so it
// is long and its uses per position are few, while each handler's own value crossing a
// call is short. Ranked by uses per unit of length, every such value evicted the state,
// which then paid a slot access at each of its many uses.
//   y = 1 + 1; y = y + y (x kFiller); call(y)
//   loop: s = p + p; call(); u = p + p; u = u + p; u = u + p; p = u + s;
//         if (p <u n) goto loop
//   return p
// One callee-saved register (3); p (9 occurrences in the loop, more than 4 times s's 2)
// must keep it, s takes the slot. Ranked by uses per unit of length alone (p's length
// is mostly the filler before the loop), s evicted p.
TEST(Scan, TheLoopStateKeepsTheCalleeSavedRegister) {
  constexpr int kFiller = 24;
  Fn before(2);
  const VReg p = 0, n = 1;
  VReg s = before.V(), u = before.V();
  uint32_t loop = before.Label();
  FillerThenCall(before, kFiller);
  before.Bind(loop, 1);
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = s, .a = p, .b = p});
  Call(before, {}, ir::kNoVReg, 1);
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = p, .b = p});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = p});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = p});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = p, .a = u, .b = s});
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = p, .b = n, .index = loop});
  before.Ret(p);
  Fn after = before;
  const RegisterInfo regs = CalleeSaved3({1, 2, 3});
  Allocation al = AllocateRegisters(after.f, regs);
  ASSERT_EQ(al.locs[p].kind, Location::kReg) << ir::PrintFunction(after.f);
  EXPECT_EQ(al.locs[p].reg, 3);
  EXPECT_EQ(al.locs[s].kind, Location::kSlot);
  EXPECT_EQ(al.gpr_callee_saved_used, 1u << 3);
  ExpectCheckedAndSame(before, after, regs, al);
}

// The same rule for a value that crosses no call (pcre2's match() with x86-64's rax in
// the pool: a light value with holes all over the dispatch loop evicted its state):
//   y = 1 + 1; y = y + y (x kFiller); call(y)
//   loop: u = p + p; u = u + p (x 8); s = u + p; u = u + s; p = u + p;
//         if (p <u 1000) goto loop
//   return p
// Registers 2 and 3, 3 callee-saved: p (across the call) takes 3, the u take 2. At s's
// start (s crosses no call) p is long (the filler), so its occurrences per unit of
// length are fewer than s's and than u's, but its total weight is more than 4 times
// s's: p keeps its register, s takes a slot. Without the rule s evicted p.
TEST(Scan, TheLoopStateKeepsItsRegisterFromALightValue) {
  constexpr int kFiller = 24;
  Fn before(2);
  const VReg p = 0;
  VReg s = before.V(), u = before.V(), limit = before.V();
  uint32_t loop = before.Label();
  before.Add({.op = Opcode::kConst, .dst = limit, .imm = 1000});
  FillerThenCall(before, kFiller);
  before.Bind(loop, 1);
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = p, .b = p});
  for (int k = 0; k < 8; ++k) before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = p});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = s, .a = u, .b = p});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = s});
  before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = p, .a = u, .b = p});
  before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = p, .b = limit, .index = loop});
  before.Ret(p);
  Fn after = before;
  const RegisterInfo regs = CalleeSaved3({2, 3});
  Allocation al = AllocateRegisters(after.f, regs);
  ASSERT_EQ(al.locs[p].kind, Location::kReg) << ir::PrintFunction(after.f);
  EXPECT_EQ(al.locs[p].reg, 3);
  EXPECT_EQ(al.locs[s].kind, Location::kSlot) << ir::PrintFunction(after.f);
  // Nothing to split: p is in its register all along (without the rule the loop
  // splitter had to give it one back in the loop).
  EXPECT_EQ(after.f.insts.size(), before.f.insts.size()) << ir::PrintFunction(after.f);
  ExpectCheckedAndSame(before, after, regs, al);
}

// The scan's eviction between values of equal weight per unit of length takes the one
// that became active first (regalloc.cc keeps the active values per register, with their
// order of entry):
//   k = 7; a = k + k; b = k + k; c = k + k; d = c + c; e = d + a; f = e + b; return f
// Registers 2 and 1, in that order: a takes 2, b takes 1. At c's start both are active;
// they weigh the same (2 occurrences over 8 positions), c more (2 over 2): c evicts a,
// which came first, and takes register 2. Taken in register order, b went (register 1).
TEST(Scan, AnEvictionTieGoesToTheFirstActiveValue) {
  Fn before(2);
  const VReg k = before.V(), a = before.V(), b = before.V(), c = before.V();
  const VReg d = before.V(), e = before.V(), f = before.V();
  before.Add({.op = Opcode::kConst, .dst = k, .imm = 7});
  before.Add({.op = Opcode::kAdd, .dst = a, .a = k, .b = k});
  before.Add({.op = Opcode::kAdd, .dst = b, .a = k, .b = k});
  before.Add({.op = Opcode::kAdd, .dst = c, .a = k, .b = k});
  before.Add({.op = Opcode::kAdd, .dst = d, .a = c, .b = c});
  before.Add({.op = Opcode::kAdd, .dst = e, .a = d, .b = a});
  before.Add({.op = Opcode::kAdd, .dst = f, .a = e, .b = b});
  before.Ret(f);
  Fn after = before;
  RegisterInfo regs;
  regs.gprs = {2, 1};
  Allocation al = AllocateRegisters(after.f, regs);
  ExpectCheckedAndSame(before, after, regs, al);
  EXPECT_EQ(al.locs[a].kind, Location::kSlot) << ir::PrintFunction(after.f);
  ASSERT_EQ(al.locs[b].kind, Location::kReg) << ir::PrintFunction(after.f);
  EXPECT_EQ(al.locs[b].reg, 1);
  ASSERT_EQ(al.locs[c].kind, Location::kReg);
  EXPECT_EQ(al.locs[c].reg, 2);
}

// The functions of the two tests below, with one callee-saved register (3):
//   a = n + n; h = p + n          (a starts first: it takes register 3 across the call)
//   call; s = a + a; s = s + a (x a_reads); y = h + h; y = y + y (x 200)
//   h = h + s; h = h + y
//   loop: [call]; u = h + h; u = u + h; u = u + h; h = u + h; if (h <u 1000) goto loop
//   return h
// At h's start the scan cannot evict a for it: a's occurrences per unit of length are
// more than h's (the filler makes h long), so h gets a slot.
struct ReclaimCase {
  Fn before{2};
  VReg a = 0, h = 0;
  RegisterInfo regs;
  ReclaimCase(bool loop_calls, int a_reads) {
    const VReg p = 0, n = 1;
    a = before.V(), h = before.V();
    VReg s = before.V(), y = before.V(), u = before.V(), limit = before.V();
    uint32_t loop = before.Label();
    before.Add({.op = Opcode::kConst, .dst = limit, .imm = 1000});
    before.Add({.op = Opcode::kAdd, .dst = a, .a = n, .b = n});
    before.Add({.op = Opcode::kAdd, .dst = h, .a = p, .b = n});
    Call(before, {}, ir::kNoVReg);
    before.Add({.op = Opcode::kAdd, .dst = s, .a = a, .b = a});
    for (int k = 0; k < a_reads; ++k) before.Add({.op = Opcode::kAdd, .dst = s, .a = s, .b = a});
    before.Add({.op = Opcode::kAdd, .dst = y, .a = h, .b = h});
    for (int k = 0; k < 200; ++k) before.Add({.op = Opcode::kAdd, .dst = y, .a = y, .b = y});
    before.Add({.op = Opcode::kAdd, .dst = h, .a = h, .b = s});
    before.Add({.op = Opcode::kAdd, .dst = h, .a = h, .b = y});
    before.Bind(loop, 1);
    if (loop_calls) Call(before, {}, ir::kNoVReg, 1);
    before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = h, .b = h});
    before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = h});
    before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = u, .a = u, .b = h});
    before.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = h, .a = u, .b = h});
    before.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = h, .b = limit, .index = loop});
    before.Ret(h);
    regs.gprs = {1, 2, 3};
    regs.gpr_callee_saved = 1u << 3;
  }
  // Allocates a copy of `before` and checks it (verifier, checker, same results):
  // `keeper` in register 3, `other` in a slot. Without webs (webs.h): h is one variable
  // here, whose webs (its definitions outside the loop start new ones) would not meet a.
  void ExpectRegister3For(VReg keeper, VReg other) const {
    Fn after = before;
    Allocation al = AllocateRegisters(after.f, regs, nullptr, true, /*split_webs=*/false);
    ExpectCheckedAndSame(before, after, regs, al);
    ASSERT_EQ(al.locs[keeper].kind, Location::kReg) << ir::PrintFunction(after.f);
    EXPECT_EQ(al.locs[keeper].reg, 3);
    EXPECT_EQ(al.locs[other].kind, Location::kSlot);
    EXPECT_EQ(al.gpr_callee_saved_used, 1u << 3);
  }
};

// The loop calls. After the scan, h's total weight (occurrences, x10 in the loop: 66)
// is far above a's (2), which holds register 3 over h's life: h takes it and a goes to
// a slot (ReclaimCalleeSaved). Without that pass h stays in a slot.
TEST(Scan, AHeavyValueReclaimsTheCalleeSavedRegister) {
  ReclaimCase c(/*loop_calls=*/true, /*a_reads=*/0);
  c.ExpectRegister3For(c.h, c.a);
}

// The loop makes no call and a is read 8 more times. h's occurrences in the loop are
// the loop splitter's (h gets a register of its own there); outside it h weighs 6, less
// than a's 11: a keeps register 3. Counting h's loop occurrences, ReclaimCalleeSaved
// took it from a.
TEST(Scan, OccurrencesInACallFreeLoopDoNotReclaim) {
  ReclaimCase c(/*loop_calls=*/false, /*a_reads=*/8);
  c.ExpectRegister3For(c.a, c.h);
}

// The value ReclaimCalleeSaved moves to a slot is split like any the scan spilled
// (AllocateRegisters takes the scan's list of the values it gave a slot, which must
// name it too): a, read 9 times after the call, loses register 3 to h (weight 66
// against a's 11) and its reads get a register of their own from the use splitter.
// Left out of that list, a would stay whole in its slot, every read a slot access.
TEST(Scan, AValueReclaimedFromIsSplitLikeAnySpilledOne) {
  ReclaimCase c(/*loop_calls=*/true, /*a_reads=*/8);
  c.ExpectRegister3For(c.h, c.a);
  Fn after = c.before;
  Allocation al = AllocateRegisters(after.f, c.regs, nullptr, true, /*split_webs=*/false);
  uint32_t reads_of_a = 0;
  for (const ir::Inst& in : after.f.insts)
    if (in.op == Opcode::kAdd) reads_of_a += (in.a == c.a) + (in.b == c.a);
  EXPECT_EQ(reads_of_a, 0u) << ir::PrintFunction(after.f);
}

// An immediate operand b spares what RegisterInfo::clobbers says it does (x86-64: a
// shift by a constant leaves cl alone, macro_assembler_x64.cc InstClobbers): the scan
// asks with the constants it found (ClobbersOf), so the three values at a shift by a
// constant take all three registers, the scratch one included; by a variable count,
// only two may (one of them goes to a slot).
//   k = 3; x = a << (k or b); y = x + b; r = y + a; return r
TEST(Scan, AConstantShiftLeavesItsScratchRegister) {
  for (bool constant : {true, false}) {
    Fn t(2);
    const VReg a = 0, b = 1;
    VReg k = t.V(), x = t.V(), y = t.V(), r = t.V();
    t.Add({.op = Opcode::kConst, .dst = k, .imm = 3});
    t.Add({.op = Opcode::kShl, .dst = x, .a = a, .b = constant ? k : b});
    t.Add({.op = Opcode::kAdd, .dst = y, .a = x, .b = b});
    t.Add({.op = Opcode::kAdd, .dst = r, .a = y, .b = a});
    t.Ret(r);
    RegisterInfo regs;
    regs.gprs = {kShiftScratch, 2, 3};
    regs.clobbers = [](const ir::Inst& in, bool b_const) {
      return in.op == Opcode::kShl && !b_const ? 1u << kShiftScratch : 0u;
    };
    const ir::Function before = t.f;
    Allocation al = AllocateRegisters(t.f, regs, nullptr, false);
    bool slot = false;
    for (VReg v : {a, b, x}) slot |= al.locs[v].kind == Location::kSlot;
    EXPECT_EQ(slot, !constant) << ir::PrintFunction(t.f);
    EXPECT_EQ(ClobberViolations(before, regs, al), "");
  }
}

// -O1 (AllocateRegisters without splitting) scans the values that are not temporaries
// first and fills the temporaries (one range in one region) into what it left, evicting
// none. Two registers, params a and b live from entry to the end and read twice: the
// temporaries between (x, then a chain y1..y4) find both registers held and go to slots;
// a and b keep theirs. (The scan of all values together, as at -O2, evicted a, the
// lightest per unit of length, for x: what the -O1 fill gives up, measured as good on
// the bench programs, docs/backend.md "Register allocation".)
//   x = a + b; y1 = x + x; y2 = y1 + y1; y3 = y2 + y2; y4 = y3 + y3; r = a + b;
//   s = r + y4; return s
TEST(Scan, O1TemporariesFillWhatTheScanLeft) {
  Fn t(2);
  const VReg a = 0, b = 1;
  VReg x = t.V(), r = t.V(), s = t.V();
  t.Add({.op = Opcode::kAdd, .dst = x, .a = a, .b = b});
  VReg y = x;
  for (int k = 0; k < 4; ++k) {
    VReg n = t.V();
    t.Add({.op = Opcode::kAdd, .dst = n, .a = y, .b = y});
    y = n;
  }
  t.Add({.op = Opcode::kAdd, .dst = r, .a = a, .b = b});
  t.Add({.op = Opcode::kAdd, .dst = s, .a = r, .b = y});
  t.Ret(s);
  RegisterInfo regs;
  regs.gprs = {1, 2};
  const ir::Function before = t.f;
  for (bool split : {false, true}) {
    ir::Function f = before;
    Allocation al = AllocateRegisters(f, regs, nullptr, split);
    const CheckResult cr = CheckAllocatedCode(f, regs, CheckProgramOf(f, al));
    EXPECT_TRUE(cr.ok) << CheckReport(f, cr);
    EXPECT_EQ(Interpret(f, {5, 7}), Interpret(before, {5, 7}));
    if (split) {  // -O2's scan: x evicts a (or b)
      EXPECT_TRUE(al.locs[a].kind == Location::kSlot || al.locs[b].kind == Location::kSlot)
          << ir::PrintFunction(f);
    } else {
      EXPECT_EQ(al.locs[a].kind, Location::kReg) << ir::PrintFunction(f);
      EXPECT_EQ(al.locs[b].kind, Location::kReg);
      EXPECT_EQ(al.locs[x].kind, Location::kSlot);
    }
  }
}

// The -O1 fill keeps the scan's rules for a temporary: a register free over its whole
// range (here in the hole of g, dead from its read to its next definition), none that
// an instruction of its range clobbers, and a callee-saved one across a call.
//   g = a + a; t = g + a; g = t + t (g dead from its read in t = g + a to here)
//   u = g + a; v = u << b (clobbers r1 unless b is a constant); c = call(); w = v + c
//   return w + g
TEST(Scan, O1TemporariesKeepTheScansRules) {
  Fn t(2);
  const VReg a = 0, b = 1;
  VReg g = t.V(), tmp = t.V(), u = t.V(), v = t.V(), c = t.V(), w = t.V(), z = t.V();
  t.Add({.op = Opcode::kAdd, .dst = g, .a = a, .b = a});
  t.Add({.op = Opcode::kAdd, .dst = tmp, .a = g, .b = a});
  t.Add({.op = Opcode::kAdd, .dst = g, .a = tmp, .b = tmp});
  t.Add({.op = Opcode::kAdd, .dst = u, .a = g, .b = a});
  t.Add({.op = Opcode::kShl, .dst = v, .a = u, .b = b});
  t.Add({.op = Opcode::kCallRuntime, .dst = c, .index = static_cast<uint32_t>(ir::RuntimeFn::kMemoryGrowN)});
  t.Add({.op = Opcode::kAdd, .dst = w, .a = v, .b = c});
  t.Add({.op = Opcode::kAdd, .dst = z, .a = w, .b = g});
  t.Ret(z);
  RegisterInfo regs;
  regs.gprs = {kShiftScratch, 2, 3, 4};
  regs.gpr_callee_saved = 1u << 4;
  regs.clobbers = ShiftClobbers;
  const ir::Function before = t.f;
  ir::Function f = before;
  Allocation al = AllocateRegisters(f, regs, nullptr, false);
  EXPECT_EQ(ClobberViolations(f, regs, al), "") << ir::PrintFunction(f);
  const CheckResult cr = CheckAllocatedCode(f, regs, CheckProgramOf(f, al));
  EXPECT_TRUE(cr.ok) << CheckReport(f, cr);
  // v crosses the call: only r4 survives it (or a slot).
  EXPECT_TRUE(al.locs[v].kind == Location::kSlot || (al.locs[v].kind == Location::kReg && al.locs[v].reg == 4))
      << ir::PrintFunction(f);
  // u is read by the shift by b, which clobbers kShiftScratch.
  EXPECT_FALSE(al.locs[u].kind == Location::kReg && al.locs[u].reg == kShiftScratch) << ir::PrintFunction(f);
}

// A nest: a loop around an innermost loop (split.h), in a conditional region.
//   acc = 0; i = 0
//   outer: acc = acc + k; j = m; if (acc == k) goto tail   (depth 1)
//   inner: acc = acc + j; if (acc >u limit) goto out       (depth 2)
//          if (acc == j) goto tail; j = j - 1; if (j) goto inner
//          acc = acc ^ i                                   (depth 1)
//   tail:  i = i + 1; if (i <u 8) goto outer
//   out:   return acc + k
// k and m are read in the nest, outside the cold region (from `inner` to `tail`) only,
// and never written in it; the inner loop leaves it three ways: into the region by
// falling through (the region then falls through to `tail`), into the nest by a branch
// to `tail`, out of it to `out`. Without `if (acc == k) goto tail` (cold_region false)
// the inner loop runs in every iteration of the nest.
Fn Nest(bool cold_region = true) {
  Fn t(3);
  const VReg k = 0, m = 1, limit = 2;
  VReg acc = t.V(), i = t.V(), j = t.V(), one = t.V(), eight = t.V(), r = t.V();
  uint32_t outer = t.Label(), inner = t.Label(), tail = t.Label(), out = t.Label();
  t.Add({.op = Opcode::kConst, .dst = one, .imm = 1});
  t.Add({.op = Opcode::kConst, .dst = eight, .imm = 8});
  t.Add({.op = Opcode::kConst, .dst = acc, .imm = 0});
  t.Add({.op = Opcode::kMov, .dst = i, .a = acc});
  t.Bind(outer, 1);
  t.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = acc, .a = acc, .b = k});
  t.Add({.op = Opcode::kMov, .loop_depth = 1, .dst = j, .a = m});
  if (cold_region)
    t.Add({.op = Opcode::kBrCmp, .cond = Cond::kEq, .loop_depth = 1, .a = acc, .b = k, .index = tail});
  t.Bind(inner, 2);
  t.Add({.op = Opcode::kAdd, .loop_depth = 2, .dst = acc, .a = acc, .b = j});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kGtU, .loop_depth = 2, .a = acc, .b = limit, .index = out});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kEq, .loop_depth = 2, .a = acc, .b = j, .index = tail});
  t.Add({.op = Opcode::kSub, .loop_depth = 2, .dst = j, .a = j, .b = one});
  t.Add({.op = Opcode::kBrIf, .loop_depth = 2, .a = j, .index = inner});
  t.Add({.op = Opcode::kXor, .loop_depth = 1, .dst = acc, .a = acc, .b = i});
  t.Bind(tail, 1);
  t.Add({.op = Opcode::kAdd, .loop_depth = 1, .dst = i, .a = i, .b = one});
  t.Add({.op = Opcode::kBrCmp, .cond = Cond::kLtU, .loop_depth = 1, .a = i, .b = eight, .index = outer});
  t.Bind(out, 0);
  t.Add({.op = Opcode::kAdd, .dst = r, .a = acc, .b = k});
  t.Ret(r);
  return t;
}

const std::vector<std::vector<uint64_t>> kNestArgs = {
    {3, 2, 1000}, {7, 3, 100000}, {0, 5, 1000}, {5, 0, 1000}, {2, 9, 40}, {1, 1, 1}, {4, 4, 60}};

TEST(NestSplit, KeepsWhatTheFunctionComputes) {
  const Fn before = Nest();
  Fn after = Nest();
  const uint32_t nv = after.f.NumVRegs();
  std::vector<uint8_t> want(nv, 0);
  want[0] = want[1] = want[2] = 1;  // k, m, limit
  ASSERT_EQ(SplitLoopLiveRanges(after.f, want), 2u) << ir::PrintFunction(after.f);
  ir::VerifyResult v = ir::VerifyFunction(after.f);
  ASSERT_TRUE(v.ok) << ir::VerifyReport(after.f, v);
  // k and m get nest vregs, limit (read in the inner loop) its loop vreg. In the loops
  // only moves read k and m: the reloads on the inner loop's two exits into the nest.
  EXPECT_EQ(after.f.NumVRegs(), nv + 3);
  uint32_t reloads = 0;
  for (const Inst& in : after.f.insts)
    ir::ForEachUse(after.f, in, [&](VReg x) {
      if (x < 2 && in.loop_depth > 0) {
        EXPECT_EQ(in.op, Opcode::kMov) << ir::PrintFunction(after.f);
        ++reloads;
      }
    });
  EXPECT_EQ(reloads, 4u) << ir::PrintFunction(after.f);
  for (const auto& args : kNestArgs)
    EXPECT_EQ(Interpret(after.f, args), Interpret(before.f, args))
        << "args " << args[0] << ", " << args[1] << ", " << args[2] << "\n" << ir::PrintFunction(after.f);
}

// An inner loop that runs in every iteration of its nest: a reload on its exits would
// cost what the nest saves, so only the inner loop is split (limit), not the nest.
TEST(NestSplit, NotWhenTheInnerLoopRunsInEveryIteration) {
  const Fn before = Nest(/*cold_region=*/false);
  Fn after = Nest(/*cold_region=*/false);
  const uint32_t nv = after.f.NumVRegs();
  std::vector<uint8_t> want(nv, 0);
  want[0] = want[1] = want[2] = 1;  // k, m, limit
  ASSERT_EQ(SplitLoopLiveRanges(after.f, want), 1u) << ir::PrintFunction(after.f);
  EXPECT_EQ(after.f.NumVRegs(), nv + 1);
  for (const auto& args : kNestArgs)
    EXPECT_EQ(Interpret(after.f, args), Interpret(before.f, args)) << ir::PrintFunction(after.f);
}

// The nest's parts go to the placement (where the last ones may find no register) with
// the variables read only as second operands last: k (`acc + k`, `acc == k`, which
// x86-64 can read from the slot) after m (`j = m`).
TEST(NestSplit, SecondOperandsArePlacedLast) {
  Fn t = Nest();
  std::vector<uint8_t> want(t.f.NumVRegs(), 0);
  want[0] = want[1] = 1;  // k, m
  std::vector<VReg> order;
  LoopSplitHooks h;
  h.place = [&](const std::vector<LoopPart>& parts) {
    for (const LoopPart& p : parts) order.push_back(p.v);
    h.dropped.assign(parts.size(), 0);
  };
  ASSERT_EQ(SplitLoopLiveRanges(t.f, want, nullptr, &h), 1u) << ir::PrintFunction(t.f);
  EXPECT_EQ(order, (std::vector<VReg>{1, 0}));
}

// The facts a caller hands the loop splitter (LoopSplitFacts: call_split.cc's walk
// lists the branches and counts the spilled values' occurrences) stand for the
// splitter's own walks: the same parts and the same rewrite with and without them,
// here with a constant (`one`, which the counts must keep out), params, a nest, and a
// label no branch targets whose label_block entry is stale.
struct OwnFacts {
  std::vector<uint32_t> branches, eh_edges, occ, defs;
  std::vector<uint8_t> const_def;
  LoopSplitFacts facts;
  explicit OwnFacts(const ir::Function& f) : occ(f.NumVRegs()), defs(f.NumVRegs()), const_def(f.NumVRegs()) {
    for (uint32_t i = 0; i < f.insts.size(); ++i) {
      const Inst& in = f.insts[i];
      if (in.op == Opcode::kEhEdge) eh_edges.push_back(i);
      else ir::ForEachTarget(f, in, [&, i](uint32_t) {
        if (branches.empty() || branches.back() != i) branches.push_back(i);
      });
      ir::ForEachUse(f, in, [&](VReg v) { ++occ[v]; });
      ir::ForEachDef(f, in, [&](VReg v) {
        ++occ[v], ++defs[v];
        if (in.op == Opcode::kConst) const_def[v] = 1;
      });
    }
    facts = {.branches = &branches, .eh_edges = &eh_edges, .occurrences = occ.data(), .defs = defs.data(),
             .const_def = const_def.data()};
  }
};

TEST(LoopSplit, CallersFactsGiveTheSameSplit) {
  struct Case {
    Fn fn;
    std::vector<uint8_t> want;
  };
  std::vector<Case> cases;
  for (int c = 0; c < 3; ++c) {
    Fn t = c == 0 ? SumLoop() : Nest(/*cold_region=*/c == 1);
    const uint32_t stale = t.Label();
    t.f.label_block[stale] = 3;  // (not a label there; no branch goes to it)
    std::vector<uint8_t> want = All(t.f);
    if (c == 2) want[0] = 0;
    cases.push_back({std::move(t), std::move(want)});
  }
  for (Case& c : cases) {
    std::string printed[2];
    std::vector<std::tuple<VReg, uint32_t, uint32_t, size_t>> parts[2];
    uint32_t done[2];
    for (int with = 0; with < 2; ++with) {
      ir::Function f = c.fn.f;
      OwnFacts own(f);
      LoopSplitHooks h;
      if (with) h.facts = &own.facts;
      h.place = [&](const std::vector<LoopPart>& ps) {
        for (const LoopPart& p : ps) parts[with].push_back({p.v, p.h, p.e, p.live.size()});
        h.dropped.assign(ps.size(), 0);
      };
      done[with] = SplitLoopLiveRanges(f, c.want, nullptr, &h);
      printed[with] = ir::PrintFunction(f);
    }
    EXPECT_GT(done[0], 0u) << printed[0];
    EXPECT_EQ(done[1], done[0]);
    EXPECT_EQ(parts[1], parts[0]);
    EXPECT_EQ(printed[1], printed[0]);
    if (&c == &cases[0]) {  // SumLoop: acc (vreg 3) is a part, the constant `one` (5) is not
      auto has = [&](VReg v) {
        return std::any_of(parts[1].begin(), parts[1].end(), [&](const auto& p) { return std::get<0>(p) == v; });
      };
      EXPECT_TRUE(has(3));
      EXPECT_FALSE(has(5));
    }
  }
}

// InsertInstructions (split.h), which both splitters' rewrites go through: insertions
// before an instruction in their given order (several at one place, at 0, at the end),
// one past the end dropped, the appended ones last; markers move with the instruction
// they start at (an insertion before it goes with it), label_block follows the labels,
// old and new.
TEST(InsertInstructions, PlacesInsertionsMarkersAndLabels) {
  ir::Function f;
  auto nop = [](uint64_t id) { return Inst{.op = Opcode::kNop, .imm = id}; };
  auto label = [&f](uint32_t id) {
    f.label_block.resize(std::max<size_t>(f.label_block.size(), id + 1), ~0u);
    f.num_labels = std::max(f.num_labels, id + 1);
    return Inst{.op = Opcode::kLabel, .index = id};
  };
  // Old: 0:L0 1:n1 2:n2 3:L1 4:n4
  for (const Inst& in : {label(0), nop(1), nop(2), label(1), nop(4)}) f.insts.push_back(in);
  f.label_block = {0, 3};
  for (uint32_t at : {0u, 1u, 3u, 4u, 5u}) f.markers.push_back(ir::Marker{.first_inst = at});
  f.markers.push_back(ir::Marker{.first_inst = 2});  // (out of order)
  std::vector<std::pair<uint32_t, Inst>> inserts = {
      {3, nop(30)}, {0, nop(10)}, {5, nop(50)}, {3, label(2)}, {6, nop(60)}, {3, nop(31)}};
  const std::vector<Inst> appended = {label(3), nop(70)};
  InsertInstructions(f, inserts, appended);
  // New: 0:n10 1:L0 2:n1 3:n2 4:n30 5:L2 6:n31 7:L1 8:n4 9:n50 10:L3 11:n70 (n60 dropped)
  std::vector<std::pair<Opcode, uint64_t>> got, want = {
      {Opcode::kNop, 10}, {Opcode::kLabel, 0}, {Opcode::kNop, 1},  {Opcode::kNop, 2},
      {Opcode::kNop, 30}, {Opcode::kLabel, 2}, {Opcode::kNop, 31}, {Opcode::kLabel, 1},
      {Opcode::kNop, 4},  {Opcode::kNop, 50},  {Opcode::kLabel, 3}, {Opcode::kNop, 70}};
  for (const Inst& in : f.insts) got.push_back({in.op, in.op == Opcode::kLabel ? in.index : in.imm});
  EXPECT_EQ(got, want);
  std::vector<uint32_t> markers;
  for (const ir::Marker& m : f.markers) markers.push_back(m.first_inst);
  EXPECT_EQ(markers, (std::vector<uint32_t>{0, 2, 4, 8, 9, 3}));
  EXPECT_EQ(f.label_block, (std::vector<uint32_t>{1, 7, 5, 10}));
}

}  // namespace
}  // namespace wasmc::regalloc
