// The reference executor of tests/fuzz/: runs a plan (see fuzz_exec.cc) in V8
// (node) and prints the same transcript as wasmc-fuzz-exec, line for line.
//
//   node v8_exec.mjs PLAN.json
import fs from 'node:fs';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = [];
const print = (line) => out.push(line);

function instantiate(path, imports) {
  return new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(path)), imports);
}

// As wasmc's spectest module prints them (tests/spec/exec/spectest.cc).
const spectest = {
  print_i32: (v) => print(`${v} : i32`),
  print_i64: (v) => print(`${v} : i64`),
};

function bitsOf(type, v) {
  const view = new DataView(new ArrayBuffer(8));
  switch (type) {
    case 'i32': return BigInt(v >>> 0);
    case 'i64': return BigInt.asUintN(64, v);
    case 'f32': view.setFloat32(0, v, true); return BigInt(view.getUint32(0, true));
    case 'f64': view.setFloat64(0, v, true); return view.getBigUint64(0, true);
  }
  throw new Error(`no bits for ${type}`);
}

function fromBits(type, bits) {
  if (bits === null) return null;
  const b = BigInt(bits);
  const view = new DataView(new ArrayBuffer(8));
  switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, b));
    case 'i64': return BigInt.asIntN(64, b);
    case 'f32': view.setUint32(0, Number(b), true); return view.getFloat32(0, true);
    case 'f64': view.setBigUint64(0, b, true); return view.getFloat64(0, true);
  }
  throw new Error(`no value of ${type} from bits`);
}

function outcome(fn, resultTypes) {
  try {
    const r = fn();
    if (resultTypes.length === 0) return print('ok');
    const values = resultTypes.length === 1 ? [r] : Array.from(r);
    resultTypes.forEach((t, i) => {
      if (t === 'funcref' || t === 'externref') print(`result ${t} ${values[i] === null ? 'null' : 'nonnull'}`);
      else print(`result ${t} ${bitsOf(t, values[i])}`);
    });
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) print(`exhaustion ${e.message}`);
    else if (e instanceof WebAssembly.RuntimeError) print(`trap ${e.message}`);
    else print(`error ${e}`);
  }
}

const logger = instantiate(plan.logger, { spectest });
let inst;
try {
  inst = instantiate(plan.module, { 'fuzzing-support': logger.exports });
  print('instantiate ok');
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError) print(`instantiate trap ${e.message}`);
  else print(`instantiate error ${e}`);
}
if (inst) {
  for (const call of plan.calls) {
    if (plan.reset) {
      try { inst.exports[plan.reset](); } catch (e) { print(`trap ${e.message}`); }
    }
    print(`call ${call.name}`);
    const args = call.args.map(([t, bits]) => fromBits(t, bits));
    outcome(() => inst.exports[call.name](...args), call.results);
  }
  if (plan.memory) {
    const hasher = instantiate(plan.hasher, { fuzz: { memory: inst.exports[plan.memory] } });
    print(`memory ${BigInt.asUintN(64, hasher.exports.hash())}`);
  }
}
process.stdout.write(out.map((l) => l + '\n').join(''));
