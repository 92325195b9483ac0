// The spec runner's hook for executing compiled modules.
//
// wasmc-spec (tests/spec/) decodes and validates every module itself; everything
// that needs running code (module instantiation, invoke, get, register,
// assert_return, assert_trap, assert_exhaustion, assert_unlinkable,
// assert_uninstantiable) goes through an Executor. The executor compiles each
// module with wasmc for the target and runs it (in-process loading of wasmc's own
// machine code); it lives in compiler/wast/exec/, owned by the back-end team.
//
// Contract for implementers:
//  - One Executor serves one .wast file, in one worker process that runs nothing
//    else (the runner isolates every file in its own process, so a crash or a hang
//    costs only the command that caused it). No thread safety is required.
//  - Instantiate() receives modules that DecodeModule/ValidateModule accepted.
//    Imports resolve against the "spectest" host module (print*, global_i32 = 666,
//    global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6, table: 10..20
//    funcref, memory: 1..2 pages, as in the spec interpreter) and the names given
//    to Register(). The start function runs inside Instantiate().
//  - Values cross the boundary as raw bits (Value below); the runner does all
//    comparison (NaN classes, lanes, references), so the executor never
//    interprets expectations.
//  - Never abort on a bad request (unknown export, wrong arity): return an
//    Outcome with kind kError and a message.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backend/object.h"
#include "compiler/module.h"

namespace wasmc::spec {

// A wasm value as raw bits.
//   i32, f32: the low 32 bits of `lo` (upper bits zero)   i64, f64: `lo`
//   v128: bytes 0..7 in `lo`, bytes 8..15 in `hi` (little-endian lane order)
//   funcref/externref: `is_null`, or else an identity in `lo`. Externref values
//   passed in by the script (ref.extern N) are N; the executor must hand back the
//   same N for the same reference. Funcref identities are opaque and non-zero.
struct Value {
  ValType type = ValType::kI32;
  uint64_t lo = 0;
  uint64_t hi = 0;
  bool is_null = false;
};

struct Outcome {
  enum Kind : uint8_t {
    kOk,           // results hold the values (Invoke/Get) or nothing (Instantiate)
    kTrap,         // a wasm trap; message = the trap text, e.g. "integer divide by zero"
    kExhaustion,   // call stack exhausted
    kLinkError,    // an import is missing or has an incompatible type
    kUnsupported,  // wasmc cannot compile this module yet (message names what)
    kError,        // anything else: unknown export, wrong arity, internal failure
  };
  Kind kind = kOk;
  std::string message;
  std::vector<Value> results;
};

using InstanceId = int32_t;

class Executor {
 public:
  virtual ~Executor() = default;

  // Compiles and instantiates the binary module at `wasm_path`. On kOk sets *id.
  // Returns kLinkError for unresolvable imports and kTrap when initialisation
  // (segments, start function) traps.
  virtual Outcome Instantiate(const std::string& wasm_path, InstanceId* id) = 0;

  // Makes the exports of instance `id` importable under module name `as`.
  virtual Outcome Register(InstanceId id, const std::string& as) = 0;

  // Calls export `name` of instance `id` with `args` (types already match the
  // export's parameters, per the script).
  virtual Outcome Invoke(InstanceId id, const std::string& name, const std::vector<Value>& args) = 0;

  // Reads exported global `name`: kOk with exactly one result.
  virtual Outcome Get(InstanceId id, const std::string& name) = 0;
};

// The executor for `target`, or nullptr when none exists yet (the runner then
// counts every execution command as "not run (no executor for <triple>)").
// Defined in compiler/wast/exec/x64_executor.cc (the AArch64 one: a64_executor.cc).
// How the executors compile each module (`wasmc wast --cpu`, `-O`, `--no-single-pass`).
struct CodeOptions {
  int cpu_level = 0;  // --cpu (backend/codegen/target_codegen.h; 0 = the target's default)
  int opt_level = 2;  // -O0 / -O1 / -O2, as wasmc's (compiler/lower/lower.h)
  bool no_single_pass = false;  // --no-single-pass, as wasmc's (CompileOptions)
  // Compile as the only wasm code of the process (CompileOptions::sole_module): for
  // scripts whose modules never link to each other.
  bool sole_module = false;
};
std::unique_ptr<Executor> MakeExecutor(Target target, CodeOptions code = {});

}  // namespace wasmc::spec
