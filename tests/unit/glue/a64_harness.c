/* Freestanding AArch64 harness for glue_test's A64 test: links with the AArch64
 * object that CompileToObject makes from glue_test's ReexportModule() (only
 * re-exported imports, so no function code generator is needed) and calls every
 * export through its array trampoline from wasmc_module_desc, with "imports"
 * that are the C functions below. Runs under qemu-aarch64; exit status = number
 * of failed checks (255: an export is missing). */
#include <stdint.h>

#include "wasmc/abi.h"

static wasmc_instance caller, callee;
static wasmc_import_func imports[5];
static int failures;
static wasmc_instance* seen_inst;
static uint64_t seen_ints[8];
static double seen_fps[10];

static void Check(int ok) { failures += !ok; }

static uint32_t Mixed(wasmc_instance* inst, uint32_t a, uint64_t b, float c, double d) {
  seen_inst = inst;
  seen_ints[0] = a;
  seen_ints[1] = b;
  seen_fps[0] = c;
  seen_fps[1] = d;
  return a * 3 + (uint32_t)b;
}

static double Many(wasmc_instance* inst, uint64_t i0, double f0, uint64_t i1, double f1,
                   uint64_t i2, double f2, uint64_t i3, double f3, uint64_t i4, double f4,
                   uint64_t i5, double f5, uint64_t i6, double f6, double f7, double f8,
                   double f9) {
  seen_inst = inst;
  seen_ints[6] = i6;
  seen_fps[9] = f9;
  return (double)(i0 + i1 + i2 + i3 + i4 + i5 + i6) + f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 +
         f8 + f9;
}

static void Multi(wasmc_instance* inst, wasmc_val* results, uint32_t a, double b) {
  seen_inst = inst;
  results[0].i64 = (uint64_t)a << 32;
  results[1].f32 = (float)b * 2;
  results[2].i32 = a + 1;
}

static float ReturnsF32(wasmc_instance* inst, float x) { return x + 0.5f; }
static void Nothing(wasmc_instance* inst) { seen_inst = inst; }

static int Same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

typedef void (*Trampoline)(wasmc_instance*, wasmc_val*);

__attribute__((noreturn)) static void Exit(long code) {
  register long x0 __asm__("x0") = code;
  register long x8 __asm__("x8") = 93; /* exit */
  for (;;) __asm__ volatile("svc #0" : : "r"(x0), "r"(x8));
}

static Trampoline Find(const char* name) {
  for (uint32_t i = 0; i < wasmc_module_desc.num_exports; ++i)
    if (Same(wasmc_module_desc.exports[i].name, name)) return wasmc_module_desc.exports[i].trampoline;
  Exit(255);
}

void _start(void) {
  const void* code[5] = {(const void*)&Mixed, (const void*)&Many, (const void*)&Multi,
                         (const void*)&ReturnsF32, (const void*)&Nothing};
  for (int i = 0; i < 5; ++i) {
    imports[i].code = code[i];
    imports[i].instance = &callee;
  }
  caller.imports = imports;
  Check(wasmc_module_desc.abi_version == WASMC_ABI_VERSION);

  static wasmc_val s[17];
  s[0].i32 = 7;
  s[1].i64 = 0x100000005ull;
  s[2].f32 = 1.5f;
  s[3].f64 = -2.25;
  Find("re-mixed")(&caller, s);
  Check(seen_inst == &callee);
  Check(seen_ints[0] == 7 && seen_ints[1] == 0x100000005ull);
  Check(seen_fps[0] == 1.5 && seen_fps[1] == -2.25);
  Check(s[0].i32 == 7 * 3 + 5);

  double expected = 0;
  for (int i = 0; i < 17; ++i) {
    int is_int = i < 14 ? i % 2 == 0 : 0;
    if (is_int) s[i].i64 = 1000 + i, expected += 1000 + i;
    else s[i].f64 = 0.25 * i, expected += 0.25 * i;
  }
  Find("re-many")(&caller, s);
  Check(seen_ints[6] == 1012);
  Check(seen_fps[9] == 0.25 * 16);
  Check(s[0].f64 == expected);

  s[0].i32 = 9;
  s[1].f64 = 1.25;
  Find("re-multi")(&caller, s);
  Check(s[0].i64 == (uint64_t)9 << 32);
  Check(s[1].f32 == 2.5f);
  Check(s[2].i32 == 10);

  s[0].f32 = 2.0f;
  Find("re-f32")(&caller, s);
  Check(s[0].f32 == 2.5f);

  seen_inst = 0;
  Find("re-nothing")(&caller, s);
  Check(seen_inst == &callee);

  /* The wasm-native export thunk of a re-exported import. */
  extern uint32_t wasmc_export_my__fn(wasmc_instance*, uint32_t, uint64_t, float, double);
  Check(wasmc_export_my__fn(&caller, 2, 10, 0.f, 0.0) == 16);
  Exit(failures);
}
