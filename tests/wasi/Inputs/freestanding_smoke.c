/* A freestanding program (no libc, like the runtime image) that drives the
 * shim exactly as built for executables, on x86-64 natively and on AArch64
 * under qemu: ISA-specific syscall numbers, open flags and struct layouts.
 *   freestanding_smoke <host dir> <require: 0|1>
 * grants <host dir> as "/d" (all rights) and prints one line per call. */
#include "shim.h"

static uint8_t mem[65536];
static wasmc_memory memory = {.base = mem, .size = sizeof mem, .max_pages = 1, .reserved = 0};
static wasmc_instance inst;
static uint8_t blob[4096];

void wasmc_rt_trap(wasmc_instance* i, uint32_t code) {
  for (;;) wasmc_syscall1(WASMC_NR_exit_group, 100 + (long)code);
}

static void Out(const char* s) { wasmc_syscall3(WASMC_NR_write, 1, (long)s, (long)ShimStrLen(s)); }
static void Line(const char* what, uint32_t v) {
  char b[16];
  int n = 0;
  do b[n++] = (char)('0' + v % 10); while (v /= 10);
  Out(what);
  Out(" = ");
  while (n) {
    char c[2] = {b[--n], 0};
    Out(c);
  }
  Out("\n");
}
static uint32_t Path(const char* s) {
  uint32_t n = (uint32_t)ShimStrLen(s);
  __builtin_memcpy(mem + 100, s, n);
  return n;
}
static uint32_t Open(uint32_t fd, const char* p, uint32_t lookup, uint32_t oflags) {
  /* Every right but, for a directory, the write ones (which make it EISDIR). */
  uint64_t write = WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE;
  uint64_t rights = (oflags & WASI_O_DIRECTORY) ? ~write : ~0ull;
  return wasi_path_open(&inst, fd, lookup, 100, Path(p), oflags, rights, ~0ull, 0, 200);
}

static uint32_t BuildBlob(const char* host, int require) {
  uint32_t hn = (uint32_t)ShimStrLen(host) + 1;
  uint32_t size = WASMC_MANIFEST_HEADER_SIZE + WASMC_MANIFEST_RECORD_HEADER_SIZE + hn + 3;
  __builtin_memset(blob, 0, sizeof blob);
  ShimStore32(blob, WASMC_MANIFEST_MAGIC);
  ShimStore16(blob + 4, WASMC_MANIFEST_VERSION);
  ShimStore16(blob + 6, require ? WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE : 0);
  ShimStore32(blob + 8, 1);
  uint8_t* r = blob + WASMC_MANIFEST_HEADER_SIZE;
  r[0] = WASMC_GRANT_DIR;
  r[1] = WASMC_RIGHT_READ | WASMC_RIGHT_WRITE | WASMC_RIGHT_CREATE | WASMC_RIGHT_REMOVE;
  ShimStore32(r + 4, hn + 3);
  __builtin_memcpy(r + 8, host, hn);
  __builtin_memcpy(r + 8 + hn, "/d", 3);
  return size;
}

__attribute__((used)) void SmokeMain(long* sp) {
  int argc = (int)sp[0];
  char** argv = (char**)(sp + 1);
  if (argc != 3) {
    Out("usage: freestanding_smoke <dir> <require 0|1>\n");
    for (;;) wasmc_syscall1(WASMC_NR_exit_group, 2);
  }
  inst.mem0_base = mem;
  inst.mem0 = &memory;
  uint32_t size = BuildBlob(argv[1], argv[2][0] == '1');
  Line("init", (uint32_t)wasmc_wasi_init(argc, argv, argv + argc + 1, blob, size));
  Line("open a.txt", Open(3, "a.txt", 1, 0));
  uint32_t fd = ShimLoad32(mem + 200);
  ShimStore32(mem + 300, 400);
  ShimStore32(mem + 304, 16);
  Line("fd_read", wasi_fd_read(&inst, fd, 300, 1, 308));
  Line("nread", ShimLoad32(mem + 308));
  Line("fd_filestat_get", wasi_fd_filestat_get(&inst, fd, 500));
  Line("size", (uint32_t)ShimLoad64(mem + 532));
  Line("filetype", mem[516]);
  Line("open sub as directory", Open(3, "sub", 1, WASI_O_DIRECTORY));
  Line("open a.txt as directory", Open(3, "a.txt", 1, WASI_O_DIRECTORY));
  Line("open symlink out", Open(3, "out", 1, 0));
  Line("open symlink nofollow", Open(3, "out", 0, 0));
  Line("open ../outside/s.txt", Open(3, "../outside/s.txt", 1, 0));
  Line("fd_readdir", wasi_fd_readdir(&inst, 3, 1000, 4096, 0, 600));
  Line("entries", ShimLoad32(mem + 600) >= 5 * 24);
  Line("path_create_directory", wasi_path_create_directory(&inst, 3, 100, Path("newdir")));
  Line("path_remove_directory", wasi_path_remove_directory(&inst, 3, 100, Path("newdir")));
  Line("clock_time_get", wasi_clock_time_get(&inst, WASI_CLOCK_MONOTONIC, 1, 700));
  shim_state.use_openat2 = 0;  /* the component walk, as on kernels before 5.6 */
  Line("walk: open symlink out", Open(3, "out", 1, 0));
  Line("walk: open sub/../a.txt", Open(3, "sub/../a.txt", 1, 0));
  for (;;) wasmc_syscall1(WASMC_NR_exit_group, 0);
}

#if defined(__x86_64__)
__attribute__((naked)) void _start(void) { __asm__("mov %rsp, %rdi\n and $-16, %rsp\n call SmokeMain"); }
#else
__attribute__((naked)) void _start(void) { __asm__("mov x0, sp\n bl SmokeMain"); }
#endif
