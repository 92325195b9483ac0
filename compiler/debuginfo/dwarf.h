// Source-level debug information from the DWARF custom sections of a module
// (.debug_info, .debug_abbrev, .debug_str, .debug_line, .debug_line_str), as
// clang -g writes them: function names and a table from code bytes to file:line.
//
// Addresses in wasm DWARF are offsets from the start of the code section's
// payload; DebugInfo converts them to file offsets in Module::bytes, the same
// offsets the IR markers and diagnostics use. Best effort, like every custom
// section: malformed or unsupported DWARF (versions other than 2 to 5, 64-bit
// DWARF, split DWARF) yields less information, never an error. Sequences of
// code the linker discarded (address 0 or the tombstone -1) are dropped.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "compiler/debug_info.h"

namespace wasmc {

struct Module;

// Reads the module's DWARF. Function names of DW_TAG_subprogram entries go to
// `names` (function index -> name) for functions that do not have one already.
DebugInfo ReadDwarf(const Module& module, std::unordered_map<uint32_t, std::string>* names);

}  // namespace wasmc
