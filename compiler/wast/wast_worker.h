// Runs the commands of one .wast file (inside a worker process; see main.cc).
//
// Reads the script as converted by wast2json (the parent converts it, see
// file_runner.h), executes every command in order and streams one result per
// command to the ReportWriter:
//   module                         decode + validate must accept; then instantiate
//                                  (with an executor)
//   assert_malformed (binary)      decode or validate must reject
//   assert_invalid (binary)        decode or validate must reject
//   assert_malformed/invalid text  skipped (text format), counted
//   assert_unlinkable/uninstantiable  must validate; then instantiation must fail
//                                  with a link error / a trap (executor)
//   register, action, assert_return, assert_trap, assert_exhaustion
//                                  through the Executor, or "not run" without one
// Diagnostic texts that differ from the script's expected text are Info, never
// failures (wasmc's messages are its own).
#pragma once

#include <map>
#include <string>

#include "backend/object.h"
#include "compiler/wast/report.h"

namespace wasmc::spec {

struct WorkerOptions {
  Target target = Target::kX64;
  std::string json_path;  // wast2json's output; the modules' .wasm files are beside it
  std::map<int, std::string> crashed;  // line -> why an earlier attempt died there
  bool no_exec = false;  // --no-exec: decode/validate only, as if no executor existed
};

// Streams every result to `out` and ends with Done(). Returns false only when the
// script could not be read (already reported as a line-0 failure).
bool RunWastFile(const WorkerOptions& options, ReportWriter& out);

}  // namespace wasmc::spec
