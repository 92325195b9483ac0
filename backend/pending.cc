// Entry points of backend/backend.h whose implementation has not landed yet.
// Each fails loudly and names what is missing; the engineer who implements one
// deletes it from this file in the same commit.
#include "backend/backend.h"

namespace wasmc {

std::vector<uint8_t> WriteElfObject(const ObjectModule&) {
  std::fprintf(stderr, "wasmc: the ELF object writer is not implemented yet\n");
  std::exit(kExitUnsupported);
}

Result<std::vector<uint8_t>> LinkExecutable(const ObjectModule&, std::span<const uint8_t>) {
  return MakeDiag(DiagKind::kUnsupported, 0, "linking executables is not implemented yet");
}

}  // namespace wasmc
