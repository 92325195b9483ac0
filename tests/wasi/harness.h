// A small test harness for the hosted WASI shim tests: a fake instance with a
// guest memory buffer, trap capture, and CHECK macros that count failures.
// Children (wall 2 tests run under seccomp) report with write(2) only.
#pragma once

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cstdint>
#include <string>

extern "C" {
#include "shim.h"
}

namespace wasi_test {

inline int failures = 0;
inline int checks = 0;

inline void Report(const char* file, int line, const char* expr, long got, long want) {
  char buf[512];
  int n = snprintf(buf, sizeof buf, "FAIL %s:%d: %s: got %ld, want %ld\n", file, line, expr, got, want);
  if (write(2, buf, (size_t)n) < 0) {}
  ++failures;
}

#define CHECK_EQ(a, b)                                                                   \
  do {                                                                                   \
    long got_ = (long)(a), want_ = (long)(b);                                            \
    ++wasi_test::checks;                                                                 \
    if (got_ != want_) wasi_test::Report(__FILE__, __LINE__, #a, got_, want_);           \
  } while (0)
#define CHECK(c) CHECK_EQ(!!(c), 1)

// Guest memory: 2 pages; a bump allocator hands out guest addresses.
struct Guest {
  static constexpr uint32_t kSize = 2 * 65536;
  alignas(16) uint8_t mem[kSize];
  wasmc_memory memory{};
  wasmc_instance inst{};
  uint32_t next = 1024;

  Guest() { Reset(); }
  void Reset() {
    memset(mem, 0, sizeof mem);
    memory.base = mem;
    memory.size = kSize;
    inst.mem0_base = mem;
    inst.mem0 = &memory;
    next = 1024;
  }
  uint32_t Alloc(uint32_t n) {
    uint32_t p = (next + 7) & ~7u;
    next = p + n;
    return p;
  }
  uint32_t Str(const std::string& s) {
    uint32_t p = Alloc((uint32_t)s.size() + 1);
    memcpy(mem + p, s.data(), s.size());
    return p;
  }
  uint32_t U32(uint32_t p) const { uint32_t v; memcpy(&v, mem + p, 4); return v; }
  uint64_t U64(uint32_t p) const { uint64_t v; memcpy(&v, mem + p, 8); return v; }
  void SetU32(uint32_t p, uint32_t v) { memcpy(mem + p, &v, 4); }
  // An iovec array of one buffer.
  uint32_t Iov(uint32_t buf, uint32_t len) {
    uint32_t v = Alloc(8);
    SetU32(v, buf);
    SetU32(v + 4, len);
    return v;
  }
};

inline Guest guest;
inline wasmc_instance* Inst() { return &guest.inst; }

// Trap capture: wasmc_rt_trap (defined in the test) longjmps here.
inline jmp_buf trap_env;
inline uint32_t trap_code = 0;

// Runs `f`; returns the trap code it raised, or 0 if it returned.
template <typename F>
uint32_t TrapOf(F&& f) {
  trap_code = 0;
  if (setjmp(trap_env) == 0) {
    f();
    return 0;
  }
  return trap_code;
}

}  // namespace wasi_test
