/* Linear memories: an 8 GiB PROT_NONE reservation each (WASMC_MEMORY_RESERVATION),
 * of which the current size is read-write. Any 32-bit address plus 32-bit offset
 * stays inside the reservation, so an out-of-bounds access faults there and
 * rt_address_in_memory turns the fault into "out of bounds memory access".
 * A 64-bit memory (memory64) reserves its largest size (declared maximum, at most
 * WASMC_MEMORY64_MAX_PAGES) plus WASMC_MEMORY64_GUARD: generated code compares the
 * address with the size and the guard catches offset + width (abi.h).
 * Nothing is touched at creation: start-up cost is one mmap + one mprotect. */
#include "core/rt.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

#define RT_MAX_MEMORIES 4096
static wasmc_memory* live[RT_MAX_MEMORIES];
/* One past the highest slot ever used: the searches stop there, so a process with one
 * memory reads none of the table before writing its first slot (one page fault, not
 * a read fault on the zero page and then a write fault). */
static int live_limit;

uintptr_t rt_memory_hint;

static void* map_reservation(uint64_t size) {
  /* The hint, without MAP_FIXED: taken if nothing is mapped there, else the kernel
   * chooses (as for every later memory). */
  long r = wasmc_syscall6(WASMC_NR_mmap, (long)rt_memory_hint, (long)size, WASMC_PROT_NONE,
                          WASMC_MAP_PRIVATE | WASMC_MAP_ANONYMOUS | WASMC_MAP_NORESERVE, -1, 0);
  rt_memory_hint = 0;
  return wasmc_sys_failed(r) ? NULL : (void*)r;
}

wasmc_memory* rt_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max) {
  return rt_memory_new64(min_pages, max_pages, has_max, 0);
}

/* Pages a memory can grow to: its declared maximum, within its reservation. */
static uint64_t page_limit(const wasmc_memory* m) {
  uint64_t usable = m->is64 ? (m->reserved - WASMC_MEMORY64_GUARD) / WASMC_PAGE_SIZE : 65536;
  return m->max_pages < usable ? m->max_pages : usable;
}

wasmc_memory* rt_memory_new64(uint64_t min_pages, uint64_t max_pages, int has_max, int is64) {
  const uint64_t bound = is64 ? (1ull << 48) : 65536;
  if (!has_max || max_pages > bound) max_pages = bound;
  if (min_pages > max_pages) return NULL;
  uint64_t reserve = WASMC_MEMORY_RESERVATION;
  if (is64) {
    uint64_t pages = max_pages < WASMC_MEMORY64_MAX_PAGES ? max_pages : WASMC_MEMORY64_MAX_PAGES;
    reserve = pages * WASMC_PAGE_SIZE + WASMC_MEMORY64_GUARD;
  }
  int slot = live_limit < RT_MAX_MEMORIES ? live_limit : -1;
  for (int i = 0; i < live_limit; ++i)
    if (!live[i]) { slot = i; break; }
  if (slot < 0) return NULL;
  wasmc_memory* m = rt_alloc(sizeof *m);
  if (!m) return NULL;
  m->base = map_reservation(reserve);
  if (!m->base) {
    rt_free(m, sizeof *m);
    return NULL;
  }
  m->reserved = reserve;
  m->max_pages = max_pages;
  m->is64 = (uint8_t)(is64 != 0);
  m->size = 0;
  live[slot] = m;
  if (slot == live_limit) ++live_limit;
  if (min_pages && rt_memory_grow64(m, min_pages) == UINT64_MAX) {
    rt_memory_free(m);
    return NULL;
  }
  return m;
}

void rt_memory_free(wasmc_memory* m) {
  for (int i = 0; i < live_limit; ++i)
    if (live[i] == m) live[i] = NULL;
  wasmc_syscall2(WASMC_NR_munmap, (long)m->base, (long)m->reserved);
  rt_free(m, sizeof *m);
}

static uint64_t Grow(wasmc_memory* m, uint64_t delta) {
  uint64_t old_pages = m->size / WASMC_PAGE_SIZE;
  if (delta > page_limit(m) - old_pages) return UINT64_MAX;
  if (delta) {
    long r = wasmc_syscall3(WASMC_NR_mprotect, (long)(m->base + m->size),
                            (long)(delta * WASMC_PAGE_SIZE), WASMC_PROT_READ | WASMC_PROT_WRITE);
    if (wasmc_sys_failed(r)) return UINT64_MAX;
    __atomic_store_n(&m->size, (old_pages + delta) * WASMC_PAGE_SIZE, __ATOMIC_RELEASE);
  }
  return old_pages;
}

uint64_t rt_memory_grow64(wasmc_memory* m, uint64_t delta) {
  if (!m->shared) return Grow(m, delta);
  /* A shared memory may grow from several threads at once: one at a time. */
  rt_lock(&m->grow_lock);
  uint64_t old = Grow(m, delta);
  rt_unlock(&m->grow_lock);
  return old;
}

uint32_t rt_memory_grow(wasmc_memory* m, uint32_t delta) {
  uint64_t old = rt_memory_grow64(m, delta);
  return old == UINT64_MAX ? UINT32_MAX : (uint32_t)old;
}

void rt_memory_free_all(void) {
  for (int i = 0; i < live_limit; ++i)
    if (live[i]) rt_memory_free(live[i]);
}

int rt_address_in_memory(uintptr_t addr) {
  for (int i = 0; i < live_limit; ++i) {
    wasmc_memory* m = live[i];
    if (m && addr >= (uintptr_t)m->base && addr - (uintptr_t)m->base < m->reserved) return 1;
  }
  return 0;
}

wasmc_memory* wasmc_host_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max) {
  return rt_memory_new(min_pages, max_pages, has_max);
}
