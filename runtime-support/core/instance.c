/* Instantiation, exactly in the order abi.h documents for wasmc_module:
 *   link   (rt_instantiate_link): check the descriptor, resolve and type-check
 *          imports, create memories and tables, evaluate global initialisers,
 *          build funcrefs[] and canonical type ids. Runs no wasm code.
 *   run    (rt_instantiate_run): active element segments, then active data
 *          segments, in order, each bounds-checked before it writes (a failing
 *          segment traps; earlier ones stay applied); drop active and
 *          declarative segments; call the start function. */
#include "core/rt.h"

static rt_instance* live_head;

rt_instance* rt_instance_of(wasmc_instance* inst) {
  return (rt_instance*)((uint8_t*)inst - ((sizeof(rt_instance) + 15) & ~(size_t)15));
}

rt_instance* rt_instances(void) { return live_head; }

static wasmc_status Fail(wasmc_status s, const char* a, const char* b, const char* c,
                         const char* d) {
  rt_set_message(a, b, c, d);
  return s;
}

static wasmc_status LinkError(const wasmc_import_desc* imp, const char* what, const char* why) {
  rt_buf b;
  static char tmp[256];
  b = (rt_buf){tmp, 0, sizeof tmp};
  rt_buf_str(&b, imp->module);
  rt_buf_str(&b, ".");
  rt_buf_str(&b, imp->name);
  if (why) {
    rt_buf_str(&b, " (");
    rt_buf_str(&b, why);
    rt_buf_str(&b, ")");
  }
  return Fail(WASMC_LINK_ERROR, what, ": ", tmp, NULL);
}

/* Limits matching (spec "import subtyping"): the actual current size covers the
 * import's min, and if the import declares a max the actual one is no larger. */
static int LimitsMatch(uint64_t actual_min, int actual_has_max, uint64_t actual_max,
                       const wasmc_import_desc* imp) {
  if (actual_min < imp->min) return 0;
  if (imp->has_max && (!actual_has_max || actual_max > imp->max)) return 0;
  return 1;
}

static int ConstOpOk(const wasmc_module* m, const wasmc_const_expr* e, uint32_t num_globals) {
  return !(e->kind == WASMC_CONST_GLOBAL_GET && e->index >= num_globals) &&
         !(e->kind == WASMC_CONST_REF_FUNC && e->index >= m->num_funcs) &&
         e->kind != WASMC_CONST_PROGRAM;
}

/* Whether `e` reads only the first `num_globals` globals and names existing
 * functions and program ops. */
static int ConstExprOk(const wasmc_module* m, const wasmc_const_expr* e, uint32_t num_globals) {
  if (e->kind != WASMC_CONST_PROGRAM) return ConstOpOk(m, e, num_globals);
  if (e->bits[0] > m->num_const_ops || e->index > m->num_const_ops - e->bits[0]) return 0;
  for (uint32_t i = 0; i < e->index; ++i)
    if (!ConstOpOk(m, &m->const_ops[e->bits[0] + i], num_globals)) return 0;
  return 1;
}

static wasmc_val EvalConst(wasmc_instance* inst, const wasmc_const_expr* e);

/* An extended constant expression (abi.h, WASMC_CONST_PROGRAM): the compiler typed
 * it and bounded its depth by WASMC_CONST_STACK; Instantiate checked its range. */
static wasmc_val EvalProgram(wasmc_instance* inst, const wasmc_const_expr* e) {
  wasmc_val stack[WASMC_CONST_STACK];
  uint32_t n = 0;
  const wasmc_const_expr* ops = inst->module->const_ops + e->bits[0];
  for (uint32_t i = 0; i < e->index; ++i) {
    const wasmc_const_expr* op = &ops[i];
    if (op->kind < WASMC_CONST_I32_ADD) {
      if (n < WASMC_CONST_STACK) stack[n++] = EvalConst(inst, op);
      continue;
    }
    if (n < 2) break;
    wasmc_val* a = &stack[n - 2];
    const wasmc_val* b = &stack[n - 1];
    switch (op->kind) {
      case WASMC_CONST_I32_ADD: a->i32 += b->i32; break;
      case WASMC_CONST_I32_SUB: a->i32 -= b->i32; break;
      case WASMC_CONST_I32_MUL: a->i32 *= b->i32; break;
      case WASMC_CONST_I64_ADD: a->i64 += b->i64; break;
      case WASMC_CONST_I64_SUB: a->i64 -= b->i64; break;
      case WASMC_CONST_I64_MUL: a->i64 *= b->i64; break;
    }
    --n;
  }
  return stack[n ? n - 1 : 0];
}

