#include "compiler/wast/exec/wasm_thread.h"

#include <sys/mman.h>

namespace wasmc::spec {

WasmThread::WasmThread(size_t stack_size) {
  mapping_size_ = kGuardSize + stack_size;
  mapping_ = mmap(nullptr, mapping_size_, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    return;
  }
  if (mprotect(mapping_, kGuardSize, PROT_NONE) != 0) return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, static_cast<char*>(mapping_) + kGuardSize, stack_size);
  started_ = pthread_create(&thread_, &attr, &WasmThread::Main, this) == 0;
  pthread_attr_destroy(&attr);
}

WasmThread::~WasmThread() {
  if (started_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    pthread_join(thread_, nullptr);
  }
  if (mapping_ != nullptr) munmap(mapping_, mapping_size_);
}

void WasmThread::Run(const std::function<void()>& job) {
  std::unique_lock<std::mutex> lock(mu_);
  job_ = &job;
  done_ = false;
  cv_.notify_all();
  cv_.wait(lock, [this] { return done_; });
}

void* WasmThread::Main(void* p) {
  WasmThread* self = static_cast<WasmThread*>(p);
  std::unique_lock<std::mutex> lock(self->mu_);
  for (;;) {
    self->cv_.wait(lock, [self] { return self->quit_ || self->job_ != nullptr; });
    if (self->job_ == nullptr) return nullptr;  // quit with nothing pending
    const std::function<void()>* job = self->job_;
    self->job_ = nullptr;
    lock.unlock();
    (*job)();
    lock.lock();
    self->done_ = true;
    self->cv_.notify_all();
  }
}

}  // namespace wasmc::spec
