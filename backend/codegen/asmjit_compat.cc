#include "backend/codegen/asmjit_compat.h"

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

}  // namespace wasmc