static wasmc_val EvalConst(wasmc_instance* inst, const wasmc_const_expr* e) {
  wasmc_val v;
  memset(&v, 0, sizeof v);
  switch (e->kind) {
    case WASMC_CONST_I32: v.i32 = (uint32_t)e->bits[0]; break;
    case WASMC_CONST_I64: v.i64 = e->bits[0]; break;
    case WASMC_CONST_F32: v.i32 = (uint32_t)e->bits[0]; break;  /* raw bits */
    case WASMC_CONST_F64: v.i64 = e->bits[0]; break;            /* raw bits */
    case WASMC_CONST_V128:
      memcpy(v.v128, &e->bits[0], 8);
      memcpy(v.v128 + 8, &e->bits[1], 8);
      break;
    case WASMC_CONST_REF_NULL: v.ref = NULL; break;
    case WASMC_CONST_REF_FUNC: v.ref = &inst->funcrefs[e->index]; break;
    case WASMC_CONST_GLOBAL_GET: v = *inst->globals[e->index]; break;
    case WASMC_CONST_PROGRAM: v = EvalProgram(inst, e); break;
  }
  return v;
}

/* Checks what instantiation relies on, so a broken descriptor is an error
 * message rather than a wild pointer. */
static wasmc_status CheckModule(const wasmc_module* m) {
  if (m->abi_version != WASMC_ABI_VERSION)
    return Fail(WASMC_BAD_MODULE, "module descriptor has the wrong ABI version", 0, 0, 0);
  if (m->instance_size < WASMC_INSTANCE_HEADER_SIZE || m->instance_size > (1ull << 32))
    return Fail(WASMC_BAD_MODULE, "module descriptor: instance_size too small", 0, 0, 0);
  if (m->num_imported_funcs > m->num_funcs)
    return Fail(WASMC_BAD_MODULE, "module descriptor: bad function counts", 0, 0, 0);
  for (uint32_t i = 0; i < m->num_funcs; ++i) {
    if (m->funcs[i].type_index >= m->num_types)
      return Fail(WASMC_BAD_MODULE, "module descriptor: bad function type", 0, 0, 0);
    if (i >= m->num_imported_funcs && !m->funcs[i].code)
      return Fail(WASMC_BAD_MODULE, "module descriptor: function without code", 0, 0, 0);
  }
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const wasmc_export_desc* e = &m->exports[i];
    uint32_t limit = e->kind == WASMC_EXTERN_FUNC     ? m->num_funcs
                     : e->kind == WASMC_EXTERN_TABLE  ? m->num_tables
                     : e->kind == WASMC_EXTERN_MEMORY ? m->num_memories
                                                      : m->num_globals;
    if (e->index >= limit)
      return Fail(WASMC_BAD_MODULE, "module descriptor: bad export index: ", e->name, 0, 0);
  }
  for (uint32_t i = 0; i < m->num_datas; ++i)
    if (m->datas[i].mode == WASMC_SEGMENT_ACTIVE &&
        (m->datas[i].memory_index >= m->num_memories ||
         !ConstExprOk(m, &m->datas[i].offset, m->num_globals)))
      return Fail(WASMC_BAD_MODULE, "module descriptor: data segment without memory", 0, 0, 0);
  for (uint32_t i = 0; i < m->num_elems; ++i) {
    const wasmc_elem_desc* e = &m->elems[i];
    if (e->mode == WASMC_SEGMENT_ACTIVE &&
        (e->table_index >= m->num_tables || !ConstExprOk(m, &e->offset, m->num_globals)))
      return Fail(WASMC_BAD_MODULE, "module descriptor: element segment without table", 0, 0, 0);
    for (uint32_t k = 0; k < e->count; ++k)
      if (!ConstExprOk(m, &e->items[k], m->num_globals))
        return Fail(WASMC_BAD_MODULE, "module descriptor: bad element item", 0, 0, 0);
  }
  if (m->start_func >= (int64_t)m->num_funcs)
    return Fail(WASMC_BAD_MODULE, "module descriptor: bad start function", 0, 0, 0);
  return WASMC_OK;
}

