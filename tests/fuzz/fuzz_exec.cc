// wasmc-fuzz-exec: runs one module by wasmc's machine code and prints a transcript
// that tests/fuzz/fuzz.py compares with V8's (tests/fuzz/v8_exec.mjs).
//
//   wasmc-fuzz-exec --target=x86_64-linux|aarch64-linux [-O0|-O1|-O2] [--no-single-pass] PLAN.json
//
// -O: the optimisation level the module is compiled at, as wasmc's (default -O2);
// --no-single-pass as wasmc's (-O0/-O1 through the IR path alone).
//
// It is not a third executor: modules run through the spec runner's executors
// (compiler/wast/executor.h), i.e. in-process on x86-64 and in the AArch64 spec host
// under qemu-aarch64, with the code `wasmc` puts in executables. The fuzz
// modules' imports ("fuzzing-support" log-i32/i64/f32/f64) are a small wasm module
// (Inputs/logger.wat) registered under that name; it prints through spectest.print_i32/
// print_i64, which both executors provide. The memory hash is another wasm module
// (Inputs/hasher.wat) importing the module's exported memory.
//
// The plan (written by fuzz.py; v8_exec.mjs reads the same one):
//   {"module": PATH, "logger": PATH, "hasher": PATH, "reset": EXPORT or "",
//    "memory": EXPORT or "", "calls": [{"name": N, "args": [[TYPE, "BITS"], ...]}]}
// TYPE is i32/i64/f32/f64/funcref/externref; BITS a decimal u64 (refs: null).
//
// Transcript, one line each (values raw; fuzz.py canonicalizes NaNs and traps):
//   instantiate ok | trap MSG | exhaustion MSG | unsupported MSG | error MSG
//   call NAME
//   N : i32 / N : i64          (a logging import's call)
//   result TYPE BITS...         (decimal u64 bits; refs: null / nonnull)
//   memory HASH
// Exit status 0 when the transcript is complete, 2 on a usage or harness error.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/wast/executor.h"

namespace wasmc::fuzz {
namespace {

using spec::Executor;
using spec::InstanceId;
using spec::Outcome;
using spec::Value;

bool ParseType(const std::string& name, ValType* out) {
  static const struct {
    const char* name;
    ValType type;
  } kTypes[] = {{"i32", ValType::kI32},         {"i64", ValType::kI64},
                {"f32", ValType::kF32},         {"f64", ValType::kF64},
                {"funcref", ValType::kFuncRef}, {"externref", ValType::kExternRef}};
  for (const auto& t : kTypes)
    if (name == t.name) {
      *out = t.type;
      return true;
    }
  return false;
}

const char* TypeName(ValType t) {
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
    default: return "v128";
  }
}

// One transcript line per outcome; flushed, so that output from the AArch64
// host's logging calls (its own stdout, the same file) stays in order.
void PrintOutcome(const Outcome& o) {
  switch (o.kind) {
    case Outcome::kOk:
      if (o.results.empty()) std::printf("ok\n");
      for (const Value& v : o.results) {
        if (v.type == ValType::kFuncRef || v.type == ValType::kExternRef)
          std::printf("result %s %s\n", TypeName(v.type), v.is_null ? "null" : "nonnull");
        else
          std::printf("result %s %llu\n", TypeName(v.type), static_cast<unsigned long long>(v.lo));
      }
      break;
    case Outcome::kTrap: std::printf("trap %s\n", o.message.c_str()); break;
    case Outcome::kExhaustion: std::printf("exhaustion %s\n", o.message.c_str()); break;
    case Outcome::kUnsupported: std::printf("unsupported %s\n", o.message.c_str()); break;
    default: std::printf("error %s\n", o.message.c_str()); break;
  }
  std::fflush(stdout);
}

[[noreturn]] void HarnessError(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "wasmc-fuzz-exec: error: %s\n", what.c_str());
  std::exit(2);
}

int Main(int argc, char** argv) {
  Target target = Target::kX64;
  spec::CodeOptions code;
  std::string plan_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--target=x86_64-linux") target = Target::kX64;
    else if (a == "--target=aarch64-linux") target = Target::kA64;
    else if (a.size() == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '2')
      code.opt_level = a[2] - '0';
    else if (a == "--no-single-pass")
      code.no_single_pass = true;
    else if (plan_path.empty() && a[0] != '-') plan_path = a;
    else HarnessError("usage: wasmc-fuzz-exec --target=x86_64-linux|aarch64-linux [-O0|-O1|-O2] [--no-single-pass] "
                       "PLAN.json");
  }
  if (plan_path.empty()) HarnessError("no plan given (usage: wasmc-fuzz-exec --target=T PLAN.json)");
  std::ifstream in(plan_path);
  nlohmann::json plan = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (plan.is_discarded() || !plan.is_object()) HarnessError(plan_path + ": not a JSON plan");

  std::unique_ptr<Executor> exec = spec::MakeExecutor(target, code);
  if (!exec) HarnessError(std::string("no executor for ") + TargetTriple(target));
  InstanceId logger = -1, module = -1, hasher = -1;
  Outcome o = exec->Instantiate(plan.value("logger", ""), &logger);
  if (o.kind != Outcome::kOk) HarnessError("the logger module: " + o.message);
  exec->Register(logger, "fuzzing-support");

  std::printf("instantiate ");
  std::fflush(stdout);
  o = exec->Instantiate(plan.value("module", ""), &module);
  PrintOutcome(o);
  if (o.kind != Outcome::kOk) return 0;

  const std::string reset = plan.value("reset", "");
  for (const nlohmann::json& call : plan.value("calls", nlohmann::json::array())) {
    std::vector<Value> args;
    for (const nlohmann::json& a : call.value("args", nlohmann::json::array())) {
      Value v;
      if (!a.is_array() || a.size() != 2 || !ParseType(a[0].get<std::string>(), &v.type))
        HarnessError("bad argument in the plan: " + a.dump());
      if (a[1].is_null()) v.is_null = true;
      else v.lo = std::stoull(a[1].get<std::string>());
      args.push_back(v);
    }
    if (!reset.empty()) {
      Outcome r = exec->Invoke(module, reset, {});
      if (r.kind != Outcome::kOk) PrintOutcome(r);
    }
    const std::string name = call.value("name", "");
    std::printf("call %s\n", name.c_str());
    std::fflush(stdout);
    PrintOutcome(exec->Invoke(module, name, args));
  }

  const std::string memory = plan.value("memory", "");
  if (memory.empty()) return 0;
  exec->Register(module, "fuzz");
  o = exec->Instantiate(plan.value("hasher", ""), &hasher);
  if (o.kind != Outcome::kOk) HarnessError("the hasher module: " + o.message);
  o = exec->Invoke(hasher, "hash", {});
  if (o.kind != Outcome::kOk || o.results.size() != 1) HarnessError("hashing memory: " + o.message);
  std::printf("memory %llu\n", static_cast<unsigned long long>(o.results[0].lo));
  return 0;
}

}  // namespace
}  // namespace wasmc::fuzz

int main(int argc, char** argv) { return wasmc::fuzz::Main(argc, argv); }
