/* Real program: PCRE2 10.42 (Debian's pcre2 source package, fetched by
 * bench/programs/specs.py), 8-bit library with Unicode support and without JIT: the
 * interpreter (pcre2_match), the DFA matcher (pcre2_dfa_match) and pcre2_substitute over
 * ~400 KB of generated web-server log lines. Per round, every pattern is compiled and run
 * over the whole text; the checksum hashes the match counts, capture offsets and the
 * substituted text's length. argv[1]: work scale in percent (bench.h). */
#include "bench.h"
#include "pcre2.h"

static const char *kNames[] = {"alice", "bob", "carol", "dave", "eve", "J\xc3\xa9r\xc3\xb4me", "Zo\xc3\xab"};
static const char *kPaths[] = {"/", "/index.html", "/api/v1/users", "/static/app.js", "/login", "/img/logo.png"};
static const char *kLevels[] = {"INFO", "WARN", "ERROR", "DEBUG", "warning"};

static size_t MakeLog(char *buf, size_t cap) {
  uint32_t s = bench_seed;
  size_t len = 0;
  while (len + 256 < cap) {
    uint32_t a = BenchRand(&s), b = BenchRand(&s);
    len += sprintf(buf + len,
                   "%u.%u.%u.%u - %s [04/Dec/2026:%02u:%02u:%02u] \"%s %s%s HTTP/1.%u\" %u %u %s "
                   "%s@%s.com said hello hello to %s\n",
                   a & 255, (a >> 8) & 255, (a >> 16) & 255, b % 300, kNames[a % 7], b % 24, a % 60,
                   b % 60, a & 1 ? "GET" : "POST", kPaths[b % 6], b & 4 ? "?q=x&page=2" : "", a & 2 ? 1 : 0,
                   200 + (b % 5) * 100, a % 50000, kLevels[b % 5], kNames[b % 7], kNames[a % 5],
                   kNames[(a >> 3) % 7]);
  }
  return len;
}

static const char *kPatterns[] = {
    "\\b(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\b",
    "(?i)\\b(error|warn(ing)?)\\b",
    "\"(GET|POST) (/[\\w/.-]*)(\\?\\S*)? HTTP/1\\.[01]\" (\\d{3})",
    "(\\w+)@(\\w+)\\.com",
    "\\b(\\w+) \\1\\b",
    "\\p{Lu}\\p{Ll}+",
    "\\[(\\d+)/(\\w+)/(\\d+):(\\d\\d):(\\d\\d):(\\d\\d)\\]",
    "(?:a|e|i|o|u){2,}[^aeiou\\s]+",
};

int main(int argc, char **argv) {
  enum { kCap = 400 << 10 };
  long reps = BenchReps(argc, argv, 8);
  char *text = malloc(kCap);
  size_t n = MakeLog(text, kCap);
  const unsigned char *subject = (const unsigned char *)text;
  uint64_t h = 0;
  int ws[64];
  for (long r = 0; r < reps; r++) {
    for (size_t p = 0; p < sizeof kPatterns / sizeof kPatterns[0]; p++) {
      int err;
      PCRE2_SIZE erroff;
      pcre2_code *re = pcre2_compile((PCRE2_SPTR)kPatterns[p], PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                     &err, &erroff, NULL);
      if (!re) {
        printf("pcre2: pattern %zu: compile error %d at %zu\n", p, err, (size_t)erroff);
        return 1;
      }
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
      uint64_t count = 0, offs = 0;
      PCRE2_SIZE start = 0;
      int rc;
      /* The subject is checked as UTF-8 once (first call), not on each of the many calls. */
      uint32_t opts = 0;
      while ((rc = pcre2_match(re, subject, n, start, opts, md, NULL)) > 0) {
        opts = PCRE2_NO_UTF_CHECK;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        count++;
        for (int g = 1; g < rc; g++) offs += ov[2 * g] == PCRE2_UNSET ? 7 : ov[2 * g + 1] - ov[2 * g];
        start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        if (start > n) break;
      }
      if (rc < -1) {
        printf("pcre2: pattern %zu: match error %d\n", p, rc);
        return 1;
      }
      h = BenchMix(BenchMix(h, count), offs);
      if (p < 2) { /* The DFA matcher on the short-line patterns: first 64 KB only. */
        int drc = pcre2_dfa_match(re, subject, 64 << 10, 0, 0, md, NULL, ws, 64);
        h = BenchMix(h, (uint64_t)(int64_t)drc);
      }
      pcre2_match_data_free(md);
      pcre2_code_free(re);
    }
    /* Anonymize every address: pcre2_substitute over the first 100 KB. */
    int err;
    PCRE2_SIZE erroff, outlen = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "(\\w+)@(\\w+)\\.com", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
                                   &erroff, NULL);
    size_t part = 100 << 10;
    PCRE2_UCHAR *out = malloc(2 * part);
    outlen = 2 * part;
    int rc = pcre2_substitute(re, subject, part, 0, PCRE2_SUBSTITUTE_GLOBAL, NULL, NULL,
                              (PCRE2_SPTR) "<${1:0:1}...@$2>", PCRE2_ZERO_TERMINATED, out, &outlen);
    h = BenchMix(BenchMix(h, (uint64_t)(int64_t)rc), outlen);
    free(out);
    pcre2_code_free(re);
  }
  free(text);
  return BenchReport(h);
}
