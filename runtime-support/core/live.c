/* The list of live instances: instantiation (instance.c) adds to it, trap
 * reports (trap.c) walk it to name the functions of a backtrace, and the mode
 * frees it at the end (hosted/host.c). Below both instance.c and trap.c, so
 * neither calls the other for it. */
#include "core/rt.h"

static rt_instance* live_head;

rt_instance* rt_instances(void) { return live_head; }

void rt_instances_add(rt_instance* ri) {
  ri->next = live_head;
  live_head = ri;
}

static void FreeArray(void* p, size_t count, size_t size) {
  if (p) rt_free(p, count * size);
}

void rt_instances_free_all(void) {
  while (live_head) {
    rt_instance* ri = live_head;
    wasmc_instance* inst = ri->inst;
    const wasmc_module* m = inst->module;
    live_head = ri->next;
    for (uint32_t i = 0; ri->owns_memory && i < m->num_memories; ++i)
      if (ri->owns_memory[i] && ri->memories[i]) rt_memory_free(ri->memories[i]);
    for (uint32_t i = 0; ri->owns_table && i < m->num_tables; ++i)
      if (ri->owns_table[i] && inst->tables[i]) rt_table_free(inst->tables[i]);
    FreeArray((void*)inst->type_ids, m->num_types, sizeof(uint32_t));
    FreeArray(inst->tables, m->num_tables, sizeof(wasmc_table*));
    FreeArray(inst->imports, m->num_imported_funcs, sizeof(wasmc_import_func));
    FreeArray(inst->globals, m->num_globals, sizeof(wasmc_val*));
    FreeArray(inst->funcrefs, m->num_funcs, sizeof(wasmc_funcref));
    FreeArray(inst->data_dropped, m->num_datas, 1);
    FreeArray(inst->elem_dropped, m->num_elems, 1);
    FreeArray(ri->memories, m->num_memories, sizeof(wasmc_memory*));
    FreeArray(ri->memory_has_max, m->num_memories, 1);
    FreeArray(ri->owns_memory, m->num_memories, 1);
    FreeArray(ri->table_has_max, m->num_tables, 1);
    FreeArray(ri->owns_table, m->num_tables, 1);
    FreeArray(ri->tags, m->num_tags, sizeof(wasmc_tag*));
    FreeArray(ri->own_tags, m->num_tags, sizeof(wasmc_tag));
    FreeArray(ri->global_types, m->num_globals, sizeof(uint32_t));
    rt_free(ri, ri->alloc_size);
  }
}
