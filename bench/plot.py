#!/usr/bin/python3
"""Plots of a bench/run.py --json result (Debian's python3-matplotlib, so /usr/bin/python3):

  OUT-ratios.png   per-benchmark time / gcc -O2 for wasmc, wasm2c + clang -O2 and node (log
                   scale), kernels then real programs, with the geomeans
  OUT-compile.png  wasmc compile throughput (code-section MB/s, default level and -O1)
                   against code-section size

    /usr/bin/python3 bench/plot.py RESULT.json [--out docs/perf]

A benchmark without a figure for a column (failed, not run) has no bar there; the title says
the date, machine, target and number of runs of the result."""
import argparse
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PEERS = [("wasmc", "wasmc", "#1f77b4"), ("wasm2c", "wasm2c + clang-16 -O2", "#ff7f0e"),
         ("node", "node 20 (V8)", "#2ca02c")]


def Title(info, what):
    return (f"{what}: {info['date_utc']}, {info.get('cpu', '?')}, nproc={info.get('nproc')}, "
            f"{info['target']}, median of {info['runs']} runs ({info['metric']} time)")


def PlotRatios(res, info, out):
    names = [k for k in res if not res[k].get("program")] + [k for k in res if res[k].get("program")]
    fig, ax = plt.subplots(figsize=(max(8, 0.55 * len(names) + 2), 4.8))
    width = 0.8 / len(PEERS)
    for i, (key, label, color) in enumerate(PEERS):
        xs = [j + (i - 1) * width for j, k in enumerate(names) if (res[k].get("ratios") or {}).get(key)]
        ys = [res[k]["ratios"][key] for k in names if (res[k].get("ratios") or {}).get(key)]
        geo = (info.get("geomean_all") or {}).get(key)
        ax.bar(xs, ys, width, color=color,
               label=label + (f" (geomean {geo:.2f}x)" if geo else ""))
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_ylabel("time / gcc -O2 time (lower is better)")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels([k + (" *" if res[k].get("program") else "") for k in names], rotation=45, ha="right")
    ax.set_title(Title(info, "ratio to gcc -O2 (* = real program)"), fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def PlotCompile(res, info, out):
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for key, label, marker in (("compile_mb_s", "wasmc default (-O2)", "o"), ("compile_o1_mb_s", "wasmc -O1", "^")):
        pts = [(res[k]["code_size"] / 1e3, res[k][key], k) for k in res if res[k].get(key)]
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], marker=marker, label=label)
        if key == "compile_mb_s":
            for x, y, k in pts:
                ax.annotate(k, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("code section (KB, log scale)")
    ax.set_ylabel("compile throughput (MB of code section / s)")
    ax.set_title(Title(info, "wasmc compile throughput"), fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("result", help="bench/run.py --json output")
    ap.add_argument("--out", default="docs/perf", help="prefix of the two .png files (default docs/perf)")
    args = ap.parse_args()
    with open(args.result) as f:
        data = json.load(f)
    res, info = data["results"], data["info"]
    PlotRatios(res, info, args.out + "-ratios.png")
    PlotCompile(res, info, args.out + "-compile.png")
    print(f"wrote {args.out}-ratios.png and {args.out}-compile.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
