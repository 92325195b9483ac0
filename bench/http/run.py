#!/usr/bin/env python3
"""HTTP benchmark: examples/http-server compiled by wasmc vs the same C built
natively (gcc -O2) vs a Node.js http server with the same responses, under wrk,
on loopback only (127.0.0.1). python3 stdlib + wrk + node + clang-16/gcc.

    bench/http/run.py --wasmc build/bin/wasmc            # 3 runs x 5 s per cell, ~2 min
    bench/http/run.py --runs 5 --duration 5 --connections 2,16
    bench/http/run.py --help

Builds into $TMPDIR/wasmc-bench/http/ (never the repo). Each server is pinned
to CPU 0 and wrk (one thread) to CPU 1 when taskset exists and there are two
CPUs. Before timing, every server must give the same status and body for the
same requests (exit 1 otherwise: no figure is filled in for a server that
answers differently). Runs are interleaved (run 1 of every cell, then run 2,
...) so slow drifts of a shared machine hit every server alike; the table shows
medians. "CPU us/req" is the server's user+sys CPU time (from /proc, 10 ms
ticks) over the requests of a run: less sensitive to the other tenants of the
machine than req/s. The wasmc server's RSS is read from /proc before and after a longer
run (twice --soak seconds at 32 connections) to catch leaks. Every server is killed on every path.
"""
import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "wasi"))
from server_proc import HOST, stop, wait_port  # noqa: E402
sys.path.insert(0, os.path.join(REPO, "bench"))
from run import WASM_CC  # noqa: E402  (bench/run.py: the bench's wasm flags)

