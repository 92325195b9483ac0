#!/usr/bin/env python3
"""Runs spec-suite assertions as self-checking executables (no spec executor needed).

For every module of the given .wast files (through wast2json) that imports nothing,
this appends a `_start` to the module's text (wasm2wat) that performs the module's
`assert_return` / `action` commands in order and compares each result bit-exactly
(NaN expectations by their canonical / arithmetic bit patterns). A mismatch calls
`$fail_<line>`, which traps, so the backtrace names the failing assertion's line.
Each `assert_trap` becomes its own executable that replays the module's earlier
actions and then must trap with the expected message.

Appending functions and types keeps every existing index, so the module under test
is compiled unchanged. Used by tests/codegen/a64/spec-exports.test to check the
AArch64 code generator under qemu against the spec's expected values (and the same
way natively on x86-64).

Usage: spec_exports.py --wasmc BIN --target T [--run WRAPPER] [--traps] [--flag=F]...
                       --work DIR f.wast...
Prints one line per module and a summary; exit status 1 if anything failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

INT_TYPES = {"i32", "i64"}
FLOAT_TYPES = {"f32", "f64"}


def const(arg):
    t, v = arg["type"], arg["value"]
    if t in INT_TYPES:
        return "(%s.const %s)" % (t, v)
    if t == "f32":
        return "(f32.reinterpret_i32 (i32.const %s))" % v
    if t == "f64":
        return "(f64.reinterpret_i64 (i64.const %s))" % v
    return None


def check(call, exp, fail):
    """wat that evaluates `call` and calls `fail` unless it matches `exp`."""
    t, v = exp["type"], exp["value"]
    if t in INT_TYPES:
        cond = "(%s.ne %s (%s.const %s))" % (t, call, t, v)
    elif t in FLOAT_TYPES:
        it = "i32" if t == "f32" else "i64"
        bits = "(%s.reinterpret_%s %s)" % (it, t, call)
        if v == "nan:canonical":
            mask = "0x7fffffff" if t == "f32" else "0x7fffffffffffffff"
            want = "0x7fc00000" if t == "f32" else "0x7ff8000000000000"
            cond = "(%s.ne (%s.and %s (%s.const %s)) (%s.const %s))" % (it, it, bits, it, mask, it, want)
        elif v == "nan:arithmetic":
            want = "0x7fc00000" if t == "f32" else "0x7ff8000000000000"
            cond = "(%s.ne (%s.and %s (%s.const %s)) (%s.const %s))" % (it, it, bits, it, want, it, want)
        else:
            cond = "(%s.ne %s (%s.const %s))" % (it, bits, it, v)
    else:
        return None
    return "(if %s (then (call %s)))" % (cond, fail)


def export_funcs(wat):
    return {m.group(1): m.group(2)
            for m in re.finditer(r'\(export "((?:[^"\\]|\\.)*)" \(func (\d+)\)\)', wat)}


def invocation(cmd, funcs):
    act = cmd.get("action", {})
    if act.get("type") != "invoke" or "module" in act:
        return None
    name = act["field"]
    if name not in funcs:
        return None
    args = [const(a) for a in act.get("args", [])]
    if any(a is None for a in args):
        return None
    return "(call %s %s)" % (funcs[name], " ".join(args))


def build(wat, body, extra, path):
    # Drop the final ')' of the module and append the checker.
    cut = wat.rstrip()
    assert cut.endswith(")")
    text = cut[:-1] + "\n" + extra + '\n(func $__start (export "_start")\n' + body + "\n))\n"
    with open(path + ".wat", "w") as f:
        f.write(text)
    subprocess.run(["wat2wasm", "--debug-names", "--no-check", path + ".wat", "-o", path + ".wasm"],
                   check=True, capture_output=True)


def compile_run(args, path):
    c = subprocess.run([args.wasmc, "--target=" + args.target] + [f for f in args.flag if f] + [path + ".wasm", "-o", path + ".exe"],
                       capture_output=True, text=True)
    if c.returncode != 0:
        return None, "compile: " + c.stderr.strip()
    cmd = ([args.run] if args.run else []) + [path + ".exe"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stderr


def run_module(args, wast, line, wasm, cmds, stats):
    base = os.path.join(args.work, "%s.line%d" % (os.path.basename(wast)[:-5], line))
    try:
        wat = subprocess.run(["wasm2wat", wasm], check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError:
        return
    if re.search(r"\(import ", wat) or "(start " in wat:
        stats["skipped_modules"] += 1
        return
    funcs = export_funcs(wat)
    body, fails, prefix, traps, fails_seen = [], [], [], [], set()
    n = 0
    for c in cmds:
        if c["type"] not in ("action", "assert_return", "assert_trap"):
            continue
        call = invocation(c, funcs)
        if call is None:
            break  # (e.g. externref arguments): the state after it is unknown
        drops = " ".join(["(drop)"] * len(c.get("expected", [])))
        if c["type"] == "action":
            body.append(call + drops)
            prefix.append(body[-1])
            continue
        if c["type"] == "assert_trap" and args.traps:
            traps.append((c, list(prefix), call))
            continue
        if c["type"] != "assert_return":
            continue
        exps = c.get("expected", [])
        fail = "$fail_%d" % c["line"]
        chk = check(call, exps[0], fail) if len(exps) == 1 else None
        if chk is None:  # no result, several, or references: run it, drop them
            body.append(call + drops)
            continue
        body.append(chk)
        if fail not in fails_seen:  # (several assertions may share a line)
            fails_seen.add(fail)
            fails.append("(func %s unreachable)" % fail)
        n += 1
    if n:
        build(wat, "\n".join(body), "\n".join(fails), base)
        status, err = compile_run(args, base)
        if status == 0:
            stats["passed"] += n
            print("ok    %s:%d  %d assertions" % (wast, line, n))
        else:
            stats["failed_modules"] += 1
            m = re.search(r"#0 fail_(\d+)", err or "")
            where = ("first failing assertion at line " + m.group(1)) if m else (err or "").strip()[:300]
            print("FAIL  %s:%d  %s (status %s)" % (wast, line, where, status))
    for c, pre, call in traps:
        tbase = "%s.trap%d" % (base, c["line"])
        exps = c.get("expected", [])
        build(wat, "\n".join(pre + [call + " ".join(["(drop)"] * len(exps))]), "", tbase)
        status, err = compile_run(args, tbase)
        # The spec's message may be more specific than ours ("uninitialized
        # element 2" vs "uninitialized element"): either may be a prefix.
        want = c["text"]
        m = re.search(r"wasm trap: ([^\n]*)", err or "")
        got = m.group(1) if m else ""
        if status == 134 and got and (want.startswith(got) or got.startswith(want)):
            stats["traps_passed"] += 1
        else:
            stats["failed_traps"] += 1
            print("FAIL  %s:%d  expected '%s', got status %s: %s" %
                  (wast, c["line"], want, status, (err or "").strip()[:200]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wasmc", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--run", default="")
    p.add_argument("--traps", action="store_true")
    p.add_argument("--flag", action="append", default=[], help="extra wasmc flag")
    p.add_argument("--work", required=True)
    p.add_argument("wast", nargs="+")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    stats = dict(passed=0, failed_modules=0, skipped_modules=0, traps_passed=0, failed_traps=0)
    for wast in args.wast:
        stem = os.path.join(args.work, os.path.basename(wast)[:-5])
        subprocess.run(["wast2json", "--disable-simd", wast, "-o", stem + ".json"],
                       check=True, capture_output=True)
        with open(stem + ".json") as f:
            commands = json.load(f)["commands"]
        current, cmds = None, []
        for c in commands + [{"type": "module", "line": 0}]:
            if c["type"] == "module":
                if current and "filename" in current:
                    run_module(args, wast, current["line"], os.path.join(args.work, current["filename"]),
                               cmds, stats)
                current, cmds = (c if "name" not in c else None), []
            else:
                cmds.append(c)
    print("summary: %(passed)d assertions passed, %(failed_modules)d modules failed, "
          "%(skipped_modules)d modules with imports skipped, %(traps_passed)d traps passed, "
          "%(failed_traps)d traps failed" % stats)
    return 1 if stats["failed_modules"] or stats["failed_traps"] else 0


if __name__ == "__main__":
    sys.exit(main())