static void* Array(size_t count, size_t size, int* failed) {
  if (!count) return NULL;
  void* p = rt_alloc(count * size);
  if (!p) *failed = 1;
  return p;
}

static size_t PrivSize(void) { return (sizeof(rt_instance) + 15) & ~(size_t)15; }

wasmc_status rt_instantiate_link(const wasmc_module* m, wasmc_resolve_fn resolve, void* user,
                                 wasmc_instance** out) {
  *out = NULL;
  wasmc_status s = CheckModule(m);
  if (s != WASMC_OK) return s;

  size_t total = PrivSize() + m->instance_size;
  rt_instance* ri = rt_alloc(total);
  if (!ri) return Fail(WASMC_NO_MEMORY, "out of memory allocating an instance", 0, 0, 0);
  wasmc_instance* inst = (wasmc_instance*)((uint8_t*)ri + PrivSize());
  ri->inst = inst;
  ri->alloc_size = total;
  ri->next = live_head;
  live_head = ri;
  inst->module = m;

  int failed = 0;
  uint32_t* type_ids = Array(m->num_types, sizeof(uint32_t), &failed);
  inst->type_ids = type_ids;
  inst->tables = Array(m->num_tables, sizeof(wasmc_table*), &failed);
  inst->imports = Array(m->num_imported_funcs, sizeof(wasmc_import_func), &failed);
  inst->globals = Array(m->num_globals, sizeof(wasmc_val*), &failed);
  inst->funcrefs = Array(m->num_funcs, sizeof(wasmc_funcref), &failed);
  inst->data_dropped = Array(m->num_datas, 1, &failed);
  inst->elem_dropped = Array(m->num_elems, 1, &failed);
  ri->memories = Array(m->num_memories, sizeof(wasmc_memory*), &failed);
  ri->memory_has_max = Array(m->num_memories, 1, &failed);
  ri->owns_memory = Array(m->num_memories, 1, &failed);
  ri->table_has_max = Array(m->num_tables, 1, &failed);
  ri->owns_table = Array(m->num_tables, 1, &failed);
  if (failed) return Fail(WASMC_NO_MEMORY, "out of memory allocating an instance", 0, 0, 0);

  for (uint32_t i = 0; i < m->num_types; ++i) {
    type_ids[i] = rt_type_id_keyed(m->types[i].num_params, m->types[i].num_results,
                                   m->types[i].types, m->types[i].key_size);
    if (type_ids[i] == UINT32_MAX) return Fail(WASMC_NO_MEMORY, "out of memory", 0, 0, 0);
  }

  /* Imports, in order; each index space fills from 0 (imports come first). */
  uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
  for (uint32_t i = 0; i < m->num_imports; ++i) {
    const wasmc_import_desc* imp = &m->imports[i];
    wasmc_extern ext;
    memset(&ext, 0, sizeof ext);
    if (!resolve || !resolve(user, imp->module, imp->name, &ext))
      return LinkError(imp, "unknown import", NULL);
    if (ext.kind != imp->kind) return LinkError(imp, "incompatible import type", "kind differs");
    switch (imp->kind) {
      case WASMC_EXTERN_FUNC: {
        if (nf >= m->num_imported_funcs || imp->index >= m->num_types)
          return Fail(WASMC_BAD_MODULE, "module descriptor: bad function import", 0, 0, 0);
        if (!ext.func.code) return LinkError(imp, "unknown import", "no code");
        if (ext.func.type_id != type_ids[imp->index])
          return LinkError(imp, "incompatible import type", "function signature differs");
        wasmc_instance* callee = ext.func.instance ? ext.func.instance : inst;
        inst->imports[nf] = (wasmc_import_func){ext.func.code, callee};
        inst->funcrefs[nf] = (wasmc_funcref){ext.func.code, callee, ext.func.type_id, nf};
        ++nf;
        break;
      }
      case WASMC_EXTERN_TABLE: {
        wasmc_table* t = ext.table;
        if (nt >= m->num_tables || !t)
          return Fail(WASMC_BAD_MODULE, "module descriptor: bad table import", 0, 0, 0);
        if (t->elem_type != imp->val_type)
          return LinkError(imp, "incompatible import type", "element type differs");
        if (!LimitsMatch(t->size, ext.has_max, t->max, imp))
          return LinkError(imp, "incompatible import type", "table limits do not match");
        inst->tables[nt] = t;
        ri->table_has_max[nt] = ext.has_max;
        ++nt;
        break;
      }
      case WASMC_EXTERN_MEMORY: {
        wasmc_memory* mem = ext.memory;
        if (nm >= m->num_memories || !mem)
          return Fail(WASMC_BAD_MODULE, "module descriptor: bad memory import", 0, 0, 0);
        if (!LimitsMatch(mem->size / WASMC_PAGE_SIZE, ext.has_max, mem->max_pages, imp))
          return LinkError(imp, "incompatible import type", "memory limits do not match");
        ri->memories[nm] = mem;
        ri->memory_has_max[nm] = ext.has_max;
        ++nm;
        break;
      }
      case WASMC_EXTERN_GLOBAL: {
        if (ng >= m->num_globals || !ext.global)
          return Fail(WASMC_BAD_MODULE, "module descriptor: bad global import", 0, 0, 0);
        if (ext.global_type != imp->val_type || ext.global_mut != imp->mut)
          return LinkError(imp, "incompatible import type", "global type differs");
        inst->globals[ng] = ext.global;
        ++ng;
        break;
      }
      default:
        return Fail(WASMC_BAD_MODULE, "module descriptor: bad import kind", 0, 0, 0);
    }
  }
  if (nf != m->num_imported_funcs)
    return Fail(WASMC_BAD_MODULE, "module descriptor: import counts disagree", 0, 0, 0);

  /* Defined functions. */
  for (uint32_t i = nf; i < m->num_funcs; ++i)
    inst->funcrefs[i] =
        (wasmc_funcref){m->funcs[i].code, inst, type_ids[m->funcs[i].type_index], i};

  /* Defined memories and tables. */
  for (uint32_t i = nm; i < m->num_memories; ++i) {
    const wasmc_limits_desc* l = &m->memories[i];
    ri->memories[i] = rt_memory_new(l->min, l->max, l->has_max);
    if (!ri->memories[i])
      return Fail(WASMC_NO_MEMORY, "cannot reserve linear memory (mmap failed)", 0, 0, 0);
    ri->memory_has_max[i] = l->has_max;
    ri->owns_memory[i] = 1;
  }
  for (uint32_t i = nt; i < m->num_tables; ++i) {
    const wasmc_limits_desc* l = &m->tables[i];
    if (l->min > 0xffffffffull)
      return Fail(WASMC_BAD_MODULE, "module descriptor: table too large", 0, 0, 0);
    inst->tables[i] = rt_table_new(l->elem_type, (uint32_t)l->min, (uint32_t)l->max, l->has_max);
    if (!inst->tables[i]) return Fail(WASMC_NO_MEMORY, "cannot allocate a table", 0, 0, 0);
    if (l->has_init) {  /* 3.0 table initializer: imported globals and ref.func only */
      if (l->init_op >= m->num_const_ops || !ConstExprOk(m, &m->const_ops[l->init_op], ng))
        return Fail(WASMC_BAD_MODULE, "module descriptor: bad table initialiser", 0, 0, 0);
      const void* v = EvalConst(inst, &m->const_ops[l->init_op]).ref;
      for (uint32_t k = 0; k < (uint32_t)l->min; ++k) inst->tables[i]->elems[k] = v;
    }
    ri->table_has_max[i] = l->has_max;
    ri->owns_table[i] = 1;
  }
  if (m->num_memories) {
    inst->mem0 = ri->memories[0];
    inst->mem0_base = ri->memories[0]->base;
  }

  /* Defined globals: cell d at header + 16 * d; initialisers may read imported
   * globals and take ref.func of any function, both ready by now. */
  wasmc_val* cells = (wasmc_val*)((uint8_t*)inst + WASMC_INSTANCE_HEADER_SIZE);
  uint64_t defined = m->num_globals - ng;
  if (WASMC_INSTANCE_HEADER_SIZE + 16 * defined > m->instance_size)
    return Fail(WASMC_BAD_MODULE, "module descriptor: instance_size too small", 0, 0, 0);
  for (uint32_t g = ng; g < m->num_globals; ++g) {
    const wasmc_const_expr* e = &m->globals[g].init;
    if (!ConstExprOk(m, e, g))
      return Fail(WASMC_BAD_MODULE, "module descriptor: bad global initialiser", 0, 0, 0);
    inst->globals[g] = &cells[g - ng];
    cells[g - ng] = EvalConst(inst, e);
  }
  *out = inst;
  return WASMC_OK;
}

