/* The C host of wasm-convention-host.test: its import writes xmm8-xmm15, which C
 * code may do (SysV keeps no XMM register across a call), and the wasm code must keep
 * its f64 values anyway: call_indirect reaching it counts as a C call, and a tail
 * call to it from wasm code is a call, then a return (docs/backend.md "Calls between
 * wasm functions"). */
#include <stdio.h>
#include <string.h>

#include "wasmc/runtime.h"

static int calls;

static double Clobber(wasmc_instance* inst, double x) {
  (void)inst;
  ++calls;
#if defined(__x86_64__)
  __asm__ volatile(
      "pcmpeqd %%xmm8, %%xmm8\n\tpcmpeqd %%xmm9, %%xmm9\n\tpcmpeqd %%xmm10, %%xmm10\n\t"
      "pcmpeqd %%xmm11, %%xmm11\n\tpcmpeqd %%xmm12, %%xmm12\n\tpcmpeqd %%xmm13, %%xmm13\n\t"
      "pcmpeqd %%xmm14, %%xmm14\n\tpcmpeqd %%xmm15, %%xmm15"
      ::: "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
  return x * 2;
}

/* The one import, host.clobber: (f64) -> f64. */
static int Resolve(void* user, const char* module, const char* name, wasmc_extern* out) {
  static const uint8_t kF64ToF64[] = {0x7c, 0x7c};
  (void)user;
  const int match = strcmp(module, "host") == 0 && strcmp(name, "clobber") == 0;
  if (match) {
    out->kind = WASMC_EXTERN_FUNC;
    out->func.type_id = wasmc_canonical_type_id(1, 1, kF64ToF64);
    out->func.code = (const void*)&Clobber;
  }
  return match;
}

int main(void) {
  wasmc_instance* inst = NULL;
  if (wasmc_host_init() != 0 || wasmc_instantiate(&wasmc_module_desc, Resolve, NULL, &inst) != WASMC_OK) {
    printf("cannot instantiate: %s\n", wasmc_last_message());
    return 1;
  }
  static const char* const kExports[] = {"indirect", "tail"};
  for (int k = 0; k < 2; ++k) {
    wasmc_val slots[1] = {{.f64 = 2.5}};
    wasmc_status s = wasmc_call(inst, kExports[k], slots);
    printf("%s: status %d result %u\n", kExports[k], s, slots[0].i32);
  }
  printf("host calls: %d\n", calls);
  return 0;
}
