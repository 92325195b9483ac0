/* The freestanding runtime's base services (core/rt.h): allocation (rt_alloc,
 * rt_free, rt_map) and stderr output (rt_write_stderr), below both the start-up
 * (start.c) and wasi-threads (threads.c), which use them. */
#include "core/rt.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

/* A bump arena for small blocks, mmap for large ones. Small
 * blocks are never reused (a process has one instance); large ones (tables)
 * are unmapped when freed. mmap memory is already zero. */
#define ARENA_CHUNK (256u << 10)
#define LARGE_BLOCK (64u << 10)
/* The first chunk is zero-fill memory of the image (.bss): a process's
 * instance, types and memory records cost no mmap at start. */
static uint8_t first_chunk[ARENA_CHUNK] __attribute__((aligned(16)));
static uint8_t* arena_next = first_chunk;
static uint8_t* arena_end = first_chunk + ARENA_CHUNK;

void* rt_map(size_t size, int prot) {
  long r = wasmc_syscall6(WASMC_NR_mmap, 0, (long)size, prot,
                          WASMC_MAP_PRIVATE | WASMC_MAP_ANONYMOUS | WASMC_MAP_NORESERVE, -1, 0);
  return wasmc_sys_failed(r) ? NULL : (void*)r;
}

static size_t PageRound(size_t n) { return (n + 4095) & ~(size_t)4095; }

static volatile int arena_lock;  /* wasi-threads: table.grow and thread-spawn allocate */

void* rt_alloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  if (size >= LARGE_BLOCK) return rt_map(PageRound(size), WASMC_PROT_READ | WASMC_PROT_WRITE);
  rt_lock(&arena_lock);
  if ((size_t)(arena_end - arena_next) < size) {
    arena_next = rt_map(ARENA_CHUNK, WASMC_PROT_READ | WASMC_PROT_WRITE);
    if (!arena_next) {
      arena_end = NULL;
      rt_unlock(&arena_lock);
      return NULL;
    }
    arena_end = arena_next + ARENA_CHUNK;
  }
  void* p = arena_next;
  arena_next += size;
  rt_unlock(&arena_lock);
  return p;
}

void rt_free(void* p, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (p && size >= LARGE_BLOCK) wasmc_syscall2(WASMC_NR_munmap, (long)p, (long)PageRound(size));
}

void rt_write_stderr(const char* s, size_t n) {
  while (n) {
    long r = wasmc_syscall3(WASMC_NR_write, 2, (long)s, (long)n);
    if (r == -WASMC_EINTR) continue;
    if (wasmc_sys_failed(r) || r == 0) return;
    s += r;
    n -= (size_t)r;
  }
}
