/* Canonical signature ids, process-wide: two function types get the same id iff
 * they have the same params and results. call_indirect compares these ids, so
 * they must agree across every instance in the process. A plain type's id is fixed
 * (abi.h, wasmc_plain_type_id: compiled code compares with it as a constant); every
 * other type is an entry of the registry below, its id WASMC_REGISTERED_TYPE_ID_BASE
 * + the entry's index, in the order types are first seen. Entries are never freed. */
#include "core/rt.h"

typedef struct rt_sig {
  uint32_t num_params, num_results, key_size;
  const uint8_t* types;
} rt_sig;

static rt_sig* sigs;
static uint32_t num_sigs, cap_sigs;

uint32_t rt_type_id(uint32_t np, uint32_t nr, const uint8_t* types) {
  return rt_type_id_keyed(np, nr, types, 0);
}

uint32_t rt_type_id_keyed(uint32_t np, uint32_t nr, const uint8_t* types, uint32_t key_size) {
  if (!key_size) {
    uint32_t plain = wasmc_plain_type_id(np, nr, types);
    if (plain != UINT32_MAX) return plain;
  }
  uint32_t n = np + nr + key_size;
  for (uint32_t i = 0; i < num_sigs; ++i) {
    if (sigs[i].num_params == np && sigs[i].num_results == nr && sigs[i].key_size == key_size &&
        (n == 0 || memcmp(sigs[i].types, types, n) == 0))
      return WASMC_REGISTERED_TYPE_ID_BASE + i;
  }
  if (num_sigs == WASMC_TYPE_ID_LIMIT - WASMC_REGISTERED_TYPE_ID_BASE) return UINT32_MAX;
  if (num_sigs == cap_sigs) {
    uint32_t cap = cap_sigs ? cap_sigs * 2 : 64;
    rt_sig* grown = rt_alloc(cap * sizeof(rt_sig));
    if (!grown) return UINT32_MAX;
    if (sigs) {
      memcpy(grown, sigs, num_sigs * sizeof(rt_sig));
      rt_free(sigs, cap_sigs * sizeof(rt_sig));
    }
    sigs = grown;
    cap_sigs = cap;
  }
  uint8_t* copy = NULL;
  if (n) {
    copy = rt_alloc(n);
    if (!copy) return UINT32_MAX;
    memcpy(copy, types, n);
  }
  sigs[num_sigs] = (rt_sig){np, nr, key_size, copy};
  return WASMC_REGISTERED_TYPE_ID_BASE + num_sigs++;
}

uint32_t wasmc_canonical_type_id(uint32_t num_params, uint32_t num_results,
                                 const uint8_t* types) {
  return rt_type_id(num_params, num_results, types);
}
