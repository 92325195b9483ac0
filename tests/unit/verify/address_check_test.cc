// The address check (backend/codegen/address_check.h) fed hand-assembled code on both
// ISAs: each access whose index is not proven zero-extended in its block is caught,
// at its offset; the forms the MacroAssemblers emit pass.
#include <asmjit/arm/a64assembler.h>
#include <asmjit/x86.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include "backend/a64/a64_internal.h"
#include "backend/codegen/asmjit_compat.h"
#include "backend/codegen/target_codegen.h"
#include "backend/x64/address_check_x64.h"

namespace wasmc {
namespace {

// Every instruction of a sequence must assemble (asmjit drops one it rejects, which
// would leave the sequence shorter than the test says).
class Errors : public asmjit::ErrorHandler {
 public:
  void handleError(asmjit::Error, const char* message, asmjit::BaseEmitter*) override {
    ADD_FAILURE() << "asmjit: " << message;
  }
};

struct Checked {
  AddressCheck result;
  std::vector<uint32_t> marks;  // offsets recorded by the sequence (the access under test)
};

template <typename Assembler>
Checked Check(asmjit::Arch arch, Target target,
              const std::function<void(Assembler&, std::vector<uint32_t>&)>& emit) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(arch));
  Errors errors;
  code.setErrorHandler(&errors);
  Assembler a(&code);
  Checked c;
  emit(a, c.marks);
  std::vector<uint8_t> bytes = FinalCode(code);
  std::vector<uint32_t> labels = BoundLabelOffsets(code);
  c.result = GetCodegen(target).check_addresses(bytes, static_cast<uint32_t>(bytes.size()), labels, {}, {}, 0);
  return c;
}

// An x86-64 function with data after its code (jump tables) or landing pads.
struct X64Case {
  std::vector<uint32_t> marks;
  uint32_t data_start = ~0u;      // default: all code
  std::vector<uint32_t> entries;  // landing pads
  std::vector<uint32_t> exits;    // branch fields the linker fills
  uint32_t zero_extended = 0;     // GPRs the code promises extended (SetZeroExtendedGprs)
};

Checked CheckX64Case(const std::function<void(asmjit::x86::Assembler&, X64Case&)>& emit) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kX64));
  Errors errors;
  code.setErrorHandler(&errors);
  asmjit::x86::Assembler a(&code);
  X64Case x;
  emit(a, x);
  std::vector<uint8_t> bytes = FinalCode(code);
  std::vector<uint32_t> labels = BoundLabelOffsets(code);
  Checked c;
  c.marks = x.marks;
  const uint32_t data_start = std::min<uint32_t>(x.data_start, static_cast<uint32_t>(bytes.size()));
  c.result = GetCodegen(Target::kX64).check_addresses(bytes, data_start, labels, x.entries, x.exits, x.zero_extended);
  return c;
}

Checked CheckX64(const std::function<void(asmjit::x86::Assembler&, std::vector<uint32_t>&)>& emit) {
  return Check<asmjit::x86::Assembler>(asmjit::Arch::kX64, Target::kX64, emit);
}

Checked CheckA64(const std::function<void(asmjit::a64::Assembler&, std::vector<uint32_t>&)>& emit) {
  return Check<asmjit::a64::Assembler>(asmjit::Arch::kAArch64, Target::kA64, emit);
}

void ExpectCaught(const Checked& c) {
  ASSERT_FALSE(c.result.ok) << "not caught";
  ASSERT_EQ(c.marks.size(), 1u);
  EXPECT_EQ(c.result.offset, c.marks[0]) << c.result.what;
  EXPECT_NE(c.result.what.find("memory base"), std::string::npos) << c.result.what;
}

// ---- x86-64: r14 is the memory base.
using namespace asmjit::x86;  // NOLINT

TEST(AddressCheckX64, UnextendedIndexIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(rcx, qword_ptr(rsp, 8));  // a 64-bit value: its upper half is anything
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, rcx));
    a.ret();
  }));
}

TEST(AddressCheckX64, SixtyFourBitArithmeticIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(ecx, edi);
    a.add(rcx, rsi);  // the sum of a zero-extended and an unknown value
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(byte_ptr(r14, rcx, 0, 16), 1);
    a.ret();
  }));
}

// The access under test, [r14 + index] (its offset noted in `marks`), and a return.
void MarkedAccess(Assembler& a, std::vector<uint32_t>& marks, const Gp& index) {
  marks.push_back(static_cast<uint32_t>(a.offset()));
  a.mov(eax, dword_ptr(r14, index));
  a.ret();
}

// Across blocks (a dataflow over the decoded control-flow graph): an index must be
// extended on every path that reaches the access.
TEST(AddressCheckX64, UnextendedOnOnePredecessorIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label join = a.newLabel();
    a.test(edi, edi);
    a.jz(join);  // rsi as it arrived
    a.mov(esi, esi);
    a.bind(join);
    MarkedAccess(a, m, rsi);
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label other = a.newLabel(), join = a.newLabel();
    a.mov(esi, esi);
    a.test(edi, edi);
    a.jz(other);
    a.jmp(join);
    a.bind(other);
    a.add(rsi, rdi);  // 64-bit arithmetic on this path only
    a.bind(join);
    MarkedAccess(a, m, rsi);
  }));
}

TEST(AddressCheckX64, UnextendedAlongTheBackEdgeIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label l = a.newLabel();
    a.mov(esi, esi);
    a.bind(l);
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(rax, qword_ptr(r14, rsi));
    a.mov(rsi, qword_ptr(rsp, 8));  // a 64-bit reload: the next iteration's index
    a.dec(edx);
    a.jnz(l);
    a.ret();
  }));
}

TEST(AddressCheckX64, CallOnTheLoopPathClobbersTheExtension) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label l = a.newLabel();
    a.mov(esi, esi);
    a.mov(ebx, ebx);
    a.bind(l);
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(rax, qword_ptr(r14, rsi, 0, 8));
    a.mov(rcx, qword_ptr(r14, rbx));  // rbx survives the call
    a.call(r12);
    a.dec(r13d);
    a.jnz(l);
    a.ret();
  }));
}

TEST(AddressCheckX64, ExtensionOnEveryPathPasses) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    asmjit::Label join = a.newLabel(), loop = a.newLabel(), after = a.newLabel();
    a.mov(esi, edx);
    a.mov(ebx, ebx);
    a.test(edi, edi);
    a.jz(join);
    a.lea(esi, ptr(rcx, rdx));                  // another 32-bit write on this path
    a.bind(join);
    a.mov(rax, qword_ptr(r14, rsi));
    a.bind(loop);                               // a loop-carried pointer
    a.movsx(r9d, word_ptr(r14, rsi, 0, 4));
    a.mov(esi, dword_ptr(r14, rsi));            // the next one: a 32-bit load
    a.mov(r8, rsi);                             // a 64-bit copy keeps the bound
    a.mov(rcx, qword_ptr(r14, r8));
    a.test(esi, esi);
    a.jnz(loop);
    a.call(r12);                                // rbx is callee-saved
    a.jmp(after);
    a.ud2();
    a.bind(after);
    a.mov(eax, dword_ptr(r14, rbx));
    a.ret();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// Blocks the decoder cannot see every way into start from nothing known: a jump-table
