/* Tables: a heap array of element pointers (funcref: const wasmc_funcref*,
 * externref: opaque), reallocated on growth. Generated code must reload
 * table->elems after any call that may grow the table. A funcref table's block
 * holds a second array after the first: elems[capacity + i] is the code of
 * elems[i] (NULL for a null element; abi.h, wasmc_table), written with every
 * element by rt_table_put, the only writer of elements. */
#include "core/rt.h"

/* Growth beyond this many elements fails (table.grow returns -1), as the spec
 * allows; it bounds what a module can make the runtime allocate. */
#define RT_TABLE_LIMIT 10000000u

/* Words of a table's block per element of capacity: 2 with the codes array. */
static size_t WordsPerElem(const wasmc_table* t) { return t->elem_type == WASMC_TABLE_FUNCREF ? 2 : 1; }

void rt_table_put(wasmc_table* t, uint32_t i, const void* ref) {
  t->elems[i] = ref;
  if (t->elem_type == WASMC_TABLE_FUNCREF)
    t->elems[t->capacity + i] = ref ? ((const wasmc_funcref*)ref)->code : NULL;
}

wasmc_table* rt_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max) {
  if (min > RT_TABLE_LIMIT) return NULL;
  wasmc_table* t = rt_alloc(sizeof *t);
  if (!t) return NULL;
  t->elem_type = elem_type;
  t->max = has_max ? max : 0xffffffffu;
  t->size = min;
  t->capacity = min;
  if (min) {
    t->elems = rt_alloc((size_t)min * WordsPerElem(t) * sizeof(void*));
    if (!t->elems) {
      rt_free(t, sizeof *t);
      return NULL;
    }
  }
  return t;
}

void rt_table_free(wasmc_table* t) {
  if (t->elems) rt_free((void*)t->elems, (size_t)t->capacity * WordsPerElem(t) * sizeof(void*));
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
    const size_t words = WordsPerElem(t);
    const void** elems = rt_alloc((size_t)cap * words * sizeof(void*));
    if (!elems) return UINT32_MAX;
    if (t->elems) {
      memcpy(elems, t->elems, (size_t)old * sizeof(void*));
      if (words == 2) memcpy(elems + cap, t->elems + t->capacity, (size_t)old * sizeof(void*));
      rt_free((void*)t->elems, (size_t)t->capacity * words * sizeof(void*));
    }
    t->elems = elems;
    t->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old; i < want; ++i) rt_table_put(t, (uint32_t)i, init);
  t->size = (uint32_t)want;
  return old;
}

wasmc_table* wasmc_host_table_new(uint8_t elem_type, uint32_t min, uint32_t max, int has_max) {
  return rt_table_new(elem_type, min, max, has_max);
}