CHECK_PATHS = ["/", "/hello?name=bench", "/hello?name=a%20b+c", "/hello", "/nope"]


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("bench/http: command failed (%d): %s\n%s%s" % (r.returncode, " ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def pin(cpu, args):
    if cpu is None:
        return args
    return ["taskset", "-c", str(cpu)] + args


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    """utime + stime of the process, in seconds (includes every thread)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch_all(port):
    c = http.client.HTTPConnection(HOST, port, timeout=5)
    out = []
    for p in CHECK_PATHS:
        c.request("GET", p)
        r = c.getresponse()
        out.append((p, r.status, r.getheader("Content-Type"), r.read()))
    c.close()
    return out


UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(text):
    """requests/s, p50 and p99 latency in ms, error count and request count from `wrk --latency`."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    count = int(re.search(r"(\d+) requests in", text).group(1))
    lat = {}
    for pct, val, unit in re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        lat[pct] = float(val) * UNIT[unit]
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    return rps, lat.get("50", float("nan")), lat.get("99", float("nan")), errors, count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wasmc", default=os.path.join(REPO, "build", "bin", "wasmc"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--connections", default="2,16", help="comma-separated wrk -c values")
    ap.add_argument("--paths", default="/hello?name=bench,/", help="comma-separated request paths")
    ap.add_argument("--soak", type=int, default=30, help="seconds of load between the two RSS readings (0: skip)")
    ap.add_argument("--port", type=int, default=47710, help="first of three loopback ports")
    ap.add_argument("--servers", default="wasmc,native,node")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()

    for tool in ("wrk", "node", "gcc", "clang-16"):
        if not shutil.which(tool):
            sys.exit("bench/http: %s not found (Debian: apt-get install %s)" % (tool, tool))
    cpus = os.cpu_count() or 1
    server_cpu, wrk_cpu = (0, 1) if shutil.which("taskset") and cpus >= 2 else (None, None)

    work = os.path.join(os.environ.get("TMPDIR", tempfile.gettempdir()), "wasmc-bench", "http")
    os.makedirs(work, exist_ok=True)
    src = os.path.join(REPO, "examples", "http-server", "server.c")
    wasm = os.path.join(work, "server.wasm")
    names = a.servers.split(",")
    ports = {n: a.port + i for i, n in enumerate(["wasmc", "native", "node"])}
    cmds = {}
    if "wasmc" in names:
        sh(WASM_CC + [src, "-o", wasm])
        exe = os.path.join(work, "server-wasmc")
        sh([a.wasmc, wasm, "-o", exe, "--listen=%s:%d" % (HOST, ports["wasmc"])])
        cmds["wasmc"] = [exe]
    if "native" in names:
        exe = os.path.join(work, "server-native")
        sh(["gcc", "-O2", src, "-o", exe])
        cmds["native"] = [exe, str(ports["native"])]
    if "node" in names:
        cmds["node"] = ["node", os.path.join(REPO, "bench", "http", "node_server.js"), str(ports["node"])]

    procs = {}
    try:
        for n in names:
            procs[n] = subprocess.Popen(pin(server_cpu, cmds[n]), stdout=subprocess.DEVNULL)
            if not wait_port(procs[n], ports[n]):
                sys.exit("bench/http: %s server did not start on %s:%d" % (n, HOST, ports[n]))
        # Same answers everywhere, or no figures.
        ref = None
        for n in names:
            got = fetch_all(ports[n])
            if ref is None:
                ref = (n, got)
            elif got != ref[1]:
                sys.exit("bench/http: %s answers differently from %s:\n%r\n%r" % (n, ref[0], got, ref[1]))
        rss_start = rss_kib(procs["wasmc"].pid) if "wasmc" in procs else None
        # Warm-up, not recorded (Node's JIT, page cache, socket buffers).
        for n in names:
            sh(pin(wrk_cpu, ["wrk", "-t1", "-c2", "-d1s", "http://%s:%d%s" % (HOST, ports[n], a.paths.split(",")[0])]))

        conns = [int(c) for c in a.connections.split(",")]
        paths = a.paths.split(",")
        results = {}  # (server, conns, path) -> list of (rps, p50, p99, errors)
        for run in range(a.runs):
            for c in conns:
                for p in paths:
                    for n in names:
                        cpu0 = cpu_seconds(procs[n].pid)
                        out = sh(pin(wrk_cpu, ["wrk", "-t1", "-c%d" % c, "-d%ds" % a.duration, "--latency",
                                               "http://%s:%d%s" % (HOST, ports[n], p)]))
                        r = parse_wrk(out)
                        cpu_us = (cpu_seconds(procs[n].pid) - cpu0) * 1e6 / max(r[4], 1)
                        results.setdefault((n, c, p), []).append(r[:4] + (cpu_us,))
                        if procs[n].poll() is not None:
                            sys.exit("bench/http: %s server died (exit %s)" % (n, procs[n].returncode))
            print("run %d/%d done" % (run + 1, a.runs), file=sys.stderr)

        soaks = []  # (req/s, errors, RSS KiB after) per soak run
        if "wasmc" in procs and a.soak > 0:
            rss_mid = rss_kib(procs["wasmc"].pid)
            # Two equal soaks: the first touches every connection slot the
            # load can reach, so growth during the second would be a leak.
            for _ in range(2):
                out = sh(pin(wrk_cpu, ["wrk", "-t1", "-c32", "-d%ds" % a.soak,
                                       "http://%s:%d%s" % (HOST, ports["wasmc"], paths[0])]))
                rps, _, _, err, _ = parse_wrk(out)
                soaks.append((rps, err, rss_kib(procs["wasmc"].pid)))
        rss_other = {n: rss_kib(procs[n].pid) for n in names}
        # taskset execs the server, so the pid is the server's own.

        # Table.
        sep = " | " if a.markdown else "  "
        hdr = ["server", "conns", "path", "req/s", "vs native", "p50 ms", "p99 ms", "CPU us/req", "errors"]
        rows = []
        for c in conns:
            for p in paths:
                base = None
                if ("native", c, p) in results:
                    base = statistics.median(r[0] for r in results[("native", c, p)])
                for n in names:
                    rs = results[(n, c, p)]
                    rps = statistics.median(r[0] for r in rs)
                    rows.append([n, str(c), p, "%.0f" % rps, "%.2fx" % (rps / base) if base else "-",
                                 "%.3f" % statistics.median(r[1] for r in rs),
                                 "%.3f" % statistics.median(r[2] for r in rs),
                                 "%.1f" % statistics.median(r[4] for r in rs), str(sum(r[3] for r in rs))])
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(hdr)]
        line = lambda cells: (("| " if a.markdown else "") + sep.join(x.ljust(w) for x, w in zip(cells, widths))
                              + (" |" if a.markdown else ""))
        print("wrk -t1, %d x %d s per cell, medians; servers on CPU %s, wrk on CPU %s; loopback"
              % (a.runs, a.duration, server_cpu, wrk_cpu))
        print(line(hdr))
        if a.markdown:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in rows:
            print(line(r))
        print("RSS KiB at end: " + ", ".join("%s %d" % (n, rss_other[n]) for n in names))
        if soaks:
            print("wasmc server RSS KiB: after start %d, after the timed runs %d, after %d s at -c32 %d, "
                  "after %d s more %d (%s req/s, %d errors)"
                  % (rss_start, rss_mid, a.soak, soaks[0][2], a.soak, soaks[1][2],
                     "/".join("%.0f" % x[0] for x in soaks), sum(x[1] for x in soaks)))
        errors = sum(r[3] for rs in results.values() for r in rs)
        return 1 if errors else 0
    finally:
        for p in procs.values():
            stop(p)


if __name__ == "__main__":
    sys.exit(main())
