/* Threads: memory.atomic.wait32 / wait64 / notify (docs/runtime.md, "Threads").
 *
 * One process-wide list of waiters, guarded by a futex-based lock. A waiter checks
 * the value and enqueues itself under the lock, and notify dequeues under the same
 * lock, so a store followed by a notify can never fall between a waiter's check and
 * its sleep (the spec's atomic check-and-suspend). Each waiter then sleeps on its
 * own futex word (FUTEX_WAIT_BITSET with an absolute CLOCK_MONOTONIC deadline), so
 * wait64 needs no 64-bit futex and notify wakes exactly `count` waiters of that
 * address, oldest first. Works the same in both modes (raw system calls). */
#include "core/rt.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

#define ETIMEDOUT_ 110

typedef struct rt_waiter {
  struct rt_waiter* next;
  uintptr_t addr;
  volatile int woken;
} rt_waiter;

static rt_waiter* waiters;     /* FIFO: the oldest first */
static volatile int list_lock; /* 0 free, 1 held, 2 held with sleepers */


/* The host address of an access of `size` bytes at ea, after the spec's checks:
 * bounds first, then alignment. */
static uint8_t* Checked(wasmc_instance* inst, uint64_t ea, uint32_t size) {
  const wasmc_memory* m = inst->mem0;
  if (ea + size > __atomic_load_n(&m->size, __ATOMIC_ACQUIRE)) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (ea & (size - 1)) wasmc_rt_trap(inst, WASMC_TRAP_UNALIGNED_ATOMIC);
  return m->base + ea;
}

static uint32_t Wait(wasmc_instance* inst, uint64_t ea, uint64_t expected, int64_t timeout_ns,
                     uint32_t size) {
  uint8_t* p = Checked(inst, ea, size);
  if (!inst->mem0->shared) wasmc_rt_trap(inst, WASMC_TRAP_WAIT_UNSHARED);
  struct wasmc_ktimespec deadline = {0, 0};
  if (timeout_ns >= 0) {
    wasmc_syscall2(WASMC_NR_clock_gettime, WASMC_CLOCK_MONOTONIC, (long)&deadline);
    deadline.tv_sec += timeout_ns / 1000000000 + (deadline.tv_nsec + timeout_ns % 1000000000) / 1000000000;
    deadline.tv_nsec = (deadline.tv_nsec + timeout_ns % 1000000000) % 1000000000;
  }
  rt_lock(&list_lock);
  const uint64_t current = size == 4 ? __atomic_load_n((uint32_t*)p, __ATOMIC_SEQ_CST)
                                     : __atomic_load_n((uint64_t*)p, __ATOMIC_SEQ_CST);
  if (current != expected) {
    rt_unlock(&list_lock);
    return 1; /* "not-equal" */
  }
  rt_waiter self = {0, (uintptr_t)p, 0};
  rt_waiter** tail = &waiters;
  while (*tail) tail = &(*tail)->next;
  *tail = &self;
  rt_unlock(&list_lock);
  while (!__atomic_load_n(&self.woken, __ATOMIC_ACQUIRE)) {
    long r = rt_futex(&self.woken, RT_FUTEX_WAIT_BITSET_PRIVATE, 0, timeout_ns >= 0 ? &deadline : 0);
    if (r == -ETIMEDOUT_) break;
  }
  /* Under the lock: either notify already dequeued us (woken), or we leave now. */
  rt_lock(&list_lock);
  const int woken = self.woken;
  if (!woken)
    for (rt_waiter** w = &waiters; *w; w = &(*w)->next)
      if (*w == &self) {
        *w = self.next;
        break;
      }
  rt_unlock(&list_lock);
  return woken ? 0 : 2; /* "ok" / "timed-out" */
}

uint32_t wasmc_rt_memory_wait32(wasmc_instance* inst, uint64_t ea, uint32_t expected, int64_t timeout_ns) {
  return Wait(inst, ea, expected, timeout_ns, 4);
}

uint32_t wasmc_rt_memory_wait64(wasmc_instance* inst, uint64_t ea, uint64_t expected, int64_t timeout_ns) {
  return Wait(inst, ea, expected, timeout_ns, 8);
}

uint32_t wasmc_rt_memory_notify(wasmc_instance* inst, uint64_t ea, uint32_t count) {
  uint8_t* p = Checked(inst, ea, 4);
  if (!inst->mem0->shared) return 0;
  uint32_t n = 0;
  rt_lock(&list_lock);
  for (rt_waiter** w = &waiters; *w && n < count;) {
    rt_waiter* x = *w;
    if (x->addr != (uintptr_t)p) {
      w = &x->next;
      continue;
    }
    *w = x->next;
    /* The waiter retakes the lock before it returns, so x stays valid until we
     * release it. */
    __atomic_store_n(&x->woken, 1, __ATOMIC_RELEASE);
    rt_futex(&x->woken, RT_FUTEX_WAKE_PRIVATE, 1, 0);
    ++n;
  }
  rt_unlock(&list_lock);
  return n;
}
