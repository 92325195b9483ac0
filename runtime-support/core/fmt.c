/* A tiny message formatter (no libc, usable inside signal handlers). */
#include "core/rt.h"

void rt_buf_str(rt_buf* b, const char* s) {
  while (*s && b->len + 1 < b->cap) b->p[b->len++] = *s++;
  b->p[b->len] = 0;
}

void rt_buf_hex(rt_buf* b, uint64_t v) {
  char tmp[19];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  rt_buf_str(b, "0x");
  while (n && b->len + 1 < b->cap) b->p[b->len++] = tmp[--n];
  b->p[b->len] = 0;
}

void rt_buf_dec(rt_buf* b, uint64_t v) {
  char tmp[21];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n && b->len + 1 < b->cap) b->p[b->len++] = tmp[--n];
  b->p[b->len] = 0;
}

static char message[512] RT_COLD;

void rt_set_message(const char* a, const char* b, const char* c, const char* d) {
  rt_buf buf = {message, 0, sizeof message};
  rt_buf_str(&buf, a ? a : "");
  rt_buf_str(&buf, b ? b : "");
  rt_buf_str(&buf, c ? c : "");
  rt_buf_str(&buf, d ? d : "");
}

const char* rt_message(void) { return message; }
