/* Real program: the QuickJS 2021-03-27 engine (core only: no quickjs-libc, no OS), as
 * vendored by the npm package qjsc@0.3.0 (fetched by bench/programs/specs.py), running the
 * script below: object-heavy code (a small class hierarchy and property access), array
 * methods with closures, sorting, string building, JSON.stringify/parse and regular
 * expressions. The script returns a 32-bit hash; the driver prints it as the checksum. No
 * clock, Math.random or libm call whose last bit could differ between C libraries.
 * argv[1]: work scale in percent (bench.h). */
#include "bench.h"
#include "quickjs.h"

static const char kScript[] =
    "let h = 0x811c9dc5 | 0;\n"
    "const mix = (x) => { h = Math.imul(h ^ (x | 0), 16777619); };\n"
    "const mixs = (s) => { for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i)); };\n"
    "class Shape { constructor(n) { this.n = n; } area() { return 0; } }\n"
    "class Rect extends Shape { constructor(n, w, h) { super(n); this.w = w; this.h = h; }\n"
    "  area() { return this.w * this.h; } }\n"
    "class Circle extends Shape { constructor(n, r) { super(n); this.r = r; }\n"
    "  area() { return 3 * this.r * this.r; } }\n"
    "let seed = 7;\n"
    "const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed % n; };\n"
    "for (let r = 0; r < REPS; r++) {\n"
    "  const shapes = [];\n"
    "  for (let i = 0; i < 3000; i++)\n"
    "    shapes.push(i % 3 ? new Rect('r' + i, rnd(100), rnd(50)) : new Circle('c' + i, rnd(40)));\n"
    "  let total = 0;\n"
    "  for (const s of shapes) total += s.area();\n"
    "  mix(total);\n"
    "  const big = shapes.filter((s) => s.area() > 1000).map((s) => s.n);\n"
    "  mix(big.length);\n"
    "  const nums = shapes.map((s) => s.area());\n"
    "  nums.sort((a, b) => a - b);\n"
    "  for (let i = 0; i < nums.length; i += 50) mix(nums[i]);\n"
    "  const parts = [];\n"
    "  for (let i = 0; i < 2000; i++) parts.push(`item-${i}:${(i * 37) % 101}`);\n"
    "  const text = parts.join(';');\n"
    "  mixs(text.slice(0, 200));\n"
    "  mix(text.split(';').length);\n"
    "  const re = /item-(\\d+):(\\d{2})\\b/g;\n"
    "  let m, sum = 0;\n"
    "  while ((m = re.exec(text)) !== null) sum += +m[2];\n"
    "  mix(sum);\n"
    "  mixs(text.replace(/[aeiou]/g, (c) => c.toUpperCase()).slice(-100));\n"
    "  const obj = { list: shapes.slice(0, 400).map((s) => ({ n: s.n, a: s.area(), t: [1, 'x', null, true] })) };\n"
    "  const json = JSON.stringify(obj);\n"
    "  mix(json.length);\n"
    "  const back = JSON.parse(json);\n"
    "  mix(back.list.reduce((a, e) => a + e.a, 0));\n"
    "  const map = new Map();\n"
    "  for (let i = 0; i < 5000; i++) map.set('k' + rnd(2000), i);\n"
    "  mix(map.size);\n"
    "  let f = 0.5;\n"
    "  for (let i = 1; i < 20000; i++) f = (f * 1.000001 + i / (i + 1)) % 1000;\n"
    "  mix(Math.floor(f * 1e6));\n"
    "}\n"
    "h >>> 0;\n";

int main(int argc, char **argv) {
  char script[sizeof kScript + 32];
  long reps = BenchReps(argc, argv, 20);
  snprintf(script, sizeof script, "const REPS = %ld;\n%s", reps, kScript);
  JSRuntime *rt = JS_NewRuntime();
  JSContext *ctx = JS_NewContext(rt);
  JSValue r = JS_Eval(ctx, script, strlen(script), "<bench>", JS_EVAL_TYPE_GLOBAL);
  uint32_t h;
  if (JS_IsException(r) || JS_ToUint32(ctx, &h, r) != 0) {
    JSValue e = JS_GetException(ctx);
    const char *s = JS_ToCString(ctx, e);
    printf("quickjs: uncaught: %s\n", s ? s : "?");
    return 1;
  }
  JS_FreeValue(ctx, r);
  JS_FreeContext(ctx);
  JS_FreeRuntime(rt);
  return BenchReport(h);
}
