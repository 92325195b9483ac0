#!/usr/bin/env python3
"""Compile throughput of wasmc on one module (docs/performance.md "Compile throughput").

Usage: bench/compile_speed.py MODULE.wasm [--wasmc build/bin/wasmc] [--before OTHER_WASMC]
                              [--runs 5] [-O 1,2] [-j 1,2] [--target x86_64-linux]

-O takes levels 0, 1, 2 and ir: -O1 --no-single-pass, the IR path's -O1 (-O0 and -O1 are the
single-pass tier; with --before, ir compiles at plain -O1 there, which was the IR path's
before -O1 became the tier).

Compiles MODULE to an executable with every -O/-j pair (and the same pairs with --before,
if given), the configurations interleaved, --runs rounds. Prints per
configuration the medians of wall time and of user+sys CPU time (from wait4), MB/s of the
code section for both, the largest peak RSS and the median count of minor page faults. WASMC_VERIFY is removed from the
environment (it runs the checkers on every function).

Each run writes a new file: the previous run's output is removed before the clock starts.
Replacing an existing file frees its blocks inside wasmc's rename, and on a file system
mounted with `-o discard` (this project's bench machine) that is a synchronous discard of
1-27 ms, a cost of the disk, not of the compiler (docs/performance.md, Session 22, o1wall).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import CodeSectionSize  # noqa: E402  (bench/run.py)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("module")
    ap.add_argument("--wasmc", default="build/bin/wasmc")
    ap.add_argument("--before", help="another wasmc to compare with (its default options)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("-O", dest="levels", default="1,2")
    ap.add_argument("-j", dest="threads", default="1,2")
    ap.add_argument("--target", default="x86_64-linux")
    args = ap.parse_args()
    code = CodeSectionSize(args.module)
    configs = []
    for o in args.levels.split(","):
        flags = ["-O1", "--no-single-pass"] if o == "ir" else [f"-O{o}"]
        name = "-O1-ir" if o == "ir" else f"-O{o}"
        for j in args.threads.split(","):
            if args.before:
                configs.append((f"before {name} -j{j}", [args.before, flags[0], f"-j{j}"]))
            configs.append((f"{name} -j{j}", [args.wasmc, *flags, f"-j{j}"]))
    env = dict(os.environ)
    env.pop("WASMC_VERIFY", None)
    samples = {name: [] for name, _ in configs}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        for _ in range(args.runs):
            for name, argv in configs:
                if os.path.exists(out):
                    os.unlink(out)  # (not timed: see above)
                t0 = time.monotonic()
                p = subprocess.Popen(argv + [f"--target={args.target}", args.module, "-o", out], env=env)
                _, status, usage = os.wait4(p.pid, 0)
                wall = time.monotonic() - t0
                if status != 0:
                    sys.exit(f"{' '.join(argv)}: failed (status {status})")
                samples[name].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, usage.ru_minflt))
    print(f"{args.module}: code section {code} bytes, {args.runs} runs, medians")
    for name, v in samples.items():
        wall = statistics.median(x[0] for x in v)
        cpu = statistics.median(x[1] for x in v)
        rss = max(x[2] for x in v) / 1024
        faults = statistics.median(x[3] for x in v)
        print(f"{name:17s} wall {wall * 1000:6.0f} ms {code / wall / 1e6:6.2f} MB/s | "
              f"cpu {cpu * 1000:5.0f} ms {code / cpu / 1e6:6.2f} MB/s | peak RSS {rss:.1f} MB | "
              f"faults {faults:.0f}")


if __name__ == "__main__":
    main()
