// The x86-64 spec executor (compiler/wast/executor.h): every module is compiled
// with CompileToObject, mapped into this process by the in-process loader
// (backend/loader/) and instantiated by the hosted runtime (runtime.h), all
// through the object host (object_host.h) that the AArch64 spec host runs too.
// No files are written and no processes started: a .wast file with hundreds of
// modules costs hundreds of compiles, not hundreds of links.
#include <memory>

#include "compiler/wast/exec/a64_executor.h"
#include "compiler/wast/exec/executor_common.h"
#include "compiler/wast/exec/object_host.h"
#include "compiler/wast/executor.h"

namespace wasmc::spec {
namespace {

class X64Executor : public Executor {
 public:
  explicit X64Executor(CodeOptions code) : code_(code), start_error_(host_.Start()) {}

  Outcome Instantiate(const std::string& wasm_path, InstanceId* id) override {
    if (!start_error_.empty()) return Fail(Outcome::kError, "x86-64 executor: " + start_error_);
    ObjectModule object;
    Outcome compiled = CompileForExecutor(wasm_path, Target::kX64, &object, code_);
    if (compiled.kind != Outcome::kOk) return compiled;
    a64host::Reply reply = host_.Instantiate(object);
    if (reply.kind == kReplyOk) *id = reply.id;
    return ToOutcome(std::move(reply));
  }

  Outcome Register(InstanceId id, const std::string& as) override {
    return ToOutcome(host_.Register(id, as));
  }

  Outcome Invoke(InstanceId id, const std::string& name, const std::vector<Value>& args) override {
    std::vector<a64host::WireValue> wire;
    for (const Value& v : args)
      wire.push_back(a64host::WireValue{static_cast<uint8_t>(v.type), v.lo, v.hi, v.is_null});
    return ToOutcome(host_.Invoke(id, name, wire));
  }

  Outcome Get(InstanceId id, const std::string& name) override {
    return ToOutcome(host_.Get(id, name));
  }

 private:
  CodeOptions code_;  // --cpu, -O
  ObjectHost host_;
  std::string start_error_;
};

}  // namespace

std::unique_ptr<Executor> MakeExecutor(Target target, CodeOptions code) {
  if (target == Target::kA64) return MakeA64Executor(code);  // a64_executor.cc
  return std::make_unique<X64Executor>(code);
}

}  // namespace wasmc::spec
