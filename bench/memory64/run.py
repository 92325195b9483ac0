#!/usr/bin/env python3
"""The cost of memory64's bounds checks (docs/performance.md, "memory64").

Instantiates kernel.wat.in twice, with i32 addresses (a 32-bit memory: guard pages, no
check) and with i64 addresses (memory64: a compare with the current size before each
access), compiles both with wasmc, checks that they exit with the same checksum, and
reports the median user+sys CPU time of each and their ratio.

    bench/memory64/run.py --wasmc build/bin/wasmc [--runs 5] [--reps 20]
        [--target aarch64-linux]   (runs under qemu-aarch64)
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_time(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    status = subprocess.run(cmd).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return status, used


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wasmc", default="build/bin/wasmc")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--reps", type=int, default=20, help="sieve passes per run")
    ap.add_argument("--target", default="x86_64-linux")
    args = ap.parse_args()
    template = open(os.path.join(HERE, "kernel.wat.in")).read()
    run_prefix = ["qemu-aarch64"] if args.target == "aarch64-linux" else []
    flags = ["--landlock=best-effort"] if run_prefix else []
    out = tempfile.mkdtemp(prefix="wasmc-mem64-")
    exes = {}
    for addr in ("i32", "i64"):
        wat = os.path.join(out, "kernel-%s.wat" % addr)
        with open(wat, "w") as f:
            f.write(template.replace("@A@", addr).replace("@REPS@", str(args.reps)))
        exe = os.path.join(out, "kernel-%s" % addr)
        subprocess.run([args.wasmc, "--target=" + args.target] + flags + [wat, "-o", exe], check=True)
        exes[addr] = exe
    times = {a: [] for a in exes}
    statuses = set()
    for _ in range(args.runs):
        for addr, exe in exes.items():  # interleaved, so machine load hits both alike
            status, t = cpu_time(run_prefix + [exe])
            statuses.add(status)
            times[addr].append(t)
    if len(statuses) != 1:
        print("checksums differ: exit statuses %s" % sorted(statuses))
        return 1
    med = {a: statistics.median(ts) for a, ts in times.items()}
    print("target %s, %d runs, %d passes: checksum %d" % (args.target, args.runs, args.reps, statuses.pop()))
    for addr in exes:
        print("  %s addresses: median %.3f s (min %.3f)" % (addr, med[addr], min(times[addr])))
    print("  memory64 / memory32: %.2fx" % (med["i64"] / med["i32"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
