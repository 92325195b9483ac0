/* Real program: SQLite (amalgamation, fetched by bench/sqlite/fetch.sh) running an
 * in-memory workload: bulk inserts through a prepared statement, index build, aggregates,
 * LIKE scans, ordered and joined queries, updates and deletes. Also the large module for
 * wasmc compile throughput (~1 MB of wasm code).
 *
 * Built with SQLITE_OS_OTHER and the minimal VFS below, so native and wasm builds run the
 * same code with no file system, threads or clock: results are deterministic. */
#include "bench.h"
#include "sqlite3.c"

/* ---- Minimal VFS: no files (database and temp store live in memory). ---- */
static int XOpen(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out) { return SQLITE_CANTOPEN; }
static int XDelete(sqlite3_vfs *v, const char *name, int sync) { return SQLITE_IOERR_DELETE; }
static int XAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { *out = 0; return SQLITE_OK; }
static int XFullPathname(sqlite3_vfs *v, const char *in, int n, char *out) {
  sqlite3_snprintf(n, out, "%s", in);
  return SQLITE_OK;
}
static int XRandomness(sqlite3_vfs *v, int n, char *out) {
  uint32_t s = 12345;
  for (int i = 0; i < n; i++) out[i] = (char)BenchRand(&s);
  return n;
}
static int XSleep(sqlite3_vfs *v, int us) { return us; }
static int XCurrentTime(sqlite3_vfs *v, double *t) { *t = 2461000.5; return SQLITE_OK; }
static int XGetLastError(sqlite3_vfs *v, int n, char *buf) { return 0; }
static sqlite3_vfs bench_vfs = {1, 0, 512, 0, "bench", 0, XOpen, XDelete, XAccess, XFullPathname,
                                0, 0, 0, 0, XRandomness, XSleep, XCurrentTime, XGetLastError};
int sqlite3_os_init(void) { return sqlite3_vfs_register(&bench_vfs, 1); }
int sqlite3_os_end(void) { return SQLITE_OK; }

static uint64_t h;

static void Check(int rc, sqlite3 *db, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    printf("sqlite error in %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

/* Runs a query and folds every result cell's text into the checksum. */
static int64_t Query(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  Check(sqlite3_prepare_v2(db, sql, -1, &st, 0), db, sql);
  int64_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rows++;
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const unsigned char *t = sqlite3_column_text(st, c);
      uint64_t x = 0;
      for (; t && *t; t++) x = x * 131 + *t;
      h = BenchMix(h, x);
    }
  }
  Check(rc, db, sql);
  sqlite3_finalize(st);
  return rows;
}

int main(int argc, char **argv) {
  long n = BenchReps(argc, argv, 120000);
  sqlite3 *db;
  Check(sqlite3_open(":memory:", &db), db, "open");
  Query(db, "PRAGMA temp_store=MEMORY");
  Query(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, val REAL, tag TEXT)");
  Query(db, "CREATE TABLE g(grp INTEGER PRIMARY KEY, label TEXT)");
  static const char *words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                "hotel", "india", "juliet", "kilo", "lima", "mike", "november"};
  uint32_t s = bench_seed;
  Query(db, "BEGIN");
  sqlite3_stmt *ins;
  Check(sqlite3_prepare_v2(db, "INSERT INTO t(name, grp, val, tag) VALUES(?1, ?2, ?3, ?4)", -1, &ins, 0), db, "prep");
  char name[64];
  for (long i = 0; i < n; i++) {
    uint32_t r = BenchRand(&s);
    sqlite3_snprintf(sizeof name, name, "%s-%s-%u", words[r % 14], words[(r >> 8) % 14], r % 10007);
    sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 2, (int)((r >> 4) % 100));
    sqlite3_bind_double(ins, 3, (double)(r % 100000) / 7.0);
    sqlite3_bind_text(ins, 4, words[(r >> 16) % 14], -1, SQLITE_STATIC);
    Check(sqlite3_step(ins), db, "insert");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  for (int g = 0; g < 100; g++) {
    char sql[128];
    sqlite3_snprintf(sizeof sql, sql, "INSERT INTO g VALUES(%d, 'group %d')", g, g * 37 % 101);
    Query(db, sql);
  }
  Query(db, "COMMIT");
  Query(db, "CREATE INDEX t_name ON t(name)");
  Query(db, "CREATE INDEX t_grp_val ON t(grp, val)");
  Query(db, "SELECT grp, count(*), sum(val), avg(length(name)), min(name), max(name) FROM t GROUP BY grp");
  Query(db, "SELECT tag, count(*), total(val) FROM t WHERE name LIKE '%e%o%' GROUP BY tag ORDER BY tag");
  Query(db, "SELECT id, name FROM t WHERE name >= 'delta' AND name < 'echo' ORDER BY name LIMIT 200");
  Query(db, "SELECT g.label, count(*), max(t.val) FROM t JOIN g USING(grp) WHERE t.val > 5000 "
            "GROUP BY g.label ORDER BY 2 DESC, 1 LIMIT 50");
  Query(db, "SELECT name, val FROM t ORDER BY val DESC, id LIMIT 100");
  Query(db, "SELECT count(DISTINCT name), count(DISTINCT tag) FROM t");
  Query(db, "UPDATE t SET val = val * 1.5, tag = upper(tag) WHERE grp % 3 = 0");
  Query(db, "DELETE FROM t WHERE grp % 7 = 1");
  Query(db, "SELECT tag, count(*), sum(val), group_concat(DISTINCT grp % 10) FROM t GROUP BY tag");
  Query(db, "SELECT substr(name, 1, 3) AS p, count(*) FROM t GROUP BY p HAVING count(*) > 10 ORDER BY 2 DESC");
  int64_t left = Query(db, "SELECT id FROM t WHERE id % 97 = 0");
  printf("rows checked: %lld\n", (long long)left);
  sqlite3_close(db);
  return BenchReport(h);
}
