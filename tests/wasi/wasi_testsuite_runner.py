#!/usr/bin/env python3
"""A small runner for test cases in the official WASI test suite's format, for
testing wasi-testsuite-adapter.py here (the suite and its runner cannot be
downloaded in CI). It follows the suite's doc/specification.md: every *.wasm in
the given folders is a test case; <name>.json (optional, defaults for missing
fields) gives args, dirs, env, exit_code, stdout, stderr; the adapter runs each
case with the test's folder as working directory; a case passes when the exit
code matches and stdout/stderr match where given. `*.cleanup` paths are removed
before each case. Prints PASS/FAIL per case and `N passed, M failed`.

usage: wasi_testsuite_runner.py -r ADAPTER FOLDER...
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys


def run_case(adapter, wasm):
    folder, name = os.path.split(os.path.abspath(wasm))
    base = os.path.splitext(name)[0]
    spec = {"args": [], "dirs": [], "env": {}, "exit_code": 0}
    spec_path = os.path.join(folder, base + ".json")
    if os.path.exists(spec_path):
        with open(spec_path) as f:
            spec.update(json.load(f))
    for c in glob.glob(os.path.join(folder, "*.cleanup")):
        shutil.rmtree(c, ignore_errors=True) if os.path.isdir(c) else os.remove(c)
    cmd = [sys.executable, adapter, "--test-file", name]
    for a in spec["args"]:
        cmd += ["--arg", a]
    for k, v in spec["env"].items():
        cmd += ["--env", "%s=%s" % (k, v)]
    for d in spec["dirs"]:
        cmd += ["--dir", d]
    r = subprocess.run(cmd, cwd=folder, capture_output=True, timeout=60)
    problems = []
    if r.returncode != spec["exit_code"]:
        problems.append("exit code %d, expected %d" % (r.returncode, spec["exit_code"]))
    for stream in ("stdout", "stderr"):
        if stream in spec and getattr(r, stream).decode(errors="replace") != spec[stream]:
            problems.append("%s %r, expected %r" % (stream, getattr(r, stream).decode(errors="replace"), spec[stream]))
    return problems


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-r", "--runtime-adapter", required=True)
    p.add_argument("folders", nargs="+")
    args = p.parse_args()
    v = subprocess.run([sys.executable, args.runtime_adapter, "--version"], capture_output=True, text=True)
    print("runtime: %s" % v.stdout.strip())
    passed = failed = 0
    for folder in args.folders:
        for wasm in sorted(glob.glob(os.path.join(folder, "*.wasm"))):
            problems = run_case(os.path.abspath(args.runtime_adapter), wasm)
            name = os.path.basename(wasm)
            if problems:
                failed += 1
                print("FAIL %s: %s" % (name, "; ".join(problems)))
            else:
                passed += 1
                print("PASS %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
