/* Tables: a heap array of element pointers (funcref: const wasmc_funcref*,
 * externref: opaque), reallocated on growth. Generated code must reload
 * table->elems after any call that may grow the table. */
#include "core/rt.h"

/* Growth beyond this many elements fails (table.grow returns -1), as the spec
 * allows; it bounds what a module can make the runtime allocate. */
#define RT_TABLE_LIMIT 10000000u

wasmc_table* rt_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max) {
  if (min > RT_TABLE_LIMIT) return NULL;
  wasmc_table* t = rt_alloc(sizeof *t);
  if (!t) return NULL;
  t->elem_type = elem_type;
  t->max = has_max ? max : 0xffffffffu;
  t->size = min;
  t->capacity = min;
  if (min) {
    t->elems = rt_alloc((size_t)min * sizeof(void*));
    if (!t->elems) {
      rt_free(t, sizeof *t);
      return NULL;
    }
  }
  return t;
}

void rt_table_free(wasmc_table* t) {
  if (t->elems) rt_free((void*)t->elems, (size_t)t->capacity * sizeof(void*));
  rt_free(t, sizeof *t);
}

uint32_t rt_table_grow(wasmc_table* t, uint32_t delta, const void* init) {
  uint32_t old = t->size;
  uint64_t want = (uint64_t)old + delta;
  if (want > t->max || want > RT_TABLE_LIMIT) return UINT32_MAX;
  if (want > t->capacity) {
    uint64_t cap = t->capacity * 2ull;
    if (cap < want) cap = want;
    if (cap > RT_TABLE_LIMIT) cap = RT_TABLE_LIMIT;
    const void** elems = rt_alloc((size_t)cap * sizeof(void*));
    if (!elems) return UINT32_MAX;
    if (t->elems) {
      memcpy(elems, t->elems, (size_t)old * sizeof(void*));
      rt_free((void*)t->elems, (size_t)t->capacity * sizeof(void*));
    }
    t->elems = elems;
    t->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old; i < want; ++i) t->elems[i] = init;
  t->size = (uint32_t)want;
  return old;
}

wasmc_table* wasmc_host_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max) {
  return rt_table_new(elem_type, min, max, has_max);
}
