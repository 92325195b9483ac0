// Expected-failure lists: tests/spec/xfail-<triple>.txt.
//
// One entry per line: `<file>.wast:<line> <reason>`; `#` starts a comment, blank
// lines are ignored. Line 0 names a failure of the whole file (wast2json could not
// convert it, or its worker died outside any command). A listed command that
// fails is reported as "expected failure (reason)"; a listed command that passes
// is an error (XPASS), so the list only ever shrinks as wasmc improves.
#pragma once

#include <map>
#include <string>

namespace wasmc::spec {

struct XfailList {
  // Key: "<file>.wast:<line>", value: the reason.
  std::map<std::string, std::string> entries;

  // Entries of one file, by line.
  std::map<int, std::string> ForFile(const std::string& file_name) const;
};

// Reads `path`. A missing file is an empty list; a malformed line is an error
// (false, *error = "path:LINE: why").
bool LoadXfailList(const std::string& path, XfailList* out, std::string* error);

}  // namespace wasmc::spec
