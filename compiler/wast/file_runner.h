// Runs one .wast file in worker processes and collects its FileReport.
//
// The parent parses the script (or, with --wast2json, converts it into a private
// temporary directory) to know its command list, then starts a worker (this
// program with --worker) that streams results (report.h). When a worker crashes or makes no
// progress for `timeout_seconds`, the command it was running is marked as failed
// and a new worker runs the file again, skipping the marked commands, so a crash
// costs one command. After kMaxRestarts restarts the commands still without a
// result fail as "not run". Expected failures (xfail lists) are applied here, to
// every result including crashes; entries that match no command get a warning.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backend/object.h"
#include "compiler/wast/report.h"
#include "compiler/wast/xfail.h"

namespace wasmc::spec {

struct FileJob {
  std::string path;   // the .wast file
  std::string name;   // its name in reports and xfail lists, e.g. "i32.wast"
  Target target = Target::kX64;
  std::vector<std::string> self_argv;  // this program (+ "wast"), re-executed as the worker
  std::string wast2json;  // the wast2json program; empty = wasmc's own text front end
  int timeout_seconds = 120;
  bool no_exec = false;
  bool parse_only = false;
  FileXfails xfails;
};

FileReport RunFileIsolated(const FileJob& job);

}  // namespace wasmc::spec