// entry it cannot bound, a landing pad, an address taken by a rip-relative lea.
// A br_table dispatch (X64MacroAssembler::BrTable): `cmp r32, n; jae; [mov r32, r32;]
// lea r11, [table]; movsxd rax, [r11 + r*4]; add rax, r11; jmp rax`. Its jump's
// successors are the table's first n entries, whose deltas the check reads; the index
// must be proven zero-extended where the table is read (`extend`: in place first).
void EmitDispatch(Assembler& a, const asmjit::Label& table, const std::vector<asmjit::Label>& targets,
                  bool extend = true) {
  a.cmp(edi, static_cast<uint32_t>(targets.size()));
  a.jae(targets.back());
  if (extend) a.mov(edi, edi);
  a.lea(r11, ptr(table));
  a.movsxd(rax, dword_ptr(r11, rdi, 2));
  a.add(rax, r11);
  a.jmp(rax);
}

void EmitTable(Assembler& a, X64Case& x, const asmjit::Label& table, const std::vector<asmjit::Label>& targets) {
  x.data_start = static_cast<uint32_t>(a.offset());
  a.align(asmjit::AlignMode::kData, 4);
  a.bind(table);
  for (const asmjit::Label& l : targets) a.embedLabelDelta(l, table, 4);
}

// The table's two targets: `other` returns, `target` accesses [r14 + rsi] (the access
// under test when `mark`); then the table, after the code.
void EmitTargets(Assembler& a, X64Case& x, const asmjit::Label& table, const asmjit::Label& target,
                 const asmjit::Label& other, bool mark) {
  a.bind(other);
  a.ret();
  a.bind(target);
  std::vector<uint32_t> unmarked;
  MarkedAccess(a, mark ? x.marks : unmarked, rsi);
  EmitTable(a, x, table, {target, other});
}

TEST(AddressCheckX64, UnextendedThroughABrTableIsCaught) {
  ExpectCaught(CheckX64Case([](Assembler& a, X64Case& x) {
    asmjit::Label table = a.newLabel(), target = a.newLabel(), other = a.newLabel(), b = a.newLabel();
    a.test(edx, edx);
    a.jz(b);
    a.mov(esi, esi);
    a.jmp(target);      // extended on this edge
    a.bind(b);
    a.mov(rsi, qword_ptr(rsp, 8));
    EmitDispatch(a, table, {target, other});  // not on the table's
    EmitTargets(a, x, table, target, other, /*mark=*/true);
  }));
}

TEST(AddressCheckX64, ExtendedThroughABrTablePasses) {
  Checked c = CheckX64Case([](Assembler& a, X64Case& x) {
    asmjit::Label table = a.newLabel(), target = a.newLabel(), other = a.newLabel();
    a.mov(esi, esi);
    EmitDispatch(a, table, {target, other});
    EmitTargets(a, x, table, target, other, /*mark=*/false);
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// An index the block proves zero-extended (a 32-bit load) is read where it is; one
// that may have upper bits (a 64-bit load) makes the table read fail the check: the
// bounds compare sees only its low half.
TEST(AddressCheckX64, BrTableIndexProvenExtendedPasses) {
  Checked c = CheckX64Case([](Assembler& a, X64Case& x) {
    asmjit::Label table = a.newLabel(), target = a.newLabel(), other = a.newLabel();
    a.mov(esi, esi);
    a.mov(edi, dword_ptr(rsp, 8));
    EmitDispatch(a, table, {target, other}, /*extend=*/false);
    EmitTargets(a, x, table, target, other, /*mark=*/false);
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

TEST(AddressCheckX64, BrTableIndexNotExtendedIsCaught) {
  uint32_t read = 0;
  Checked c = CheckX64Case([&](Assembler& a, X64Case& x) {
    asmjit::Label table = a.newLabel(), target = a.newLabel(), other = a.newLabel();
    a.mov(esi, esi);
    a.mov(rdi, qword_ptr(rsp, 8));
    a.cmp(edi, 2);
    a.jae(other);
    a.lea(r11, ptr(table));
    read = static_cast<uint32_t>(a.offset());
    a.movsxd(rax, dword_ptr(r11, rdi, 2));
    a.add(rax, r11);
    a.jmp(rax);
    EmitTargets(a, x, table, target, other, /*mark=*/false);
  });
  ASSERT_FALSE(c.result.ok) << "not caught";
  EXPECT_EQ(c.result.offset, read) << c.result.what;
  EXPECT_NE(c.result.what.find("jump table"), std::string::npos) << c.result.what;
}

// A table jump without the bounds compare (or read by another lea): its entries are
// entered from nowhere in sight.
TEST(AddressCheckX64, UnboundedJumpTableTargetIsCaught) {
  ExpectCaught(CheckX64Case([](Assembler& a, X64Case& x) {
    asmjit::Label table = a.newLabel(), target = a.newLabel(), other = a.newLabel();
    a.mov(esi, esi);
    a.mov(edi, edi);
    a.lea(r11, ptr(table));
    a.movsxd(rax, dword_ptr(r11, rdi, 2));
    a.add(rax, r11);
    a.jmp(rax);
    EmitTargets(a, x, table, target, other, /*mark=*/true);
  }));
}

TEST(AddressCheckX64, LandingPadIsCaught) {
  ExpectCaught(CheckX64Case([](Assembler& a, X64Case& x) {
    a.mov(ebx, ebx);
    a.call(r12);
    x.entries.push_back(static_cast<uint32_t>(a.offset()));  // the unwinder lands here
    MarkedAccess(a, x.marks, rbx);
  }));
}

TEST(AddressCheckX64, AddressTakenLabelIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label back = a.newLabel();
    a.mov(ebx, ebx);
    a.lea(r11, ptr(back));  // some jmp r11 may come back with rbx anything
    a.bind(back);
    MarkedAccess(a, m, rbx);
  }));
}

// A label that no seen edge reaches and that nothing else enters (the dead `jmp` after
// a `br`, as in the code Rust's getcwd compiles to) never runs: its jump to the join
// does not carry "nothing known" there, and its own code is still checked.
TEST(AddressCheckX64, DeadLabelAddsNoEdge) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    asmjit::Label dead = a.newLabel(), join = a.newLabel();
    a.lea(r12d, ptr(rsi, -16));  // callee-saved, extended once at the start
    a.test(edi, edi);
    a.jz(join);
    a.call(rbx);
    a.jmp(join);
    a.bind(dead);                // bound, never branched to
    a.jmp(join);
    a.bind(join);
    a.mov(dword_ptr(r14, r12, 0, 4), ecx);
    a.ret();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label dead = a.newLabel();
    a.mov(r12d, r12d);
    a.ret();
    a.bind(dead);                // never runs, checked from nothing known
    MarkedAccess(a, m, r12);
  }));
}

