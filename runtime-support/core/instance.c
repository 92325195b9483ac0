/* Instantiation, exactly in the order abi.h documents for wasmc_module:
 *   link   (rt_instantiate_link): check the descriptor, resolve and type-check
 *          imports, create memories and tables, evaluate global initialisers,
 *          build funcrefs[] and canonical type ids. Runs no wasm code.
 *   run    (rt_instantiate_run): active element segments, then active data
 *          segments, in order, each bounds-checked before it writes (a failing
 *          segment traps; earlier ones stay applied); drop active and
 *          declarative segments; call the start function. */
#include "core/rt.h"

rt_instance* rt_instance_of(wasmc_instance* inst) {
  return (rt_instance*)((uint8_t*)inst - ((sizeof(rt_instance) + 15) & ~(size_t)15));
}

static wasmc_status Fail(wasmc_status s, const char* a, const char* b, const char* c,
                         const char* d) {
  rt_set_message(a, b, c, d);
  return s;
}

/* A broken descriptor: "module descriptor: <why>" (one copy of the prefix). */
static wasmc_status Bad(const char* why) {
  return Fail(WASMC_BAD_MODULE, "module descriptor: ", why, 0, 0);
}

static wasmc_status LinkError(const wasmc_import_desc* imp, const char* what, const char* why) {
  rt_buf b;
  static char tmp[256] RT_COLD;
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

/* A full type of the descriptor (abi.h, WASMC_REF_NON_NULL) with its heap type
 * turned from a type index of `m` into a canonical type id, so that types compare
 * across modules; `byte` alone when `full` is 0. UINT32_MAX: a bad type index. */
static uint32_t CanonicalType(const wasmc_module* m, const uint32_t* type_ids, uint8_t byte,
                              uint32_t full) {
  if (!full) return byte;
  uint32_t heap = full >> WASMC_REF_HEAP_SHIFT;
  if (!heap) return full;
  if (heap - 1 >= m->num_types) return UINT32_MAX;
  return (full & ((1u << WASMC_REF_HEAP_SHIFT) - 1)) | ((type_ids[heap - 1] + 1) << WASMC_REF_HEAP_SHIFT);
}

/* Subtyping of canonical full types (3.0 without GC): the same type byte; a nullable
 * type is no subtype of a non-nullable one; a concrete heap type matches itself and
 * the abstract one of its family. */
static int IsSubtype(uint32_t a, uint32_t b) {
  if ((a & 0xff) != (b & 0xff)) return 0;
  if (!(a & WASMC_REF_NON_NULL) && (b & WASMC_REF_NON_NULL)) return 0;
  uint32_t hb = b >> WASMC_REF_HEAP_SHIFT;
  return !hb || hb == a >> WASMC_REF_HEAP_SHIFT;
}

static uint32_t TableType(const wasmc_table* t) { return t->ref_type ? t->ref_type : t->elem_type; }

/* A table or memory import: its address type, then the element type (`type_differs`:
 * why it does not match, NULL if it does), then its limits. */
static wasmc_status TableOrMemoryMatch(const wasmc_import_desc* imp, int is64,
                                       const char* address_differs, const char* type_differs,
                                       uint64_t size, int has_max, uint64_t max,
                                       const char* limits_differ) {
  if (is64 != imp->is64) return LinkError(imp, "incompatible import type", address_differs);
  if (type_differs) return LinkError(imp, "incompatible import type", type_differs);
  if (!LimitsMatch(size, has_max, max, imp))
    return LinkError(imp, "incompatible import type", limits_differ);
  return WASMC_OK;
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

/* Checks what instantiation relies on, so a broken descriptor is an error
 * message rather than a wild pointer. */
static wasmc_status CheckModule(const wasmc_module* m) {
  if (m->abi_version != WASMC_ABI_VERSION)
    return Fail(WASMC_BAD_MODULE, "module descriptor has the wrong ABI version", 0, 0, 0);
  if (!RT_CHECK_DESC) return WASMC_OK;
  if (m->instance_size < WASMC_INSTANCE_HEADER_SIZE || m->instance_size > (1ull << 32))
    return Bad("instance_size too small");
  if (m->num_imported_funcs > m->num_funcs)
    return Bad("bad function counts");
  for (uint32_t i = 0; i < m->num_funcs; ++i) {
    if (m->funcs[i].type_index >= m->num_types)
      return Bad("bad function type");
    if (i >= m->num_imported_funcs && !m->funcs[i].code)
      return Bad("function without code");
  }
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const wasmc_export_desc* e = &m->exports[i];
    uint32_t limit = e->kind == WASMC_EXTERN_FUNC     ? m->num_funcs
                     : e->kind == WASMC_EXTERN_TABLE  ? m->num_tables
                     : e->kind == WASMC_EXTERN_MEMORY ? m->num_memories
                     : e->kind == WASMC_EXTERN_TAG    ? m->num_tags
                                                      : m->num_globals;
    if (e->index >= limit)
      return Fail(WASMC_BAD_MODULE, "module descriptor: ", "bad export index: ", e->name, 0);
  }
  for (uint32_t i = 0; i < m->num_datas; ++i)
    if (m->datas[i].mode == WASMC_SEGMENT_ACTIVE &&
        (m->datas[i].memory_index >= m->num_memories ||
         !ConstExprOk(m, &m->datas[i].offset, m->num_globals)))
      return Bad("data segment without memory");
  for (uint32_t i = 0; i < m->num_elems; ++i) {
    const wasmc_elem_desc* e = &m->elems[i];
    if (e->mode == WASMC_SEGMENT_ACTIVE &&
        (e->table_index >= m->num_tables || !ConstExprOk(m, &e->offset, m->num_globals)))
      return Bad("element segment without table");
    for (uint32_t k = 0; k < e->count; ++k)
      if (!ConstExprOk(m, &e->items[k], m->num_globals))
        return Bad("bad element item");
  }
  if (m->start_func >= (int64_t)m->num_funcs)
    return Bad("bad start function");
  return WASMC_OK;
}

/* The optional features (rt.h, RT_OPTIONAL): an entry is NULL in an executable whose
 * module needs none of it. volatile: read at run time, never turned into a call. */
static const volatile struct {
  wasmc_status (*imports)(const wasmc_module*, rt_instance*, const wasmc_import_desc*,
                          const wasmc_extern*, rt_link_counts*);
  void (*tags)(const wasmc_module*, rt_instance*, uint32_t);
  wasmc_status (*tables)(const wasmc_module*, rt_instance*, const rt_link_counts*);
  void (*elems)(wasmc_instance*);
} kFeatures RT_OPTIONAL(instance) = {wasmc_feature_imports, wasmc_feature_tags,
                                     wasmc_feature_tables, wasmc_feature_elems};

static wasmc_status rt_feature_missing(const char* what) {
  return Fail(WASMC_BAD_MODULE, "module descriptor: ", "runtime feature not linked in: ", what, 0);
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
  rt_instances_add(ri);
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
  ri->tags = Array(m->num_tags, sizeof(wasmc_tag*), &failed);
  ri->own_tags = Array(m->num_tags, sizeof(wasmc_tag), &failed);
  ri->global_types = Array(m->num_globals, sizeof(uint32_t), &failed);
  for (uint32_t i = 0; i < m->num_tags; ++i)
    if (RT_CHECK_DESC && (m->tags[i].type_index >= m->num_types))
      return Bad("bad tag type");
  if (failed) return Fail(WASMC_NO_MEMORY, "out of memory allocating an instance", 0, 0, 0);

  for (uint32_t i = 0; i < m->num_types; ++i) {
    type_ids[i] = rt_type_id_keyed(m->types[i].num_params, m->types[i].num_results,
                                   m->types[i].types, m->types[i].key_size);
    if (type_ids[i] == UINT32_MAX) return Fail(WASMC_NO_MEMORY, "out of memory", 0, 0, 0);
  }

  /* Imports, in order; each index space fills from 0 (imports come first). */
  rt_link_counts n = {0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < m->num_imports; ++i) {
    const wasmc_import_desc* imp = &m->imports[i];
    wasmc_extern ext;
    memset(&ext, 0, sizeof ext);
    if (!resolve || !resolve(user, imp->module, imp->name, &ext))
      return LinkError(imp, "unknown import", NULL);
    if (ext.kind != imp->kind) return LinkError(imp, "incompatible import type", "kind differs");
    if (imp->kind != WASMC_EXTERN_FUNC) {
      wasmc_status st = kFeatures.imports ? kFeatures.imports(m, ri, imp, &ext, &n)
                                          : rt_feature_missing("imports");
      if (st != WASMC_OK) return st;
      continue;
    }
    if (RT_CHECK_DESC && (n.nf >= m->num_imported_funcs || imp->index >= m->num_types))
      return Bad("bad function import");
    if (!ext.func.code) return LinkError(imp, "unknown import", "no code");
    if (ext.func.type_id != type_ids[imp->index])
      return LinkError(imp, "incompatible import type", "function signature differs");
    wasmc_instance* callee = ext.func.instance ? ext.func.instance : inst;
    inst->imports[n.nf] = (wasmc_import_func){ext.func.code, callee};
    inst->funcrefs[n.nf] =
        (wasmc_funcref){ext.func.code, callee, ext.func.type_id, n.nf, ext.func.callee_pops};
    ++n.nf;
  }
  if (RT_CHECK_DESC && (n.nf != m->num_imported_funcs))
    return Bad("import counts disagree");

  if (m->num_elems && !kFeatures.elems) return rt_feature_missing("element segments");
  if (m->num_const_ops && !rt_const_programs_linked())  /* (or table initialisers) */
    return rt_feature_missing("extended constant expressions");
  if (m->num_tags > n.ntag) {  /* defined tags */
    if (!kFeatures.tags) return rt_feature_missing("tags");
    kFeatures.tags(m, ri, n.ntag);
  }

  /* Defined functions. */
  for (uint32_t i = n.nf; i < m->num_funcs; ++i)
    inst->funcrefs[i] =
        (wasmc_funcref){m->funcs[i].code, inst, type_ids[m->funcs[i].type_index], i, 1};

  /* Defined memories and tables. */
  for (uint32_t i = n.nm; i < m->num_memories; ++i) {
    const wasmc_limits_desc* l = &m->memories[i];
    ri->memories[i] = rt_memory_new64(l->min, l->max, l->has_max, l->is64);
    if (!ri->memories[i])
      return Fail(WASMC_NO_MEMORY, "cannot reserve linear memory (mmap failed)", 0, 0, 0);
    ri->memories[i]->shared = l->shared;
    ri->memory_has_max[i] = l->has_max;
    ri->owns_memory[i] = 1;
  }
  if (m->num_tables > n.nt) {
    wasmc_status st = kFeatures.tables ? kFeatures.tables(m, ri, &n) : rt_feature_missing("tables");
    if (st != WASMC_OK) return st;
  }
  if (m->num_tables) inst->table0 = inst->tables[0];  /* imported or defined: all set now */
  inst->memories = ri->memories;
  if (m->num_memories) {
    inst->mem0 = ri->memories[0];
    inst->mem0_base = ri->memories[0]->base;
  }

  /* Defined globals: cell d at header + 16 * d; initialisers may read imported
   * globals and take ref.func of any function, both ready by now. */
  wasmc_val* cells = (wasmc_val*)((uint8_t*)inst + WASMC_INSTANCE_HEADER_SIZE);
  uint64_t defined = m->num_globals - n.ng;
  if (RT_CHECK_DESC && (WASMC_INSTANCE_HEADER_SIZE + 16 * defined > m->instance_size))
    return Bad("instance_size too small");
  for (uint32_t g = n.ng; g < m->num_globals; ++g) {
    const wasmc_const_expr* e = &m->globals[g].init;
    if (RT_CHECK_DESC && (!ConstExprOk(m, e, g)))
      return Bad("bad global initialiser");
    ri->global_types[g] = CanonicalType(m, type_ids, m->globals[g].val_type, m->globals[g].ref_type);
    if (RT_CHECK_DESC && (ri->global_types[g] == UINT32_MAX))
      return Bad("bad global type");
    inst->globals[g] = &cells[g - n.ng];
    cells[g - n.ng] = rt_eval_const(inst, e);
  }
  *out = inst;
  return WASMC_OK;
}

wasmc_status wasmc_feature_imports(const wasmc_module* m, rt_instance* ri,
                                   const wasmc_import_desc* imp, const wasmc_extern* ext_in,
                                   rt_link_counts* n) {
  wasmc_instance* inst = ri->inst;
  const uint32_t* type_ids = inst->type_ids;
  const wasmc_extern ext = *ext_in;
  switch (imp->kind) {
    case WASMC_EXTERN_TABLE: {
      wasmc_table* t = ext.table;
      if (RT_CHECK_DESC && (n->nt >= m->num_tables || !t))
        return Bad("bad table import");
      uint32_t want = CanonicalType(m, type_ids, imp->val_type, imp->ref_type);
      if (RT_CHECK_DESC && (want == UINT32_MAX))
        return Bad("bad table type");
      /* tables are invariant in their element type */
      wasmc_status st = TableOrMemoryMatch(
          imp, t->is64, "table address types differ",
          TableType(t) != want ? "element type differs" : NULL, t->size, ext.has_max, t->max,
          "table limits do not match");
      if (st != WASMC_OK) return st;
      inst->tables[n->nt] = t;
      ri->table_has_max[n->nt] = ext.has_max;
      ++n->nt;
      break;
    }
    case WASMC_EXTERN_MEMORY: {
      wasmc_memory* mem = ext.memory;
      if (RT_CHECK_DESC && (n->nm >= m->num_memories || !mem))
        return Bad("bad memory import");
      wasmc_status st = TableOrMemoryMatch(imp, mem->is64, "memory address types differ", NULL,
                                           mem->size / WASMC_PAGE_SIZE, ext.has_max,
                                           mem->max_pages, "memory limits do not match");
      if (st != WASMC_OK) return st;
      if (!mem->shared != !m->memories[n->nm].shared)
        return LinkError(imp, "incompatible import type", "shared and unshared memories do not match");
      ri->memories[n->nm] = mem;
      ri->memory_has_max[n->nm] = ext.has_max;
      ++n->nm;
      break;
    }
    case WASMC_EXTERN_GLOBAL: {
      if (RT_CHECK_DESC && (n->ng >= m->num_globals || !ext.global))
        return Bad("bad global import");
      uint32_t want = CanonicalType(m, type_ids, imp->val_type, imp->ref_type);
      if (RT_CHECK_DESC && (want == UINT32_MAX))
        return Bad("bad global type");
      uint32_t have = ext.global_ref_type ? ext.global_ref_type : ext.global_type;
      /* immutable globals are covariant, mutable ones invariant */
      if (ext.global_mut != imp->mut || (imp->mut ? have != want : !IsSubtype(have, want)))
        return LinkError(imp, "incompatible import type", "global type differs");
      ri->global_types[n->ng] = have;
      inst->globals[n->ng] = ext.global;
      ++n->ng;
      break;
    }
    case WASMC_EXTERN_TAG: {
      if (RT_CHECK_DESC && (n->ntag >= m->num_tags || imp->index >= m->num_types || !ext.tag))
        return Bad("bad tag import");
      if (ext.tag->type_id != type_ids[imp->index])
        return LinkError(imp, "incompatible import type", "tag type differs");
      ri->tags[n->ntag++] = ext.tag;
      break;
    }
    default:
      return Bad("bad import kind");
  }
  return WASMC_OK;
}

void wasmc_feature_tags(const wasmc_module* m, rt_instance* ri, uint32_t ntag) {
  const uint32_t* type_ids = ri->inst->type_ids;
  /* One object per defined tag, identity by address. */
  for (uint32_t i = ntag; i < m->num_tags; ++i) {
    const wasmc_tag_desc* d = &m->tags[i];
    /* num_params counts payload words: a v128 param takes two (compiler/lower/ir_builder.cc) */
    const wasmc_type_desc* t = &m->types[d->type_index];
    uint32_t words = t->num_params;
    for (uint32_t k = 0; k < t->num_params; ++k) words += t->types[k] == 0x7b;
    ri->own_tags[i] = (wasmc_tag){type_ids[d->type_index], words, d->name};
    ri->tags[i] = &ri->own_tags[i];
  }
}

wasmc_status wasmc_feature_tables(const wasmc_module* m, rt_instance* ri, const rt_link_counts* n) {
  wasmc_instance* inst = ri->inst;
  const uint32_t* type_ids = inst->type_ids;
  const uint32_t nt = n->nt, ng = n->ng;
  for (uint32_t i = nt; i < m->num_tables; ++i) {
    const wasmc_limits_desc* l = &m->tables[i];
    if (l->min > 0xffffffffull)
      return Bad("table too large");
    uint32_t max = l->max > 0xffffffffull ? 0xffffffffu : (uint32_t)l->max;
    inst->tables[i] = rt_table_new(l->elem_type, (uint32_t)l->min, max, l->has_max);
    if (!inst->tables[i]) return Fail(WASMC_NO_MEMORY, "cannot allocate a table", 0, 0, 0);
    inst->tables[i]->is64 = l->is64;
    inst->tables[i]->ref_type = CanonicalType(m, type_ids, l->elem_type, l->ref_type);
    if (RT_CHECK_DESC && (inst->tables[i]->ref_type == UINT32_MAX))
      return Bad("bad table type");
    if (l->has_init) {  /* 3.0 table initializer: imported globals and ref.func only */
      if (RT_CHECK_DESC && (l->init_op >= m->num_const_ops || !ConstExprOk(m, &m->const_ops[l->init_op], ng)))
        return Bad("bad table initialiser");
      const void* v = rt_eval_const(inst, &m->const_ops[l->init_op]).ref;
      for (uint32_t k = 0; k < (uint32_t)l->min; ++k) rt_table_put(inst->tables[i], k, v);
    }
    ri->table_has_max[i] = l->has_max;
    ri->owns_table[i] = 1;
  }
  return WASMC_OK;
}

void wasmc_feature_elems(wasmc_instance* inst) {
  const wasmc_module* m = inst->module;
  for (uint32_t i = 0; i < m->num_elems; ++i) {
    const wasmc_elem_desc* seg = &m->elems[i];
    if (seg->mode == WASMC_SEGMENT_ACTIVE) {
      wasmc_val off = rt_eval_const(inst, &seg->offset);
      uint64_t dst = inst->tables[seg->table_index]->is64 ? off.i64 : off.i32;
      if (dst > 0xffffffffull) wasmc_rt_trap(inst, WASMC_TRAP_TABLE_OOB);
      wasmc_rt_table_init(inst, seg->table_index, i, (uint32_t)dst, 0, seg->count);
    }
    if (seg->mode != WASMC_SEGMENT_PASSIVE) inst->elem_dropped[i] = 1;
  }
}

/* Calls the wasm function `code` of type [] -> [] (the start function) from C. The
 * code of a sole module (an executable's) keeps the instance and memory 0's base pinned
 * through all its functions and expects them on entry (x86-64: r15 and r14; AArch64: x28
 * and x27; docs/backend.md, "Calls between wasm functions"): this entry sets them and
 * restores C's. Other functions set their own (from the instance, still passed as the
 * first argument), so the entry suits every module. */
#if defined(__x86_64__)
void rt_call_start(wasmc_instance* inst, const void* code);
__asm__(
    ".pushsection .text.rt_call_start, \"ax\", @progbits\n"
    ".globl rt_call_start\n"
    ".hidden rt_call_start\n"
    ".type rt_call_start, @function\n"
    "rt_call_start:\n"
    "  push %rbp\n"
    "  mov %rsp, %rbp\n"
    "  push %r14\n"
    "  push %r15\n"
    "  mov %rdi, %r15\n"
    "  mov (%rdi), %r14\n"
    "  call *%rsi\n"
    "  pop %r15\n"
    "  pop %r14\n"
    "  pop %rbp\n"
    "  ret\n"
    ".size rt_call_start, .-rt_call_start\n"
    ".popsection\n");
#elif defined(__aarch64__)
void rt_call_start(wasmc_instance* inst, const void* code);
__asm__(
    ".pushsection .text.rt_call_start, \"ax\", %progbits\n"
    ".globl rt_call_start\n"
    ".hidden rt_call_start\n"
    ".type rt_call_start, %function\n"
    "rt_call_start:\n"
    "  stp x29, x30, [sp, #-32]!\n"
    "  mov x29, sp\n"
    "  stp x27, x28, [sp, #16]\n"
    "  mov x28, x0\n"
    "  ldr x27, [x0]\n"
    "  blr x1\n"
    "  ldp x27, x28, [sp, #16]\n"
    "  ldp x29, x30, [sp], #32\n"
    "  ret\n"
    ".size rt_call_start, .-rt_call_start\n"
    ".popsection\n");
#else
static void rt_call_start(wasmc_instance* inst, const void* code) {
  ((void (*)(wasmc_instance*))code)(inst);
}
#endif

void rt_instantiate_run(wasmc_instance* inst) {
  const wasmc_module* m = inst->module;
  if (m->num_elems) kFeatures.elems(inst);  /* present: rt_instantiate_link checked */
  for (uint32_t i = 0; i < m->num_datas; ++i) {
    const wasmc_data_desc* seg = &m->datas[i];
    if (seg->mode != WASMC_SEGMENT_ACTIVE) continue;
    wasmc_memory* mem = rt_instance_of(inst)->memories[seg->memory_index];
    wasmc_val off = rt_eval_const(inst, &seg->offset);
    uint64_t dst = mem->is64 ? off.i64 : off.i32;
    if (dst > mem->size || seg->size > mem->size - dst) wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
    if (seg->size) memcpy(mem->base + dst, seg->bytes, seg->size);
    inst->data_dropped[i] = 1;
  }
  if (m->start_func >= 0) {
    const wasmc_funcref* f = &inst->funcrefs[m->start_func];
    rt_call_start(f->instance, f->code);
  }
}

const char* rt_name_for_message(const char* name, size_t len, char* buf, size_t cap) {
  if (len > cap - 1) len = cap - 1;
  memcpy(buf, name, len);
  buf[len] = 0;
  return buf;
}

wasmc_status wasmc_instance_export(wasmc_instance* inst, const char* name, wasmc_extern* out) {
  return wasmc_instance_export_n(inst, name, strlen(name), out);
}

wasmc_status wasmc_instance_export_n(wasmc_instance* inst, const char* name, size_t len,
                                     wasmc_extern* out) {
  const wasmc_module* m = inst->module;
  rt_instance* ri = rt_instance_of(inst);
  memset(out, 0, sizeof *out);
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const wasmc_export_desc* e = &m->exports[i];
    if (!rt_export_named(e, name, len)) continue;
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
        out->global_ref_type = ri->global_types[e->index];
        break;
      case WASMC_EXTERN_TAG: out->tag = ri->tags[e->index]; break;
    }
    return WASMC_OK;
  }
  char buf[128];
  return Fail(WASMC_NOT_FOUND, "no export named ", rt_name_for_message(name, len, buf, sizeof buf), 0, 0);
}
