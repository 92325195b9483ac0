"""The real programs of bench/ (docs/performance.md, "Real programs"): where each one's
sources come from and how it is built. bench/run.py times them beside the kernels;
bench/programs/difftest.py compiles them at every wasmc -O level and compares outputs.

Sources are fetched at pinned versions and cached (never committed), through
tests/programs/fetch.py: Debian 12 source packages with `apt-get source` through a private
apt configuration, or npm packages that vendor the C sources. Each program is one driver
file here (the workload, printing `checksum: <16 hex>`, argv[1] = work scale in percent as
bench/kernels/bench.h) compiled together with the library's own .c files, the same files
and defines for the wasm32-wasi and the native build."""
import glob
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(BENCH_DIR)
KERNEL_DIR = os.path.join(BENCH_DIR, "kernels")
sys.path.insert(0, os.path.join(REPO, "tests", "programs"))
import fetch  # noqa: E402

# name -> ("apt", source package, version, tarball top folder) or ("npm", spec, prefix)
SOURCES = {
    "lua": ("apt", "lua5.4", "5.4.4-3+deb12u1", "lua-5.4.4/"),
    "zstd": ("apt", "libzstd", "1.5.4+dfsg2-5", "zstd-1.5.4/"),
    "cjson": ("apt", "cjson", "1.7.15-1+deb12u4", "cJSON-1.7.15/"),
    "pcre2": ("apt", "pcre2", "10.42-1", "pcre2-10.42/"),
    "quickjs": ("npm", "qjsc@0.3.0", "package/deps/quickjs_2021_03_27/"),
    "sqlite": ("npm", "better-sqlite3@12.11.1", "package/deps/sqlite3/"),
}
NAMES = sorted(SOURCES)

# The same SQLite configuration for every build: no OS layer (sqlite_bench.c has a file-less VFS).
SQLITE_CFLAGS = ["-DSQLITE_OS_OTHER=1", "-DSQLITE_THREADSAFE=0", "-DSQLITE_TEMP_STORE=3",
                 "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_DEFAULT_MEMSTATUS=0",
                 "-DSQLITE_OMIT_DEPRECATED", "-DSQLITE_OMIT_SHARED_CACHE", "-DSQLITE_OMIT_WAL"]
# wasm-ld's default stack (64 KiB) is too small for interpreters' recursion: 8 MiB, as natively.
WASM_STACK = ["-Wl,-z,stack-size=8388608"]


def Fetch(name, cache):
    """The folder holding `name`'s sources, fetched into `cache` if missing (raises on failure)."""
    how = SOURCES[name]
    dest = os.path.join(cache, name)
    if how[0] == "npm":
        return fetch.fetch_npm(name, how[1], how[2], dest)
    return fetch.fetch_apt(name, how[1], how[2], dest, cache, top=how[3])


def _Files(folder, patterns, exclude=()):
    files = sorted(f for p in patterns for f in glob.glob(os.path.join(folder, p)))
    return [f for f in files if os.path.basename(f) not in exclude]


