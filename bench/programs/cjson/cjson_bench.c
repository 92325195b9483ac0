/* Real program: cJSON 1.7.15 (Debian's cjson source package, fetched by
 * bench/programs/specs.py). Generates a JSON document of ~1.3 MB (an array of records with
 * strings that need escaping, integers, doubles, booleans, nulls and nested arrays), then
 * per round: parses it, walks the tree (sums and counts), edits it (adds a field to every
 * record, deletes another), prints it unformatted and formatted, and parses the printout
 * again. The checksum hashes the walk results and every printed text.
 * argv[1]: work scale in percent (bench.h). */
#include "bench.h"
#include "cJSON.h"

static uint64_t HashText(uint64_t h, const char *s) {
  for (; *s; s++) h = BenchMix(h, (unsigned char)*s);
  return h;
}

static char *MakeDocument(void) {
  enum { kRecords = 6000 };
  size_t cap = 300 * kRecords, len = 0;
  char *doc = malloc(cap);
  uint32_t s = bench_seed;
  len += sprintf(doc + len, "{\"version\":3,\"records\":[");
  for (int i = 0; i < kRecords; i++) {
    uint32_t a = BenchRand(&s), b = BenchRand(&s);
    len += sprintf(doc + len,
                   "%s{\"id\":%d,\"name\":\"user_%u \\\"q\\\" \\\\ tab\\t\\u00e9\",\"score\":%d.%03u,"
                   "\"ratio\":%ue-%u,\"active\":%s,\"parent\":null,\"tags\":[\"t%u\",\"t%u\",%u],"
                   "\"pos\":{\"x\":%d,\"y\":-%u.5}}",
                   i ? "," : "", i, a % 100000, (int)(a % 2000) - 1000, b % 1000, b % 99999,
                   1 + a % 9, b & 1 ? "true" : "false", a % 17, b % 23, b % 1000,
                   (int)(b % 4096) - 2048, a % 777);
  }
  len += sprintf(doc + len, "]}");
  return doc;
}

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 6);
  char *doc = MakeDocument();
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    cJSON *root = cJSON_Parse(doc);
    if (!root) {
      printf("cjson: parse failed near: %.40s\n", cJSON_GetErrorPtr());
      return 1;
    }
    cJSON *records = cJSON_GetObjectItemCaseSensitive(root, "records");
    double sum = 0;
    int64_t ids = 0, active = 0, tags = 0;
    cJSON *rec;
    cJSON_ArrayForEach(rec, records) {
      ids += cJSON_GetObjectItemCaseSensitive(rec, "id")->valueint;
      sum += cJSON_GetObjectItemCaseSensitive(rec, "score")->valuedouble;
      sum += cJSON_GetObjectItemCaseSensitive(rec, "ratio")->valuedouble * 1e6;
      active += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "active"));
      tags += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "tags"));
      cJSON_AddNumberToObject(rec, "rank", (double)(ids % 1000) / 8);
      cJSON_DeleteItemFromObjectCaseSensitive(rec, "parent");
    }
    h = BenchMixDouble(BenchMix(BenchMix(BenchMix(h, (uint64_t)ids), (uint64_t)active), (uint64_t)tags), sum);
    char *flat = cJSON_PrintUnformatted(root);
    char *pretty = cJSON_Print(root);
    h = HashText(HashText(h, flat), pretty);
    cJSON *again = cJSON_Parse(pretty);
    h = BenchMix(h, (uint64_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(again, "records")));
    cJSON_Delete(again);
    cJSON_free(flat);
    cJSON_free(pretty);
    cJSON_Delete(root);
  }
  free(doc);
  return BenchReport(h);
}
