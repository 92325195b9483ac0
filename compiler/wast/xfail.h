// Expected-failure lists (tests/spec/xfail-<triple>.txt for the project's suites).
//
// One entry per line; `#` starts a comment, blank lines are ignored:
//   <file>.wast:<line> <reason>     one command: a real, specific known bug. Line 0
//                                   names a failure of the whole file. <file> is the
//                                   name reports use ("i32.wast", "legacy/throw.wast")
//                                   or a tail of it after a '/'.
//   feature <name>: <reason>        every failure whose message contains <name>: a
//                                   feature wasmc does not implement yet, named as
//                                   its "... is not supported yet" message names it.
// A listed command that fails is reported as "expected failure (reason)"; a listed
// command that passes is an error (XPASS), so the list only ever shrinks as wasmc
// improves. A feature entry never turns a pass into anything else; the runner
// counts the failures each feature accounts for and warns about one that matched
// nothing (implemented? then remove the entry).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace wasmc::spec {

struct FeatureXfail {
  std::string name;    // matched as a substring of the failure message
  std::string reason;
};

// The expected failures that apply to one file.
struct FileXfails {
  std::map<int, std::string> lines;  // line -> reason
  std::vector<FeatureXfail> features;
};

struct XfailList {
  // Key: "<file>.wast:<line>", value: the reason.
  std::map<std::string, std::string> entries;
  std::vector<FeatureXfail> features;

  // Entries of the file reports call `file_name`, plus every feature entry.
  FileXfails ForFile(const std::string& file_name) const;
};

// Reads `path`. A missing file is an empty list; a malformed line is an error
// (false, *error = "path:LINE: why").
bool LoadXfailList(const std::string& path, XfailList* out, std::string* error);

}  // namespace wasmc::spec
