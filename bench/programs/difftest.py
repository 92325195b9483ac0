#!/usr/bin/env python3
"""Differential test of bench/: every kernel (bench/kernels) and real program (bench/programs)
compiled by wasmc at -O0 and -O1 (the single-pass tier), -O1 --no-single-pass (the IR path's -O1), -O2 and
the default level, run on a reduced workload, and its
output (all of stdout, with the `checksum:` line, and the exit status) compared with the
native gcc -O2 build of the same source. Builds are bench/run.py's (same flags, same scratch
directory, so a bench run after it rebuilds nothing).

    bench/programs/difftest.py [--wasmc build/bin/wasmc] [--target aarch64-linux] [-k lua,sqlite]

`bash build.sh bench-check` runs it on both targets (opt-in: not part of `test`). Set
WASMC_VERIFY=1 to also run the IR verifier and the allocation checker on every compile.
Last line: `difftest: N passed, M failed` (one test per benchmark, level and target);
exit 1 on any failure, including a benchmark whose sources could not be fetched or built."""
import argparse
import concurrent.futures
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import run  # noqa: E402  (bench/run.py)

# -O0 and -O1 are the single-pass tier (docs/backend.md, "Optimisation levels"); -O1-ir is
# the IR path's -O1, which every function the tier refuses takes.
LEVELS = {"-O0": ["-O0"], "-O1": ["-O1"], "-O1-ir": ["-O1", "--no-single-pass"], "-O2": ["-O2"], "default": []}


def Compare(cmd, ref, timeout):
    """None when `cmd` prints exactly `ref` = (exit status, stdout), else what differs."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout after {timeout} s"
    if (p.returncode, p.stdout) == ref:
        return None
    got = p.stdout.decode(errors="replace").strip().splitlines()[-1:] or [""]
    want = ref[1].decode(errors="replace").strip().splitlines()[-1:] or [""]
    err = p.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
    return f"exit {p.returncode} (native {ref[0]}), last line {got[0][:80]!r} (native {want[0][:80]!r}) {err[0][:120]}"


def CheckLevel(wasmc, wasm, exe, level, target, runner, args, ref, timeout):
    cmd = [wasmc, wasm, "-o", exe, f"--target={target}"] + LEVELS[level]
    if runner:
        cmd.append("--landlock=best-effort")  # qemu-user has neither Landlock nor seccomp
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        first = (p.stdout.decode(errors="replace").strip().splitlines() or ["(no message)"])[0]
        return f"wasmc {level} failed (exit {p.returncode}): {first[:200]}"
    return Compare(runner + [exe] + args, ref, timeout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wasmc", help="wasmc binary (default: $WASMC, else <repo>/build/bin/wasmc)")
    ap.add_argument("--target", default="x86_64-linux", choices=sorted(run.TARGETS))
    ap.add_argument("--kernels", "-k", help="comma-separated subset of kernels and programs")
    ap.add_argument("--scale", type=int, default=10, help="work scale in percent (default 10)")
    ap.add_argument("--scratch", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "wasmc-bench"))
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    wasmc = run.FindWasmc(args.wasmc)
    tgt = run.TARGETS[args.target]
    scratch = os.path.join(os.path.abspath(args.scratch), args.target)
    wasm_dir = os.path.join(os.path.abspath(args.scratch), "wasm32-wasi")
    os.makedirs(scratch, exist_ok=True)
    os.makedirs(wasm_dir, exist_ok=True)
    specs, names, problems = run.CollectSpecs(args.kernels, False, None,
                                              os.path.join(os.path.abspath(args.scratch), "src"))
    if names is None:
        return 2
    failures = [f"{k}: {msg}" for k, msg in sorted(problems.items())]
    kargs = [str(args.scale)]
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for k in names:
            wasm, outs, err = run.BuildBenchmark(k, specs[k], tgt, scratch, wasm_dir, [], ["gcc"])
            if err:
                failures.append(f"{k}: {err}")
                continue
            p = subprocess.run(tgt["runner"] + [outs["gcc"]] + kargs, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=args.timeout)
            if p.returncode != 0 or run.Checksum(p.stdout) is None:
                failures.append(f"{k}: the native gcc build printed no checksum (exit {p.returncode})")
                continue
            for level in LEVELS:
                exe = os.path.join(scratch, f"{k}.difftest{level}")
                jobs.append((f"{k} {level} {args.target}",
                             pool.submit(CheckLevel, wasmc, wasm, exe, level, args.target, tgt["runner"],
                                         kargs, (p.returncode, p.stdout), args.timeout)))
        passed = 0
        for name, fut in jobs:
            err = fut.result()
            if err:
                failures.append(f"{name}: {err}")
            else:
                passed += 1
                if args.verbose:
                    print(f"PASS: {name}", flush=True)
    for f in failures:
        print(f"FAIL: {f}")
    print(f"difftest: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
