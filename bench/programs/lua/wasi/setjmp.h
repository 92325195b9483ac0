/* Empty <setjmp.h> for the wasm32-wasi build of Lua (bench/programs): ldo.c includes it, but
 * with bench/programs/lua/bench_luaconf.h nothing of it is used, and wasi-libc has none. */
