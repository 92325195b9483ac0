/* Linear memories: an 8 GiB PROT_NONE reservation each (WASMC_MEMORY_RESERVATION),
 * of which the current size is read-write. Any 32-bit address plus 32-bit offset
 * stays inside the reservation, so an out-of-bounds access faults there and
 * rt_address_in_memory turns the fault into "out of bounds memory access".
 * Nothing is touched at creation: start-up cost is one mmap + one mprotect. */
#include "core/rt.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

#define RT_MAX_MEMORIES 4096
static wasmc_memory* live[RT_MAX_MEMORIES];

static void* map_reservation(uint64_t size) {
  long r = wasmc_syscall6(WASMC_NR_mmap, 0, (long)size, WASMC_PROT_NONE,
                          WASMC_MAP_PRIVATE | WASMC_MAP_ANONYMOUS | WASMC_MAP_NORESERVE, -1, 0);
  return wasmc_sys_failed(r) ? NULL : (void*)r;
}

wasmc_memory* rt_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max) {
  if (!has_max || max_pages > 65536) max_pages = 65536;
  if (min_pages > max_pages) return NULL;
  int slot = -1;
  for (int i = 0; i < RT_MAX_MEMORIES; ++i)
    if (!live[i]) { slot = i; break; }
  if (slot < 0) return NULL;
  wasmc_memory* m = rt_alloc(sizeof *m);
  if (!m) return NULL;
  m->base = map_reservation(WASMC_MEMORY_RESERVATION);
  if (!m->base) {
    rt_free(m, sizeof *m);
    return NULL;
  }
  m->reserved = WASMC_MEMORY_RESERVATION;
  m->max_pages = max_pages;
  m->size = 0;
  live[slot] = m;
  if (min_pages && rt_memory_grow(m, (uint32_t)min_pages) == UINT32_MAX) {
    rt_memory_free(m);
    return NULL;
  }
  return m;
}

void rt_memory_free(wasmc_memory* m) {
  for (int i = 0; i < RT_MAX_MEMORIES; ++i)
    if (live[i] == m) live[i] = NULL;
  wasmc_syscall2(WASMC_NR_munmap, (long)m->base, (long)m->reserved);
  rt_free(m, sizeof *m);
}

static uint32_t Grow(wasmc_memory* m, uint32_t delta) {
  uint64_t old_pages = m->size / WASMC_PAGE_SIZE;
  uint64_t new_pages = old_pages + delta;
  if (new_pages > m->max_pages || new_pages > 65536) return UINT32_MAX;
  if (delta) {
    long r = wasmc_syscall3(WASMC_NR_mprotect, (long)(m->base + m->size),
                            (long)((uint64_t)delta * WASMC_PAGE_SIZE),
                            WASMC_PROT_READ | WASMC_PROT_WRITE);
    if (wasmc_sys_failed(r)) return UINT32_MAX;
    __atomic_store_n(&m->size, new_pages * WASMC_PAGE_SIZE, __ATOMIC_RELEASE);
  }
  return (uint32_t)old_pages;
}

uint32_t rt_memory_grow(wasmc_memory* m, uint32_t delta) {
  if (!m->shared) return Grow(m, delta);
  /* A shared memory may grow from several threads at once: one at a time. */
  rt_lock(&m->grow_lock);
  uint32_t old = Grow(m, delta);
  rt_unlock(&m->grow_lock);
  return old;
}

void rt_memory_free_all(void) {
  for (int i = 0; i < RT_MAX_MEMORIES; ++i)
    if (live[i]) rt_memory_free(live[i]);
}

int rt_address_in_memory(uintptr_t addr) {
  for (int i = 0; i < RT_MAX_MEMORIES; ++i) {
    wasmc_memory* m = live[i];
    if (m && addr >= (uintptr_t)m->base && addr - (uintptr_t)m->base < m->reserved) return 1;
  }
  return 0;
}

wasmc_memory* wasmc_host_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max) {
  return rt_memory_new(min_pages, max_pages, has_max);
}