// Dead code is checked as if its region were entered at its first block with nothing
// known, and what that block proves flows to the dead blocks after it: the differential
// fuzzer's case s1-13 (an i64.rem_u by a constant 0 jumps to its trap; the rest of the
// function, with an if/else, is dead) was rejected at a dead join when each dead block
// started from nothing.
TEST(AddressCheckX64, DeadCodeFlowsWithinItself) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    asmjit::Label trap = a.newLabel(), other = a.newLabel(), join = a.newLabel();
    a.jmp(trap);
    a.and_(esi, 0xfff8);         // dead from here on: the index is extended
    a.test(edx, edx);
    a.jz(other);
    a.xor_(ebx, ebx);
    a.jmp(join);
    a.bind(other);
    a.xor_(edx, edx);
    a.bind(join);
    a.mov(qword_ptr(r14, rsi), rdx);
    a.ret();
    a.bind(trap);
    a.ud2();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label trap = a.newLabel(), other = a.newLabel(), join = a.newLabel();
    a.jmp(trap);
    a.test(edx, edx);            // dead: nothing known of rsi
    a.jz(other);
    a.mov(esi, esi);             // extended on one path only
    a.jmp(join);
    a.bind(other);
    a.xor_(edx, edx);
    a.bind(join);
    MarkedAccess(a, m, rsi);
    a.ret();
    a.bind(trap);
    a.ud2();
  }));
}

// The single-pass tier's i32 locals live in registers that every write keeps below 2^32
// (SetZeroExtendedGprs), so its accesses through them extend nothing; it also emits
// dead code (after an `end` nothing jumps to, a jump on a constant, a division by a
// constant 0). A dead region is checked from that promise, which the tier passes: the
// differential fuzzer's cases s1-164, s1-166 and s1-196 (an access through r12 after
// an if/else whose arms both return) were rejected as unextended without it. Live
// code is proven from the entry all the same.
TEST(AddressCheckX64, DeadCodeKnowsThePromisedRegisters) {
  // r12 is written as `load64` says; a live access, then one in a dead region (after
  // a `ret`, at a label nothing jumps to); the mark is on the access `mark_dead` picks.
  auto emit = [](bool load64, bool mark_dead, uint32_t promise) {
    return [=](Assembler& a, X64Case& x) {
      x.zero_extended = promise;
      if (load64) a.mov(r12, qword_ptr(rsp, 8));  // no 32-bit write: no promise kept
      else a.mov(r12d, edx);
      if (!mark_dead) x.marks.push_back(static_cast<uint32_t>(a.offset()));
      a.mov(eax, dword_ptr(r14, r12));
      a.ret();
      a.bind(a.newLabel());  // dead from here
      if (mark_dead) x.marks.push_back(static_cast<uint32_t>(a.offset()));
      a.mov(eax, dword_ptr(r14, r12));
      a.ret();
    };
  };
  Checked c = CheckX64Case(emit(false, true, 1u << 12));
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
  ExpectCaught(CheckX64Case(emit(false, true, 0)));  // without the promise: nothing known there
  ExpectCaught(CheckX64Case(emit(true, false, 1u << 12)));  // live code: proven from the entry
}

// A tail call's `jmp rel32` is linked to its callee: until then its field is 0 and it
// reads as a jump to the next instruction. Named in `exits` (the function's
// relocations), it leaves the function and carries nothing to what follows; the
// differential fuzzer's case s16001-9 (a return_call inside a loop, its epilogue's
// `pop rbx` flowing into the loop) was rejected at a br_table dispatch reading rbx.
// The same bytes without the relocation are a real jump there, and are caught.
void TailJumpBeforeAccess(Assembler& a, X64Case& x, bool relocated) {
  asmjit::Label next = a.newLabel();
  a.mov(ecx, edi);               // extended
  a.test(esi, esi);
  a.jz(next);
  a.mov(rcx, qword_ptr(rsp, 8)); // anything, on the way out only
  a.db(0xE9);
  if (relocated) x.exits.push_back(static_cast<uint32_t>(a.offset()));
  a.dd(0);
  a.bind(next);
  MarkedAccess(a, x.marks, rcx);
}

TEST(AddressCheckX64, LinkedTailJumpLeavesTheFunction) {
  Checked c = CheckX64Case([](Assembler& a, X64Case& x) { TailJumpBeforeAccess(a, x, true); });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
  ExpectCaught(CheckX64Case([](Assembler& a, X64Case& x) { TailJumpBeforeAccess(a, x, false); }));
}

TEST(AddressCheckX64, CallClobbersTheExtension) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(esi, esi);
    a.call(rbx);
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.movss(xmm0, dword_ptr(r14, rsi));
    a.ret();
  }));
}

TEST(AddressCheckX64, NegativeDisplacementIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, -4));
    a.ret();
  }));
}

TEST(AddressCheckX64, PointerComputedFromTheBaseIsCaught) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(rax, r14);
    a.add(rax, rcx);  // r14 + an unextended index, out of the check's sight
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(dword_ptr(rax), ecx);
    a.ret();
  });
  ASSERT_FALSE(c.result.ok);
  EXPECT_EQ(c.result.offset, c.marks[0]) << c.result.what;
  EXPECT_NE(c.result.what.find("computed from the memory base"), std::string::npos) << c.result.what;
}

TEST(AddressCheckX64, TheEmittedFormsPass) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    a.push(r14);                                           // a prologue saving r14:
    a.push(r15);                                           // rsp is no derived pointer
    a.mov(r14, qword_ptr(r15, 8));
    a.mov(ecx, edi);                                       // mov r32, r32
    a.mov(eax, dword_ptr(r14, rcx, 0, 0x7fffffff));
    a.lea(edx, ptr(rdi, rsi));                             // a 32-bit result
    a.mov(qword_ptr(r14, rdx), rax);
    a.mov(eax, dword_ptr(rsp, 16));                        // a 32-bit reload
    a.mov(r11, 0xfffffff0u);                               // offset > 2^31: rax = zext + offset
    a.add(rax, r11);
    a.movzx(eax, byte_ptr(r14, rax));
    a.mov(rax, uint64_t{0x1fffffff0});                     // a constant address
    a.mov(word_ptr(r14, rax), cx);
    a.mov(rdx, qword_ptr(rsp, 8));                         // no r14: not linear memory
    a.mov(eax, dword_ptr(rdx, rcx));
    a.ret();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// Load-op folding (backend/x64/x64_loadop.cc): the access is an operand of a compare
