// JIT peer: runs a wasm32-wasi command module under Node's built-in WASI (V8 Liftoff +
// TurboFan). Usage: node --no-warnings --single-threaded-gc node_wasi_run.mjs module.wasm [args...]
// (--single-threaded-gc: without it Node 20 segfaulted at exit in ~40% of runs of modules that
// grow memory a lot, after printing correct output; see bench/run.py.)
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const path = process.argv[2];
const wasi = new WASI({ version: 'preview1', args: [path, ...process.argv.slice(3)], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
