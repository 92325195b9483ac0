#!/usr/bin/env python3
"""wasmc benchmark runner (python3 stdlib only).

Builds every bench/kernels/*.c to wasm32-wasi (clang-16 -O2) and natively (gcc -O2, clang-16 -O2),
compiles each .wasm with wasmc (timing the compile), checks that every build prints the same
checksum, runs all variants N times interleaved and prints medians, ratios to gcc -O2 and the
geomean. Nothing is written into the repository: builds go to a scratch directory.

  bench/run.py                                  # x86-64: gcc, clang, wasmc, node
  bench/run.py --runs 3 --scale 30 -k fib,sieve  # quick look
  bench/run.py --target=aarch64-linux --scale 25 # both under qemu-aarch64

Exit status: 0 when every selected kernel was compiled by wasmc, ran and matched the checksum;
1 when any wasmc compile/run/checksum failed (reported per kernel, never timed); 2 on setup errors.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
KERNEL_DIR = os.path.join(BENCH_DIR, "kernels")
NODE_RUNNER = os.path.join(BENCH_DIR, "node_wasi_run.mjs")
SQLITE_DRIVER = os.path.join(BENCH_DIR, "sqlite", "sqlite_bench.c")
W2C_HOST = os.path.join(BENCH_DIR, "wasm2c", "main.c")
W2C_RT_DIR = "/usr/share/wabt/wasm2c"  # Debian wabt: wasm-rt-impl.c/.h
# The same configuration for every build: no OS layer (the driver supplies a file-less VFS).
SQLITE_CFLAGS = ["-DSQLITE_OS_OTHER=1", "-DSQLITE_THREADSAFE=0", "-DSQLITE_TEMP_STORE=3",
                 "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_DEFAULT_MEMSTATUS=0",
                 "-DSQLITE_OMIT_DEPRECATED", "-DSQLITE_OMIT_SHARED_CACHE", "-DSQLITE_OMIT_WAL"]
CHECKSUM_RE = re.compile(rb"^checksum: ([0-9a-f]{16})$", re.M)
WASMC_NOT_IMPLEMENTED = 6

# -ffp-contract=off everywhere: wasm has no fused multiply-add, and gcc fuses by default on
# AArch64, which would change float checksums (and the work done) between builds.
WASM_CC = ["clang-16", "--target=wasm32-wasi", "--sysroot=/usr", "-O2"]
TARGETS = {
    "x86_64-linux": {
        "gcc": ["gcc", "-O2", "-ffp-contract=off", "-static"],
        "clang": ["clang-16", "-O2", "-ffp-contract=off", "-static"],
        "runner": [],
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


def NeedsBuild(out, inputs):
    if not os.path.exists(out):
        return True
    t = os.path.getmtime(out)
    return any(os.path.getmtime(i) > t for i in inputs)


def Build(cmd, src, out, deps, stamp_key, note=None):
    """Compiles src -> out with cmd unless up to date (same flags and newer than sources)."""
    stamp = out + ".cmd"
    key = " ".join(cmd + [src])
    if not NeedsBuild(out, [src] + deps) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == key:
                return None
    if note:
        Log(note)
    full = cmd + [src, "-o", out] + (["-lm"] if stamp_key not in ("wasm", "obj") else [])
    res = subprocess.run(full, capture_output=True, text=True)
    if res.returncode != 0:
        return f"{' '.join(full)}\n{res.stderr.strip()}"
    with open(stamp, "w") as f:
        f.write(key)
    return None


def BuildWasm2c(k, wasm, scratch, clang, deps, r):
    """wasm2c + clang-16 -O2 (the LLVM AOT peer). Records the translate+compile time (user+sys,
    measured once per rebuild and cached next to the executable) in r["w2c_compile_s"]."""
    name = "m_" + k  # wasm2c -n: C identifier prefix
    csrc, exe = os.path.join(scratch, name + ".c"), os.path.join(scratch, k + ".w2c")
    timing = exe + ".time"
    key = " ".join(clang)
    if not NeedsBuild(exe, [wasm, W2C_HOST] + deps) and os.path.exists(timing):
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
    ap.add_argument("--wasmc-flags", default="", help="extra flags for wasmc (space separated)")
    ap.add_argument("--wasm-cflags", default="", help="extra flags for the wasm32-wasi clang build")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run before it counts as failed")
    ap.add_argument("--sqlite-dir", help="directory holding sqlite3.c for the sqlite kernel "
                    "(default: <scratch>/sqlite, filled by bench/sqlite/fetch.sh)")
    ap.add_argument("--json", help="write all raw results here")
    ap.add_argument("--markdown", help="also write the table as Markdown here (for docs/performance.md)")
    args = ap.parse_args()

    tgt = TARGETS[args.target]
    cross = bool(tgt["runner"])
    use_node = not args.no_node and not cross and shutil.which("node") is not None
    use_w2c = (not args.no_wasm2c and shutil.which("wasm2c") is not None
               and os.path.exists(os.path.join(W2C_RT_DIR, "wasm-rt-impl.c")))
    sqlite_dir = os.path.abspath(args.sqlite_dir or os.path.join(args.scratch, "sqlite"))
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

    # kernel -> (source, extra cflags, extra dependencies)
    specs = {f[:-2]: (os.path.join(KERNEL_DIR, f), [], []) for f in os.listdir(KERNEL_DIR) if f.endswith(".c")}
    sqlite_c = os.path.join(sqlite_dir, "sqlite3.c")
    skipped = []
    if os.path.exists(sqlite_c):
        specs["sqlite"] = (SQLITE_DRIVER, ["-I" + KERNEL_DIR, "-I" + sqlite_dir] + SQLITE_CFLAGS, [sqlite_c])
    elif not args.kernels or "sqlite" in args.kernels.split(","):
        skipped.append(f"sqlite: skipped, {sqlite_c} missing (run bench/sqlite/fetch.sh)")
    kernels = sorted(specs)
    if args.kernels:
        wanted = args.kernels.split(",")
        unknown = set(wanted) - set(kernels) - ({"sqlite"} if skipped else set())
        if unknown:
            Log(f"error: unknown kernels: {', '.join(sorted(unknown))}")
            return 2
        kernels = [k for k in kernels if k in wanted]
    deps = [os.path.join(KERNEL_DIR, "bench.h")]
    kargs = [str(args.scale)] if args.scale else []

    wasmc = FindWasmc(args.wasmc)
    wasmc_ok = wasmc is not None and os.access(wasmc, os.X_OK)
    info = MachineInfo()
    info.update({
        "target": args.target, "runs": args.runs, "metric": args.metric, "scale": args.scale or 100,
        "wasmc": wasmc, "gcc": ToolVersion([tgt["gcc"][0], "--version"]),
        "clang": ToolVersion(["clang-16", "--version"]),
        "node": ToolVersion(["node", "--version"]) if use_node else None,
        "qemu": ToolVersion(["qemu-aarch64", "--version"]) if cross else None,
    })
    Log(f"# {info['date_utc']}  {info['cpu']}  nproc={info['nproc']}  load={info['loadavg_start']:.2f}"
        f"  target={args.target}  runs={args.runs}  metric={args.metric}  scale={info['scale']}%")
    if not wasmc_ok:
        Log(f"# wasmc: not found or not executable at {wasmc}; wasmc columns will be empty")

    # ---- 1. Build kernels (wasm + native references).
    results = {}
    variants = {}  # kernel -> {name: argv}
    for k in kernels:
        src, extra_cflags, extra_deps = specs[k]
        r = results[k] = {"kernel": k, "status": {}, "times": {}, "cpu": {}, "wall": {}}
        wasm = os.path.join(wasm_dir, k + ".wasm")
        builds = [("wasm", WASM_CC + args.wasm_cflags.split(), wasm),
                  ("gcc", tgt["gcc"], os.path.join(scratch, k + ".gcc"))]
        if not args.no_clang:
            builds.append(("clang", tgt["clang"], os.path.join(scratch, k + ".clang")))
        v = variants[k] = {}
        for name, cmd, out in builds:
            note = f"# building {k} ({name}); this takes a while" if k == "sqlite" else None
            err = Build(cmd + extra_cflags, src, out, deps + extra_deps, name, note)
            if err:
                Log(f"error: building {k} ({name}) failed:\n{err}")
                return 2
            if name != "wasm":
                v[name] = tgt["runner"] + [out] + kargs
        r["wasm_size"] = os.path.getsize(wasm)
        r["code_size"] = CodeSectionSize(wasm)
        r["gcc_size"] = os.path.getsize(os.path.join(scratch, k + ".gcc"))
        if use_w2c:
            exe, err = BuildWasm2c(k, wasm, scratch, tgt["clang"], deps + extra_deps, r)
            if err:
                r["status"]["wasm2c"] = err
            else:
                v["wasm2c"] = tgt["runner"] + [exe] + kargs
        if use_node:
            # --single-threaded-gc: Node 20 segfaulted at exit in ~40% of runs of kernels that
            # grow memory a lot (stream) with concurrent GC; never with it, at no speed cost.
            v["node"] = ["node", "--no-warnings", "--single-threaded-gc", NODE_RUNNER, wasm] + kargs

    # ---- 2. Compile each .wasm with wasmc, timing the compile (same metric as the runs).
    cpu = ChildCpu()
    for k in kernels:
        r = results[k]
        if not wasmc_ok:
            r["status"]["wasmc"] = "wasmc binary missing"
            continue
        wasm = os.path.join(wasm_dir, k + ".wasm")
        exe = os.path.join(scratch, k + ".wasmc")
        if os.path.exists(exe):
            os.remove(exe)
        cmd = [wasmc, wasm, "-o", exe, f"--target={args.target}"] + args.wasmc_flags.split()
        if cross:
            # qemu-user emulates neither Landlock nor seccomp: the default "require" would
            # refuse to start (docs/manifest.md). The WASI checks still apply.
            cmd.append("--landlock=best-effort")
        times = []
        for _ in range(max(1, args.compile_runs)):
            cpu.Delta()
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            wall = time.perf_counter() - t0
            times.append(cpu.Delta() if args.metric == "cpu" else wall)
            if res.returncode != 0:
                break
        if res.returncode != 0 or not os.path.exists(exe):
            first = (res.stderr.strip().splitlines() or ["(no message)"])[0]
            why = "not implemented yet" if res.returncode == WASMC_NOT_IMPLEMENTED else "compile failed"
            r["status"]["wasmc"] = f"{why} (exit {res.returncode}): {first}"
            continue
        r["compile_s"] = Median(times)
        r["out_size"] = os.path.getsize(exe)
        r["compile_mb_s"] = r["code_size"] / 1e6 / r["compile_s"] if r["compile_s"] > 0 else None
        variants[k]["wasmc"] = tgt["runner"] + [exe] + kargs

    # ---- 3. Check run: every variant must print the gcc checksum; mismatches are never timed.
    for k in kernels:
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
                Log(f"error: native gcc build of {k} failed its check run: {r['status']['gcc']}")
                return 2
        for name in list(v):
            if name in r["status"]:
                del v[name]

    # ---- 4. Timed runs, interleaved so that load changes hit every variant alike.
    for i in range(args.runs):
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
    info["loadavg_end"] = os.getloadavg()[0]

    where = " (all under qemu-aarch64)" if cross else ""
    print(f"\nwasmc benchmarks, {info['date_utc']}, {info['cpu']}, nproc={info['nproc']}, "
          f"target {args.target}{where}")
    print(f"median of {args.runs} runs, metric={args.metric} seconds, scale={info['scale']}%, "
          f"ratio = time / gcc -O2 time (lower is better)\n")
    hdr = ["kernel", "gcc s", "clang", "wasmc s", "wasmc", "w2c", "node", "compile ms", "MB/s",
           "w2c/wasmc", "code", "out"]
    rows = []
    for k in kernels:
        r = results[k]
        t, q = r["times"], r["ratios"]
        rows.append([k, FmtTime(t["gcc"]), FmtRatio(q.get("clang")), FmtTime(t.get("wasmc")),
                     FmtRatio(q.get("wasmc")), FmtRatio(q.get("wasm2c")), FmtRatio(q.get("node")),
                     "-" if r.get("compile_s") is None else f"{r['compile_s'] * 1000:.0f}",
                     "-" if r.get("compile_mb_s") is None else f"{r['compile_mb_s']:.2f}",
                     "-" if not (r.get("compile_s") and r.get("w2c_compile_s"))
                     else f"{r['w2c_compile_s'] / r['compile_s']:.0f}x",
                     FmtSize(r["code_size"]), FmtSize(r.get("out_size"))])
    geo = {n: Geomean([results[k]["ratios"].get(n) for k in kernels]) for n in names}
    csp = Geomean([results[k]["w2c_compile_s"] / results[k]["compile_s"] for k in kernels
                   if results[k].get("compile_s") and results[k].get("w2c_compile_s")])
    rows.append(["geomean", "", FmtRatio(geo.get("clang")), "", FmtRatio(geo.get("wasmc")),
                 FmtRatio(geo.get("wasm2c")), FmtRatio(geo.get("node")), "", "",
                 "-" if csp is None else f"{csp:.0f}x", "", ""])
    widths = [max(len(str(x[i])) for x in rows + [hdr]) for i in range(len(hdr))]
    for j, row in enumerate([hdr] + rows):
        if j == len(rows):
            print("  ".join("-" * w for w in widths))
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print("\ncode = wasm code-section size; MB/s = code section / wasmc compile time (median of "
          f"{args.compile_runs}); out = wasmc executable size")
    if use_w2c:
        print("w2c = wabt wasm2c + clang-16 -O2 (LLVM AOT peer); w2c/wasmc = its translate+compile "
              "time / wasmc compile time (measured once per rebuild)")
    if use_node:
        print("node = Node.js " + (info["node"] or "") + " built-in WASI (V8 JIT), includes node startup")
    n_wasmc = sum(1 for k in kernels if results[k]["ratios"].get("wasmc"))
    print(f"wasmc geomean over {n_wasmc}/{len(kernels)} kernels")

    for msg in skipped:
        print(msg)
    failed = False
    for k in kernels:
        for name, msg in results[k]["status"].items():
            print(f"{k}: {name}: {msg}")
            failed = failed or name == "wasmc"
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
            json.dump({"info": info, "results": results}, f, indent=1)
    if failed:
        print("\nFAILED: wasmc could not compile, run or match the checksum of the kernels listed "
              "above; no figures were invented for them.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