// or of float arithmetic; the rule and the check are the same for any instruction
// with a memory operand (ALU forms included, should they be folded again).
TEST(AddressCheckX64, FoldedAccessWithUnextendedIndexIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(ecx, edi);
    a.add(edx, dword_ptr(r14, rcx, 0, 8));  // fine: rcx extended
    a.mov(rcx, qword_ptr(rsp, 8));
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.cmp(dword_ptr(r14, rcx), 0);           // rcx's upper half is anything
    a.ret();
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(rsi, qword_ptr(rsp, 8));
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mulsd(xmm2, qword_ptr(r14, rsi));
    a.ret();
  }));
}

TEST(AddressCheckX64, TheFoldedFormsPass) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    a.mov(eax, esi);                          // ZeroExtendedIndex
    a.add(edi, dword_ptr(r14, rax, 0, 8));
    a.imul(edx, dword_ptr(r14, rax));
    a.sub(rdx, qword_ptr(r14, rax, 0, 16));
    a.cmp(qword_ptr(r14, rax), rdx);
    a.cmp(dword_ptr(r14, rax), 0x64);
    a.addsd(xmm2, qword_ptr(r14, rax));
    a.divss(xmm3, dword_ptr(r14, rax, 0, 4));
    a.mov(r11d, edx);                         // result in r11 when dst is a slot
    a.xor_(r11d, dword_ptr(r14, rax));
    a.ret();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// Scaled indexes (the mid-end's FoldScaledIndexes): index * scale + displacement must
// stay inside the reservation, so the index needs a bound below 2^32 / scale: a byte
// or 16-bit movzx (255 / 65535), `and r32, imm` (imm), a 32-bit lea of bounded
// registers (their sum when it does not wrap). A 32-bit write alone (below 2^32) is not
// enough for a scale of 4 or 8, nor a lea whose sum may wrap, nor a bound from another
// block (entry states are widened to below 2^32).
TEST(AddressCheckX64, ScaledIndexWithoutABoundIsCaught) {
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(edi, edi);
    a.mov(ecx, dword_ptr(r14, rdi, 0, 0));  // any 32-bit value
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, rcx, 2, 0x100));
    a.ret();
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.and_(ecx, -16);  // a negative mask: any 32-bit value
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(rax, qword_ptr(r14, rcx, 3));
    a.ret();
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(edi, edi);
    a.movzx(ecx, word_ptr(r14, rdi));
    a.lea(ecx, ptr(rcx, rcx, 1, -4));  // a negative displacement: may wrap
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, rcx, 2));
    a.ret();
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    a.mov(ecx, 0x7fffffff);
    a.mov(edx, 0x7fffffff);
    a.lea(ecx, ptr(rcx, rdx, 2));  // wraps: any 32-bit value
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, rcx, 2));
    a.ret();
  }));
  ExpectCaught(CheckX64([](Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label next = a.newLabel();
    a.mov(edi, edi);
    a.movzx(ecx, byte_ptr(r14, rdi));
    a.bind(next);  // another block: below 2^32 only
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.mov(eax, dword_ptr(r14, rcx, 2));
    a.ret();
  }));
}

TEST(AddressCheckX64, BoundedScaledIndexesPass) {
  Checked c = CheckX64([](Assembler& a, std::vector<uint32_t>&) {
    a.mov(edi, edi);
    a.movzx(ecx, byte_ptr(r14, rdi));
    a.mov(eax, dword_ptr(r14, rcx, 3, 0x7fffffff));
    a.movzx(edx, word_ptr(r14, rdi));
    a.lea(edx, ptr(rdx, rdx, 1));                  // at most 3 * 65535
    a.movzx(eax, byte_ptr(r14, rdx, 2, 0x3d11));
    a.and_(esi, 0xff);
    a.mov(qword_ptr(r14, rsi, 3), rax);
    a.lea(esi, ptr(rsi, 4));                       // 259
    a.mov(dword_ptr(r14, rsi, 2, 8), eax);
    a.mov(r8d, 0x7fffffff);                        // a 32-bit constant, scale 2
    a.mov(ax, word_ptr(r14, r8, 1));
    a.ret();
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// ---- AArch64: x27 is the memory base.
namespace a64 = asmjit::a64;

TEST(AddressCheckA64, UnextendedRegisterOffsetIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    a.ldr(a64::x1, a64::ptr(a64::sp, 8));
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldr(a64::w0, a64::ptr(a64::x27, a64::x1));  // [x27, x1]: x1 is not extended
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, UnextendedAddIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    a.add(a64::x16, a64::x27, a64::x1);  // x1 as a whole 64-bit register
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.str(a64::w2, a64::ptr(a64::x16, 8));
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, SignExtendedIndexIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldrb(a64::w0, a64::ptr(a64::x27, a64::w1, a64::sxtw(0)));
    a.ret(a64::x30);
  }));
}

// ldpsw sign-extends its two words: neither is a 32-bit index (ldp w's are).
TEST(AddressCheckA64, LdpswIsNotZeroExtending) {
  for (bool sign : {true, false}) {
    Checked c = CheckA64([sign](a64::Assembler& a, std::vector<uint32_t>& m) {
      if (sign) a.ldpsw(a64::x1, a64::x2, a64::ptr(a64::sp, 8));
      else a.ldp(a64::w1, a64::w2, a64::ptr(a64::sp, 8));
      m.push_back(static_cast<uint32_t>(a.offset()));
      a.ldr(a64::w0, a64::ptr(a64::x27, a64::x2));  // [x27, x2]: x2 as a whole register
      a.ret(a64::x30);
    });
    if (sign) ExpectCaught(c);
    else EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
  }
}

TEST(AddressCheckA64, ExtensionInAnotherBlockIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    asmjit::Label l = a.newLabel();
    a.mov(a64::w1, a64::w1);
    a.bind(l);
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldr(a64::x0, a64::ptr(a64::x27, a64::x1));
    a.cbnz(a64::x2, l);
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, LargeConstantOffsetIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    a.add(a64::x16, a64::x27, a64::x2, a64::uxtw(0));
    a.orr(a64::x17, a64::xzr, 0x3ffffffffull);  // 2^34 - 1: beyond the reservation
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldrb(a64::w0, a64::ptr(a64::x16, a64::x17));
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, AddressBelowTheBaseIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    a.sub(a64::x16, a64::x27, 8);  // below the reservation
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldr(a64::w0, a64::ptr(a64::x16));
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, NegativeOffsetIsCaught) {
  ExpectCaught(CheckA64([](a64::Assembler& a, std::vector<uint32_t>& m) {
    m.push_back(static_cast<uint32_t>(a.offset()));
    a.ldur(a64::w0, a64::ptr(a64::x27, -4));
    a.ret(a64::x30);
  }));
}

