#!/usr/bin/env python3
"""Differential fuzzer of wasmc's code generation (docs/testing.md, "Fuzzing").

    fuzz.py [--seconds N] [--cases N] [--seed S] [--build DIR] [--out DIR]
            [--targets T,T] [--reduce-seconds N] [--kinds ttf,passes] [--opt 0|1|2|ir]

Cases are made from a seed (case i of seed S is the same on every machine):
  ttf     random bytes -> `wasm-opt -ttf` (WebAssembly 2.0 features, no SIMD),
          sometimes with a few optimization passes after, then --denan
  gen     our generator (gen.py): br_table, blocks with parameters, locals written
          on some paths and read after joins, memory.grow, table and ref operators
  passes  one of our test programs (corpus.py) after a random list of wasm-opt
          passes (-O3, -Oz, --flatten, --inlining, --merge-blocks, ...)
ttf and gen cases run by V8 and by wasmc's code for each target (harness.py); pass
cases are WASI programs, compiled to executables and compared with the original
program under node's WASI (corpus.py). Every difference is reduced with
wasm-reduce and saved in OUT/findings/<case>/ with a README. Last line:
`fuzz: N passed, M failed` (skipped cases are counted apart and listed).
--opt L compiles every module at wasmc -OL (default: wasmc's default, -O2); --opt ir at
-O1 --no-single-pass (every function through the IR path)."""
import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import time

import corpus
import gen
import harness

FEATURES = ["-mvp", "--enable-sign-ext", "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
            "--enable-multivalue"]
# Not --enable-reference-types: binaryen 108's -ttf then emits typed function
# references ((ref $t), (ref func)), which are not WebAssembly 2.0 (7 of 8 modules
# failed validation in V8, wabt and wasmc alike).
PASSES = ["-O1", "-O2", "-O3", "-O4", "-Os", "-Oz", "--flatten", "--inlining",
          "--inlining-optimizing", "--merge-blocks", "--simplify-locals", "--coalesce-locals",
          "--merge-locals", "--reorder-locals", "--local-cse", "--code-folding", "--vacuum",
          "--precompute-propagate", "--optimize-instructions", "--remove-unused-brs",
          "--rse", "--licm", "--dae-optimizing", "--ssa", "--simplify-locals-notee-nostructure",
          "--code-pushing", "--flatten --rereloop", "--flatten --simplify-locals -O1"]


def random_passes(rng, most):
    return [flag for _ in range(rng.randint(1, most)) for flag in rng.choice(PASSES).split()]


