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
#include <vector>

namespace wasmc {

struct Module;

struct SourceLine {
  uint64_t offset = 0;  // file offset in the module of the first byte this row covers
  uint32_t file = 0;    // index in DebugInfo::files
  uint32_t line = 0;    // 0: no source line (end of a sequence, compiler-generated code)
};

struct DebugInfo {
  // File names as the compiler was given them (the line table's directory joined
  // with its file name; the compilation directory is not prepended, so the names
  // do not depend on the folder the module was built in): "src/stats.c".
  std::vector<std::string> files;
  // The same files joined with the compilation directory, to read the source
  // (--emit=asm); may not exist on this machine.
  std::vector<std::string> paths;
  // Sorted by offset; a row covers the bytes up to the next row.
  std::vector<SourceLine> rows;

  bool empty() const { return rows.empty(); }
  // The row covering file offset `offset`, or nullptr (none, or line 0).
  const SourceLine* At(uint64_t offset) const;
};

// Reads the module's DWARF. Function names of DW_TAG_subprogram entries go to
// `names` (function index -> name) for functions that do not have one already.
DebugInfo ReadDwarf(const Module& module, std::unordered_map<uint32_t, std::string>* names);

}  // namespace wasmc
