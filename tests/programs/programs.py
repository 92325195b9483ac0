#!/usr/bin/env python3
"""Real programs, built every way users build them, run by wasmc's code on both
targets and compared with the native build (docs/testing.md, "Real programs").

    programs.py [--subset ci|all] [--build DIR] [--only NAME] [-v]

Each program's C sources come from a registry, pinned to a version and cached in
BUILD/programs/src (fetch.py). Each is built by clang-16 for wasm32-wasi at -O0,
-O2 and -Oz, without wasm-opt (clang runs binaryen's wasm-opt on its own when it
finds it on PATH, so the plain build is linked with PATH holding only LLVM's
tools) and after `wasm-opt -O2` and `wasm-opt -O3`; each .wasm is compiled by
wasmc for x86-64 (run natively) and AArch64 (run under qemu-aarch64), run on
the program's workload and compared (stdout and exit status) with the native gcc
-O2 build. `--subset ci` is the part `bash build.sh test` runs. Last line:
`programs: N passed, M failed` (one test per program, variant and target)."""
import argparse
import concurrent.futures
import hashlib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
import corpus  # noqa: E402  (run_wasi, describe: shared with the fuzzer)
import fetch  # noqa: E402

CLANG = "/usr/lib/llvm-16/bin/clang"
WASM_FLAGS = ["--target=wasm32-wasi", "--sysroot=/usr"]
# -ffp-contract=off: wasm has no fused multiply-add and gcc fuses by default.
NATIVE = ["gcc", "-O2", "-ffp-contract=off"]
LEVELS = ["-O0", "-O2", "-Oz"]
POST = {"plain": [], "wasm-opt-O2": ["-O2"], "wasm-opt-O3": ["-O3"]}
SQLITE_FLAGS = ["-DSQLITE_OS_OTHER=1", "-DSQLITE_THREADSAFE=0", "-DSQLITE_TEMP_STORE=3",
                "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_DEFAULT_MEMSTATUS=0",
                "-DSQLITE_OMIT_DEPRECATED", "-DSQLITE_OMIT_SHARED_CACHE", "-DSQLITE_OMIT_WAL"]


def program_specs(src):
    """name -> dict(sources, flags, wasm_flags, args, stdin) for the fetched programs
    (`src` maps each to its folder: fetch.py)."""
    specs = {}
    if "quickjs" in src:
        specs.update(quickjs_spec(src["quickjs"]))
    if "sqlite" in src:
        specs.update(sqlite_spec(src["sqlite"]))
    if "zlib" in src:
        z = src["zlib"]
        # zlib's core (no gz* file functions) with a deflate/inflate workload.
        specs["zlib"] = dict(
            sources=[os.path.join(z, f + ".c") for f in (
                "adler32", "compress", "crc32", "deflate", "infback", "inffast", "inflate",
                "inftrees", "trees", "uncompr", "zutil")]
            + [os.path.join(HERE, "Inputs", "zlib", "zlib_work.c")],
            flags=["-w", "-I" + z], wasm_flags=[], native_libs=[], args=[], stdin=None)
    return specs


def quickjs_spec(qjs):
    return {
        # QuickJS (the engine of issue 9's miscompile), core only, with run_js.c.
        # EMSCRIPTEN selects its portable configuration (no threads, no stack
        # probe) on both builds; wasi-libc has only FE_TONEAREST, so the rounding
        # modes QuickJS asks for (and wasi-libc refuses) get values. wasm-ld's default
        # stack (64 KiB) is too small for the workload's recursion: 8 MiB, as natively.
        "quickjs": dict(
            sources=[os.path.join(qjs, f) for f in ("quickjs.c", "libregexp.c", "libunicode.c",
                                                     "cutils.c", "libbf.c")]
            + [os.path.join(HERE, "Inputs", "quickjs", "run_js.c")],
            flags=["-w", "-DEMSCRIPTEN", "-D_GNU_SOURCE", "-DCONFIG_BIGNUM",
                   '-DCONFIG_VERSION="2021-03-27"', "-I" + qjs],
            wasm_flags=["-DFE_DOWNWARD=0x400", "-DFE_UPWARD=0x800", "-Wl,-z,stack-size=8388608"],
            native_libs=["-lm"],
            args=[], stdin=os.path.join(HERE, "Inputs", "quickjs", "workload.js")),
    }


def sqlite_spec(sqlite):
    return {
        # SQLite's amalgamation with bench/'s in-memory workload (2% of its work).
        "sqlite": dict(
            sources=[os.path.join(ROOT, "bench", "sqlite", "sqlite_bench.c")],
            flags=["-w", "-I" + os.path.join(ROOT, "bench", "kernels"), "-I" + sqlite]
            + SQLITE_FLAGS,
            wasm_flags=[], native_libs=["-lm"], args=["2"], stdin=None),
    }


# The CI subset: issue 9's configuration (QuickJS at -O2 after wasm-opt -O2), and
# SQLite at -Oz after wasm-opt -O3, on both targets.
CI_SUBSET = [("quickjs", "-O2", "wasm-opt-O2"), ("sqlite", "-Oz", "wasm-opt-O3")]
ALL = ["quickjs", "sqlite", "zlib"]


