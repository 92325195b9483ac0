// The in-process half of both spec executors: loads wasmc's objects with the
// in-process loader (backend/loader/), instantiates them with the hosted runtime
// (runtime.h) against the spectest module and the registered instances, and runs
// invokes and global reads. The x86-64 executor (x64_executor.cc) uses it
// directly; the AArch64 spec host (compiler/wast/a64host/main.cc) uses it behind
// the pipe protocol (a64_protocol.h), whose Reply and WireValue are its results.
//
// All wasm code runs on one WasmThread with a bounded stack, so runaway recursion
// ends as the trap "call stack exhausted". Loaded code and instances live as long
// as the host: a failed instantiation may already have put its functions into a
// shared table (spec: linking.wast).
//
// Free of wasmc's compiler headers, so the cross-compiled AArch64 host can build it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend/loader/loader.h"
#include "compiler/wast/exec/a64_protocol.h"
#include "compiler/wast/exec/spectest.h"
#include "compiler/wast/exec/wasm_thread.h"
#include "wasmc/runtime.h"

namespace wasmc::spec {

// Reply::kind: spec::Outcome::Kind by value (compiler/wast/executor.h).
enum ReplyKind : uint8_t { kReplyOk, kReplyTrap, kReplyExhaustion, kReplyLinkError,
                           kReplyUnsupported, kReplyError };

a64host::Reply FailReply(uint8_t kind, std::string message);

// Script externrefs (ref.extern N) <-> distinct non-null pointers, both ways.
class ExternRefs {
 public:
  const void* ToPointer(uint64_t n);
  // The N of a pointer made by ToPointer; other pointers are returned as themselves.
  uint64_t ToNumber(const void* p) const;

 private:
  std::map<uint64_t, std::unique_ptr<uint64_t>> by_number_;
  std::map<const void*, uint64_t> by_pointer_;
};

class ObjectHost {
 public:
  ObjectHost();

  // Empty, or why wasm cannot run here.
  std::string Start();

  // kOk with the new instance's id.
  a64host::Reply Instantiate(const ObjectModule& obj);
  a64host::Reply Register(int32_t id, const std::string& as);
  a64host::Reply Invoke(int32_t id, const std::string& name,
                        const std::vector<a64host::WireValue>& args);
  // kOk with one value.
  a64host::Reply Get(int32_t id, const std::string& name);

 private:
  static int ResolveImport(void* user, const char* module, const char* name, wasmc_extern* out);
  wasmc_instance* Lookup(int32_t id) const;
  wasmc_val ToSlot(const a64host::WireValue& v);
  a64host::WireValue FromSlot(uint8_t type, const wasmc_val& s) const;

  WasmThread thread_;
  std::unique_ptr<Spectest> spectest_;
  std::vector<std::unique_ptr<LoadedObject>> objects_;
  std::vector<wasmc_instance*> instances_;
  std::map<std::string, wasmc_instance*> registered_;
  ExternRefs externs_;
};

}  // namespace wasmc::spec
