/* The import resolver (shim.h: wasmc_wasi_resolve), called by the runtime for
 * each wasi_snapshot_preview1 import. It names every call of calls.def, so it
 * stands above all the files that define them, apart from the helpers they share
 * (state.c). */
#include "linux.h"
#include "shim.h"

/* wasmc's executables do not use this resolver: their descriptor points at each
 * imported wasi_<call> (abi.h wasmc_import_desc.host, compiler/lower/descriptor.cc),
 * so only those calls are linked in and no names are looked up at start. It serves
 * `wasmc -c` objects linked with libwasmc_rt.a by another linker (runtime-support/
 * freestanding/start.c reaches it through an optional reference).
 * The table is generated from calls.def, or from calls_min.def for the minimal
 * runtime image (SHIM_MIN_CALLS, runtime-support/CMakeLists.txt). The functions
 * are an optional reference (shim.h, SHIM_OPTIONAL) too. */
static const char* const kNames[] = {
#ifdef SHIM_MIN_CALLS
#define WASI_MIN_CALL(name) #name,
#include "calls_min.def"
#undef WASI_MIN_CALL
#else
#define WASI_CALL(name, params, results, c_ret, c_params) #name,
#include "calls.def"
#undef WASI_CALL
#endif
};
static const void* const volatile kFns[] SHIM_OPTIONAL(calls) = {
#ifdef SHIM_MIN_CALLS
#define WASI_MIN_CALL(name) (const void*)&wasi_##name,
#include "calls_min.def"
#undef WASI_MIN_CALL
#else
#define WASI_CALL(name, params, results, c_ret, c_params) (const void*)&wasi_##name,
#include "calls.def"
#undef WASI_CALL
#endif
};

/* calls.def's numbering of the calls of kFns (the seccomp filter's bit set). */
enum {
#define WASI_CALL(name, params, results, c_ret, c_params) kCall_##name,
#include "calls.def"
#undef WASI_CALL
  kNumCalls
};
_Static_assert(kNumCalls <= 64, "ShimLinkedCalls returns a 64-bit set");
static const uint8_t kIndex[] = {
#ifdef SHIM_MIN_CALLS
#define WASI_MIN_CALL(name) kCall_##name,
#include "calls_min.def"
#undef WASI_MIN_CALL
#else
#define WASI_CALL(name, params, results, c_ret, c_params) kCall_##name,
#include "calls.def"
#undef WASI_CALL
#endif
};

uint64_t ShimLinkedCalls(void) {
  uint64_t set = 0;
  for (uint64_t i = 0; i < sizeof kIndex / sizeof kIndex[0]; ++i)
    if (kFns[i]) set |= 1ull << kIndex[i];
  return set;
}

const void* wasmc_wasi_resolve(const char* module, const char* name) {
  /* Only preview1: "wasi_unstable" (preview0) has different struct layouts. */
  if (!ShimStrEq(module, "wasi_snapshot_preview1")) return 0;
  for (uint64_t i = 0; i < sizeof kNames / sizeof kNames[0]; ++i)
    if (ShimStrEq(kNames[i], name)) return kFns[i];
  return 0;
}
