// Encodings replayed (backend/codegen/asmjit_compat.h, ReplayingAssembler): the bytes
// are asmjit's own for every instruction, replayed or not, at any offset; a replayable
// instruction is kept in the thread's table once encoded, a position-dependent one never.
#include <gtest/gtest.h>

#include <asmjit/x86.h>

#include <cstring>
#include <vector>

#include "backend/codegen/asmjit_compat.h"
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc {
namespace {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT: register names

class Replaying : public ReplayingAssembler<x86::Assembler, x64::IsRelativeBranch> {
 public:
  Replaying() : ReplayingAssembler(0) {}
};

// The same instructions, repeated so that most are replayed, with labels, rip-relative
// operands, options and an extra register between them.
template <class A>
std::vector<uint8_t> Emit() {
  CodeHolder code;
  code.init(Environment(Arch::kX64));
  A a;
  code.attach(&a);
  Label back = a.newLabel(), fwd = a.newLabel(), data = a.newLabel();
  a.bind(back);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 40; ++i) {
      a.mov(eax, dword_ptr(rsp, 8 * (i % 7)));
      a.mov(qword_ptr(rsp, 16 + 8 * (i % 5)), r11);
      a.add(gpd(i % 8), 0x1234 * (i % 3));
      a.lea(rax, ptr(r14, rax, 0, i % 4));
      a.movsd(xmm(i % 16), qword_ptr(rsp, 24));
      a.cmp(gpq(8 + i % 8), imm(i));
      a.jne(i % 2 ? back : fwd);             // labels: never replayed
      a.mov(rcx, ptr(data));                 // rip-relative: never replayed
      if (i % 9 == 0) a.long_().jmp(back);   // an option
      if (i % 11 == 0) a.rep().movsb();      // an option
      if (i % 13 == 0) a.k(k1).vaddps(zmm0, zmm1, zmm2);  // an extra register
      a.mov(eax, dword_ptr(rsp, 8 * (i % 7)));
    }
  }
  a.bind(fwd);
  a.ret();
  a.bind(data);
  a.embedUInt64(42);
  return FinalCode(code);
}

TEST(ReplayingAssembler, BytesAreAsmjits) {
  const std::vector<uint8_t> plain = Emit<x86::Assembler>();
  EXPECT_EQ(Emit<Replaying>(), plain);
  EXPECT_EQ(Emit<Replaying>(), plain);  // the table warm from the first run
}

// Whether this thread's x86-64 table holds the encoding of `bytes` (any slot).
bool TableHolds(const std::vector<uint8_t>& bytes) {
  const ReplayEntry* table = ReplayTable(0);
  for (uint32_t i = 0; i < (1u << kReplayBits); ++i)
    if (table[i].size == bytes.size() && std::memcmp(table[i].bytes, bytes.data(), bytes.size()) == 0)
      return true;
  return false;
}

std::vector<uint8_t> One(void (*emit)(x86::Assembler&, Label)) {
  CodeHolder code;
  code.init(Environment(Arch::kX64));
  Replaying a;
  code.attach(&a);
  Label l = a.newLabel();
  a.bind(l);
  emit(a, l);
  return FinalCode(code);
}

TEST(ReplayingAssembler, KeepsFixedEncodingsOnly) {
  const std::vector<uint8_t> load = One([](x86::Assembler& a, Label) { a.mov(r9d, dword_ptr(rsp, 0x5d8)); });
  EXPECT_TRUE(TableHolds(load));
  const std::vector<uint8_t> jump = One([](x86::Assembler& a, Label l) { a.jmp(l); });
  EXPECT_FALSE(TableHolds(jump));
  const std::vector<uint8_t> rip = One([](x86::Assembler& a, Label l) { a.lea(r10, ptr(l, 0x3d9)); });
  EXPECT_FALSE(TableHolds(rip));
}

}  // namespace
}  // namespace wasmc
