#include "backend/codegen/asmjit_compat.h"

#include "backend/diag.h"

namespace wasmc {

std::vector<uint8_t> FinalCode(asmjit::CodeHolder& code) {
  WASMC_CHECK(!code.hasUnresolvedLinks());
  WASMC_CHECK(code.relocEntries().empty());
  const asmjit::CodeBuffer& buf = code.textSection()->buffer();
  return std::vector<uint8_t>(buf.data(), buf.data() + buf.size());
}

}  // namespace wasmc
