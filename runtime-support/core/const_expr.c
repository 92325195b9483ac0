/* Constant expressions of a module descriptor (abi.h: wasmc_const_expr): global
 * initialisers, segment offsets and element items. Below both instantiation
 * (instance.c) and the table helpers (helpers.c: table.init), which read them. */
#include "core/rt.h"

wasmc_val rt_eval_const(wasmc_instance* inst, const wasmc_const_expr* e) {
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
  }
  return v;
}

/* An element item's value: a funcref/externref pointer. */
const void* rt_elem_item(wasmc_instance* inst, const wasmc_elem_desc* seg, uint32_t i) {
  return rt_eval_const(inst, &seg->items[i]).ref;
}
