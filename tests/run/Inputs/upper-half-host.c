/* The C host of i32-upper-half.test: calls exports of Inputs/upper-half-lib.wat with
 * 64-bit arguments whose upper halves are garbage (a C caller of an i32 param may leave
 * anything there) and prints the full 64-bit result registers: an i32 result must come
 * back zero-extended, whatever the function skipped at entry (docs/backend.md). */
#include <inttypes.h>
#include <stdio.h>

#include "wasmc/runtime.h"

uint64_t wasmc_export_sub(wasmc_instance* inst, uint64_t p0, uint64_t p1);
uint64_t wasmc_export_early(wasmc_instance* inst, uint64_t p0);
uint64_t wasmc_export_ext(wasmc_instance* inst, uint64_t p0);
uint64_t wasmc_export_shl(wasmc_instance* inst, uint64_t p0, uint64_t p1);
uint64_t wasmc_export_load(wasmc_instance* inst, uint64_t p0);
uint64_t wasmc_export_cmp(wasmc_instance* inst, uint64_t p0, uint64_t p1);

static int Resolve(void* user, const char* module, const char* name, wasmc_extern* out) {
  return 0;
}

int main(void) {
  wasmc_instance* inst = NULL;
  if (wasmc_host_init() != 0 ||
      wasmc_instantiate(&wasmc_module_desc, Resolve, NULL, &inst) != WASMC_OK) {
    printf("no instance: %s\n", wasmc_last_message());
    return 1;
  }
  const uint64_t g = 0xdead000000000000ull;
  printf("sub %" PRIx64 "\n", wasmc_export_sub(inst, g | 7, g | 3));
  printf("early %" PRIx64 "\n", wasmc_export_early(inst, g | 5));
  printf("early %" PRIx64 "\n", wasmc_export_early(inst, g | 25));
  printf("ext %" PRIx64 "\n", wasmc_export_ext(inst, g | 0x80000001u));
  printf("shl %" PRIx64 "\n", wasmc_export_shl(inst, g | 0x80000001u, g));
  printf("load %" PRIx64 "\n", wasmc_export_load(inst, g | 16));
  printf("cmp %" PRIx64 "\n", wasmc_export_cmp(inst, g | 0x80000001u, 1));
  return 0;
}
