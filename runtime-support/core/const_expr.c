/* Constant expressions of a module descriptor (abi.h: wasmc_const_expr): global
 * initialisers, segment offsets and element items. Below both instantiation
 * (instance.c) and the table helpers (helpers.c: table.init), which read them. */
#include "core/rt.h"

/* An extended constant expression (abi.h, WASMC_CONST_PROGRAM): the compiler typed
 * it and bounded its depth by WASMC_CONST_STACK; Instantiate checked its range.
 * An optional feature (rt.h, RT_OPTIONAL): linked into executables whose module has
 * one (compiler/lower/descriptor.cc names wasmc_feature_const_program). */
wasmc_val wasmc_feature_const_program(wasmc_instance* inst, const wasmc_const_expr* e) {
  wasmc_val stack[WASMC_CONST_STACK];
  uint32_t n = 0;
  const wasmc_const_expr* ops = inst->module->const_ops + e->bits[0];
  for (uint32_t i = 0; i < e->index; ++i) {
    const wasmc_const_expr* op = &ops[i];
    if (op->kind < WASMC_CONST_I32_ADD) {
      if (n < WASMC_CONST_STACK) stack[n++] = rt_eval_const(inst, op);
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

static wasmc_val (*const volatile eval_program)(wasmc_instance*, const wasmc_const_expr*)
    RT_OPTIONAL(const_program) = wasmc_feature_const_program;

int rt_const_programs_linked(void) { return eval_program != 0; }

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
    case WASMC_CONST_PROGRAM: v = eval_program(inst, e); break;  /* instance.c checked it */
  }
  return v;
}

/* An element item's value: a funcref/externref pointer. */
const void* rt_elem_item(wasmc_instance* inst, const wasmc_elem_desc* seg, uint32_t i) {
  return rt_eval_const(inst, &seg->items[i]).ref;
}
