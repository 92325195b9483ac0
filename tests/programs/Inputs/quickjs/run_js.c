/* A QuickJS host for tests/programs/: evaluates the JavaScript read from stdin with
 * the core engine only (no quickjs-libc: no OS, files or timers), with print(...)
 * as the only host function, runs the pending jobs (Promises) and exits 0, or 1 on
 * an uncaught exception (printed). The same source is built natively (the oracle)
 * and for wasm32-wasi. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quickjs.h"

static JSValue Print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  for (int i = 0; i < argc; i++) {
    const char *s = JS_ToCString(ctx, argv[i]);
    if (!s) return JS_EXCEPTION;
    printf("%s%s", i ? " " : "", s);
    JS_FreeCString(ctx, s);
  }
  printf("\n");
  return JS_UNDEFINED;
}

static int ReportException(JSContext *ctx) {
  JSValue e = JS_GetException(ctx);
  const char *s = JS_ToCString(ctx, e);
  printf("uncaught: %s\n", s ? s : "?");
  if (s) JS_FreeCString(ctx, s);
  JS_FreeValue(ctx, e);
  return 1;
}

/* All of `f` (stdin: the program needs no file grants under WASI). */
static char *ReadAll(FILE *f, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc != 1) {
    fprintf(stderr, "usage: run_js < FILE.js\n");
    return 2;
  }
  size_t len;
  char *src = ReadAll(stdin, &len);
  JSRuntime *rt = JS_NewRuntime();
  JSContext *ctx = JS_NewContext(rt);
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, Print, "print", 1));
  JS_FreeValue(ctx, global);
  int status = 0;
  JSValue r = JS_Eval(ctx, src, len, "<stdin>", JS_EVAL_TYPE_GLOBAL);
  if (JS_IsException(r)) status = ReportException(ctx);
  JS_FreeValue(ctx, r);
  for (;;) {  /* Promise jobs */
    JSContext *job_ctx;
    int ok = JS_ExecutePendingJob(rt, &job_ctx);
    if (ok == 0) break;
    if (ok < 0) status = ReportException(job_ctx);
  }
  JS_FreeContext(ctx);
  JS_FreeRuntime(rt);
  free(src);
  return status;
}
