// The QuickJS workload of tests/programs/: deterministic (no clock, no Math.random,
// no libm functions whose last bit may differ between C libraries), printing enough
// to catch a miscompiled interpreter. Promises and async functions first: issue 9's
// miscompile broke every Promise.
let h = 0x811c9dc5 | 0;
const mix = (s) => { for (const c of String(s)) h = Math.imul(h ^ c.codePointAt(0), 16777619); return h >>> 0; };

async function square(x) { await null; return x * x; }
(async () => {
  let total = 0;
  for (let i = 0; i < 50; i++) total += await square(i);
  const all = await Promise.all([1, 2, 3].map((x) => Promise.resolve(x * 10)));
  const settled = await Promise.allSettled([Promise.reject(new Error('no')), Promise.resolve(7)]);
  print('async:', total, all.join(','), settled.map((s) => s.status).join(','));
})().catch((e) => print('async failed:', e));
Promise.resolve(1).then((v) => { throw new TypeError('t' + v); }).catch((e) => print('caught', e.name, e.message));

// Numbers and their text.
const nums = [];
for (let i = 1; i < 400; i++) nums.push((i * 7919) % 1000 / 7 - 50);
print('sum:', nums.reduce((a, b) => a + b, 0), 'sqrt:', Math.sqrt(2), 1 / 3, 2 ** 53 + 2, -0 === 0);
print('fixed:', (1 / 3).toFixed(5), (123.456).toExponential(2), (0.1 + 0.2).toPrecision(17), (255).toString(16));
print('parse:', parseInt('ff', 16), parseFloat('3.25e2'), Number('0x1f'), Number.MAX_SAFE_INTEGER, 1e21, 5e-324);
let x = 0;
for (let i = 0; i < 200000; i++) x = (x + i * i) % 1000003;
print('loop:', x, Math.imul(123456789, 987654321), 7 >>> 1, -7 >> 1, -7 >>> 28, ~5);

// BigInt.
let f = 1n;
for (let i = 1n; i <= 40n; i++) f *= i;
print('bigint:', f, f % 1000000007n, (2n ** 100n).toString(36), BigInt.asIntN(8, 255n));

// Strings and regular expressions.
const text = 'The quick brown fox jumps over the lazy dog; the dog sleeps. '.repeat(20);
const words = text.toLowerCase().match(/[a-z]+/g);
const freq = new Map();
for (const w of words) freq.set(w, (freq.get(w) || 0) + 1);
print('words:', words.length, [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4).join(' '));
print('regex:', 'a1b22c333'.replace(/(\d+)/g, (m) => `<${m.length}>`), /^(\w+)@(\w+)\.com$/.exec('joe@example.com').slice(1).join('|'));
print('unicode:', 'ÉCOLE'.toLowerCase(), 'straße'.toUpperCase(), '😀'.length, [...'😀a'].length, 'abc'.padStart(6, '-'), 'x'.localeCompare('y'));
print('mix:', mix(text));

// Objects, classes, closures, generators, JSON.
class Shape { constructor(n) { this.n = n; } area() { return 0; } toString() { return `${this.constructor.name}(${this.area()})`; } }
class Rect extends Shape { constructor(w, h) { super('rect'); this.w = w; this.h = h; } area() { return this.w * this.h; } }
class Circle extends Shape { constructor(r) { super('circle'); this.r = r; } area() { return 3 * this.r * this.r; } }
const shapes = [];
for (let i = 0; i < 30; i++) shapes.push(i % 3 ? new Rect(i, i + 1) : new Circle(i));
shapes.sort((a, b) => b.area() - a.area());
print('shapes:', shapes.slice(0, 3).join(' '), shapes.reduce((a, s) => a + s.area(), 0));
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const fibs = [];
for (const v of fib()) { if (fibs.length === 30) break; fibs.push(v); }
print('fib:', fibs.slice(-3).join(','));
const counters = [0, 1, 2].map((k) => { let c = k; return () => (c += 10); });
print('closures:', counters.map((g) => g() + g()).join(','));
const obj = { a: [1, 2, { b: 'c' }], d: null, e: true, f: 1.5, g: 'q"uote' };
const json = JSON.stringify(obj);
print('json:', json, JSON.stringify(JSON.parse(json), null, 1).length);
print('destructure:', (({ a: [, two], ...rest }) => two + Object.keys(rest).join(''))(obj));

// Typed arrays, sorting, Set, Symbol, Proxy, exceptions.
const ta = new Int32Array(1000);
for (let i = 0; i < ta.length; i++) ta[i] = (i * 2654435761) | 0;
ta.sort();
const f64 = new Float64Array(ta.buffer, 0, 100);
print('typed:', ta[0], ta[999], ta.subarray(10, 13).join(','), f64.length, new Uint8Array(ta.buffer)[5]);
const set = new Set(words);
print('set:', set.size, [...set].sort().join(' ').slice(0, 40));
const sym = Symbol('k');
const proxy = new Proxy({ [sym]: 1 }, { get: (t, k) => (k in t ? t[k] : `missing ${String(k)}`) });
print('proxy:', proxy[sym], proxy.nope);
try { null.x; } catch (e) { print('error:', e instanceof TypeError, e.message); }
try { JSON.parse('{bad'); } catch (e) { print('json error:', e.name); }
function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
print('recursion:', deep(2000));
const arr = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3001);
arr.sort((a, b) => a - b);
print('sort:', arr[0], arr[1500], arr[2999], arr.indexOf(1234), arr.includes(3001));
print('date:', new Date(Date.UTC(2020, 1, 29, 12, 30)).toISOString());
