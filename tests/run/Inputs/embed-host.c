/* The C host of embed-hosted.test: instantiates a `wasmc -c` object with the
 * hosted runtime (runtime.h), provides its import, calls its exports directly
 * (wasm-native entries, docs/embedding.md) and through wasmc_call (traps caught). */
#include <stdio.h>
#include <string.h>

#include "wasmc/runtime.h"

/* The prototypes `wasmc --emit=header` declares for Inputs/embed-lib.wat. */
uint32_t wasmc_export_add(wasmc_instance* inst, uint32_t p0, uint32_t p1);
void wasmc_export_div__mod(wasmc_instance* inst, wasmc_val* results, uint32_t p0, uint32_t p1);

static void Log(wasmc_instance* inst, uint32_t v) { printf("log %u\n", v); }

static int Resolve(void* user, const char* module, const char* name, wasmc_extern* out) {
  static const uint8_t kParams[] = {0x7f};
  if (strcmp(module, "host") != 0 || strcmp(name, "log") != 0) return 0;
  out->kind = WASMC_EXTERN_FUNC;
  out->func.code = (const void*)&Log;
  out->func.type_id = wasmc_canonical_type_id(1, 0, kParams);
  return 1;
}

int main(void) {
  if (wasmc_host_init() != 0) return 1;
  wasmc_instance* inst;
  if (wasmc_instantiate(&wasmc_module_desc, Resolve, NULL, &inst) != WASMC_OK) {
    printf("instantiate: %s\n", wasmc_last_message());
    return 1;
  }
  printf("add: %u\n", wasmc_export_add(inst, 2, 3));
  wasmc_val r[2];
  wasmc_export_div__mod(inst, r, 17, 5);
  printf("div_mod: %u %u\n", r[0].i32, r[1].i32);

  wasmc_val slots[2] = {{.i32 = 40}, {.i32 = 2}};
  wasmc_status s = wasmc_call(inst, "add", slots);
  printf("call add: status %d result %u\n", s, slots[0].i32);
  slots[0].i32 = 7;
  slots[1].i32 = 0;
  s = wasmc_call(inst, "div_mod", slots);
  printf("call div_mod: status %d (%s)\n", s, s == WASMC_TRAPPED ? wasmc_last_message() : "ok");

  wasmc_extern count;
  if (wasmc_instance_export(inst, "count", &count) != WASMC_OK) return 1;
  printf("count: %u\n", count.global->i32);
  return 0;
}