def make_ttf_case(rng, path, work):
    raw = os.path.join(work, "random.bin")
    with open(raw, "wb") as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(1000, 16000))))
    passes = random_passes(rng, 3) if rng.random() < 0.5 else []
    cmd = ["wasm-opt", raw, "-ttf", *FEATURES, *passes, "--denan", "-o", path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return "wasm-opt -ttf %s" % " ".join(passes + ["--denan"])


# What each kind of case may use beyond FEATURES: gen.py's modules have tail calls and
# typed function references (wasm-opt reads them with these flags).
KIND_FEATURES = {"gen": ["--enable-reference-types", "--enable-tail-call"]}


def reduce(case_dir, wasm, target, args, seconds, features):
    """wasm-reduce with this script as the interestingness test; returns the
    reduced module's path (or None, with the reason printed)."""
    # binaryen 108 cannot read every module (blocks with parameters): say so rather
    # than leave a reduce.log of parse errors.
    check = subprocess.run(["wasm-opt", wasm, *features, "-o", os.devnull],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if check.returncode != 0:
        why = (check.stderr.strip().splitlines() or ["exit %d" % check.returncode])[0]
        print("  reduce: wasm-opt cannot read this module (%s); reduce it by hand" % why)
        return None
    test = os.path.join(case_dir, "reduce-test.wasm")
    best = os.path.join(case_dir, "reduced.wasm")
    cmd = [sys.executable, os.path.abspath(__file__), "--interesting", target,
           "--build", args.build, *opt_args(args.opt), test]
    try:
        subprocess.run(["timeout", str(seconds), "wasm-reduce", wasm, *features,
                        "-b", os.path.dirname(shutil.which("wasm-opt")) + "/",
                        "--extra-flags=" + " ".join(features), "--timeout=60",
                        "--command=" + " ".join(cmd), "-t", test, "-w", best],
                       cwd=case_dir, stdout=open(os.path.join(case_dir, "reduce.log"), "w"),
                       stderr=subprocess.STDOUT)
    except OSError as e:
        print("  reduce: cannot run wasm-reduce: %s" % e)
        return None
    if not os.path.exists(best):
        return None
    wat = best[:-5] + ".wat"
    subprocess.run(["wasm2wat", "--enable-all", best, "-o", wat], check=False)
    return best


def opt_args(opt):
    """This script's --opt for level `opt` (None: none)."""
    return [] if opt is None else ["--opt", str(opt)]


def interesting(target, build, wasm, opt):
    """wasm-reduce's test: exit 0 when wasmc for `target` still differs from V8."""
    work = os.path.join(os.path.dirname(os.path.abspath(wasm)), "reduce-work")
    os.makedirs(work, exist_ok=True)
    try:
        targets = harness.TARGETS if target == "cross" else [target]
        r = harness.run_all(wasm, work, build, targets=targets, timeout=30, opt=opt)
    except harness.HarnessError:
        return 1
    return 0 if target in r.get("diffs", {}) else 1


def save_finding(args, name, wasm, how, result, features=FEATURES):
    case_dir = os.path.join(args.out, "findings", name)
    os.makedirs(case_dir, exist_ok=True)
    shutil.copy(wasm, os.path.join(case_dir, "case.wasm"))
    with open(os.path.join(case_dir, "README"), "w") as f:
        f.write("case %s: %s\n" % (name, how))
        for target, diff in sorted(result["diffs"].items()):
            f.write("%s: %s\n" % (target, diff))
        f.write("reproduce: python3 tests/fuzz/fuzz.py %s--replay %s\n" %
                ("".join(a + " " for a in opt_args(args.opt)), os.path.join(case_dir, "case.wasm")))
    for who, text in result.get("transcripts", {}).items():
        with open(os.path.join(case_dir, "transcript-%s.txt" % who), "w") as f:
            f.write(text)
    if args.reduce_seconds > 0 and "transcripts" in result:
        target = sorted(result["diffs"])[0]
        reduced = reduce(case_dir, os.path.join(case_dir, "case.wasm"), target, args,
                         args.reduce_seconds, features)
        if reduced:
            print("  reduced (%s): %s (%d bytes)" % (target, reduced[:-5] + ".wat",
                                                     os.path.getsize(reduced)))
    return case_dir


def run_case(args, index, work):
    """(name, outcome, detail): outcome is pass / fail / skip."""
    # A hashed seed: random.Random("7/3") and "7/7" start alike (small first draws).
    rng = random.Random(int(hashlib.sha256(b"%d/%d" % (args.seed, index)).hexdigest(), 16))
    kinds = args.kinds.split(",")
    kind = kinds[index % len(kinds)]
    name = "s%d-%d-%s" % (args.seed, index, kind)
    if kind == "gen":
        wasm = os.path.join(work, name + ".wasm")
        wat = wasm[:-5] + ".wat"
        with open(wat, "w") as f:
            f.write(gen.generate(rng))
        subprocess.run(["wat2wasm", "--enable-tail-call", wat, "-o", wasm], check=True)
        os.remove(wat)
        how = "tests/fuzz/gen.py"
        # New shapes of our shapes. binaryen 108 cannot read blocks with parameters
        # ("block cannot pop from outside"): such modules stay as generated.
        if rng.random() < 0.3:
            passes = random_passes(rng, 3)
            p = subprocess.run(["wasm-opt", wasm, *FEATURES, *KIND_FEATURES["gen"], *passes,
                                "-o", wasm + ".opt"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if p.returncode == 0:
                os.replace(wasm + ".opt", wasm)
                how += " | wasm-opt " + " ".join(passes)
        r = harness.run_all(wasm, work, args.build, args.targets, opt=args.opt)
    elif kind == "passes":
        program = rng.choice(corpus.programs(args.build, work))
        passes = random_passes(rng, 4)
        r = corpus.run_pass_variant(program, passes, work, args.build, args.targets, FEATURES,
                                    opt=args.opt)
        how = "%s after wasm-opt %s" % (program.name, " ".join(passes))
        wasm = r.get("wasm")
    else:
        wasm = os.path.join(work, name + ".wasm")
        try:
            how = make_ttf_case(rng, wasm, work)
        except subprocess.CalledProcessError:
            return name, "skip", "wasm-opt -ttf failed"
        r = harness.run_all(wasm, work, args.build, args.targets, opt=args.opt)
    if "skip" in r:
        return name, "skip", r["skip"]
    if not r["diffs"]:
        for path in (wasm, wasm and wasm + ".plan.json"):
            if path and os.path.exists(path):
                os.remove(path)
        return name, "pass", how
    print("DIFF %s (%s)" % (name, how))
    for target, diff in sorted(r["diffs"].items()):
        print("  %s: %s" % (target, diff))
    if kind in ("ttf", "gen"):
        print("  saved in %s" % save_finding(args, name, wasm, how, r,
                                             FEATURES + KIND_FEATURES.get(kind, [])))
    elif wasm:
        print("  saved in %s" % save_finding(args, name, wasm, how, {"diffs": r["diffs"]}))
    return name, "fail", "; ".join("%s: %s" % kv for kv in sorted(r["diffs"].items()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--build", default=os.path.join(here, "..", "..", "build"))
    p.add_argument("--out", default=None, help="default: BUILD/fuzz")
    p.add_argument("--seconds", type=float, default=0, help="stop starting cases after this")
    p.add_argument("--cases", type=int, default=0, help="stop after this many cases")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--first", type=int, default=0, help="index of the first case")
    p.add_argument("--targets", default=",".join(harness.TARGETS))
    p.add_argument("--kinds", default="ttf,gen,ttf,passes")
    p.add_argument("--reduce-seconds", type=int, default=600)
    p.add_argument("--opt", type=lambda v: v if v == "ir" else int(v), choices=(0, 1, 2, "ir"), default=None,
                   help="wasmc's optimisation level (-O0/-O1/-O2; ir: -O1 --no-single-pass; "
                        "default: wasmc's, -O2)")
    p.add_argument("-v", "--verbose", action="store_true", help="a line per case")
    p.add_argument("--replay", metavar="WASM", help="run one module by every executor and show the transcripts")
    p.add_argument("--interesting", metavar="TARGET", help=argparse.SUPPRESS)
    p.add_argument("wasm", nargs="?", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.build = os.path.abspath(args.build)
    args.out = os.path.abspath(args.out or os.path.join(args.build, "fuzz"))
    args.targets = args.targets.split(",")
    if args.interesting:
        return interesting(args.interesting, args.build, args.wasm, args.opt)
    work = os.path.join(args.out, "work")
    os.makedirs(work, exist_ok=True)
    if args.replay:
        r = harness.run_all(args.replay, work, args.build, args.targets, opt=args.opt)
        for who, text in r.get("transcripts", {}).items():
            print("== %s\n%s" % (who, text), end="")
        print("skip: %s" % r["skip"] if "skip" in r else "diffs: %s" % (r["diffs"] or "none"))
        return 1 if r.get("diffs") else 0
    if not shutil.which(harness.tools(args.build)["node"]):
        print("fuzz: error: node not found (V8 is the reference; Node.js 20 is on the machine image)")
        print("fuzz: 0 passed, 1 failed")
        return 1
    if not (args.seconds or args.cases):
        args.cases = 100
    start = time.time()
    counts = {"pass": 0, "fail": 0, "skip": 0}
    skips = {}
    index = args.first
    while True:
        if args.cases and index - args.first >= args.cases:
            break
        if args.seconds and time.time() - start >= args.seconds:
            break
        try:
            name, outcome, detail = run_case(args, index, work)
        except (harness.HarnessError, OSError, subprocess.CalledProcessError) as e:
            # A broken harness or tool (e.g. the build relinked under a campaign)
            # fails the case loudly, and the campaign goes on.
            name, outcome, detail = "case %d" % index, "fail", "harness error: %s" % e
            print("FAIL %s: %s" % (name, detail))
        counts[outcome] += 1
        if args.verbose:
            print("%s %s: %s" % (outcome.upper(), name, detail), flush=True)
        if outcome == "skip":
            skips[detail[:100]] = skips.get(detail[:100], 0) + 1
        index += 1
    for why, n in sorted(skips.items(), key=lambda kv: -kv[1]):
        print("skipped %d: %s" % (n, why))
    print("fuzz: cases %d..%d of seed %d%s in %.0f s (%d skipped)" %
          (args.first, index - 1, args.seed, "" if args.opt is None else " at " + " ".join(harness.opt_flags(args.opt)),
           time.time() - start, counts["skip"]))
    print("fuzz: %d passed, %d failed" % (counts["pass"], counts["fail"]))
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
