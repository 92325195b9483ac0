// Source lines of a module, as read from its DWARF (compiler/debuginfo/dwarf.h):
// part of the decoded Module (compiler/module.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wasmc {

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
  // The same, for offsets that mostly ascend (a function's markers in code order):
  // `hint` is the previous call's row index (0 at first), updated; the row is found by
  // galloping from it, so a run of nearby offsets costs a few steps each instead of a
  // binary search of all of the module's rows.
  const SourceLine* At(uint64_t offset, size_t& hint) const;

  // Whether At may find a row with a line for some offset in [lo, hi]: false means it
  // finds none there (nullptr for every such offset), so a function whose markers all
  // lie in the range has no line table and need not look its markers up one by one.
  // Exact but for rows at a repeated offset (then it may say true). Needs
  // IndexLines() after the rows are final; without it, always true.
  bool AnyLineIn(uint64_t lo, uint64_t hi) const;
  // Counts the rows with a line (lined_before), for AnyLineIn; ReadDwarf calls it.
  void IndexLines();

  // lined_before[k]: how many of rows[0, k) have a line (rows.size() + 1 entries).
  std::vector<uint32_t> lined_before;
};

}  // namespace wasmc