def Spec(name, src):
    """dict(sources, cflags, wasm_cflags) for program `name` whose sources are in `src`.
    cflags apply to both builds, wasm_cflags to the wasm32-wasi one only."""
    common = ["-w", "-I" + KERNEL_DIR]
    if name == "lua":
        # The interpreter core and the base/table/string/math/utf8 libraries (no io, os,
        # package: lua_bench.c opens what it uses). bench_luaconf.h: no longjmp, fixed seeds.
        return dict(sources=_Files(os.path.join(src, "src"), ["*.c"], {
                        "lua.c", "luac.c", "linit.c", "loslib.c", "liolib.c", "loadlib.c"})
                    + [os.path.join(HERE, "lua", "lua_bench.c")],
                    cflags=common + ["-I" + os.path.join(src, "src"),
                                     "-include", os.path.join(HERE, "lua", "bench_luaconf.h")],
                    wasm_cflags=["-I" + os.path.join(HERE, "lua", "wasi")] + WASM_STACK)
    if name == "zstd":
        # The library without its x86-64 assembly (huf_decompress_amd64.S), single-threaded,
        # and on the C paths the wasm32 build takes (docs/performance.md, "zstd: the native
        # build's code paths"): DYNAMIC_BMI2=0, no run-time dispatch to BMI2 functions
        # (x86-64-v3, above the level wasmc compiles for); ZSTD_NO_INTRINSICS, the portable
        # row match finder instead of its SSE2 one (zstd has no wasm SIMD path). Both are
        # no-ops for wasm32. NO_PREFETCH: wasm has no prefetch instruction, so clang drops
        # `__builtin_prefetch` for wasm32 (keeping only its address arithmetic: the .wasm
        # differs by 18 bytes); natively gcc emits `prefetcht0`, which was most of zstd's
        # time gap (Session 17, zstd9: gcc with prefetches 1.38-1.48x faster than without).
        # Both builds leave them out, so both run the same C; the figure against gcc with
        # its prefetches is kept beside the table in docs/performance.md.
        lib = os.path.join(src, "lib")
        return dict(sources=_Files(lib, ["common/*.c", "compress/*.c", "decompress/*.c"])
                    + [os.path.join(HERE, "zstd", "zstd_bench.c")],
                    cflags=common + ["-I" + lib, "-DZSTD_DISABLE_ASM", "-DDYNAMIC_BMI2=0",
                                     "-DZSTD_NO_INTRINSICS", "-DNO_PREFETCH"], wasm_cflags=WASM_STACK)
    if name == "cjson":
        return dict(sources=[os.path.join(src, "cJSON.c"), os.path.join(HERE, "cjson", "cjson_bench.c")],
                    cflags=common + ["-I" + src], wasm_cflags=WASM_STACK)
    if name == "pcre2":
        # The generic config.h / pcre2.h / character tables the release ships for builds
        # without configure, copied into gen/ beside the sources (the cache, not the repo).
        s, gen = os.path.join(src, "src"), os.path.join(src, "gen")
        os.makedirs(gen, exist_ok=True)
        for a, b in (("config.h.generic", "config.h"), ("pcre2.h.generic", "pcre2.h"),
                     ("pcre2_chartables.c.dist", "pcre2_chartables.c")):
            if not os.path.exists(os.path.join(gen, b)):
                shutil.copyfile(os.path.join(s, a), os.path.join(gen, b))
        return dict(sources=_Files(s, ["pcre2_*.c"], {
                        "pcre2_dftables.c", "pcre2_fuzzsupport.c", "pcre2_jit_match.c",
                        "pcre2_jit_misc.c", "pcre2_jit_test.c", "pcre2_printint.c",
                        "pcre2_ucptables.c"})
                    + [os.path.join(gen, "pcre2_chartables.c"), os.path.join(HERE, "pcre2", "pcre2_bench.c")],
                    cflags=common + ["-I" + gen, "-I" + s, "-DHAVE_CONFIG_H", "-DPCRE2_CODE_UNIT_WIDTH=8",
                                     "-DSUPPORT_UNICODE", "-DHAVE_MEMMOVE", "-DPCRE2_STATIC"],
                    wasm_cflags=WASM_STACK)
    if name == "quickjs":
        # As tests/programs/programs.py builds it: EMSCRIPTEN selects the portable
        # configuration (no threads, no stack probe) on both builds; wasi-libc has only
        # FE_TONEAREST, so the rounding modes QuickJS names get values.
        return dict(sources=[os.path.join(src, f) for f in ("quickjs.c", "libregexp.c", "libunicode.c",
                                                             "cutils.c", "libbf.c")]
                    + [os.path.join(HERE, "quickjs", "qjs_bench.c")],
                    cflags=common + ["-I" + src, "-DEMSCRIPTEN", "-D_GNU_SOURCE", "-DCONFIG_BIGNUM",
                                     '-DCONFIG_VERSION="2021-03-27"'],
                    wasm_cflags=["-DFE_DOWNWARD=0x400", "-DFE_UPWARD=0x800"] + WASM_STACK)
    if name == "sqlite":
        # The amalgamation, #included by the driver (one translation unit).
        return dict(sources=[os.path.join(BENCH_DIR, "sqlite", "sqlite_bench.c")],
                    cflags=common + ["-I" + src] + SQLITE_CFLAGS, wasm_cflags=[],
                    deps=[os.path.join(src, "sqlite3.c")])
    raise KeyError(name)
