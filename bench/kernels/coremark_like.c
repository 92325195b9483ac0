/* Program-like: a CoreMark-like mix, written from scratch for bench/ (NOT EEMBC CoreMark, whose
 * code and rules it does not follow; it only exercises the same kinds of work). Each iteration:
 *  - linked list: find nodes by key and by value in a 256-node list kept in an array pool,
 *    reverse it, merge sort it by value, then by key again (pointer chasing, unpredictable
 *    branches);
 *  - matrix: 24x24 int16 matrices: add a constant, multiply by a constant, matrix times
 *    vector, matrix times matrix into int32, and a bit-field extraction of the products;
 *  - state machine: a switch-driven scanner classifying the comma-separated tokens of a
 *    1.5 KB byte string as integer, decimal, exponent, hexadecimal or invalid;
 *  - CRC-16 (bitwise, polynomial 0xA001) chaining the results of all three.
 * Scaled by the iteration count. */
#include "bench.h"

#define LIST_N 256
#define MAT_N 24
#define TEXT_LEN 1536

struct Node { struct Node *next; int16_t key; int16_t value; };

static struct Node pool[LIST_N];
static int16_t mat_a[MAT_N * MAT_N], mat_b[MAT_N * MAT_N];
static int32_t mat_c[MAT_N * MAT_N];
static char text[TEXT_LEN + 1];

static uint16_t Crc16Byte(uint8_t b, uint16_t crc) {
  crc ^= b;
  for (int i = 0; i < 8; i++) crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
  return crc;
}

static uint16_t Crc16Word(uint32_t v, uint16_t crc) {
  for (int i = 0; i < 4; i++) crc = Crc16Byte((uint8_t)(v >> (8 * i)), crc);
  return crc;
}

/* ---- linked list ---- */

static struct Node *ListBuild(uint32_t *s) {
  for (int i = 0; i < LIST_N; i++) {
    pool[i].key = (int16_t)i;
    pool[i].value = (int16_t)(BenchRand(s) & 0x7fff);
    pool[i].next = i + 1 < LIST_N ? &pool[i + 1] : NULL;
  }
  return &pool[0];
}

static struct Node *ListReverse(struct Node *l) {
  struct Node *out = NULL;
  while (l) { struct Node *n = l->next; l->next = out; out = l; l = n; }
  return out;
}

static int ByValue(const struct Node *a, const struct Node *b) { return a->value - b->value; }
static int ByKey(const struct Node *a, const struct Node *b) { return a->key - b->key; }

/* Bottom-up merge sort of a singly linked list (stable), comparator through a pointer. */
static struct Node *ListSort(struct Node *l, int (*cmp)(const struct Node *, const struct Node *)) {
  for (int width = 1;; width *= 2) {
    struct Node *p = l, *tail = NULL;
    l = NULL;
    int merges = 0;
    while (p) {
      merges++;
      struct Node *q = p;
      int psize = 0;
      for (int i = 0; i < width && q; i++) { psize++; q = q->next; }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct Node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q || cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else l = e;
        tail = e;
      }
      p = q;
    }
    tail->next = NULL;
    if (merges <= 1) return l;
  }
}

static uint16_t ListWork(struct Node *l, uint32_t seed, uint16_t crc) {
  int found = 0, missed = 0;
  for (int i = 0; i < 64; i++) {
    int16_t want = (int16_t)((seed + (uint32_t)i * 37) % (LIST_N + 32)); /* some are absent */
    const struct Node *n = l;
    while (n && n->key != want) n = n->next;
    if (n) { found += n->value & 7; } else { missed++; }
  }
  l = ListReverse(l);
  l = ListSort(l, ByValue);
  int16_t prev = -1;
  int pos = 0;
  for (const struct Node *n = l; n; n = n->next, pos++) {
    if (n->value < prev) return 0xdead; /* not sorted: make the checksum differ */
    prev = n->value;
    if ((pos & 15) == 0) crc = Crc16Word((uint32_t)n->key << 16 | (uint16_t)n->value, crc);
  }
  l = ListSort(l, ByKey); /* back to key order: the head is pool[0] again for the caller */
  for (int i = 0; l && i < 5; i++, l = l->next) crc = Crc16Word((uint32_t)l->value, crc);
  crc = Crc16Word((uint32_t)found, crc);
  return Crc16Word((uint32_t)missed, crc);
}

/* ---- matrix ---- */

