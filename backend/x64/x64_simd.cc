// x86-64 lowering of the IR's vector operations (MacroAssembler::Vector,
// backend/codegen/macro_assembler.h; the operations: backend/ir/vec_ops.def).
#include "backend/x64/macro_assembler_x64.h"

namespace wasmc::x64 {

void X64MacroAssembler::Vector(const ir::Inst&, Operand, Operand, Operand, Operand) {
  if (error_.empty()) error_ = "SIMD (v128) on x86_64-linux is not supported yet";
}

}  // namespace wasmc::x64
