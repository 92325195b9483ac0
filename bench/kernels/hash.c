/* Integer: CRC-32 (table driven, byte at a time), FNV-1a and a 64-bit multiply/rotate
 * mixer over a 1 MB buffer: dependent ALU chains, table lookups, 64-bit multiplies. */
#include "bench.h"

#define LEN (1 << 20)
static uint8_t buf[LEN];
static uint32_t crc_table[256];

static void CrcInit(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t Crc32(const uint8_t *p, size_t n, uint32_t crc) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint32_t Fnv1a(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
  return h;
}

static uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t MixHash(const uint8_t *p, size_t n, uint64_t seed) {
  uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ull);
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, p + i, 8);
    v *= 0x87c37b91114253d5ull;
    v = Rotl(v, 31);
    v *= 0x4cf5ad432745937full;
    h ^= v;
    h = Rotl(h, 27) * 5 + 0x52dce729;
  }
  h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33;
  return h;
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 60);
  uint32_t s = bench_seed;
  for (size_t i = 0; i < LEN; i++) buf[i] = (uint8_t)BenchRand(&s);
  CrcInit();
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    buf[r % LEN] ^= (uint8_t)r;
    h = BenchMix(h, Crc32(buf, LEN, (uint32_t)r));
    h = BenchMix(h, Fnv1a(buf, LEN));
    h = BenchMix(h, MixHash(buf, LEN, (uint64_t)r));
  }
  return BenchReport(h);
}
