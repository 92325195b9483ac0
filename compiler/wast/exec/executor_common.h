// What the two spec executors (x64_executor.cc, a64_executor.cc) share on the
// runner's side: compiling a module for the target, and turning the object host's
// replies (object_host.h, a64_protocol.h) into the runner's Outcomes.
#pragma once

#include <string>

#include "compiler/wast/exec/a64_protocol.h"
#include "compiler/wast/executor.h"

namespace wasmc::spec {

Outcome Fail(Outcome::Kind kind, std::string message);

// Reads, decodes and compiles the module at `wasm_path` for `target` exactly as
// `wasmc` does; kOk with the object in *out, else kUnsupported or kError.
// `code`: --cpu and -O (executor.h).
Outcome CompileForExecutor(const std::string& wasm_path, Target target, ObjectModule* out,
                           CodeOptions code);

// A reply of the object host as an Outcome (values keep their bits).
Outcome ToOutcome(a64host::Reply reply);

}  // namespace wasmc::spec
