"""Whole WASI programs for the fuzzer's "passes" cases and for tests/programs/.

A program is built once to wasm32-wasi (clang-16, cached in the work folder);
run_wasi() compiles a .wasm with wasmc for each target and runs the executable
(natively on x86-64, under qemu-aarch64 for AArch64) with the program's
arguments and stdin, returning (exit status, stdout) per target. The reference
for a pass variant is the original program under node's WASI (V8)."""
import collections
import hashlib
import os
import subprocess

import harness

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CLANG_WASM = ["clang-16", "--target=wasm32-wasi", "--sysroot=/usr"]

Program = collections.namedtuple("Program", "name wasm args stdin")

# Our test programs: (name, source, arguments, stdin file). Bench kernels get a
# work scale of 1% (bench/kernels/bench.h), so they run in well under a second.
SOURCES = [
    ("hello", "examples/hello/hello.c", ["fuzz"], None),
    ("qsort", "tests/run/c-stdio-qsort.c", ["alpha", "beta"], "tests/run/Inputs/lines.txt"),
] + [(k, "bench/kernels/%s.c" % k, ["1"], None) for k in (
    "fib", "hash", "imatmul", "indirect", "interp", "lz", "mandelbrot", "nbody", "ptrchase",
    "sieve", "sort", "spectralnorm", "stream", "correlation", "covariance", "gramschmidt",
    "sha256", "coremark_like")]


def programs(build, work):
    """Our test programs, built with clang-16 -O2 for wasm32-wasi (cached)."""
    out_dir = os.path.join(work, "corpus")
    os.makedirs(out_dir, exist_ok=True)
    result = []
    for name, source, args, stdin in SOURCES:
        wasm = os.path.join(out_dir, name + ".wasm")
        if not os.path.exists(wasm):
            subprocess.run(CLANG_WASM + ["-O2", os.path.join(ROOT, source), "-o", wasm], check=True)
        result.append(Program(name, wasm, args, stdin and os.path.join(ROOT, stdin)))
    return result


def run_command(cmd, stdin, timeout):
    """(exit status, stdout); status "timeout" if it ran too long."""
    with open(stdin or os.devnull, "rb") as f:
        try:
            p = subprocess.run(cmd, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", b""
    return p.returncode, p.stdout


def run_v8(wasm, args, stdin, timeout=120):
    node = os.environ.get("NODE", "node")
    return run_command([node, "--no-warnings", "--single-threaded-gc",
                        os.path.join(ROOT, "bench", "node_wasi_run.mjs"), wasm] + args,
                       stdin, timeout)


def compile_wasm(wasm, target, build, exe, opt=None):
    """None, or wasmc's diagnostic when it cannot compile the module (at -O`opt`)."""
    cmd = [os.path.join(build, "bin", "wasmc"), "--target=" + target, *harness.opt_flags(opt),
           wasm, "-o", exe]
    if target != "x86_64-linux":
        cmd.insert(2, "--landlock=best-effort")  # qemu-user has neither Landlock nor seccomp
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return None if p.returncode == 0 else "wasmc exit %d: %s" % (p.returncode,
                                                                   p.stdout.decode()[-300:])


def run_wasi(wasm, args, stdin, build, targets, timeout=300, opt=None):
    """{target: (status, stdout) or ("wasmc", diagnostic)}."""
    result = {}
    for target in targets:
        exe = "%s.%s.exe" % (wasm[:-5], target.split("-")[0])
        err = compile_wasm(wasm, target, build, exe, opt)
        if err:
            result[target] = ("wasmc", err.encode())
            continue
        run = [] if target == "x86_64-linux" else ["qemu-aarch64"]
        result[target] = run_command(run + [exe] + args, stdin, timeout)
        os.remove(exe)
    return result


def describe(want, got):
    """Why (status, stdout) `got` is not `want`, or None."""
    if got[0] == "wasmc":
        return got[1].decode("utf-8", "replace")
    if got[0] != want[0]:
        return "exit status %s, want %s" % (got[0], want[0])
    if got[1] != want[1]:
        a, b = want[1].splitlines(), got[1].splitlines()
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else b"<end>"
            y = b[i] if i < len(b) else b"<end>"
            if x != y:
                return "stdout line %d: want %r, got %r" % (i + 1, x[:80], y[:80])
    return None


_reference_cache = {}


def run_pass_variant(program, passes, work, build, targets, features, opt=None):
    """A "passes" fuzz case: the program after `passes`, on every target, against
    the original program under V8. {"skip": why} or {"diffs": {...}, "wasm": path}."""
    if program.wasm not in _reference_cache:
        _reference_cache[program.wasm] = run_v8(program.wasm, program.args, program.stdin)
    want = _reference_cache[program.wasm]
    if want[0] == "timeout":
        return {"skip": "V8 timed out on %s" % program.name}
    key = hashlib.sha1(" ".join(passes).encode()).hexdigest()[:10]
    wasm = os.path.join(work, "%s-%s.wasm" % (program.name, key))
    p = subprocess.run(["wasm-opt", program.wasm, *features, *passes, "-o", wasm],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return {"skip": "wasm-opt %s failed: %s" % (" ".join(passes), p.stdout.decode()[-200:])}
    diffs = {}
    for target, got in run_wasi(wasm, program.args, program.stdin, build, targets,
                                opt=opt).items():
        why = describe(want, got)
        if why:
            diffs[target] = why
    return {"diffs": diffs, "wasm": wasm}
