/* Force-included into every Lua source file for bench/programs (both the wasm32-wasi and the
 * native build, so both run the same code): Lua raises errors with setjmp/longjmp, which
 * wasm32-wasi (clang-16 without the exception-handling proposal) does not have. The bench
 * script raises no error and uses no coroutine (a yield from Lua is a throw too), so an
 * error is fatal here: it prints what happened and exits 3, and the runner reports the
 * missing checksum. ldo.c still includes <setjmp.h>: the wasm build finds the empty one in
 * bench/programs/lua/wasi/. */
#ifndef BENCH_LUACONF_H
#define BENCH_LUACONF_H
#include <stdio.h>
#include <stdlib.h>
#define LUAI_THROW(L, c) (fprintf(stderr, "lua: error %d raised (bench build has no longjmp)\n", \
                                  (int)(c)->status), exit(3))
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
/* Same work on every run and build: the string-hash seed (lstate.c) and table.sort's pivot
 * randomization (ltablib.c) would otherwise come from clock(), time() and addresses. */
#define luai_makeseed(L) 0u
#define l_randomizePivot() 0u
/* lstate.h: the hook flags are sig_atomic_t, from <signal.h>, which wasi-libc refuses. */
#define l_signalT int
#endif