TEST(AddressCheckA64, TheEmittedFormsPass) {
  Checked c = CheckA64([](a64::Assembler& a, std::vector<uint32_t>&) {
    a.ldr(a64::w0, a64::ptr(a64::x27, a64::w1, a64::uxtw(0)));   // offset 0
    a.add(a64::x16, a64::x27, a64::x1, a64::uxtw(0));            // add x16, x27, w1, uxtw
    a.ldr(a64::x0, a64::ptr(a64::x16, 4088));
    a.add(a64::x16, a64::x16, 0x123, a64::lsl(12));               // larger offsets
    a.strh(a64::w0, a64::ptr(a64::x16, 2));
    a.add(a64::x16, a64::x27, a64::x2, a64::uxtw(0));
    a.movz(a64::x15, 0xfff0);                                     // offset > 2^24
    a.movk(a64::x15, 0xffff, a64::lsl(16));
    a.ldr(a64::w0, a64::ptr(a64::x16, a64::x15));
    a.add(a64::x16, a64::x27, a64::x2, a64::uxtw(0));
    a.orr(a64::x17, a64::xzr, 0xffffffffu);                        // offset 2^32 - 1
    a.ldrb(a64::w0, a64::ptr(a64::x16, a64::x17));
    a.movn(a64::x17, 0, a64::lsl(32));                            // ~(0 << 32): unbounded
    a.movk(a64::x17, 0, a64::lsl(48));
    a.movk(a64::x17, 0, a64::lsl(32));                            // 0xffffffff again
    a.ldrb(a64::w0, a64::ptr(a64::x16, a64::x17));
    a.mov(a64::w3, a64::w2);                                      // mov wN, wN
    a.ldr(a64::s0, a64::ptr(a64::x27, a64::x3));
    a.ldr(a64::x0, a64::ptr(a64::x28, a64::x5));                  // not linear memory
    a.ret(a64::x30);
  });
  EXPECT_TRUE(c.result.ok) << c.result.offset << ": " << c.result.what;
}

// The address cache's decoder (a64::GprWrites, backend/a64/a64_internal.h): the mask
// of an instruction holds every GPR it writes (loads, write-backs, pairs, arithmetic,
// FP-to-integer moves and conversions, lane moves); nothing for stores, compares,
// vector arithmetic and conditional branches; everything for calls, jumps and returns.
uint32_t A64Writes(const std::function<void(a64::Assembler&)>& emit) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kAArch64));
  Errors errors;
  code.setErrorHandler(&errors);
  a64::Assembler a(&code);
  emit(a);
  std::vector<uint8_t> bytes = FinalCode(code);
  EXPECT_EQ(bytes.size(), 4u);
  uint32_t w = 0;
  std::memcpy(&w, bytes.data(), std::min<size_t>(4, bytes.size()));
  return wasmc::a64::GprWrites(w);
}

TEST(GprWritesA64, EveryWrittenRegisterIsInTheMask) {
  using A = a64::Assembler;
  auto r = [](uint32_t n) { return 1u << n; };
  constexpr uint32_t kAll = ~0u;
  EXPECT_EQ(A64Writes([](A& a) { a.ldr(a64::w1, a64::ptr(a64::x16, 4)); }), r(1));
  EXPECT_EQ(A64Writes([](A& a) { a.ldrsb(a64::x9, a64::ptr(a64::x15, 1)); }), r(9));
  EXPECT_EQ(A64Writes([](A& a) { a.ldur(a64::w3, a64::ptr(a64::x16, 3)); }), r(3));
  EXPECT_EQ(A64Writes([](A& a) { a.ldr(a64::w2, a64::ptr(a64::x27, a64::w16, a64::uxtw(0))); }), r(2));
  EXPECT_EQ(A64Writes([](A& a) { a.str(a64::w1, a64::ptr(a64::x16, 4)); }), 0u);
  EXPECT_EQ(A64Writes([](A& a) { a.strb(a64::w1, a64::ptr(a64::x27, a64::w15, a64::uxtw(0))); }), 0u);
  EXPECT_EQ(A64Writes([](A& a) { a.ldr(a64::x15, a64::ptr_post(a64::x16, 8)); }), r(15) | r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.str(a64::x3, a64::ptr_pre(a64::x15, -16)); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.ldp(a64::x16, a64::x17, a64::ptr(a64::x29, 16)); }), r(16) | r(17));
  EXPECT_EQ(A64Writes([](A& a) { a.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16)); }), r(29) | r(30));
  EXPECT_EQ(A64Writes([](A& a) { a.stp(a64::x19, a64::x20, a64::ptr(a64::x29, -16)); }), 0u);
  EXPECT_EQ(A64Writes([](A& a) { a.ldr(a64::d16, a64::ptr(a64::x15, 8)); }), 0u);  // a vector register
  EXPECT_EQ(A64Writes([](A& a) { a.ldr(a64::q15, a64::ptr_post(a64::x16, 16)); }), r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.ldaxr(a64::w1, a64::ptr(a64::x16)); }) & r(1), r(1));
  EXPECT_EQ(A64Writes([](A& a) { a.stlxr(a64::w15, a64::w1, a64::ptr(a64::x16)); }) & r(15), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.add(a64::x16, a64::x27, a64::x9, a64::uxtw(0)); }), r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.add(a64::x15, a64::x15, 0x12, a64::lsl(12)); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.movk(a64::x15, 1, a64::lsl(16)); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.and_(a64::w16, a64::w9, 0xff); }), r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.madd(a64::w9, a64::w1, a64::w2, a64::w3); }), r(9));
  EXPECT_EQ(A64Writes([](A& a) { a.csel(a64::x15, a64::x1, a64::x2, a64::CondCode::kNE); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.cmp(a64::w9, 4); }), 0u);  // Rd = wzr
  EXPECT_EQ(A64Writes([](A& a) { a.fadd(a64::d16, a64::d15, a64::d9); }), 0u);
  EXPECT_EQ(A64Writes([](A& a) { a.fmov(a64::w16, a64::s0); }), r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.fmov(a64::d16, a64::x1); }), r(16));  // an FP destination, counted anyway
  EXPECT_EQ(A64Writes([](A& a) { a.fcvtzs(a64::x15, a64::d1); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.fcvtzu(a64::w16, a64::s1, 3); }), r(16));  // fixed point
  EXPECT_EQ(A64Writes([](A& a) { a.umov(a64::w15, a64::v0.s(1)); }), r(15));
  EXPECT_EQ(A64Writes([](A& a) { a.smov(a64::x16, a64::v0.b(3)); }), r(16));
  EXPECT_EQ(A64Writes([](A& a) { a.add(a64::v16.s4(), a64::v15.s4(), a64::v9.s4()); }), 0u);
  EXPECT_EQ(A64Writes([](A& a) { a.blr(a64::x17); }), kAll);
  EXPECT_EQ(A64Writes([](A& a) { a.br(a64::x16); }), kAll);
  EXPECT_EQ(A64Writes([](A& a) { a.ret(a64::x30); }), kAll);
  EXPECT_EQ(A64Writes([](A& a) { a.embedUInt32(0x94000000u); }), kAll);  // bl
  EXPECT_EQ(A64Writes([](A& a) { a.embedUInt32(0); }), kAll);            // udf
  EXPECT_EQ(A64Writes([](A& a) {
              asmjit::Label l = a.newLabel();
              a.bind(l);
              a.b(a64::CondCode::kNE, l);
            }),
            0u);
  EXPECT_EQ(A64Writes([](A& a) {
              asmjit::Label l = a.newLabel();
              a.bind(l);
              a.cbz(a64::x16, l);
            }),
            0u);
  EXPECT_EQ(A64Writes([](A& a) {
              asmjit::Label l = a.newLabel();
              a.bind(l);
              a.b(l);
            }),
            kAll);
}

}  // namespace
}  // namespace wasmc

