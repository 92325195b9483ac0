#!/usr/bin/env python3
"""Checks that two wasmc builds write byte-identical executables (compile-speed work:
docs/performance.md "Compile throughput"), but for the compiler's own build id, which
each executable records (`build-id=<40 hex digits>` in its wasmc note).

Usage: bench/same_output.py --before OLD_WASMC [--wasmc build/bin/wasmc] [-O 1,2] [-j 1,2]
                            [--target x86_64-linux,aarch64-linux] MODULE.wasm...

A level is 0, 1 or 2, or `1ir` for `-O1 --no-single-pass` (the IR path at -O1's settings,
which -O1 no longer reaches since it became the single-pass tier).

Compiles every module with both compilers for every target, -O and -j given, and compares
the outputs with the build id masked. Prints one line per difference and a summary
`same_output: N identical, M different`; exit 1 if any output differs or a compile fails.
"""
import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile

BUILD_ID = re.compile(rb"build-id=[0-9a-f]{40}")


def Masked(path):
    data = open(path, "rb").read()
    masked, n = BUILD_ID.subn(b"build-id=" + b"0" * 40, data)
    if n != 1:
        sys.exit(f"{path}: {n} build ids (expected exactly 1)")
    return masked


def LevelFlags(level):
    if level == "1ir":
        return ["-O1", "--no-single-pass"]
    if level not in ("0", "1", "2"):
        sys.exit(f"-O {level}: not a level (0, 1, 1ir or 2)")
    return [f"-O{level}"]


def Compile(wasmc, module, out, target, level, threads):
    argv = [wasmc, *LevelFlags(level), f"-j{threads}", f"--target={target}", module, "-o", out]
    env = dict(os.environ)
    env.pop("WASMC_VERIFY", None)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(argv)}: failed (exit {p.returncode}): {p.stdout.decode(errors='replace')[:300]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="+")
    ap.add_argument("--wasmc", default="build/bin/wasmc")
    ap.add_argument("--before", required=True, help="the wasmc whose output is the reference")
    ap.add_argument("-O", dest="levels", default="1,2", help="levels: 0, 1, 1ir, 2")
    ap.add_argument("-j", dest="threads", default="1,2")
    ap.add_argument("--target", default="x86_64-linux,aarch64-linux")
    args = ap.parse_args()
    same = differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "before"), os.path.join(tmp, "after")
        for module, target, level, threads in itertools.product(
                args.modules, args.target.split(","), args.levels.split(","), args.threads.split(",")):
            Compile(args.before, module, a, target, level, threads)
            Compile(args.wasmc, module, b, target, level, threads)
            if Masked(a) == Masked(b):
                same += 1
            else:
                differ += 1
                print(f"DIFFERENT: {os.path.basename(module)} {target} -O{level} -j{threads}")
    print(f"same_output: {same} identical, {differ} different")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
