/* The libc subset the compiler may call implicitly (memcpy, memmove, memset,
 * memcmp) plus strlen/strcmp. Built with -fno-builtin so these loops are not
 * turned back into calls to themselves. Freestanding mode only: hosted builds
 * use the host's libc. */
#include <stddef.h>
#include <stdint.h>

/* A byte loop of at most 7 iterations here (the part before or after the 8-byte
 * words): -O2 would vectorise and unroll it, for about 1 KB of code in every
 * executable and no speed. */
#if defined(__clang__)
#define SHORT_LOOP _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#else /* gcc (only the unit tests' hosted build): -O2 neither unrolls nor vectorises these */
#define SHORT_LOOP
#endif

/* Forward copy; also correct for overlapping d < s (memmove's first case). */
static void* CopyForward(void* d, const void* s, size_t n) {
  uint8_t* dp = d;
  const uint8_t* sp = s;
#if defined(__x86_64__)
  /* Large copies (memory.copy/init, data segments): the string instruction is
   * the fastest generic copy on CPUs with ERMSB/FSRM. */
  if (n >= 256) {
    __asm__ volatile("rep movsb" : "+D"(dp), "+S"(sp), "+c"(n) : : "memory");
    return d;
  }
#endif
  if ((((uintptr_t)dp | (uintptr_t)sp) & 7) == 0) {
    for (; n >= 8; n -= 8, dp += 8, sp += 8) *(uint64_t*)dp = *(const uint64_t*)sp;
  }
  SHORT_LOOP
  while (n--) *dp++ = *sp++;
  return d;
}

void* memcpy(void* restrict d, const void* restrict s, size_t n) { return CopyForward(d, s, n); }

void* memmove(void* d, const void* s, size_t n) {
  uint8_t* dp = d;
  const uint8_t* sp = s;
  if (dp == sp || n == 0) return d;
  if (dp < sp || dp >= sp + n) return CopyForward(d, s, n);
  /* Overlap with dst above src: copy backwards. */
  dp += n;
  sp += n;
  if ((((uintptr_t)dp | (uintptr_t)sp) & 7) == 0) {
    for (; n >= 8; n -= 8) {
      dp -= 8;
      sp -= 8;
      *(uint64_t*)dp = *(const uint64_t*)sp;
    }
  }
  SHORT_LOOP
  while (n--) *--dp = *--sp;
  return d;
}

void* memset(void* d, int c, size_t n) {
  uint8_t* dp = d;
#if defined(__x86_64__)
  if (n >= 256) {
    __asm__ volatile("rep stosb" : "+D"(dp), "+c"(n) : "a"(c) : "memory");
    return d;
  }
#endif
  uint64_t word = 0x0101010101010101ull * (uint8_t)c;
  SHORT_LOOP
  for (; n && ((uintptr_t)dp & 7); --n) *dp++ = (uint8_t)c;
  for (; n >= 8; n -= 8, dp += 8) *(uint64_t*)dp = word;
  SHORT_LOOP
  while (n--) *dp++ = (uint8_t)c;
  return d;
}

int memcmp(const void* a, const void* b, size_t n) {
  const uint8_t* x = a;
  const uint8_t* y = b;
  for (; n; --n, ++x, ++y)
    if (*x != *y) return *x < *y ? -1 : 1;
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return (unsigned char)*a - (unsigned char)*b;
}
