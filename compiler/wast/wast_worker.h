// Runs the commands of one .wast file (inside a worker process; see wast_main.cc).
//
// Reads the script (script_parser.h, or wast2json's JSON with --wast2json),
// executes every command in order and streams one result per command to the
// ReportWriter:
//   module                         parse (text) + decode + validate must accept;
//                                  then instantiate (unless a definition)
//   assert_malformed, assert_invalid
//                                  the text parser, decoder or validator must reject
//   assert_unlinkable/uninstantiable  must validate; then instantiation must fail
//                                  with a link error / a trap
//   register, invoke, get, assert_return, assert_trap, assert_exhaustion,
//   assert_exception               through the Executor
//   thread, wait                   fail: threads are not supported yet
// Diagnostic texts that differ from the script's expected text are Info, never
// failures (wasmc's messages are its own). A failure caused by an earlier module
// that did not compile repeats that module's reason, so a failure always names
// the unsupported feature behind it (xfail.h matches on it).
#pragma once

#include <map>
#include <string>

#include "backend/object.h"
#include "compiler/wast/executor.h"
#include "compiler/wast/report.h"

namespace wasmc::spec {

struct WorkerOptions {
  Target target = Target::kX64;
  CodeOptions code;  // --cpu and -O (executor.h)
  std::string script_path;  // the .wast file
  std::string json_path;    // with --wast2json: its output (the modules beside it)
  std::string work_dir;     // a private directory for module files
  std::map<int, std::string> crashed;  // line -> why an earlier attempt died there
  bool no_exec = false;  // --no-exec: parse/decode/validate only, as if no executor existed
  // --parse-only (implies no_exec): only the text front end decides. Text
  // modules must parse; malformed text (assert_malformed on text or quote) must
  // not, or else the decoder must find it malformed (not invalid, not
  // unsupported); binary modules and execution commands are "not run".
  bool parse_only = false;
};

// Streams every result to `out` and ends with Done(). Returns false only when the
// script could not be read (already reported as a line-0 failure).
bool RunWastFile(const WorkerOptions& options, ReportWriter& out);

}  // namespace wasmc::spec
