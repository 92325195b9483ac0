#!/usr/bin/env python3
"""wasmc benchmark runner (python3 stdlib only).

Builds every bench/kernels/*.c and every real program of bench/programs/ (Lua, SQLite, zstd,
cJSON, PCRE2, QuickJS: sources fetched once from Debian/npm into the scratch directory, see
bench/programs/specs.py) to wasm32-wasi (clang-16 -O2 with clang >= 20's default features:
WASM_CC) and natively (gcc -O2, clang-16 -O2), compiles each .wasm with wasmc (timing the
compile), checks that every build prints the same checksum, runs all variants N times interleaved and prints medians, ratios to gcc -O2 and the
geomeans. Nothing is written into the repository: builds go to a scratch directory. On x86-64
the native builds run with glibc's string functions capped at x86-64-v2 (GLIBC_V2_TUNABLES;
--glibc-uncapped turns that off).

  bench/run.py                                  # x86-64: gcc, clang, wasmc, wasm2c, node
  bench/run.py --json r.json && bench/plot.py r.json   # the table and docs/ plots
  bench/run.py --runs 3 --scale 30 -k fib,sieve  # quick look
  bench/run.py --target=aarch64-linux --scale 25 # both under qemu-aarch64

Exit status: 0 when every selected benchmark was fetched, built, compiled by wasmc, ran and
matched the checksum; 1 when any of that failed (reported per benchmark, never timed, never
dropped silently); 2 on setup errors.
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "programs"))
import specs as programs  # noqa: E402  (bench/programs/specs.py)

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
KERNEL_DIR = os.path.join(BENCH_DIR, "kernels")
NODE_RUNNER = os.path.join(BENCH_DIR, "node_wasi_run.mjs")
W2C_HOST = os.path.join(BENCH_DIR, "wasm2c", "main.c")
W2C_RT_DIR = "/usr/share/wabt/wasm2c"  # Debian wabt: wasm-rt-impl.c/.h
CHECKSUM_RE = re.compile(rb"^checksum: ([0-9a-f]{16})$", re.M)
WASMC_NOT_IMPLEMENTED = 6

# -ffp-contract=off everywhere: wasm has no fused multiply-add, and gcc fuses by default on
# AArch64, which would change float checksums (and the work done) between builds.
# -mbulk-memory -mnontrapping-fptoint: clang >= 20's defaults for wasm32 (LLVM PR 112049), so the
# modules are what users' current toolchains produce (memory.copy/fill for memcpy/memset,
# i32.trunc_sat_* for float -> int casts); clang-16 needs them spelled out. The build stamps
# (`.cmd`, StampKey) hold the flags, so an existing scratch directory rebuilds its modules.
WASM_FEATURES = ["-mbulk-memory", "-mnontrapping-fptoint"]
WASM_CC = ["clang-16", "--target=wasm32-wasi", "--sysroot=/usr", "-O2"] + WASM_FEATURES
# glibc picks memcpy/memmove/memset/memcmp/strlen... by CPU at start-up (IFUNC): AVX2, EVEX and
# AVX-512 versions, x86-64-v3/v4, above the x86-64-v2 wasmc compiles for by default. The native
# builds (and wasm2c's, which link glibc too) run with these capped to v2, so both sides run at
# the same CPU level (docs/performance.md, "zstd: which code paths each build takes": PCRE2's gcc
# build ran 1.3x slower with the AVX2/AVX-512 versions). --glibc-uncapped turns this off.
GLIBC_V2_TUNABLES = ("glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD,"
                     "-BMI1,-BMI2,-LZCNT,-MOVBE,-FMA,-F16C,-AVX_Fast_Unaligned_Load")
TARGETS = {
    "x86_64-linux": {
        "gcc": ["gcc", "-O2", "-ffp-contract=off", "-static"],
        "clang": ["clang-16", "-O2", "-ffp-contract=off", "-static"],
        "runner": [],
        "glibc_tunables": GLIBC_V2_TUNABLES,
    },
    "aarch64-linux": {
        "gcc": ["aarch64-linux-gnu-gcc", "-O2", "-ffp-contract=off", "-static"],
        "clang": ["clang-16", "--target=aarch64-linux-gnu", "-O2", "-ffp-contract=off", "-static"],
        "runner": ["qemu-aarch64"],
    },
}


def Log(msg):
    print(msg, file=sys.stderr, flush=True)


def MachineInfo():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": model,
        "kernel": platform.release(),
        "loadavg_start": os.getloadavg()[0],
    }


def ToolVersion(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def Uleb(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def CodeSectionSize(wasm_path):
    """Size in bytes of the code section (id 10) payload of a .wasm file."""
    with open(wasm_path, "rb") as f:
        data = f.read()
    if data[:4] != b"\0asm":
        raise ValueError(f"{wasm_path}: not a wasm module")
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, pos = Uleb(data, pos + 1)
        if sid == 10:
            return size
        pos += size
    return 0


def StampKey(cmd, files, out):
    """What a build's `.cmd` stamp holds: the command with the repository and the scratch
    directory (the parent of out's directory: <scratch>/wasm32-wasi or <scratch>/<target>) written
    as <repo> and <scratch>, and a SHA-256 of the input files' contents. An output is rebuilt
    when its stamp differs, so a scratch directory copied elsewhere, or used from another
    checkout of the repository, rebuilds nothing whose flags and sources are unchanged (file
    times are not looked at: a fresh checkout's are all new)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(out)))

    def Norm(text):
        for path, name in sorted([(REPO, "<repo>"), (root, "<scratch>")], key=lambda x: -len(x[0])):
            text = text.replace(path, name)
        return text
    digest = hashlib.sha256()
    for path in files:
        digest.update(Norm(os.path.abspath(path)).encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(f.read())
    return f"{Norm(' '.join(cmd))}\n# inputs sha256 {digest.hexdigest()}"


def Build(cmd, src, out, deps, stamp_key, note=None):
    """Compiles src (a file or a list of files) -> out with cmd unless up to date (the stamp
    out.cmd matches: same command and same contents of the sources and deps, StampKey)."""
    srcs = src if isinstance(src, list) else [src]
    stamp = out + ".cmd"
    key = StampKey(cmd + srcs, srcs + deps, out)
    if os.path.exists(out) and os.path.exists(stamp):
        with open(stamp) as f:
            held = f.read()
        if held == key:
            return None
        # A stamp from before StampKey (the bare command; up to date if newer than its inputs):
        # adopted, so existing scratch directories do not rebuild everything once.
        old_time = os.path.getmtime(out)
        if held == " ".join(cmd + srcs) and all(os.path.getmtime(i) <= old_time for i in srcs + deps):
            with open(stamp, "w") as f:
                f.write(key)
            return None
    if note:
        Log(note)
    full = cmd + srcs + ["-o", out] + (["-lm"] if stamp_key not in ("wasm", "obj") else [])
    res = subprocess.run(full, capture_output=True, text=True)
    if res.returncode != 0:
        return f"{' '.join(full)}\n{res.stderr.strip()}"
    with open(stamp, "w") as f:
        f.write(key)
    return None


def BuildBenchmark(k, sp, tgt, scratch, wasm_dir, wasm_cflags, natives):
    """Builds benchmark `k` (spec `sp`, see CollectSpecs) for wasm32-wasi into wasm_dir and with
    the `natives` compilers of target `tgt` ("gcc", "clang") into scratch. Returns (the .wasm,
    {native name: executable}, None) or (None, None, why it failed)."""
    deps = [os.path.join(KERNEL_DIR, "bench.h")] + sp["deps"]
    wasm = os.path.join(wasm_dir, k + ".wasm")
    builds = [("wasm", WASM_CC + wasm_cflags + sp["wasm_cflags"], wasm)]
    builds += [(n, tgt[n], os.path.join(scratch, f"{k}.{n}")) for n in natives]
    outs = {}
    for name, cmd, out in builds:
        note = f"# building {k} ({name})" if sp["program"] else None
        err = Build(cmd + sp["cflags"], sp["sources"], out, deps, name, note)
        if err:
            return None, None, f"building {k} ({name}) failed:\n{err[-1500:]}"
        if name != "wasm":
            outs[name] = out
    return wasm, outs, None


def BuildWasm2c(k, wasm, scratch, clang, deps, r):
    """wasm2c + clang-16 -O2 (the LLVM AOT peer). Records the translate+compile time (user+sys,
    measured once per rebuild and cached next to the executable) in r["w2c_compile_s"]."""
    name = "m_" + k  # wasm2c -n: C identifier prefix
    csrc, exe = os.path.join(scratch, name + ".c"), os.path.join(scratch, k + ".w2c")
    timing = exe + ".time"
    key = StampKey(clang, [wasm, W2C_HOST] + deps, exe)
    if os.path.exists(exe) and os.path.exists(timing):
        with open(timing) as f:
            saved = f.read().split("\n", 1)
        if len(saved) == 2 and saved[1] == key:
            r["w2c_compile_s"] = float(saved[0])
            return exe, None
    if k == "sqlite":
        Log("# building sqlite (wasm2c + clang -O2); this takes a while")
    rt_obj = os.path.join(scratch, "wasm-rt-impl.o")  # shared runtime: built once, not timed
    if Build(clang + ["-c", "-w"], os.path.join(W2C_RT_DIR, "wasm-rt-impl.c"), rt_obj, [], "obj"):
        return None, "cannot build wasm-rt-impl.c"
    cpu = ChildCpu()
    steps = [["wasm2c", "-n", name, wasm, "-o", csrc],
             clang + ["-w", "-I" + W2C_RT_DIR, "-I" + scratch, f"-DMOD={name}", csrc,
                      W2C_HOST, rt_obj, "-o", exe, "-lm"]]
    for cmd in steps:
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            return None, f"build failed: {' '.join(cmd[:3])}: {(res.stderr.strip().splitlines() or [''])[0][:120]}"
    r["w2c_compile_s"] = cpu.Delta()
    with open(timing, "w") as f:
        f.write(f"{r['w2c_compile_s']}\n{key}")
    return exe, None


def TimeCompile(cmd, exe, args):
    """Runs the wasmc command `cmd` (output `exe`) --compile-runs times. Returns (exit status,
    first line of its errors, median time in args.metric, peak RSS in KiB of the largest run);
    each run is measured on its own with wait4, so its CPU time counts every compile thread.
    The peak RSS comes from /usr/bin/time (GNU time): a child forked by this script starts with
    the script's own resident set as its high-water mark, one forked by `time` does not."""
    times, rss = [], 0
    gnu_time = os.path.exists("/usr/bin/time")
    for _ in range(max(1, args.compile_runs)):
        if os.path.exists(exe):
            os.remove(exe)
        t0 = time.perf_counter()
        with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as err, \
                tempfile.NamedTemporaryFile("r") as peak:
            wrap = ["/usr/bin/time", "-f", "%M", "-o", peak.name] if gnu_time else []
            proc = subprocess.Popen(wrap + cmd, stdout=null, stderr=err)
            _, status, ru = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - t0
            if proc.returncode != 0 or not os.path.exists(exe):
                err.seek(0)
                first = (err.read().decode(errors="replace").strip().splitlines() or ["(no message)"])[0]
                return proc.returncode or 1, first, None, None
            kib = peak.read().strip().splitlines()[-1:] if gnu_time else []
        times.append(ru.ru_utime + ru.ru_stime if args.metric == "cpu" else wall)
        rss = max(rss, int(kib[0]) if kib and kib[0].isdigit() else ru.ru_maxrss)
    return 0, "", Median(times), rss


def NativePrefix(tunables):
    """The argv prefix that runs a native (glibc) executable with `tunables` (None: nothing).
    env execs the program in place, so the measured child is the program itself."""
    return ["env", "GLIBC_TUNABLES=" + tunables] if tunables else []


def RunOnce(cmd, timeout):
    """Runs cmd; returns (wall_s, returncode, stdout+stderr). CPU time: see ChildCpu."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None, "timeout", b""
    wall = time.perf_counter() - t0
    return wall, proc.returncode, out + err


class ChildCpu:
    """Per-child CPU time via RUSAGE_CHILDREN deltas (children are run one at a time)."""

    def __init__(self):
        import resource
        self.resource = resource
        self.last = self._Now()

    def _Now(self):
        ru = self.resource.getrusage(self.resource.RUSAGE_CHILDREN)
        return ru.ru_utime + ru.ru_stime

    def Delta(self):
        now = self._Now()
        d, self.last = now - self.last, now
        return d


def Checksum(output):
    m = CHECKSUM_RE.search(output)
    return m.group(1).decode() if m else None


def Median(xs):
    return statistics.median(xs) if xs else None


def Geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def FmtTime(t):
    return "-" if t is None else f"{t:.3f}"


def FmtRatio(r):
    return "-" if r is None else f"{r:.2f}x"


def FmtSize(n):
    if n is None:
        return "-"
    return f"{n / 1024:.0f}K" if n < 1024 * 1024 else f"{n / 1048576:.1f}M"


# Kernels built again from the same source with extra flags for the wasm build only.
# imatmul_simd: gcc -O2 vectorizes imatmul with SSE2, which is in the x86-64 baseline (and
# NEON on AArch64); the wasm module at the same CPU level is clang's -msimd128 build
# (docs/performance.md, "Hot loops against gcc").
KERNEL_VARIANTS = {"imatmul_simd": ("imatmul.c", ["-msimd128"])}


def CollectSpecs(selection, no_programs, sqlite_dir, src_cache):
    """(specs, names, problems): specs maps each kernel and real program to dict(sources, cflags
    (both builds), wasm_cflags, deps, program); names lists the selected ones (comma-separated
    `selection`, or all), kernels first; problems maps each program whose sources could not be
    fetched to why (reported, never dropped silently). names is None on an unknown name."""
    specs = {f[:-2]: dict(sources=[os.path.join(KERNEL_DIR, f)], cflags=[], wasm_cflags=[], deps=[],
                          program=False)
             for f in os.listdir(KERNEL_DIR) if f.endswith(".c")}
    for name, (source, wasm_cflags) in KERNEL_VARIANTS.items():
        specs[name] = dict(sources=[os.path.join(KERNEL_DIR, source)], cflags=[],
                           wasm_cflags=wasm_cflags, deps=[], program=False)
    wanted = selection.split(",") if selection else None
    unknown = set(wanted or []) - set(specs) - set(programs.NAMES)
    if unknown:
        Log(f"error: unknown kernels/programs: {', '.join(sorted(unknown))}")
        return specs, None, {}
    problems = {}
    for name in [] if no_programs else programs.NAMES:
        if wanted and name not in wanted:
            continue
        try:
            src = (os.path.abspath(sqlite_dir) if name == "sqlite" and sqlite_dir
                   else programs.Fetch(name, src_cache))
            sp = programs.Spec(name, src)
        except Exception as e:  # noqa: BLE001 (any fetch/setup failure is reported, not fatal)
            problems[name] = f"fetch failed: {e}"
            continue
        sp.setdefault("deps", [])
        sp["program"] = True
        specs[name] = sp
    names = (sorted(k for k in specs if not specs[k]["program"])
             + sorted(k for k in specs if specs[k]["program"]))
    return specs, [k for k in names if not wanted or k in wanted], problems


def FindWasmc(arg):
    for cand in [arg, os.environ.get("WASMC"), os.path.join(REPO, "build", "bin", "wasmc")]:
        if cand:
            return os.path.abspath(cand)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", "-n", type=int, default=5, help="timed runs per variant (median reported)")
    ap.add_argument("--compile-runs", type=int, default=3, help="timed wasmc compiles per kernel")
    ap.add_argument("--target", default="x86_64-linux", choices=sorted(TARGETS))
    ap.add_argument("--wasmc", help="wasmc binary (default: $WASMC, else <repo>/build/bin/wasmc)")
    ap.add_argument("--scratch", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "wasmc-bench"),
                    help="build directory for kernels (outside the repo)")
    ap.add_argument("--kernels", "-k", help="comma-separated subset of kernels")
    ap.add_argument("--scale", type=int, help="work scale in percent passed to every kernel (default: 100)")
    ap.add_argument("--metric", choices=["cpu", "wall"], default="cpu",
                    help="cpu = child user+sys time (default, robust on a shared machine); wall = elapsed")
    ap.add_argument("--no-node", action="store_true", help="skip the Node.js (V8) JIT peer")
    ap.add_argument("--no-clang", action="store_true", help="skip the native clang-16 -O2 reference")
    ap.add_argument("--no-wasm2c", action="store_true",
                    help="skip the wasm2c + clang-16 -O2 peer (LLVM-based AOT, stands in for wamrc)")
    ap.add_argument("--glibc-uncapped", action="store_true",
                    help="let the native builds' glibc pick AVX2/AVX-512 string functions (default: "
                         "capped at x86-64-v2 with GLIBC_TUNABLES, wasmc's default --cpu)")
    ap.add_argument("--wasmc-flags", default="", help="extra flags for wasmc (space separated)")
    ap.add_argument("--wasm-cflags", default="", help="extra flags for the wasm32-wasi clang build")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run before it counts as failed")
    ap.add_argument("--sqlite-dir", help="directory holding sqlite3.c for the sqlite program "
                    "(default: fetched from npm into <scratch>/src/sqlite)")
    ap.add_argument("--compile-only", action="store_true",
                    help="build and time the wasmc compiles only (compile columns; no runs)")
    ap.add_argument("--no-programs", action="store_true",
                    help="only the kernels, not the real programs of bench/programs/")
    ap.add_argument("--json", help="write all raw results here")
    ap.add_argument("--markdown", help="also write the table as Markdown here (for docs/performance.md)")
    args = ap.parse_args()

    tgt = TARGETS[args.target]
    cross = bool(tgt["runner"])
    use_node = not args.no_node and not cross and shutil.which("node") is not None
    use_w2c = (not args.no_wasm2c and shutil.which("wasm2c") is not None
               and os.path.exists(os.path.join(W2C_RT_DIR, "wasm-rt-impl.c")))
    src_cache = os.path.join(os.path.abspath(args.scratch), "src")  # fetched sources, kept
    scratch = os.path.join(os.path.abspath(args.scratch), args.target)
    wasm_dir = os.path.join(os.path.abspath(args.scratch), "wasm32-wasi")  # shared by targets
    os.makedirs(scratch, exist_ok=True)
    os.makedirs(wasm_dir, exist_ok=True)
    if os.path.commonpath([scratch, REPO]) == REPO:
        Log("error: --scratch must be outside the repository")
        return 2
    for tool in [WASM_CC[0], tgt["gcc"][0]] + tgt["runner"]:
        if shutil.which(tool) is None:
            Log(f"error: {tool} not found (see bench/README.md for the Debian packages)")
            return 2

    specs, kernels, problems = CollectSpecs(args.kernels, args.no_programs, args.sqlite_dir, src_cache)
    if kernels is None:
        return 2
    deps = [os.path.join(KERNEL_DIR, "bench.h")]
    kargs = [str(args.scale)] if args.scale else []
    tunables = None if args.glibc_uncapped else tgt.get("glibc_tunables")
    native_prefix = NativePrefix(tunables)

    wasmc = FindWasmc(args.wasmc)
    wasmc_ok = wasmc is not None and os.access(wasmc, os.X_OK)
    info = MachineInfo()
    info.update({
        "target": args.target, "runs": args.runs, "metric": args.metric, "scale": args.scale or 100,
        "wasmc": wasmc, "gcc": ToolVersion([tgt["gcc"][0], "--version"]),
        "native_glibc_tunables": tunables,
        "clang": ToolVersion(["clang-16", "--version"]),
        "wasm_cc": " ".join(WASM_CC + args.wasm_cflags.split()),
        "node": ToolVersion(["node", "--version"]) if use_node else None,
        "qemu": ToolVersion(["qemu-aarch64", "--version"]) if cross else None,
    })
    Log(f"# {info['date_utc']}  {info['cpu']}  nproc={info['nproc']}  load={info['loadavg_start']:.2f}"
        f"  target={args.target}  runs={args.runs}  metric={args.metric}  scale={info['scale']}%"
        f"  native glibc={'capped at x86-64-v2' if tunables else 'uncapped'}")
    Log(f"# wasm: {info['wasm_cc']}")
    if not wasmc_ok:
        Log(f"# wasmc: not found or not executable at {wasmc}; wasmc columns will be empty")

    # ---- 1. Build kernels and programs (wasm + native references).
    results = {}
    variants = {}  # kernel -> {name: argv}
    for k in list(kernels):
        sp = specs[k]
        r = results[k] = {"kernel": k, "program": sp["program"], "status": {}, "times": {}, "cpu": {},
                          "wall": {}}
        wasm, outs, err = BuildBenchmark(k, sp, tgt, scratch, wasm_dir, args.wasm_cflags.split(),
                                         ["gcc"] + ([] if args.no_clang else ["clang"]))
        if err:
            problems[k] = err
            Log(f"error: {err}")
            kernels.remove(k)
            continue
        v = variants[k] = {name: native_prefix + tgt["runner"] + [out] + kargs for name, out in outs.items()}
        r["wasm_size"] = os.path.getsize(wasm)
        r["code_size"] = CodeSectionSize(wasm)
        r["gcc_size"] = os.path.getsize(os.path.join(scratch, k + ".gcc"))
        if use_w2c:
            exe, err = BuildWasm2c(k, wasm, scratch, tgt["clang"], deps + sp["deps"], r)
            if err:
                r["status"]["wasm2c"] = err
            else:
                v["wasm2c"] = native_prefix + tgt["runner"] + [exe] + kargs
        if use_node:
            # --single-threaded-gc: Node 20 segfaulted at exit in ~40% of runs of kernels that
            # grow memory a lot (stream) with concurrent GC; never with it, at no speed cost.
            v["node"] = ["node", "--no-warnings", "--single-threaded-gc", NODE_RUNNER, wasm] + kargs

    # ---- 2. Compile each .wasm with wasmc, timing the compile (same metric as the runs), at the
    # default level (the executable that is run) and at -O1 (compile speed only).
    for k in kernels:
        r = results[k]
        if not wasmc_ok:
            r["status"]["wasmc"] = "wasmc binary missing"
            continue
        wasm = os.path.join(wasm_dir, k + ".wasm")
        exe = os.path.join(scratch, k + ".wasmc")
        cmd = [wasmc, wasm, "-o", exe, f"--target={args.target}"] + args.wasmc_flags.split()
        if cross:
            # qemu-user emulates neither Landlock nor seccomp: the default "require" would
            # refuse to start (docs/manifest.md). The WASI checks still apply.
            cmd.append("--landlock=best-effort")
        rc, err, r["compile_s"], r["compile_rss_kb"] = TimeCompile(cmd, exe, args)
        if rc != 0:
            why = "not implemented yet" if rc == WASMC_NOT_IMPLEMENTED else "compile failed"
            r["status"]["wasmc"] = f"{why} (exit {rc}): {err}"
            continue
        r["out_size"] = os.path.getsize(exe)
        r["compile_mb_s"] = r["code_size"] / 1e6 / r["compile_s"] if r["compile_s"] > 0 else None
        variants[k]["wasmc"] = tgt["runner"] + [exe] + kargs
        o1 = os.path.join(scratch, k + ".wasmc-O1")
        rc, err, r["compile_o1_s"], _ = TimeCompile(cmd[:3] + [o1] + cmd[4:] + ["-O1"], o1, args)
        if rc != 0:
            r["status"]["wasmc-O1"] = f"compile failed (exit {rc}): {err}"
        elif r["compile_o1_s"] > 0:
            r["compile_o1_mb_s"] = r["code_size"] / 1e6 / r["compile_o1_s"]

    # ---- 3. Check run: every variant must print the gcc checksum; mismatches are never timed.
    for k in [] if args.compile_only else list(kernels):
        r, v = results[k], variants[k]
        ref = None
        for name in ["gcc"] + [n for n in v if n != "gcc"]:
            for _attempt in range(3 if name == "node" else 1):  # see --single-threaded-gc
                wall, rc, out = RunOnce(v[name], args.timeout)
                if rc == 0:
                    break
            cs = Checksum(out)
            if rc != 0 or cs is None:
                tail = out.decode(errors="replace").strip().splitlines()[-1:] or [""]
                r["status"][name] = f"run failed ({'exit ' + str(rc) if rc != 'timeout' else 'timeout'}): {tail[0][:100]}"
            elif name == "gcc":
                ref = r["checksum"] = cs
            elif cs != ref:
                r["status"][name] = f"WRONG checksum {cs} (gcc: {ref})"
            if name == "gcc" and ref is None:
                break
        if ref is None:
            problems[k] = f"the native gcc build failed its check run: {r['status']['gcc']}"
            Log(f"error: {k}: {problems[k]}")
            kernels.remove(k)
            continue
        for name in list(v):
            if name in r["status"]:
                del v[name]

    # ---- 4. Timed runs, interleaved so that load changes hit every variant alike.
    cpu = ChildCpu()
    for i in range(0 if args.compile_only else args.runs):
        for k in kernels:
            r = results[k]
            for name, cmd in list(variants[k].items()):
                cpu.Delta()
                wall, rc, out = RunOnce(cmd, args.timeout)
                c = cpu.Delta()
                if rc != 0 or Checksum(out) != r["checksum"]:
                    # A crash or wrong output is dropped and reported, never timed.
                    r.setdefault("dropped", {}).setdefault(name, 0)
                    r["dropped"][name] += 1
                    continue
                r["wall"].setdefault(name, []).append(wall)
                r["cpu"].setdefault(name, []).append(c)
        Log(f"# round {i + 1}/{args.runs} done (load {os.getloadavg()[0]:.2f})")

    # ---- 5. Report.
    names = (["gcc"] + ([] if args.no_clang else ["clang"]) + ["wasmc"] + (["wasm2c"] if use_w2c else [])
             + (["node"] if use_node else []))
    for k in kernels:
        r = results[k]
        r["times"] = {n: Median(r[args.metric].get(n, [])) for n in names}
        g = r["times"]["gcc"]
        r["ratios"] = {n: (r["times"][n] / g if r["times"].get(n) and g else None) for n in names}
        # Best of N: on a shared host interference only ever adds time to a deterministic
        # run, so the fastest run of each variant is the least disturbed one; its ratio is
        # steadier than the medians' when single runs spread by 1.5-2x (docs/performance.md).
        best = {n: min(r[args.metric][n]) if r[args.metric].get(n) else None for n in names}
        r["best_ratios"] = {n: (best[n] / best["gcc"] if best.get(n) and best["gcc"] else None)
                            for n in names}
    info["loadavg_end"] = os.getloadavg()[0]

    where = " (all under qemu-aarch64)" if cross else ""
    print(f"\nwasmc benchmarks, {info['date_utc']}, {info['cpu']}, nproc={info['nproc']}, "
          f"target {args.target}{where}")
    print(f"median of {args.runs} runs, metric={args.metric} seconds, scale={info['scale']}%, "
          f"ratio = time / gcc -O2 time (lower is better), native glibc "
          f"{'capped at x86-64-v2' if tunables else 'uncapped'}\n")
    hdr = ["benchmark", "gcc s", "clang", "wasmc s", "wasmc", "best", "w2c", "node", "compile ms", "MB/s",
           "-O1 MB/s", "peak MB", "w2c/wasmc", "code", "out"]
    rows = []
    for k in kernels:
        r = results[k]
        t, q = r["times"], r["ratios"]
        rows.append([k, FmtTime(t["gcc"]), FmtRatio(q.get("clang")), FmtTime(t.get("wasmc")),
                     FmtRatio(q.get("wasmc")), FmtRatio(r["best_ratios"].get("wasmc")),
                     FmtRatio(q.get("wasm2c")), FmtRatio(q.get("node")),
                     "-" if r.get("compile_s") is None else f"{r['compile_s'] * 1000:.0f}",
                     "-" if r.get("compile_mb_s") is None else f"{r['compile_mb_s']:.2f}",
                     "-" if r.get("compile_o1_mb_s") is None else f"{r['compile_o1_mb_s']:.2f}",
                     "-" if r.get("compile_rss_kb") is None else f"{r['compile_rss_kb'] / 1024:.0f}",
                     "-" if not (r.get("compile_s") and r.get("w2c_compile_s"))
                     else f"{r['w2c_compile_s'] / r['compile_s']:.0f}x",
                     FmtSize(r["code_size"]), FmtSize(r.get("out_size"))])
    csp = Geomean([results[k]["w2c_compile_s"] / results[k]["compile_s"] for k in kernels
                   if results[k].get("compile_s") and results[k].get("w2c_compile_s")])
    sep = len(rows)
    for label, group in (("geomean kernels", [k for k in kernels if not results[k]["program"]]),
                         ("geomean programs", [k for k in kernels if results[k]["program"]]),
                         ("geomean all", kernels)):
        if not group:
            continue
        geo = {n: Geomean([results[k]["ratios"].get(n) for k in group]) for n in names}
        info[label.replace(" ", "_")] = geo
        best = Geomean([results[k]["best_ratios"].get("wasmc") for k in group])
        info[label.replace(" ", "_") + "_best"] = best
        rows.append([label, "", FmtRatio(geo.get("clang")), "", FmtRatio(geo.get("wasmc")),
                     FmtRatio(best), FmtRatio(geo.get("wasm2c")), FmtRatio(geo.get("node")), "", "", "", "",
                     "-" if csp is None or label != "geomean all" else f"{csp:.0f}x", "", ""])
    widths = [max(len(str(x[i])) for x in rows + [hdr]) for i in range(len(hdr))]
    for j, row in enumerate([hdr] + rows):
        if j == sep + 1:
            print("  ".join("-" * w for w in widths))
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print("\nbest = wasmc's fastest run / gcc's fastest run (the columns before it are medians)")
    print("code = wasm code-section size; MB/s = code section / wasmc compile time (median of "
          f"{args.compile_runs}; -O1 MB/s the same at -O1); peak MB = wasmc's largest resident set; "
          "out = wasmc executable size")
    if use_w2c:
        print("w2c = wabt wasm2c + clang-16 -O2 (LLVM AOT peer); w2c/wasmc = its translate+compile "
              "time / wasmc compile time (measured once per rebuild)")
    if use_node:
        print("node = Node.js " + (info["node"] or "") + " built-in WASI (V8 JIT), includes node startup")
    n_wasmc = sum(1 for k in kernels if results[k]["ratios"].get("wasmc"))
    print(f"wasmc geomean over {n_wasmc}/{len(kernels)} benchmarks")

    failed = bool(problems)
    for k, msg in sorted(problems.items()):
        print(f"{k}: no figures: {msg}")
    for k in kernels:
        for name, msg in results[k]["status"].items():
            print(f"{k}: {name}: {msg}")
            failed = failed or name.startswith("wasmc")
        for name, n in results[k].get("dropped", {}).items():
            print(f"{k}: {name}: {n} run(s) dropped (crash or wrong output during timing)")
            failed = failed or name == "wasmc"
    print(f"load average: {info['loadavg_start']:.2f} at start, {info['loadavg_end']:.2f} at end "
          "(shared machine: figures are noisy)")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("| " + " | ".join(hdr) + " |\n|" + "---|" * len(hdr) + "\n")
            for row in rows:
                f.write("| " + " | ".join(str(c) for c in row) + " |\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"info": info, "results": results, "problems": problems}, f, indent=1)
    if failed:
        print("\nFAILED: the benchmarks listed above could not be fetched or built, or wasmc could not "
              "compile, run or match their checksum; no figures were invented for them.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
