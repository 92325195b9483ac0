#include "backend/codegen/target_codegen.h"

#include <array>

#include "backend/diag.h"

namespace wasmc {

// One line per target: each ISA folder defines its entry.
const TargetCodegen& X64Codegen();  // backend/x64/codegen_x64.cc
const TargetCodegen& A64Codegen();  // backend/a64/codegen_a64.cc

const TargetCodegen& GetCodegen(Target t) {
  static const std::array<const TargetCodegen*, 2> targets = {&X64Codegen(), &A64Codegen()};
  for (const TargetCodegen* c : targets)
    if (c->id == t) return *c;
  WASMC_UNREACHABLE();
}

}  // namespace wasmc
