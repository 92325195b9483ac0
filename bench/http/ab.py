#!/usr/bin/env python3
"""Interleaved A/B of already built HTTP servers under wrk, for changes to the WASI
layer or the runtime (bench/http/run.py builds and compares wasmc, native and Node
once; this compares two or more builds, many short rounds, on a loaded machine).

    bench/http/ab.py --rounds 12 --duration 3 --connections 16 --path '/hello?name=bench' \\
        before=47810:/tmp/x/server-before after=47811:/tmp/x/server-after \\
        native=47812:'/tmp/x/server-native 47812'

Each NAME=PORT:COMMAND server (a wasmc executable built with --listen=127.0.0.1:PORT,
or a native one taking its port) is started pinned to CPU 0; wrk (one thread) runs on
CPU 1. Each round runs every server once, in alternating order, so drifts of the
machine's load hit all alike. Prints per server the median req/s with its range and
the median server CPU time (user+sys from /proc) per request, and per-round ratios to
the last server named. Every server is killed on every path.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(port, path, conns, seconds):
    out = subprocess.run(["taskset", "-c", "1", "wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds,
                          "http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    n = re.search(r"(\d+) requests in", out)
    if not m or not n:
        sys.exit("bench/http/ab: wrk failed on port %d:\n%s" % (port, out))
    return float(m.group(1)), int(n.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--path", default="/hello?name=bench")
    ap.add_argument("servers", nargs="+", metavar="NAME=PORT:COMMAND")
    a = ap.parse_args()
    servers = []
    for spec in a.servers:
        name, rest = spec.split("=", 1)
        port, cmd = rest.split(":", 1)
        servers.append((name, int(port), cmd.split()))
    procs = {}
    try:
        for name, port, cmd in servers:
            procs[name] = subprocess.Popen(["taskset", "-c", "0"] + cmd, stdout=subprocess.DEVNULL)
        time.sleep(1)
        for name, port, _ in servers:  # warm-up, not recorded
            wrk(port, a.path, 2, 1)
        res = {name: [] for name, _, _ in servers}
        for r in range(a.rounds):
            for name, port, _ in (servers if r % 2 == 0 else servers[::-1]):
                c0 = cpu_seconds(procs[name].pid)
                rps, count = wrk(port, a.path, a.connections, a.duration)
                res[name].append((rps, (cpu_seconds(procs[name].pid) - c0) * 1e6 / max(count, 1)))
                if procs[name].poll() is not None:
                    sys.exit("bench/http/ab: %s died (exit %s)" % (name, procs[name].returncode))
            print("round %d/%d: %s" % (r + 1, a.rounds, " ".join("%s %.0f" % (n, res[n][-1][0]) for n, _, _ in servers)),
                  file=sys.stderr, flush=True)
        ref = servers[-1][0]
        base = statistics.median(x[0] for x in res[ref])
        print("wrk -t1 -c%d, %d x %d s, %s; servers on CPU 0, wrk on CPU 1" % (a.connections, a.rounds, a.duration, a.path))
        for name, _, _ in servers:
            v = sorted(x[0] for x in res[name])
            print("%-10s req/s median %8.0f (%.0f-%.0f) %.3fx %s; CPU us/req median %.2f"
                  % (name, statistics.median(v), v[0], v[-1], statistics.median(v) / base, ref,
                     statistics.median(x[1] for x in res[name])))
        for name, _, _ in servers[:-1]:
            pr = sorted(x[0] / y[0] for x, y in zip(res[name], res[ref]))
            print("%-10s per-round ratio to %s: median %.3f (%.3f-%.3f)" % (name, ref, statistics.median(pr), pr[0], pr[-1]))
    finally:
        for p in procs.values():
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
