#include "backend/codegen/asmjit_compat.h"

#include <cstdlib>
#include <memory>

#include "backend/diag.h"

namespace wasmc {

std::vector<uint8_t> FinalCode(asmjit::CodeHolder& code) {
  WASMC_CHECK(!code.hasUnresolvedLinks());
  WASMC_CHECK(code.relocEntries().empty());
  const asmjit::CodeBuffer& buf = code.textSection()->buffer();
  return std::vector<uint8_t>(buf.data(), buf.data() + buf.size());
}

std::vector<uint32_t> BoundLabelOffsets(const asmjit::CodeHolder& code) {
  std::vector<uint32_t> out;
  for (const asmjit::LabelEntry* e : code.labelEntries())
    if (e && e->isBound()) out.push_back(static_cast<uint32_t>(e->offset()));
  return out;
}

static_assert(sizeof(asmjit::Operand_) == 16, "ReplayingAssembler keys an operand as two words");

ReplayEntry* ReplayTable(int isa) {
  WASMC_CHECK(isa == 0 || isa == 1);
  // On the heap, made at a thread's first assembler of the ISA: static TLS would be
  // zeroed (touched) for every thread and both ISAs. calloc: every slot empty.
  struct Free {
    void operator()(ReplayEntry* p) const { std::free(p); }
  };
  thread_local std::unique_ptr<ReplayEntry, Free> tables[2];
  if (!tables[isa]) {
    tables[isa].reset(static_cast<ReplayEntry*>(std::calloc(1u << kReplayBits, sizeof(ReplayEntry))));
    WASMC_CHECK(tables[isa] != nullptr);
  }
  return tables[isa].get();
}

void RecordEncoding(ReplayEntry& e, asmjit::InstId id, const asmjit::Operand_& o0,
                    const asmjit::Operand_& o1, const asmjit::Operand_& o2,
                    const asmjit::BaseAssembler& a, size_t before) {
  const size_t size = a.offset() - before;
  if (size == 0 || size > sizeof(e.bytes)) return;
  std::memcpy(&e.key[0], &o0, 16);
  std::memcpy(&e.key[2], &o1, 16);
  std::memcpy(&e.key[4], &o2, 16);
  e.id = id;
  e.size = static_cast<uint32_t>(size);
  std::memset(e.bytes, 0, sizeof(e.bytes));
  std::memcpy(e.bytes, a.bufferData() + before, size);
}

}  // namespace wasmc
