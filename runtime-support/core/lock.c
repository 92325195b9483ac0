/* The runtime's futex lock (core/rt.h: rt_lock, rt_unlock) and futex call, below
 * everything that takes a lock: memory.grow of a shared memory (mem.c), the waiter
 * list of wait/notify (atomic_wait.c), the allocator of executables. */
#include "core/rt.h"
#include "sys/kernel.h"
#include "sys/syscall.h"

long rt_futex(volatile int* word, int op, int val, const struct wasmc_ktimespec* ts) {
  return wasmc_syscall6(WASMC_NR_futex, (long)word, op, val, (long)ts, 0, op == RT_FUTEX_WAIT_BITSET_PRIVATE ? -1 : 0);
}

void rt_lock(volatile int* word) {
  int c = 0;
  if (__atomic_compare_exchange_n(word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
  if (c != 2) c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  while (c != 0) {
    rt_futex(word, RT_FUTEX_WAIT_PRIVATE, 2, 0);
    c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  }
}

void rt_unlock(volatile int* word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) rt_futex(word, RT_FUTEX_WAKE_PRIVATE, 1, 0);
}
