// One thread with a bounded stack on which all wasm code of the executor runs.
//
// Why: stack exhaustion must be a trap ("call stack exhausted"), not a crash, and
// deep recursion should reach it quickly. The thread's stack is `stack_size`
// usable bytes above a kGuardSize PROT_NONE guard that this class maps itself, so
// the hosted runtime's assumption (runtime.h, host.c: a guard region right below
// the calling thread's stack) holds. The runtime's signal handlers run on an
// alternate stack that wasmc_host_init installs for the calling thread, so the
// executor calls wasmc_host_init on this thread (its first job).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <pthread.h>

namespace wasmc::spec {

class WasmThread {
 public:
  static constexpr size_t kGuardSize = 1u << 20;  // matches STACK_GUARD in host.c

  explicit WasmThread(size_t stack_size);
  ~WasmThread();
  WasmThread(const WasmThread&) = delete;
  WasmThread& operator=(const WasmThread&) = delete;

  bool ok() const { return started_; }
  // Runs `job` on the thread and waits for it to finish.
  void Run(const std::function<void()>& job);

 private:
  static void* Main(void* self);

  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  pthread_t thread_{};
  bool started_ = false;

  std::mutex mu_;
  std::condition_variable cv_;
  const std::function<void()>* job_ = nullptr;  // pending job, guarded by mu_
  bool done_ = false;
  bool quit_ = false;
};

}  // namespace wasmc::spec
