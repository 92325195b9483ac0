#!/usr/bin/env python3
"""SIMD benchmark runner: the bench/simd programs (written with wasm_simd128.h), four builds each.

  gcc      native gcc -O2 -march=<level>, SIMD through bench/simd/simd128.h (SSE4.1 / NEON)
  gcc-sc   native gcc -O2 -march=<level> -DSIMD_SCALAR (plain C loops; gcc may vectorize them)
  wasmc    run.py's WASM_CC + -msimd128 (clang-16 -O2), compiled by wasmc --cpu=<level> (x86-64)
  wasmc-sc WASM_CC + -DSIMD_SCALAR (no SIMD), compiled by wasmc

Every build must print the checksum of the gcc build (checked once, and on every timed run;
a mismatch or crash is reported and never timed). Runs are interleaved; medians of user+sys
CPU time. Goals (issue 12): wasmc/gcc <= 1.2, wasmc < wasmc-sc.

  bench/simd/run.py --wasmc build/bin/wasmc --runs 3
  bench/simd/run.py --target=aarch64-linux --scale 20   # all builds under qemu-aarch64

Exit 0 when every wasmc build compiled, ran and matched; 1 otherwise; 2 on setup errors.
Builds go to $TMPDIR/wasmc-bench-simd/<target>/, never into the repository.
"""

import argparse
import os
import sys

SIMD_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(SIMD_DIR))
import run as base  # bench/run.py: Build, RunOnce, ChildCpu, Checksum, Median, ...

