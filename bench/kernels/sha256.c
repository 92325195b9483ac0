/* Integer: SHA-256 (FIPS 180-4) written out plainly, one 64-byte block at a time: a 64-word
 * message schedule, eight working variables rotated through 64 rounds of 32-bit rotates,
 * xors, ands and adds. Hashes a 1 MB buffer repeatedly (each round's digest is written back
 * into the buffer, so no round can be skipped); checks itself on the FIPS "abc" vector. */
#include "bench.h"

#define LEN (1 << 20)
static uint8_t buf[LEN];

/* FIPS 180-4's constants, derived here from their definition rather than typed in: the round
 * constants are the first 32 bits of the fractional parts of the cube roots of the first 64
 * primes, the initial hash words those of the square roots of the first 8 primes. */
static uint32_t kRound[64], kInit[8];

/* floor(x) for x = the `root`-th root of (p * 2^(32 * root)), i.e. floor(root(p) * 2^32), by
 * bisection on exact 128-bit integer arithmetic (no libm, the same on every target). */
static uint64_t FixedRoot(uint32_t p, int root) {
  unsigned __int128 target = (unsigned __int128)p << (32 * root);
  uint64_t lo = 0, hi = (uint64_t)1 << 36; /* p < 2^9, so the root is below 2^36 */
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    unsigned __int128 pw = (unsigned __int128)mid * mid;
    if (root == 3) pw *= mid;
    if (pw <= target) lo = mid; else hi = mid;
  }
  return lo;
}

static void DeriveConstants(void) {
  int n = 0;
  for (uint32_t p = 2; n < 64; p++) {
    int prime = 1;
    for (uint32_t d = 2; d * d <= p; d++)
      if (p % d == 0) { prime = 0; break; }
    if (!prime) continue;
    kRound[n] = (uint32_t)FixedRoot(p, 3); /* the low 32 bits are the fraction */
    if (n < 8) kInit[n] = (uint32_t)FixedRoot(p, 2);
    n++;
  }
}

static uint32_t Ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void Block(uint32_t st[8], const uint8_t *p) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = Ror(w[t - 15], 7) ^ Ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = Ror(w[t - 2], 17) ^ Ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
  for (int t = 0; t < 64; t++) {
    uint32_t t1 = h + (Ror(e, 6) ^ Ror(e, 11) ^ Ror(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
    uint32_t t2 = (Ror(a, 2) ^ Ror(a, 13) ^ Ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

/* The digest of p[0..n) as eight big-endian words. */
static void Sha256(const uint8_t *p, size_t n, uint32_t out[8]) {
  uint32_t st[8];
  memcpy(st, kInit, sizeof st);
  size_t full = n & ~(size_t)63;
  for (size_t i = 0; i < full; i += 64) Block(st, p + i);
  uint8_t tail[128] = {0};
  size_t rest = n - full;
  memcpy(tail, p + full, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest < 56 ? 64 : 128;
  uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i++) tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
  for (size_t i = 0; i < tail_len; i += 64) Block(st, tail + i);
  memcpy(out, st, sizeof st);
}

int main(int argc, char **argv) {
  long rounds = BenchReps(argc, argv, 100);
  uint32_t d[8];
  DeriveConstants();
  if (kRound[0] != 0x428a2f98 || kRound[63] != 0xc67178f2 || kInit[0] != 0x6a09e667) {
    printf("sha256: constants derived wrongly\n");
    return 1;
  }
  Sha256((const uint8_t *)"abc", 3, d);
  if (d[0] != 0xba7816bf || d[7] != 0xf20015ad) {
    printf("sha256 self-test failed: %08x ... %08x\n", d[0], d[7]);
    return 1;
  }
  uint32_t s = bench_seed;
  for (size_t i = 0; i < LEN; i++) buf[i] = (uint8_t)(BenchRand(&s) >> 7);
  uint64_t h = 0;
  for (long r = 0; r < rounds; r++) {
    /* Lengths vary so both padding shapes (one and two tail blocks) are exercised. */
    size_t n = LEN - (size_t)(r % 97);
    Sha256(buf, n, d);
    memcpy(buf + (r * 4099) % (LEN - 32), d, 32);
    for (int i = 0; i < 8; i++) h = BenchMix(h, d[i]);
  }
  printf("sha256: %ld rounds of ~1 MB, last digest %08x%08x...\n", rounds, d[0], d[1]);
  return BenchReport(h);
}
