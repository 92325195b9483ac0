/* The wasmc_rt_* helpers called by generated code (abi.h), with the spec's
 * semantics: every bounds check happens before any write, so a trapping
 * bulk operation changes nothing; copies have memmove semantics. The 2.0 helpers
 * use memory 0 (inst->mem0); the _n ones take a memory index (inst->memories). */
#include "core/rt.h"

static wasmc_table* Table(wasmc_instance* inst, uint32_t t) { return inst->tables[t]; }

/* dst + n <= limit, in 64-bit arithmetic so 32-bit operands cannot wrap. */
static int InRange(uint64_t start, uint64_t n, uint64_t limit) { return start + n <= limit; }

uint32_t wasmc_rt_memory_grow(wasmc_instance* inst, uint32_t delta_pages) {
  return rt_memory_grow(inst->mem0, delta_pages);
}

/* start + n <= limit without wrapping in 64 bits. */
static int InRange64(uint64_t start, uint64_t n, uint64_t limit) {
  return start <= limit && n <= limit - start;
}

uint64_t wasmc_rt_memory_grow_n(wasmc_instance* inst, uint32_t mem, uint64_t delta_pages) {
  return rt_memory_grow64(inst->memories[mem], delta_pages);
}

void wasmc_rt_memory_copy_n(wasmc_instance* inst, uint32_t dst_mem, uint32_t src_mem,
                            uint64_t dst, uint64_t src, uint64_t n) {
  wasmc_memory* d = inst->memories[dst_mem];
  wasmc_memory* s = inst->memories[src_mem];
  if (!InRange64(dst, n, d->size) || !InRange64(src, n, s->size))
    wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memmove(d->base + dst, s->base + src, n);
}

void wasmc_rt_memory_fill_n(wasmc_instance* inst, uint32_t mem, uint64_t dst, uint32_t value,
                            uint64_t n) {
  wasmc_memory* m = inst->memories[mem];
  if (!InRange64(dst, n, m->size)) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memset(m->base + dst, (int)(value & 0xff), n);
}

void wasmc_rt_memory_init_n(wasmc_instance* inst, uint32_t mem, uint32_t seg, uint64_t dst,
                            uint32_t src, uint32_t n) {
  const wasmc_data_desc* d = &inst->module->datas[seg];
  wasmc_memory* m = inst->memories[mem];
  uint64_t seg_size = inst->data_dropped[seg] ? 0 : d->size;
  if (!InRange(src, n, seg_size) || !InRange64(dst, n, m->size))
    wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memcpy(m->base + dst, d->bytes + src, n);
}

void wasmc_rt_memory_copy(wasmc_instance* inst, uint32_t dst, uint32_t src, uint32_t n) {
  uint64_t size = inst->mem0->size;
  if (!InRange(dst, n, size) || !InRange(src, n, size)) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memmove(inst->mem0_base + dst, inst->mem0_base + src, n);
}

void wasmc_rt_memory_fill(wasmc_instance* inst, uint32_t dst, uint32_t value, uint32_t n) {
  if (!InRange(dst, n, inst->mem0->size)) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memset(inst->mem0_base + dst, (int)(value & 0xff), n);
}

void wasmc_rt_memory_init(wasmc_instance* inst, uint32_t seg, uint32_t dst, uint32_t src,
                          uint32_t n) {
  const wasmc_data_desc* d = &inst->module->datas[seg];
  uint64_t seg_size = inst->data_dropped[seg] ? 0 : d->size;
  if (!InRange(src, n, seg_size) || !InRange(dst, n, inst->mem0->size))
    wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  if (n) memcpy(inst->mem0_base + dst, d->bytes + src, n);
}

void wasmc_rt_data_drop(wasmc_instance* inst, uint32_t seg) { inst->data_dropped[seg] = 1; }

const void* wasmc_rt_table_get(wasmc_instance* inst, uint32_t table, uint32_t i) {
  wasmc_table* t = Table(inst, table);
  if (i >= t->size) wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
  return t->elems[i];
}

void wasmc_rt_table_set(wasmc_instance* inst, uint32_t table, uint32_t i, const void* ref) {
  wasmc_table* t = Table(inst, table);
  if (i >= t->size) wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
  rt_table_put(t, i, ref);
}

uint32_t wasmc_rt_table_grow(wasmc_instance* inst, uint32_t table, const void* init,
                             uint32_t delta) {
  return rt_table_grow(Table(inst, table), delta, init);
}

void wasmc_rt_table_fill(wasmc_instance* inst, uint32_t table, uint32_t i, const void* ref,
                         uint32_t n) {
  wasmc_table* t = Table(inst, table);
  if (!InRange(i, n, t->size)) wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
  for (uint32_t k = 0; k < n; ++k) rt_table_put(t, i + k, ref);
}

void wasmc_rt_table_copy(wasmc_instance* inst, uint32_t dst_table, uint32_t src_table,
                         uint32_t dst, uint32_t src, uint32_t n) {
  wasmc_table* d = Table(inst, dst_table);
  wasmc_table* s = Table(inst, src_table);
  if (!InRange(dst, n, d->size) || !InRange(src, n, s->size))
    wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
  if (n) memmove(d->elems + dst, s->elems + src, (size_t)n * sizeof(void*));
  /* d's codes from its elements (s may be another table, with or without codes) */
  for (uint32_t k = 0; k < n; ++k) rt_table_put(d, dst + k, d->elems[dst + k]);
}

void wasmc_rt_table_init(wasmc_instance* inst, uint32_t table, uint32_t seg, uint32_t dst,
                         uint32_t src, uint32_t n) {
  const wasmc_elem_desc* e = &inst->module->elems[seg];
  wasmc_table* t = Table(inst, table);
  uint64_t seg_size = inst->elem_dropped[seg] ? 0 : e->count;
  if (!InRange(src, n, seg_size) || !InRange(dst, n, t->size))
    wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
  for (uint32_t k = 0; k < n; ++k) rt_table_put(t, dst + k, rt_elem_item(inst, e, src + k));
}

void wasmc_rt_elem_drop(wasmc_instance* inst, uint32_t seg) { inst->elem_dropped[seg] = 1; }
