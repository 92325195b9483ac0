// Results of one .wast file, and the line protocol a worker process uses to
// stream them to the parent (so a worker that crashes or hangs still leaves every
// result it produced, and the parent knows which command it was running).
//
// Records, one per line, fields separated by one tab, newlines in text replaced:
//   S <line>                              about to run the command at <line>
//   R <line> <status> <command> <text>    its result (status: see Verdict)
//   I <line> <text>                       information (e.g. diagnostic text differs)
//   W <text>                              warning (e.g. stale expected failure)
//   N <text>                              the reason execution commands are not run
//   D                                     the file is complete
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/wast/xfail.h"

namespace wasmc::spec {

enum class Verdict { kPass, kFail, kSkipText, kNotRun, kXfail, kXpass };

struct FileReport {
  std::string name;  // e.g. "i32.wast"
  FileXfails xfails;  // this file's expected failures
  std::map<std::string, int> by_feature;  // expected failures per feature entry
  int passed = 0;
  int failed = 0;        // includes unexpected passes of expected failures
  int skipped_text = 0;  // assert_malformed/assert_invalid in text form
  int not_run = 0;       // execution commands without an executor
  int xfail = 0;         // expected failures that did fail
  std::string not_run_reason;
  std::vector<std::string> failures;  // "name:LINE: command: text"
  std::vector<std::string> expected;  // "name:LINE: expected failure (reason)"
  std::vector<std::string> infos;
  std::vector<std::string> warnings;
  std::map<int, int> results_per_line;  // how many commands of each line have a result

  // Records one command's result; a kFail/kPass on a line listed in `xfails`
  // becomes kXfail/kXpass, a kFail naming a listed feature becomes kXfail.
  void Add(int line, Verdict status, const std::string& command, const std::string& text);
  // The script does not parse: one failure, `error` as it is ("FILE:LINE:COL: error: what").
  void AddScriptError(const std::string& error);
};

// Worker side: writes records to `fd` with write(2), unbuffered, so nothing is
// lost if the process dies right after.
class ReportWriter {
 public:
  explicit ReportWriter(int fd) : fd_(fd) {}
  void Start(int line);
  void Result(int line, Verdict status, const std::string& command, const std::string& text);
  void Info(int line, const std::string& text);
  void Warn(const std::string& text);
  void NotRunReason(const std::string& text);
  void Done();

 private:
  void Write(std::string record);
  int fd_;
};

// Parent side: accumulates records into a FileReport.
class ReportReader {
 public:
  ReportReader(std::string name, FileXfails xfails) {
    report_.name = std::move(name);
    report_.xfails = std::move(xfails);
  }
  void Feed(std::string_view bytes);
  bool done() const { return done_; }
  // Line of the command started but not finished (0 when none).
  int pending_line() const { return pending_line_; }
  FileReport& report() { return report_; }

 private:
  void Parse(std::string_view record);
  FileReport report_;
  std::string partial_;
  int pending_line_ = 0;
  bool done_ = false;
};

}  // namespace wasmc::spec
