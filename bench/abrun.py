#!/usr/bin/env python3
"""A/B timing of built executables (python3 stdlib only).

    bench/abrun.py ROUNDS ARG EXE...

runs each `EXE ARG` ROUNDS times, interleaved (round-robin, the order rotated each round),
and prints min / median user+sys CPU seconds per executable and the median's ratio to the
first one. Output is discarded; a non-zero exit aborts. Pin it (`taskset -c 0`) on a VM
whose vCPUs differ. A native build needs bench/run.py's glibc tunables to compare
(GLIBC_TUNABLES=<run.py GLIBC_V2_TUNABLES> in a wrapper script)."""
import os, subprocess, sys, statistics
if len(sys.argv) < 4 or not sys.argv[1].isdigit():
    sys.exit("usage: bench/abrun.py ROUNDS ARG EXE...")
rounds = int(sys.argv[1]); arg = sys.argv[2]; exes = sys.argv[3:]
times = {e: [] for e in exes}
for r in range(rounds):
    order = exes[r % len(exes):] + exes[:r % len(exes)]
    for e in order:
        p = subprocess.Popen([e, arg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if status != 0: sys.exit(f"{e} {arg}: exit status {status}")
        times[e].append(ru.ru_utime + ru.ru_stime)
base = statistics.median(times[exes[0]])
for e in exes:
    t = times[e]; m = statistics.median(t)
    print(f"{min(t):.3f} / {m:.3f} s  ({m / base:.3f}x of first)  {e}")
print("load:", open("/proc/loadavg").read().split()[:3])