PROGRAMS = ["memchr", "mat4", "sad"]
VARIANTS = ["gcc", "gcc-sc", "wasmc", "wasmc-sc"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", "-n", type=int, default=3, help="timed runs per build (median reported)")
    ap.add_argument("--target", default="x86_64-linux", choices=sorted(base.TARGETS))
    ap.add_argument("--cpu", default="x86-64-v2",
                    help="x86-64 level for both gcc -march= and wasmc --cpu= (default x86-64-v2)")
    ap.add_argument("--wasmc", help="wasmc binary (default: $WASMC, else <repo>/build/bin/wasmc)")
    ap.add_argument("--scratch", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "wasmc-bench-simd"))
    ap.add_argument("--kernels", "-k", help="comma-separated subset of " + ",".join(PROGRAMS))
    ap.add_argument("--scale", type=int, help="work scale in percent passed to every program")
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()

    tgt = base.TARGETS[args.target]
    x86 = args.target == "x86_64-linux"
    scratch = os.path.join(os.path.abspath(args.scratch), args.target)
    os.makedirs(scratch, exist_ok=True)
    if os.path.commonpath([scratch, base.REPO]) == base.REPO:
        base.Log("error: --scratch must be outside the repository")
        return 2
    wasmc = base.FindWasmc(args.wasmc)
    if not wasmc or not os.access(wasmc, os.X_OK):
        base.Log(f"error: wasmc not found at {wasmc}")
        return 2
    progs = args.kernels.split(",") if args.kernels else PROGRAMS
    if set(progs) - set(PROGRAMS):
        base.Log(f"error: unknown programs: {', '.join(sorted(set(progs) - set(PROGRAMS)))}")
        return 2
    inc = ["-I" + os.path.join(base.BENCH_DIR, "kernels"), "-I" + SIMD_DIR]
    deps = [os.path.join(base.BENCH_DIR, "kernels", "bench.h"), os.path.join(SIMD_DIR, "simd128.h")]
    march = ["-march=" + args.cpu] if x86 else []
    wflags = ([f"--cpu={args.cpu}"] if x86 else ["--landlock=best-effort"]) + [f"--target={args.target}"]
    kargs = [str(args.scale)] if args.scale else []
    info = base.MachineInfo()
    base.Log(f"# {info['date_utc']}  {info['cpu']}  nproc={info['nproc']}  load={info['loadavg_start']:.2f}"
             f"  target={args.target}  cpu={args.cpu if x86 else 'armv8-a'}  runs={args.runs}")

    cmds, status, check = {}, {}, {}
    for k in progs:
        src = os.path.join(SIMD_DIR, k + ".c")
        cmds[k] = {}
        builds = [("gcc", tgt["gcc"] + march, k + ".gcc", None),
                  ("gcc-sc", tgt["gcc"] + march + ["-DSIMD_SCALAR"], k + ".gcc-sc", None),
                  ("wasmc", base.WASM_CC + ["-msimd128"], k + ".wasm", k + ".wasmc"),
                  ("wasmc-sc", base.WASM_CC + ["-DSIMD_SCALAR"], k + ".sc.wasm", k + ".wasmc-sc")]
        for name, cc, out, exe in builds:
            out = os.path.join(scratch, out)
            err = base.Build(cc + inc, src, out, deps, "wasm" if exe else name)
            if err:
                base.Log(f"error: building {k} ({name}) failed:\n{err}")
                return 2
            if exe:  # always recompiled: the wasmc under test may have changed
                exe = os.path.join(scratch, exe)
                res = base.subprocess.run([wasmc, out, "-o", exe] + wflags, capture_output=True, text=True)
                if res.returncode != 0:
                    status[(k, name)] = f"wasmc failed (exit {res.returncode}): " + \
                        (res.stderr.strip().splitlines() or [""])[0]
                    continue
                out = exe
            cmds[k][name] = tgt["runner"] + [out] + kargs
        for name in list(cmds[k]):
            _, rc, out = base.RunOnce(cmds[k][name], args.timeout)
            cs = base.Checksum(out) if rc == 0 else None
            if name == "gcc":
                if cs is None:
                    base.Log(f"error: native gcc build of {k} failed (exit {rc})")
                    return 2
                check[k] = cs
            elif cs != check[k]:
                status[(k, name)] = f"run failed (exit {rc})" if cs is None else \
                    f"WRONG checksum {cs} (gcc: {check[k]})"
                del cmds[k][name]

    times = {(k, n): [] for k in progs for n in VARIANTS}
    cpu = base.ChildCpu()
    for i in range(args.runs):
        for k in progs:
            for name, cmd in cmds[k].items():
                cpu.Delta()
                _, rc, out = base.RunOnce(cmd, args.timeout)
                t = cpu.Delta()
                if rc != 0 or base.Checksum(out) != check[k]:
                    status[(k, name)] = "crash or wrong checksum during a timed run"
                    continue
                times[(k, name)].append(t)
        base.Log(f"# round {i + 1}/{args.runs} done (load {base.os.getloadavg()[0]:.2f})")

    med = {key: base.Median(v) for key, v in times.items()}
    where = " (all under qemu-aarch64)" if tgt["runner"] else ""
    print(f"\nwasmc SIMD programs, {info['date_utc']}, {info['cpu']}, nproc={info['nproc']}, "
          f"target {args.target}{where}, level {args.cpu if x86 else 'armv8-a (NEON)'}")
    print(f"median of {args.runs} interleaved runs, user+sys seconds, scale={args.scale or 100}%\n")
    print("| program | gcc s | gcc-sc s | wasmc s | wasmc-sc s | wasmc / gcc | wasmc-sc / wasmc | checksum |")
    print("|---|---|---|---|---|---|---|---|")
    for k in progs:
        m = {n: med[(k, n)] for n in VARIANTS}
        r1 = base.FmtRatio(m["wasmc"] / m["gcc"]) if m["wasmc"] and m["gcc"] else "-"
        r2 = base.FmtRatio(m["wasmc-sc"] / m["wasmc"]) if m["wasmc-sc"] and m["wasmc"] else "-"
        print(f"| {k} | " + " | ".join(base.FmtTime(m[n]) for n in VARIANTS) + f" | {r1} | {r2} | {check[k]} |")
    failed = False
    for (k, name), msg in sorted(status.items()):
        print(f"{k}: {name}: {msg}")
        failed = True
    print(f"load average: {info['loadavg_start']:.2f} at start, {base.os.getloadavg()[0]:.2f} at end "
          "(shared machine: figures are noisy)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
