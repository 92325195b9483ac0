// A function's source line table for backtraces (abi.h, wasmc_func_desc::lines):
// from the module's DWARF line rows (compiler/debug_info.h) and the IR
// markers that tie machine code offsets to wasm byte offsets.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "compiler/debug_info.h"

namespace wasmc {

// Machine code at `code_offset` (from the function's first byte) implements the
// wasm operator at file offset `wasm_offset`.
struct CodePoint {
  uint32_t code_offset = 0;
  uint64_t wasm_offset = 0;
};

// The encoded table (format in abi.h), or empty when no point has a source line.
// `points` are in code order. Code before the first point with a line (the
// prologue) gets that point's line.
std::vector<uint8_t> EncodeLineTable(const DebugInfo& debug, std::span<const CodePoint> points);

}  // namespace wasmc
