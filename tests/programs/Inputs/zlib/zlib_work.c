/* The zlib workload of tests/programs/: deflates generated data (text-like, runs,
 * noise) at every level and strategy, inflates it back, streams it through small
 * buffers, and prints sizes and checksums. The same source is built natively (the
 * oracle) and for wasm32-wasi; zlib's output does not depend on the platform. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zlib.h"

static uint32_t seed = 12345;
static uint32_t Next(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static void Fill(unsigned char *buf, size_t n, int kind) {
  static const char *words[] = {"wasm ", "compile ", "the ", "register ", "join ", "local ",
                                "block ", "loop ", "\n", "branch "};
  size_t i = 0;
  while (i < n) {
    if (kind == 0) {
      const char *w = words[Next() % 10];
      while (*w && i < n) buf[i++] = (unsigned char)*w++;
    } else if (kind == 1) {
      unsigned char c = (unsigned char)Next();
      size_t run = Next() % 200;
      while (run-- && i < n) buf[i++] = c;
    } else {
      buf[i++] = (unsigned char)Next();
    }
  }
}

static int Fail(const char *what, int rc) {
  printf("error: %s: %d\n", what, rc);
  return 1;
}

int main(void) {
  enum { kSize = 100000 };
  unsigned char *in = malloc(kSize), *out = malloc(kSize * 2), *back = malloc(kSize);
  static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
  for (int kind = 0; kind < 3; kind++) {
    Fill(in, kSize, kind);
    printf("data %d: crc32 %08lx adler32 %08lx\n", kind, crc32(0, in, kSize), adler32(1, in, kSize));
    for (int level = 0; level <= 9; level++) {
      for (int s = 0; s < 5; s++) {
        if (s && level != 6) continue;
        z_stream z;
        memset(&z, 0, sizeof z);
        int rc = deflateInit2(&z, level, Z_DEFLATED, 15, 8, strategies[s]);
        if (rc != Z_OK) return Fail("deflateInit2", rc);
        z.next_in = in;
        z.avail_in = kSize;
        z.next_out = out;
        z.avail_out = kSize * 2;
        if ((rc = deflate(&z, Z_FINISH)) != Z_STREAM_END) return Fail("deflate", rc);
        uLong packed = z.total_out;
        deflateEnd(&z);
        uLongf unpacked = kSize;
        if ((rc = uncompress(back, &unpacked, out, packed)) != Z_OK) return Fail("uncompress", rc);
        printf("  level %d strategy %d: %lu bytes, crc32 %08lx, round trip %s\n", level, s, packed,
               crc32(0, out, packed), unpacked == kSize && !memcmp(in, back, kSize) ? "ok" : "WRONG");
      }
    }
    /* Streaming with tiny buffers: many calls, many partial states. */
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit(&z, 9);
    unsigned char chunk[97];
    size_t packed = 0, pos = 0;
    uLong crc = 0;
    int rc;
    do {
      z.next_in = in + pos;
      z.avail_in = pos < kSize ? (kSize - pos < 61 ? kSize - pos : 61) : 0;
      pos += z.avail_in;
      int flush = pos >= kSize ? Z_FINISH : (pos % 6100 == 0 ? Z_FULL_FLUSH : Z_NO_FLUSH);
      do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = deflate(&z, flush);
        crc = crc32(crc, chunk, sizeof chunk - z.avail_out);
        packed += sizeof chunk - z.avail_out;
      } while (z.avail_out == 0);
    } while (rc != Z_STREAM_END);
    deflateEnd(&z);
    printf("  streamed: %zu bytes, crc32 %08lx\n", packed, crc);
  }
  printf("zlib %s\n", zlibVersion());
  free(in);
  free(out);
  free(back);
  return 0;
}
