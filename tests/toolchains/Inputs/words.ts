// AssemblyScript with @assemblyscript/wasi-shim: arguments, environment, strings,
// arrays, maps and floating point, printed through console.log (WASI fd_write).

const argv = process.argv;
console.log("args: " + argv.slice(1).join(","));
const mode = process.env.has("WORDS_MODE") ? process.env.get("WORDS_MODE") : "unset";
console.log("WORDS_MODE=" + mode);

const text = "the quick brown fox jumps over the lazy dog the end";
const counts = new Map<string, i32>();
const words = text.split(" ");
for (let i = 0; i < words.length; ++i) {
  const w = words[i];
  counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
}
const keys = counts.keys();
keys.sort();
for (let i = 0; i < keys.length; ++i) console.log(keys[i] + " " + counts.get(keys[i]).toString());

let sum: f64 = 0;
for (let i = 1; i <= 1000; ++i) sum += Math.sqrt(<f64>i);
console.log("sqrt sum " + Math.floor(sum).toString());
const primes: i32[] = [];
for (let n = 2; primes.length < 10; ++n) {
  let prime = true;
  for (let d = 2; d * d <= n; ++d) if (n % d == 0) { prime = false; break; }
  if (prime) primes.push(n);
}
console.log("primes " + primes.join(" "));
if (argv.includes("--fail")) assert(false, "asked to fail");