namespace wasmc {
namespace {

// The scratch-write check (address_check.h): x86-64 code writing an allocatable register
// outside what its IR instruction may write (its results, its clobbers) is caught.
TEST(ScratchWriteCheckX64, WritesOutsideTheAllowedRegistersAreCaught) {
  using namespace asmjit::x86;  // NOLINT: register names
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kX64));
  Assembler a(&code);
  a.add(esi, edi);     // instruction 0: result in rsi
  const uint32_t second = static_cast<uint32_t>(a.offset());
  a.cdq();             // instruction 1: writes rdx implicitly
  a.idiv(edi);
  const uint32_t end = static_cast<uint32_t>(a.offset());
  std::vector<uint8_t> bytes = FinalCode(code);
  const std::vector<uint32_t> offsets = {0, second, end};
  const uint32_t watched = (1u << 2) | (1u << 6) | (1u << 7);  // rdx rsi rdi
  const ScratchWriteChecker check = GetCodegen(Target::kX64).check_scratch_writes;
  ASSERT_NE(check, nullptr);
  const std::vector<uint32_t> none(2, 0);
  EXPECT_TRUE(check(bytes, offsets, std::vector<uint32_t>{1u << 6, 1u << 2}, watched, none, 0).ok);
  AddressCheck r = check(bytes, offsets, std::vector<uint32_t>{1u << 6, 0}, watched, none, 0);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, second);
  EXPECT_NE(r.what.find("(IR instruction 1) writes edx"), std::string::npos) << r.what;
  r = check(bytes, offsets, std::vector<uint32_t>{1u << 7, 1u << 2}, watched, none, 0);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, 0u);
}

// An i32 operand's register may be zero-extended in place (`mov r32, r32` of itself,
// x64_int.cc ZeroExtendedIndex) when self_extend says so; any other write of it, or
// that mov without the permission, fails.
TEST(ScratchWriteCheck, InPlaceZeroExtensionOfAnI32Operand) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kX64));
  Assembler a(&code);
  a.mov(esi, esi);      // instruction 0: zero-extends its operand rsi in place
  const uint32_t second = static_cast<uint32_t>(a.offset());
  a.mov(esi, edi);      // instruction 1: a real write of rsi
  const uint32_t end = static_cast<uint32_t>(a.offset());
  std::vector<uint8_t> bytes = FinalCode(code);
  const std::vector<uint32_t> offsets = {0, second, end};
  const uint32_t watched = (1u << 6) | (1u << 7);  // rsi rdi
  const ScratchWriteChecker check = GetCodegen(Target::kX64).check_scratch_writes;
  ASSERT_NE(check, nullptr);
  const std::vector<uint32_t> allowed = {0, 1u << 6};
  EXPECT_TRUE(check(bytes, offsets, allowed, watched, std::vector<uint32_t>{1u << 6, 0}, 0).ok);
  AddressCheck r = check(bytes, offsets, allowed, watched, std::vector<uint32_t>{0, 0}, 0);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, 0u);
  r = check(bytes, offsets, std::vector<uint32_t>{0, 0}, watched, std::vector<uint32_t>{1u << 6, 1u << 6}, 0);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, second);
}

// The registers pinned through all wasm code (x86-64 r14, r15 in a sole module,
// RegisterInfo::gpr_pinned): reads pass; a write fails wherever it is, in an
// instruction allowed to write any register (a call, a return), and in code after the
// last instruction's (stubs).
TEST(ScratchWriteCheckX64, PinnedRegistersAreNeverWritten) {
  using namespace asmjit::x86;  // NOLINT: register names
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kX64));
  Assembler a(&code);
  a.mov(rsi, qword_ptr(r15, 8));      // instruction 0: reads r15 (the instance)
  a.mov(esi, dword_ptr(r14, rsi));    // and r14 (memory 0's base)
  const uint32_t second = static_cast<uint32_t>(a.offset());
  a.pop(r15);                         // instruction 1 (allowed any register): writes r15
  const uint32_t end = static_cast<uint32_t>(a.offset());
  a.mov(r14, qword_ptr(rdi));         // a stub after the last instruction: writes r14
  std::vector<uint8_t> bytes = FinalCode(code);
  const std::vector<uint32_t> offsets = {0, second, end};
  const std::vector<uint32_t> allowed = {1u << 6, ~0u};
  const uint32_t watched = (1u << 6) | (1u << 7);  // rsi rdi
  const ScratchWriteChecker check = GetCodegen(Target::kX64).check_scratch_writes;
  ASSERT_NE(check, nullptr);
  const std::vector<uint32_t> none(2, 0);
  EXPECT_TRUE(check(bytes, offsets, allowed, watched, none, 0).ok);
  AddressCheck r = check(bytes, offsets, allowed, watched, none, 1u << 15);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, second);
  EXPECT_NE(r.what.find("`pop r15` writes r15, which holds the instance state"), std::string::npos) << r.what;
  r = check(bytes, offsets, allowed, watched, none, 1u << 14);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.offset, end);
  EXPECT_NE(r.what.find("writes r14"), std::string::npos) << r.what;
}

