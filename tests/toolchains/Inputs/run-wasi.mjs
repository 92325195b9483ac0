// The oracle for toolchain tests: runs a WASI preview1 module under Node's own
// WASI implementation. usage: node run-wasi.mjs <module.wasm> [args...]
// Environment variables named WASI_ENV_<NAME> are passed to the module as <NAME>.
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import process from "node:process";

const [path, ...args] = process.argv.slice(2);
const env = {};
for (const [k, v] of Object.entries(process.env)) if (k.startsWith("WASI_ENV_")) env[k.slice(9)] = v;
const wasi = new WASI({ version: "preview1", args: [path, ...args], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
