/* Real-program style: LZ77 compressor (hash chains, greedy matching with a 64 KB window)
 * and decompressor, round-tripping 2 MB of generated text-like data. Byte-granular loads,
 * unpredictable branches, hash-table updates, output buffer management. */
#include "bench.h"

#define IN_LEN (2 * 1024 * 1024)
#define WINDOW 65536
#define HASH_BITS 15
#define MAX_CHAIN 16
#define MIN_MATCH 4
#define MAX_MATCH (127 + MIN_MATCH) /* longest length a token byte encodes */

static uint8_t input[IN_LEN], output[IN_LEN + IN_LEN / 8 + 64], restored[IN_LEN];
static int32_t head[1 << HASH_BITS], prev_pos[WINDOW];

static uint32_t Hash4(const uint8_t *p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Format: token byte: 0..127 = literal run of (t+1) bytes follows; 128+ = match of
 * length (t-128+MIN_MATCH) with a 2-byte little-endian distance. */
static long Compress(const uint8_t *in, long n, uint8_t *out) {
  for (int i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
  long ip = 0, op = 0, lit_start = 0;
  while (ip < n) {
    int best_len = 0, best_dist = 0;
    if (ip + MIN_MATCH <= n) {
      uint32_t hv = Hash4(in + ip);
      int32_t cand = head[hv];
      int chain = MAX_CHAIN;
      long max_len = n - ip < MAX_MATCH ? n - ip : MAX_MATCH;
      while (cand >= 0 && ip - cand < WINDOW && chain-- > 0) {
        if (in[cand + best_len] == in[ip + best_len]) {
          int len = 0;
          while (len < max_len && in[cand + len] == in[ip + len]) len++;
          if (len > best_len) { best_len = len; best_dist = (int)(ip - cand); if (len == max_len) break; }
        }
        cand = prev_pos[cand & (WINDOW - 1)];
      }
      prev_pos[ip & (WINDOW - 1)] = head[hv];
      head[hv] = (int32_t)ip;
    }
    if (best_len >= MIN_MATCH) {
      while (lit_start < ip) {  /* flush literals */
        long run = ip - lit_start > 128 ? 128 : ip - lit_start;
        out[op++] = (uint8_t)(run - 1);
        memcpy(out + op, in + lit_start, (size_t)run);
        op += run; lit_start += run;
      }
      out[op++] = (uint8_t)(128 + best_len - MIN_MATCH);
      out[op++] = (uint8_t)best_dist; out[op++] = (uint8_t)(best_dist >> 8);
      for (long k = 1; k < best_len && ip + k + MIN_MATCH <= n; k++) {  /* index skipped bytes */
        uint32_t hv = Hash4(in + ip + k);
        prev_pos[(ip + k) & (WINDOW - 1)] = head[hv];
        head[hv] = (int32_t)(ip + k);
      }
      ip += best_len; lit_start = ip;
    } else {
      ip++;
    }
  }
  while (lit_start < n) {
    long run = n - lit_start > 128 ? 128 : n - lit_start;
    out[op++] = (uint8_t)(run - 1);
    memcpy(out + op, in + lit_start, (size_t)run);
    op += run; lit_start += run;
  }
  return op;
}

static long Decompress(const uint8_t *in, long n, uint8_t *out) {
  long ip = 0, op = 0;
  while (ip < n) {
    uint8_t t = in[ip++];
    if (t < 128) {
      memcpy(out + op, in + ip, t + 1u); op += t + 1; ip += t + 1;
    } else {
      long len = t - 128 + MIN_MATCH, dist = in[ip] | in[ip + 1] << 8;
      ip += 2;
      for (long k = 0; k < len; k++, op++) out[op] = out[op - dist];
    }
  }
  return op;
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 12);
  static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ",
    "dog ", "wasm ", "compiler ", "module ", "function ", "memory ", "table ", "export ", "import ",
    "\n", "0x", "1234 ", "and "};
  uint32_t s = bench_seed;
  long pos = 0;
  while (pos < IN_LEN) {
    uint32_t rnd = BenchRand(&s);
    if ((rnd & 15) == 0) { input[pos++] = (uint8_t)(rnd >> 8); continue; }  /* noise */
    const char *w = words[(rnd >> 4) % 20];
    for (; *w && pos < IN_LEN; w++) input[pos++] = (uint8_t)*w;
  }
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    input[(r * 104729) % IN_LEN] ^= 0x5a;
    long clen = Compress(input, IN_LEN, output);
    long dlen = Decompress(output, clen, restored);
    h = BenchMix(h, (uint64_t)clen);
    h = BenchMix(h, (uint64_t)dlen);
    h = BenchMix(h, memcmp(input, restored, IN_LEN) == 0);
    if (r == 0) printf("ratio: %.3f\n", (double)clen / IN_LEN);
  }
  return BenchReport(h);
}
