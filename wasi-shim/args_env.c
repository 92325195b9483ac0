/* args_* and environ_*: the guest sees argv as given and only the environment
 * entries the manifest grants (collected in shim_state.env by init.c). */
#include "shim.h"

/* Writes `n` strings as a pointer array at `ptrs` and their bytes at `buf`. */
static uint32_t PutStrings(wasmc_instance* inst, const char* const* s, uint32_t n,
                           uint32_t ptrs, uint32_t buf) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) total += ShimStrLen(s[i]) + 1;
  uint8_t* p = ShimGuest(inst, ptrs, (uint64_t)n * 4);
  uint8_t* b = ShimGuest(inst, buf, total);
  uint32_t off = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t len = ShimStrLen(s[i]) + 1;
    ShimStore32(p + 4 * i, buf + off);
    __builtin_memcpy(b + off, s[i], len);
    off += (uint32_t)len;
  }
  return WASI_ESUCCESS;
}

static uint32_t PutSizes(wasmc_instance* inst, const char* const* s, uint32_t n,
                         uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) total += ShimStrLen(s[i]) + 1;
  if (total > 0xffffffffu) return WASI_EOVERFLOW;
  ShimPut32(inst, count_ptr, n);
  ShimPut32(inst, size_ptr, (uint32_t)total);
  return WASI_ESUCCESS;
}

uint32_t wasi_args_get(wasmc_instance* inst, uint32_t argv, uint32_t argv_buf) {
  return PutStrings(inst, (const char* const*)shim_state.argv, (uint32_t)shim_state.argc, argv, argv_buf);
}

uint32_t wasi_args_sizes_get(wasmc_instance* inst, uint32_t argc_ptr, uint32_t argv_buf_size_ptr) {
  return PutSizes(inst, (const char* const*)shim_state.argv, (uint32_t)shim_state.argc, argc_ptr,
                  argv_buf_size_ptr);
}

uint32_t wasi_environ_get(wasmc_instance* inst, uint32_t environ, uint32_t environ_buf) {
  return PutStrings(inst, shim_state.env, shim_state.num_env, environ, environ_buf);
}

uint32_t wasi_environ_sizes_get(wasmc_instance* inst, uint32_t count_ptr, uint32_t buf_size_ptr) {
  return PutSizes(inst, shim_state.env, shim_state.num_env, count_ptr, buf_size_ptr);
}
