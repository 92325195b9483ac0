/* Host for the "wasm2c" peer column: runs a wasm2c-translated wasm32-wasi command module
 * (wabt 1.0.32 naming) natively, with the few WASI preview1 calls the kernels and real programs import.
 * Built with -DMOD=<module name given to wasm2c -n>. wasm2c + clang-16 -O2 is an LLVM-based
 * ahead-of-time pipeline, the nearest thing to WAMR's wamrc installable here: guard-page
 * bounds checks (signal handler), like wasmc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm-rt-impl.h"

#define CAT3(a, b, c) a##b##c
#define XCAT3(a, b, c) CAT3(a, b, c)
#define INSTANCE_T XCAT3(Z_, MOD, _instance_t)
#define INIT_MODULE XCAT3(Z_, MOD, _init_module)
#define INSTANTIATE XCAT3(Z_, MOD, _instantiate)
#define MEMORY XCAT3(Z_, MOD, Z_memory)
#define START XCAT3(Z_, MOD, Z__start)
#define STR(x) #x
#define XSTR(x) STR(x)
#include XSTR(MOD.h)

struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *mem;
  int argc;
  char **argv;
};
typedef struct Z_wasi_snapshot_preview1_instance_t Wasi;

enum { kSuccess = 0, kBadf = 8, kFault = 21, kSpipe = 70 };

static uint8_t *Mem(Wasi *w, u32 ptr, u32 len) {
  if ((u64)ptr + len > w->mem->size) wasm_rt_trap(WASM_RT_TRAP_OOB);  /* guest bug: trap */
  return w->mem->data + ptr;
}
static void Store32(Wasi *w, u32 ptr, u32 v) { memcpy(Mem(w, ptr, 4), &v, 4); }

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(Wasi *w, u32 argc_ptr, u32 size_ptr) {
  u32 size = 0;
  for (int i = 0; i < w->argc; i++) size += (u32)strlen(w->argv[i]) + 1;
  Store32(w, argc_ptr, (u32)w->argc);
  Store32(w, size_ptr, size);
  return kSuccess;
}

u32 Z_wasi_snapshot_preview1Z_args_get(Wasi *w, u32 argv_ptr, u32 buf_ptr) {
  for (int i = 0; i < w->argc; i++) {
    u32 n = (u32)strlen(w->argv[i]) + 1;
    memcpy(Mem(w, buf_ptr, n), w->argv[i], n);
    Store32(w, argv_ptr + 4 * (u32)i, buf_ptr);
    buf_ptr += n;
  }
  return kSuccess;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(Wasi *w, u32 fd) { return fd <= 2 ? kSuccess : kBadf; }

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(Wasi *w, u32 fd, u32 out) {
  if (fd > 2) return kBadf;
  uint8_t *p = Mem(w, out, 24);
  memset(p, 0, 24);
  p[0] = 2;                        /* filetype: character device */
  memset(p + 8, 0xff, 16);         /* all rights */
  return kSuccess;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(Wasi *w, u32 fd, u64 off, u32 whence, u32 out) {
  return fd <= 2 ? kSpipe : kBadf;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(Wasi *w, u32 fd, u32 iovs, u32 iovs_len, u32 nwritten) {
  if (fd != 1 && fd != 2) return kBadf;
  u32 total = 0;
  for (u32 i = 0; i < iovs_len; i++) {
    u32 base, len;
    memcpy(&base, Mem(w, iovs + 8 * i, 4), 4);
    memcpy(&len, Mem(w, iovs + 8 * i + 4, 4), 4);
    const uint8_t *p = Mem(w, base, len);
    while (len > 0) {
      ssize_t n = write((int)fd, p, len);
      if (n <= 0) return 29; /* EIO */
      p += n; len -= (u32)n; total += (u32)n;
    }
  }
  Store32(w, nwritten, total);
  return kSuccess;
}

void Z_wasi_snapshot_preview1Z_proc_exit(Wasi *w, u32 code) { exit((int)code); }

/* What the real programs of bench/programs import besides (wasi-libc's start-up looks for
 * preopened directories; Lua's and QuickJS's libraries link file and clock calls they never
 * make in the bench workloads): no preopens, no files, a real clock. */
enum { kNosys = 52 };
u32 Z_wasi_snapshot_preview1Z_fd_prestat_get(Wasi *w, u32 fd, u32 out) { return kBadf; }
u32 Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(Wasi *w, u32 fd, u32 p, u32 n) { return kBadf; }
u32 Z_wasi_snapshot_preview1Z_fd_read(Wasi *w, u32 fd, u32 iovs, u32 n, u32 nread) { return kBadf; }
u32 Z_wasi_snapshot_preview1Z_fd_renumber(Wasi *w, u32 from, u32 to) { return kBadf; }
u32 Z_wasi_snapshot_preview1Z_fd_fdstat_set_flags(Wasi *w, u32 fd, u32 flags) { return kNosys; }
u32 Z_wasi_snapshot_preview1Z_path_open(Wasi *w, u32 fd, u32 df, u32 p, u32 n, u32 of, u64 rb, u64 ri,
                                        u32 ff, u32 out) {
  return kNosys;
}
u32 Z_wasi_snapshot_preview1Z_clock_time_get(Wasi *w, u32 id, u64 precision, u32 out) {
  struct timespec ts;
  if (clock_gettime(id == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts) != 0) return kNosys;
  u64 ns = (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
  memcpy(Mem(w, out, 8), &ns, 8);
  return kSuccess;
}

int main(int argc, char **argv) {
  wasm_rt_init();
  INIT_MODULE();
  static INSTANCE_T inst;
  Wasi wasi = {0, argc, argv};
  INSTANTIATE(&inst, &wasi);
  wasi.mem = MEMORY(&inst);
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "wasm trap: %s\n", wasm_rt_strerror(trap));
    return 134;
  }
  START(&inst);
  return 0;
}