def run(cmd, env=None, cwd=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s" % (" ".join(cmd[:4]) + " ...", p.returncode,
                                                        p.stdout.decode("utf-8", "replace")[-2000:]))


def up_to_date(out, inputs):
    return os.path.exists(out) and all(os.path.getmtime(out) >= os.path.getmtime(i) for i in inputs)


def tag(cmd):
    """A short hash of a build command: outputs are cached per command line."""
    return hashlib.sha1(" ".join(cmd).encode()).hexdigest()[:8]


def build_native(name, spec, out_dir):
    cmd = NATIVE + spec["flags"] + spec["sources"] + spec["native_libs"]
    exe = os.path.join(out_dir, "%s-%s.native" % (name, tag(cmd)))
    if not up_to_date(exe, spec["sources"]):
        run(cmd + ["-o", exe])
    return exe


def build_wasm(name, spec, level, out_dir):
    """The plain build at `level`: clang with no wasm-opt on PATH."""
    cmd = [CLANG] + WASM_FLAGS + [level] + spec["flags"] + spec["wasm_flags"] + spec["sources"]
    wasm = os.path.join(out_dir, "%s%s-%s.plain.wasm" % (name, level, tag(cmd)))
    if not up_to_date(wasm, spec["sources"]):
        # Debian's clang runs `wasm-ld-16` from PATH: a folder with only that link.
        tools = os.path.join(out_dir, "clang-path")
        os.makedirs(tools, exist_ok=True)
        if not os.path.lexists(os.path.join(tools, "wasm-ld-16")):
            os.symlink("/usr/lib/llvm-16/bin/wasm-ld", os.path.join(tools, "wasm-ld-16"))
        env = dict(os.environ, PATH=tools)
        run(cmd + ["-o", wasm], env=env)
    return wasm


def post_process(plain, post):
    if not POST[post]:
        return plain
    out = plain.replace(".plain.wasm", ".%s.wasm" % post)
    if not up_to_date(out, [plain]):
        run(["wasm-opt", plain] + POST[post] + ["-o", out])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--subset", choices=["ci", "all"], default="all")
    p.add_argument("--only", action="append", help="program name (repeatable)")
    p.add_argument("--targets", default="x86_64-linux,aarch64-linux")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    build = os.path.abspath(args.build)
    out_dir = os.path.join(build, "programs")
    os.makedirs(out_dir, exist_ok=True)
    targets = args.targets.split(",")
    start = time.time()
    passed, failed = 0, 0

    names = sorted({n for n, _, _ in CI_SUBSET}) if args.subset == "ci" else ALL
    names = [n for n in names if not args.only or n in args.only]
    try:
        specs = program_specs(fetch.fetch_all(os.path.join(out_dir, "src"), names))
    except (RuntimeError, OSError) as e:
        print("programs: error: fetching the sources: %s" % e)
        print("programs: 0 passed, 1 failed")
        return 1
    if args.subset == "ci":
        matrix = [m for m in CI_SUBSET if m[0] in names]
    else:
        matrix = [(n, lv, post) for n in names for lv in LEVELS for post in POST]

    # Builds first (in parallel: clang and gcc are the slow part), then runs.
    wanted_plain = sorted({(n, lv) for n, lv, _ in matrix})
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        natives = {n: pool.submit(build_native, n, specs[n], out_dir) for n in {m[0] for m in matrix}}
        plains = {k: pool.submit(build_wasm, k[0], specs[k[0]], k[1], out_dir) for k in wanted_plain}
        variants = {}
        for n, lv, post in matrix:
            variants[(n, lv, post)] = pool.submit(
                lambda n=n, lv=lv, post=post: post_process(plains[(n, lv)].result(), post))
        want = {}
        for n in natives:
            try:
                exe = natives[n].result()
                want[n] = corpus.run_command([exe] + specs[n]["args"], specs[n]["stdin"], 600)
            except RuntimeError as e:
                print("FAIL %s (native build): %s" % (n, e))
                want[n] = None
        for key in matrix:
            n, lv, post = key
            label = "%s %s %s" % (n, lv, post)
            try:
                wasm = variants[key].result()
            except RuntimeError as e:
                print("FAIL %s (build): %s" % (label, e))
                failed += len(targets)
                continue
            if want[n] is None:
                failed += len(targets)
                continue
            t0 = time.time()
            got = corpus.run_wasi(wasm, specs[n]["args"], specs[n]["stdin"], build, targets, timeout=600)
            for target in targets:
                why = corpus.describe(want[n], got[target])
                if why:
                    failed += 1
                    print("FAIL %s on %s: %s" % (label, target, why))
                else:
                    passed += 1
                    if args.verbose:
                        print("PASS %s on %s" % (label, target))
            if args.verbose:
                print("     (%s: %.0f s)" % (label, time.time() - t0), flush=True)
    print("programs: %d variants x %d targets in %.0f s" % (len(matrix), len(targets), time.time() - start))
    print("programs: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