static uint16_t MatrixWork(int16_t k, uint16_t crc) {
  int32_t sum = 0;
  for (int i = 0; i < MAT_N * MAT_N; i++) mat_a[i] = (int16_t)(mat_a[i] + k);
  for (int i = 0; i < MAT_N * MAT_N; i++) mat_c[i] = (int32_t)mat_a[i] * k;
  for (int i = 0; i < MAT_N * MAT_N; i++) sum += mat_c[i] > 0x4000 ? 1 : mat_c[i] & 3;
  crc = Crc16Word((uint32_t)sum, crc);
  for (int i = 0; i < MAT_N; i++) { /* matrix times the first column of B */
    int32_t acc = 0;
    for (int j = 0; j < MAT_N; j++) acc += (int32_t)mat_a[i * MAT_N + j] * mat_b[j * MAT_N];
    mat_c[i] = acc;
  }
  for (int i = 0; i < MAT_N; i++) sum += mat_c[i] >> 3;
  crc = Crc16Word((uint32_t)sum, crc);
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      int32_t acc = 0;
      for (int x = 0; x < MAT_N; x++) acc += (int32_t)mat_a[i * MAT_N + x] * mat_b[x * MAT_N + j];
      mat_c[i * MAT_N + j] = acc;
    }
  sum = 0;
  for (int i = 0; i < MAT_N * MAT_N; i++) sum += (mat_c[i] >> 2) & 0xf; /* bit field of each product */
  crc = Crc16Word((uint32_t)sum, crc);
  for (int i = 0; i < MAT_N * MAT_N; i++) mat_a[i] = (int16_t)(mat_a[i] - k); /* undo the add */
  return crc;
}

/* ---- state machine ---- */

enum State { kStart, kSign, kInt, kDot, kFrac, kExp, kExpSign, kExpDigits, kHexX, kHex, kBad, kStates };

static uint16_t ScanWork(uint16_t crc) {
  int counts[kStates] = {0};
  int transitions = 0;
  enum State st = kStart;
  for (const char *p = text;; p++) {
    char ch = *p;
    if (ch == ',' || ch == '\0') {
      counts[st]++;
      st = kStart;
      if (ch == '\0') break;
      continue;
    }
    enum State next = kBad;
    int digit = ch >= '0' && ch <= '9';
    switch (st) {
      case kStart: next = digit ? (ch == '0' ? kHexX : kInt) : (ch == '+' || ch == '-') ? kSign : ch == '.' ? kDot : kBad; break;
      case kSign: next = digit ? kInt : ch == '.' ? kDot : kBad; break;
      case kHexX: next = (ch == 'x' || ch == 'X') ? kHex : digit ? kInt : ch == '.' ? kDot : kBad; break;
      case kInt: next = digit ? kInt : ch == '.' ? kDot : (ch == 'e' || ch == 'E') ? kExp : kBad; break;
      case kDot: next = digit ? kFrac : kBad; break;
      case kFrac: next = digit ? kFrac : (ch == 'e' || ch == 'E') ? kExp : kBad; break;
      case kExp: next = digit ? kExpDigits : (ch == '+' || ch == '-') ? kExpSign : kBad; break;
      case kExpSign: case kExpDigits: next = digit ? kExpDigits : kBad; break;
      case kHex: next = (digit || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')) ? kHex : kBad; break;
      default: next = kBad; break;
    }
    transitions += next != st;
    st = next;
  }
  for (int i = 0; i < kStates; i++) crc = Crc16Word((uint32_t)counts[i], crc);
  return Crc16Word((uint32_t)transitions, crc);
}

/* Fills `text` with tokens of every class separated by commas; the iteration varies one byte. */
static void TextBuild(uint32_t *s) {
  static const char *const pieces[] = {"1234", "-87", "+3.25", ".5e-3", "0x1fA", "12e7", "9.81E+2",
                                       "0xg1", "--4", "7.", "5e", "0", "314159", "-0.0001"};
  size_t len = 0;
  while (len + 12 < TEXT_LEN) {
    const char *p = pieces[BenchRand(s) % (sizeof pieces / sizeof pieces[0])];
    size_t n = strlen(p);
    memcpy(text + len, p, n);
    len += n;
    text[len++] = ',';
  }
  text[len - 1] = '\0';
}

int main(int argc, char **argv) {
  long iters = BenchReps(argc, argv, 12000);
  uint32_t s = bench_seed;
  struct Node *list = ListBuild(&s);
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    mat_a[i] = (int16_t)(BenchRand(&s) % 512) - 256;
    mat_b[i] = (int16_t)(BenchRand(&s) % 512) - 256;
  }
  TextBuild(&s);
  static const char mutate[] = "0123456789.eE+-x,a";
  uint16_t crc = 0;
  uint64_t h = 0;
  for (long it = 0; it < iters; it++) {
    crc = ListWork(list, (uint32_t)it * 2654435761u, crc);
    crc = MatrixWork((int16_t)((crc & 0xff) - 128), crc);
    text[(size_t)(crc % (TEXT_LEN - 16))] = mutate[it % (sizeof mutate - 1)];
    crc = ScanWork(crc);
    if ((it & 1023) == 1023) h = BenchMix(h, crc);
  }
  printf("coremark-like: %ld iterations, crc %04x\n", iters, crc);
  return BenchReport(BenchMix(h, crc));
}
