/* Real program: the zstd 1.5.4 library (Debian's libzstd source package, fetched by
 * bench/programs/specs.py; single-threaded, no assembly) compressing 2 MB of generated
 * text-like data at levels 1, 3 and 9 and decompressing each frame back. The checksum
 * hashes every compressed frame and the round-tripped bytes; a round trip that differs
 * from the input prints an error instead. argv[1]: work scale in percent (bench.h). */
#include "bench.h"
#include "zstd.h"

static const char *kWords[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                               "wasm", "compiler", "register", "memory", "function", "table",
                               "value", "return", "if", "else", "while", "for", "{", "}", ";",
                               "0x7f", "42", "\n", "    ", "int", "static", "const"};

static size_t MakeText(unsigned char *buf, size_t n) {
  uint32_t s = bench_seed;
  size_t len = 0;
  while (len + 16 < n) {
    uint32_t r = BenchRand(&s);
    const char *w = kWords[r % (sizeof kWords / sizeof kWords[0])];
    size_t wl = strlen(w);
    memcpy(buf + len, w, wl);
    len += wl;
    buf[len++] = (r >> 8) % 7 == 0 ? (unsigned char)('A' + (r >> 16) % 26) : ' ';
  }
  return len;
}

static uint64_t HashBytes(uint64_t h, const unsigned char *p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = BenchMix(h, w);
  }
  for (; i < n; i++) h = BenchMix(h, p[i]);
  return h;
}

int main(int argc, char **argv) {
  enum { kSize = 2 << 20 };
  long reps = BenchReps(argc, argv, 5);
  unsigned char *src = malloc(kSize), *back = malloc(kSize);
  size_t cap = ZSTD_compressBound(kSize);
  unsigned char *dst = malloc(cap);
  size_t n = MakeText(src, kSize);
  uint64_t h = 0;
  static const int kLevels[] = {1, 3, 9};
  ZSTD_CCtx *cctx = ZSTD_createCCtx();
  ZSTD_DCtx *dctx = ZSTD_createDCtx();
  for (long r = 0; r < reps; r++) {
    for (int l = 0; l < 3; l++) {
      size_t c = ZSTD_compressCCtx(cctx, dst, cap, src, n, kLevels[l]);
      if (ZSTD_isError(c)) {
        printf("zstd: compress: %s\n", ZSTD_getErrorName(c));
        return 1;
      }
      size_t d = ZSTD_decompressDCtx(dctx, back, kSize, dst, c);
      if (ZSTD_isError(d) || d != n || memcmp(back, src, n) != 0) {
        printf("zstd: round trip failed at level %d\n", kLevels[l]);
        return 1;
      }
      h = BenchMix(HashBytes(h, dst, c), c);
    }
  }
  h = HashBytes(h, back, n);
  ZSTD_freeCCtx(cctx);
  ZSTD_freeDCtx(dctx);
  return BenchReport(h);
}