/* An element item's value: a funcref/externref pointer. */
const void* rt_elem_item(wasmc_instance* inst, const wasmc_elem_desc* seg, uint32_t i) {
  return EvalConst(inst, &seg->items[i]).ref;
}

void rt_instantiate_run(wasmc_instance* inst) {
  const wasmc_module* m = inst->module;
  for (uint32_t i = 0; i < m->num_elems; ++i) {
    const wasmc_elem_desc* seg = &m->elems[i];
    if (seg->mode == WASMC_SEGMENT_ACTIVE) {
      uint32_t dst = EvalConst(inst, &seg->offset).i32;
      wasmc_rt_table_init(inst, seg->table_index, i, dst, 0, seg->count);
    }
    if (seg->mode != WASMC_SEGMENT_PASSIVE) inst->elem_dropped[i] = 1;
  }
  for (uint32_t i = 0; i < m->num_datas; ++i) {
    const wasmc_data_desc* seg = &m->datas[i];
    if (seg->mode != WASMC_SEGMENT_ACTIVE) continue;
    uint64_t dst = EvalConst(inst, &seg->offset).i32;
    wasmc_memory* mem = rt_instance_of(inst)->memories[seg->memory_index];
    if (dst + seg->size > mem->size) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
    if (seg->size) memcpy(mem->base + dst, seg->bytes, seg->size);
    inst->data_dropped[i] = 1;
  }
  if (m->start_func >= 0) {
    const wasmc_funcref* f = &inst->funcrefs[m->start_func];
    ((void (*)(wasmc_instance*))f->code)(f->instance);
  }
}

wasmc_status wasmc_instance_export(wasmc_instance* inst, const char* name, wasmc_extern* out) {
  const wasmc_module* m = inst->module;
  rt_instance* ri = rt_instance_of(inst);
  memset(out, 0, sizeof *out);
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const wasmc_export_desc* e = &m->exports[i];
    if (strcmp(e->name, name) != 0) continue;
    out->kind = e->kind;
    switch (e->kind) {
      case WASMC_EXTERN_FUNC: out->func = inst->funcrefs[e->index]; break;
      case WASMC_EXTERN_TABLE:
        out->table = inst->tables[e->index];
        out->has_max = ri->table_has_max[e->index];
        break;
      case WASMC_EXTERN_MEMORY:
        out->memory = ri->memories[e->index];
        out->has_max = ri->memory_has_max[e->index];
        break;
      case WASMC_EXTERN_GLOBAL:
        out->global = inst->globals[e->index];
        out->global_type = m->globals[e->index].val_type;
        out->global_mut = m->globals[e->index].mut;
        break;
    }
    return WASMC_OK;
  }
  return Fail(WASMC_NOT_FOUND, "no export named ", name, 0, 0);
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
    rt_free(ri, ri->alloc_size);
  }
}