// The same on AArch64 (CheckPinnedWritesA64; x28 = the instance, x27 = memory 0's
// base): reads, calls, an LSE atomic whose opcode bits look like x28 in the Rt2 field,
// a literal load whose offset bits look like x27 in the Rn field and FP / SIMD
// instructions writing v27 / v28 from a GPR pass; a write fails wherever it is (a
// load, a move, a pair load's second register, a write-back, a conversion to an
// integer, umov), and only when the register is pinned.
TEST(ScratchWriteCheckA64, PinnedRegistersAreNeverWritten) {
  namespace a64 = asmjit::a64;
  const ScratchWriteChecker check = GetCodegen(Target::kA64).check_scratch_writes;
  ASSERT_NE(check, nullptr);
  const uint32_t pinned = (1u << 27) | (1u << 28);
  auto run = [&](const std::function<void(a64::Assembler&)>& emit, uint32_t mask) {
    asmjit::CodeHolder code;
    code.init(asmjit::Environment(asmjit::Arch::kAArch64));
    a64::Assembler a(&code);
    a.ldr(a64::x16, a64::ptr(a64::x28, 0x58));         // reads the instance
    a.ldr(a64::w0, a64::ptr(a64::x27, a64::w1, a64::uxtw(0)));  // and the memory base
    a.blr(a64::x17);
    a.ldumin(a64::w1, a64::w2, a64::ptr(a64::x16));   // Rt2 field 0b11100
    a.embedUInt32(0x1c09f37d);  // ldr s29, <literal>: offset bits 9..5 = 27
    a.embedUInt32(0x4e040c3b);  // dup v27.4s, w1 (Rd is a vector register)
    a.embedUInt32(0x1e62003c);  // scvtf d28, w1
    a.embedUInt32(0x9e67003b);  // fmov d27, x1
    a.embedUInt32(0x1e03f45b);  // ucvtf s27, w2, #3
    emit(a);
    std::vector<uint8_t> bytes = FinalCode(code);
    const std::vector<uint32_t> offsets = {0, static_cast<uint32_t>(bytes.size())};
    const std::vector<uint32_t> none(1, 0);
    return check(bytes, offsets, none, 0, none, mask);
  };
  EXPECT_TRUE(run([](a64::Assembler&) {}, pinned).ok);
  const std::function<void(a64::Assembler&)> writes[] = {
      [](a64::Assembler& a) { a.ldr(a64::x27, a64::ptr(a64::x0)); },
      [](a64::Assembler& a) { a.mov(a64::x28, a64::x0); },
      [](a64::Assembler& a) { a.ldp(a64::x26, a64::x27, a64::ptr(a64::x29, -16)); },
      [](a64::Assembler& a) { a.ldr(a64::x1, a64::ptr_post(a64::x28, 8)); },
      [](a64::Assembler& a) { a.embedUInt32(0x1e78001c); },  // fcvtzs w28, d0
      [](a64::Assembler& a) { a.embedUInt32(0x9e58f83c); },  // fcvtzs x28, d1, #2
      [](a64::Assembler& a) { a.embedUInt32(0x0e0c3c3b); },  // umov w27, v1.s[1]
      [](a64::Assembler& a) { a.embedUInt32(0x4e183c5b); },  // umov x27, v2.d[1]
  };
  for (const auto& w : writes) {
    AddressCheck r = run(w, pinned);
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.offset, 36u);
    EXPECT_NE(r.what.find("which holds the instance state"), std::string::npos) << r.what;
    EXPECT_TRUE(run(w, 0).ok);
  }
}

// The tracker starts a block from the entry state it is given (the GPRs zero-extended
// on every path into the block, zext_facts_x64.cc) and follows the block's writes.
TEST(ZeroExtensionTrackerX64, StartsFromTheBlockEntryState) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment(asmjit::Arch::kX64));
  asmjit::x86::Assembler a(&code);
  a.mov(eax, dword_ptr(r14, rsi));
  const uint32_t first = static_cast<uint32_t>(a.offset());
  a.add(rsi, rdi);
  const uint32_t second = static_cast<uint32_t>(a.offset());
  std::vector<uint8_t> bytes = FinalCode(code);
  const uint16_t rsi_extended = 1u << 6;
  x64::ZeroExtensionTracker tracker;
  EXPECT_FALSE(tracker.IsZeroExtended(bytes, 0, first, 6));
  EXPECT_TRUE(tracker.IsZeroExtended(bytes, 0, first, 6, rsi_extended));
  EXPECT_TRUE(tracker.IsZeroExtended(bytes, 0, 0, 6, rsi_extended));
  EXPECT_FALSE(tracker.IsZeroExtended(bytes, 0, second, 6, rsi_extended));
  EXPECT_FALSE(tracker.IsZeroExtended(bytes, 0, first, 7, rsi_extended));
}

// Code for the tracker: after each instruction of interest, which register should be
// proven below 2^32 there. Check runs a tracker over it twice (the second time with
// every cache entry and guess made).
struct TrackerSteps {
  TrackerSteps() {
    code.init(asmjit::Environment(asmjit::Arch::kX64));
    code.setErrorHandler(&errors);
    code.attach(&a);
  }
  void Expect(const Gp& r, bool extended) { steps.push_back({static_cast<uint32_t>(a.offset()), r.id(), extended}); }
  void Check() {
    std::vector<uint8_t> bytes = FinalCode(code);
    for (int round = 0; round < 2; ++round) {
      x64::ZeroExtensionTracker tracker;
      for (const Step& s : steps)
        EXPECT_EQ(tracker.IsZeroExtended(bytes, 0, s.end, s.reg), s.extended) << "at " << s.end;
    }
  }
  struct Step {
    uint32_t end;
    unsigned reg;
    bool extended;
  };
  asmjit::CodeHolder code;
  Errors errors;
  asmjit::x86::Assembler a;
  std::vector<Step> steps;
};

// The zero-extension tracker's decode cache tries first the length (or displacement
// variant) that the last instruction with the same first three bytes had: loads of
// eax/rax from [rsp], [rsp + disp] and [abs disp32] share their first bytes and differ
// in length, width and displacement, so the guess is often wrong. Every answer must
// still be the one the instruction written gives (a 32-bit load zero-extends, a 64-bit
// one does not).
TEST(ZeroExtensionTrackerX64, InstructionsSharingTheirFirstBytes) {
  TrackerSteps t;
  asmjit::x86::Assembler& a = t.a;
  for (int k = 0; k < 60; ++k) {
    const int32_t disp = 8 * (k % 7) + (k % 3 == 0 ? 0x1000 : 0);  // disp8 and disp32 forms
    const bool wide = (k / 2) % 3 == 1;
    const Gp r = k % 2 ? rcx : rax;
    switch (k % 5) {
      case 0: wide ? a.mov(r.r64(), qword_ptr(rsp)) : a.mov(r.r32(), dword_ptr(rsp)); break;
      case 1: wide ? a.mov(r.r64(), qword_ptr(rsp, disp)) : a.mov(r.r32(), dword_ptr(rsp, disp)); break;
      case 2: wide ? a.mov(r.r64(), qword_ptr(static_cast<uint64_t>(0x1000 + 8 * k))) :
                     a.mov(r.r32(), dword_ptr(static_cast<uint64_t>(0x1000 + 8 * k))); break;
      case 3: wide ? a.add(r.r64(), qword_ptr(rsp, disp)) : a.add(r.r32(), dword_ptr(rsp, disp)); break;
      default: wide ? a.mov(r.r64(), qword_ptr(rbp, disp)) : a.mov(r.r32(), dword_ptr(rbp, disp)); break;
    }
    t.Expect(r, !wide);
  }
  t.Check();
}

