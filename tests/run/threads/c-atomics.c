// C built by clang-16 with -matomics -mbulk-memory (freestanding: Debian's wasi-libc
// has no threads sysroot) against our thread-spawn glue (Inputs/thread_glue.s sets
// each thread's C stack pointer): three threads hammer C11 atomics (fetch_add on
// i32 and i64, fetch_or on a byte, a compare_exchange_weak loop, fetch_sub), then
// notify; _start waits with __builtin_wasm_memory_atomic_wait32 and checks totals.
// RUN: %host-clang --target=wasm32 -O2 -matomics -mbulk-memory -nostdlib -Wl,--no-entry,--import-memory,--shared-memory,--max-memory=1048576,--export=_start %s %S/Inputs/thread_glue.s -o %t.wasm
// RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
// RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
// CHECK: c atomics ok
// CHECK-NEXT: status 0
#include <stdint.h>
#include <stdatomic.h>

__attribute__((import_module("wasi"), import_name("thread-spawn"))) int32_t thread_spawn(int32_t arg);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_exit"))) _Noreturn void proc_exit(int32_t code);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write"))) int32_t fd_write(int32_t fd, const void* iovs, int32_t n, int32_t* written);

enum { kThreads = 3, kIters = 20000 };
static _Atomic int32_t counter;
static _Atomic int64_t sum64;
static _Atomic uint8_t flags8;
static _Atomic int32_t done;
static char stacks[kThreads][4096] __attribute__((aligned(16)));

// What wasi_thread_start (thread_glue.s) gets as its argument.
struct start { char* stack_top; int32_t index; };
static struct start starts[kThreads];

void thread_body(int32_t tid, struct start* s) {
  const int32_t index = s->index;
  for (int i = 0; i < kIters; ++i) {
    atomic_fetch_add(&counter, 1);
    atomic_fetch_add(&sum64, (int64_t)index + 1);
    atomic_fetch_or(&flags8, (uint8_t)(1u << index));
    int32_t old = atomic_load(&counter);
    while (!atomic_compare_exchange_weak(&counter, &old, old + 1)) {}
    atomic_fetch_sub(&counter, 1);
  }
  atomic_fetch_add(&done, 1);
  __builtin_wasm_memory_atomic_notify((int32_t*)&done, 1);
}

__attribute__((export_name("_start"))) void _start(void) {
  for (int t = 0; t < kThreads; ++t) {
    starts[t] = (struct start){stacks[t] + sizeof stacks[t], t};
    if (thread_spawn((int32_t)(intptr_t)&starts[t]) < 1) proc_exit(3);
  }
  for (;;) {
    int32_t d = atomic_load(&done);
    if (d == kThreads) break;
    __builtin_wasm_memory_atomic_wait32((int32_t*)&done, d, -1);
  }
  if (atomic_load(&counter) != kThreads * kIters) proc_exit(10);
  if (atomic_load(&sum64) != (int64_t)kIters * (1 + 2 + 3)) proc_exit(11);
  if (atomic_load(&flags8) != 7) proc_exit(12);
  static const char msg[] = "c atomics ok\n";
  struct { const char* p; int32_t n; } iov = {msg, sizeof msg - 1};
  int32_t w;
  fd_write(1, &iov, 1, &w);
  proc_exit(0);
}
