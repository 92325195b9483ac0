// Decoding of constant expressions (global initializers, element and data segment
// offsets, element expressions).
//
// In 2.0 a valid constant expression is exactly one constant instruction followed by
// `end`; ConstExpr (compiler/module.h) holds that one instruction. 3.0's extended
// constant expressions add i32/i64 add, sub and mul: several instructions become a
// ConstExpr::kProgram, typed here on a stack. The decoder rejects, with the spec's
// messages:
//   - an opcode that does not exist                -> kMalformed "illegal opcode"
//   - a real but non-constant instruction (nop...) -> kInvalid "constant expression required"
//   - no value, more than one, or wrong operands   -> kInvalid "type mismatch"
// Everything that needs the module's index spaces (global.get of an immutable
// imported global, ref.func of a known function, the expected result type) is left
// to the validator.
#pragma once

#include "compiler/decode/reader.h"
#include "compiler/module.h"

namespace wasmc {

// Reads one constant expression including its `end` from `r`. `module` gives the
// globals decoded so far: a kGlobalGet's `type` is that global's type when the index
// is already known, else ValType::kBottom (the validator reports the unknown global).
// On failure records the Diag in `r` and returns false.
bool DecodeConstExpr(Reader& r, const Module& module, ConstExpr* out);

}  // namespace wasmc