// The decode cache keeps one entry for instructions that differ only in their
// immediate (ZeroExtensionTracker's DecodeCache): the value is read from each
// instruction's own bytes, sign-extended where Zydis sign-extends it. `mov rax, imm32`
// sign-extends (-1 is not below 2^32; 16 is), and `add rax, imm` adds a signed
// immediate to a known bound.
TEST(ZeroExtensionTrackerX64, ImmediatesReadFromEachInstruction) {
  TrackerSteps t;
  asmjit::x86::Assembler& a = t.a;
  const int64_t values[] = {0x10, -1, 0x7fffffff, -0x80000000ll, 0x7f, -0x80, 0x12345, -0x12345, 0, 0x80};
  for (int round = 0; round < 3; ++round) {
    for (int64_t v : values) {
      a.mov(rax, v);  // mov rax, imm32 (sign-extended)
      t.Expect(rax, v >= 0);
      a.mov(ecx, static_cast<uint32_t>(v));  // mov ecx, imm32: always below 2^32
      t.Expect(rcx, true);
      a.mov(edx, 0x100);
      a.add(rdx, v);  // 0x100 + v, known only for v >= 0
      t.Expect(rdx, v >= 0);
      a.mov(rcx, rdx);
      t.Expect(rcx, v >= 0);
    }
  }
  t.Check();
}


// GprEffectOf (backend/x64/gpr_effects_x64.cc) reads the frequent forms of the
// emitter's integer code without Zydis, for the tracker: every form it reads must have
// the length and the effect on the GPRs' bounds that Zydis's decoding has (a wrong
// "below 2^32" would be an unextended index). Every one- and two-byte opcode, with no
// prefix, 66, REX (each bit) and 66 + REX, every ModRM, SIBs with and without a base,
// and displacement/immediate bytes of both signs.
TEST(GprEffectsX64, AgreeWithZydisOverEveryModRm) {
  const std::vector<std::vector<uint8_t>> prefixes = {
      {}, {0x40}, {0x41}, {0x42}, {0x44}, {0x48}, {0x49}, {0x4c}, {0x4f}, {0x66}, {0x66, 0x41}, {0x66, 0x48}};
  const uint8_t sibs[] = {0x24, 0x25, 0xa5, 0x8c};
  const uint8_t tails[][8] = {{0x10, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00},
                              {0x80, 0xff, 0xff, 0xff, 0x80, 0xff, 0xff, 0xff},
                              {0xff, 0xff, 0xff, 0x7f, 0x7f, 0xff, 0xff, 0x7f},
                              {0x00, 0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0x80}};
  uint64_t read = 0;
  for (const auto& prefix : prefixes) {
    for (unsigned opcode = 0; opcode < 512; ++opcode) {
      for (unsigned modrm = 0; modrm < 256; ++modrm) {
        const bool sib = (modrm >> 6) != 3 && (modrm & 7) == 4;
        for (uint8_t s : sibs) {
          for (const auto& tail : tails) {
            std::vector<uint8_t> code = prefix;
            if (opcode >= 256) code.push_back(0x0f);
            code.push_back(static_cast<uint8_t>(opcode));
            code.push_back(static_cast<uint8_t>(modrm));
            if (sib) code.push_back(s);
            code.insert(code.end(), std::begin(tail), std::end(tail));
            for (uint32_t avail : {static_cast<uint32_t>(code.size()), static_cast<uint32_t>(prefix.size() + 2)}) {
              uint32_t length = 0;
              if (x64::GprEffectOf(code.data(), avail, &length).kind == x64::GprEffect::kDecode) continue;
              ++read;
              ASSERT_LE(length, avail);
              ASSERT_TRUE(x64::GprEffectAgrees(code.data(), avail))
                  << "bytes " << ::testing::PrintToString(std::vector<uint8_t>(code.begin(), code.begin() + length));
            }
          }
          if (!sib) break;
        }
      }
    }
  }
  EXPECT_GT(read, 100000u);  // the forms are read, not all left to Zydis
}

// The tracker over forms GprEffectOf reads: where the answer must be "no" (a 64-bit
// write, a load of 64 bits, a sum that may reach 2^32, a call, a jump, a narrow write
// of an unknown register) and where it is "yes".
TEST(ZeroExtensionTrackerX64, FormsReadWithoutTheDecoder) {
  TrackerSteps t;
  asmjit::x86::Assembler& a = t.a;
  a.mov(ecx, edx);
  t.Expect(rcx, true);
  a.mov(rdx, rcx);  // a 64-bit copy keeps the source's bound
  t.Expect(rdx, true);
  a.mov(rsi, qword_ptr(rsp, 8));
  t.Expect(rsi, false);
  a.mov(esi, dword_ptr(rsp, 8));
  t.Expect(rsi, true);
  a.add(rsi, rcx);  // both below 2^32: the sum may not be
  t.Expect(rsi, false);
  a.mov(esi, 0x7fffffff);
  a.mov(edi, 0x7fffffff);
  a.add(rsi, rdi);  // 2^32 - 2
  t.Expect(rsi, true);
  a.add(rsi, 2);  // 2^32
  t.Expect(rsi, false);
  a.lea(r8, ptr(rcx, 1));
  t.Expect(r8, false);
  a.lea(r8d, ptr(rcx, 1));
  t.Expect(r8, true);
  a.movsxd(r9, ecx);
  t.Expect(r9, false);
  a.movzx(r9d, byte_ptr(rsp));
  t.Expect(r9, true);
  a.xor_(r10, r10);  // zero, but a 64-bit write: the rule does not know the value
  t.Expect(r10, false);
  a.xor_(r10d, r10d);
  t.Expect(r10, true);
  a.sete(r10b);  // the upper half kept: still below 2^32
  t.Expect(r10, true);
  a.mov(r11, qword_ptr(rsp));
  a.sete(r11b);
  t.Expect(r11, false);
  a.shl(ecx, 3);
  t.Expect(rcx, true);
  a.shl(rcx, 3);
  t.Expect(rcx, false);
  a.cmp(ecx, 5);  // reads only
  a.test(rcx, rcx);
  t.Expect(rcx, false);
  a.mov(ecx, 5);
  a.imul(rcx, rcx, 3);
  t.Expect(rcx, false);
  a.mov(ecx, 5);
  a.mov(rdx, 7);
  a.call(ptr(rsp, 16));  // caller-saved registers are clobbered
  t.Expect(rcx, false);
  t.Expect(rdx, false);
  a.mov(ebx, 1);
  a.call(ptr(rsp, 16));
  t.Expect(rbx, true);  // callee-saved
  a.mov(r12d, r12d);
  a.cmovne(r12, rbx);  // a 64-bit write
  t.Expect(r12, false);
  a.neg(ebx);
  t.Expect(rbx, true);
  a.not_(rbx);
  t.Expect(rbx, false);
  a.mov(ebx, ebx);
  asmjit::Label l = a.newLabel();
  a.jmp(l);  // nothing is known after a jump
  t.Expect(rbx, false);
  a.bind(l);
  t.Check();
}

}  // namespace
}  // namespace wasmc
