/* Integer: SHA-256 (FIPS 180-4) written out plainly, one 64-byte block at a time: a 64-word
 * message schedule, eight working variables rotated through 64 rounds of 32-bit rotates,
 * xors, ands and adds. Hashes a 1 MB buffer repeatedly (each round's digest is written back
 * into the buffer, so no round can be skipped); checks itself on the FIPS "abc" vector. */
#include "bench.h"

#define LEN (1 << 20)
static uint8_t buf[LEN];

static const uint32_t kRound[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

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
  uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
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
