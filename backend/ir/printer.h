// A text form of the IR for internal-error reports (backend/ir/verify.h,
// backend/regalloc/checker.h) and debugging. Not a stable format: nothing parses it.
//
//   12: v5:i32 = Add.i32 v3, v4
//   13: BrCmp.i32 LtS v5, v7 -> L4
//   14: L4:
#pragma once

#include <cstdint>
#include <string>

#include "backend/ir/ir.h"

namespace wasmc::ir {

// One instruction, without a trailing newline.
std::string PrintInst(const Function& fn, uint32_t i);
// The instructions [i - context, i + context], one per line, `>` marking line i.
std::string PrintAround(const Function& fn, uint32_t i, uint32_t context = 8);
// The whole function.
std::string PrintFunction(const Function& fn);

}  // namespace wasmc::ir
