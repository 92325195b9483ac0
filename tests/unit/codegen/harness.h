// In-process harness for the function code generator: wat -> Module ->
// CompileFunctions -> LoadObject, a fake instance (memory 0 with the 8 GiB
// reservation, globals, one funcref table) and stub runtime helpers; wasmc_rt_trap
// longjmps back to the caller, which reports the trap code.
#pragma once

#include <csetjmp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backend/loader/loader.h"
#include "backend/object.h"
#include "compiler/module.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::test {

class Harness {
 public:
  // Compiles `wat`; on failure, error() says why and nothing else may be called.
  explicit Harness(const std::string& wat);
  ~Harness();
  const std::string& error() const { return error_; }
  const std::string& listing() const { return listing_; }

  // Native entry of function `name` (an export name).
  void* Func(const std::string& export_name) const;
  wasmc_instance* inst() { return inst_; }
  uint8_t* memory() { return mem_.base; }

  // Calls f with the C ABI; returns the trap code (0 when none).
  template <typename R, typename... A>
  uint32_t Call(R* result, const std::string& name, A... args) {
    auto fn = reinterpret_cast<R (*)(wasmc_instance*, A...)>(Func(name));
    uint32_t code = 0;
    if ((code = setjmp(*TrapBuffer())) == 0) {
      *result = fn(inst_, args...);
      return 0;
    }
    return code;
  }
  template <typename... A>
  uint32_t CallVoid(const std::string& name, A... args) {
    auto fn = reinterpret_cast<void (*)(wasmc_instance*, A...)>(Func(name));
    uint32_t code = 0;
    if ((code = setjmp(*TrapBuffer())) == 0) {
      fn(inst_, args...);
      return 0;
    }
    return code;
  }
  static std::jmp_buf* TrapBuffer();

 private:
  std::string error_;
  std::string listing_;
  Module module_;
  ObjectModule obj_;
  std::unique_ptr<LoadedObject> loaded_;
  wasmc_instance* inst_ = nullptr;  // points into instance_block_
  wasmc_memory mem_{};
  std::vector<wasmc_val> globals_storage_;
  std::vector<wasmc_val*> global_ptrs_;
  std::vector<wasmc_funcref> funcrefs_;
  std::vector<uint32_t> type_ids_;
  std::vector<const void*> table0_elems_;
  wasmc_table table0_{};
  wasmc_table* tables_[1] = {&table0_};
  std::vector<uint8_t> instance_block_;
};

}  // namespace wasmc::test
