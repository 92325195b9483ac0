"""Running one module by every executor of tests/fuzz/ and comparing transcripts.

Executors: wasmc's code for x86-64 (in-process) and AArch64 (spec host under
qemu-aarch64), both through build/bin/wasmc-fuzz-exec, and V8 (node v8_exec.mjs)
as the reference. All read the same plan and print the same transcript
(fuzz_exec.cc describes both); normalize() removes what conforming engines may
do differently (NaN bits, trap wording) before the comparison."""
import json
import os
import re
import subprocess

import wasm_info

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ("x86_64-linux", "aarch64-linux")

# Fixed arguments: parameter k of an export gets ARGS[type][k % len].
ARGS = {
    "i32": [0, 1, 0xFFFFFFFF, 0x80000000, 42],
    "i64": [0, 1, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 42],
    "f32": [0, 0x3F800000, 0xBF800000, 0x7F800000, 0x42280000],   # 0, 1, -1, inf, 42
    "f64": [0, 0x3FF0000000000000, 0xBFF0000000000000, 0x7FF0000000000000, 0x4045000000000000],
}

# Trap messages, wasmc's (runtime-support/core/trap.c) and V8's, by kind. Kinds
# merge what the engines tell apart differently (V8 says "null function or
# function signature mismatch" for both a null entry and a wrong type).
TRAP_KINDS = [
    ("unreachable", r"^unreachable"),
    ("divide-by-zero", r"divide by zero|remainder by zero"),
    # V8 says "float unrepresentable in integer range" both for NaN ("invalid
    # conversion to integer" in wasmc and the spec) and for out of range ("integer
    # overflow", like i32.div_s's overflow). wasmc's two targets are also compared
    # with each other word for word (cross_check below).
    ("overflow-or-conversion", r"^integer overflow|divide result unrepresentable"
                               r"|invalid conversion to integer|float unrepresentable"),
    ("memory-oob", r"out of bounds memory access|memory access out of bounds"),
    ("table-oob", r"out of bounds table access|table index is out of bounds|undefined element"
                  r"|table access out of bounds|element segment out of bounds"),
    ("indirect-call", r"uninitialized element|indirect call type mismatch|null function"
                      r"|signature mismatch"),
]


class HarnessError(Exception):
    pass


def tools(build):
    return {"exec": os.path.join(build, "bin", "wasmc-fuzz-exec"),
            "node": os.environ.get("NODE", "node"),
            "v8": os.path.join(HERE, "v8_exec.mjs")}


def assemble_support(work):
    """logger.wasm and hasher.wasm in `work` (from the .wat beside this file)."""
    paths = {}
    for name in ("logger", "hasher"):
        out = os.path.join(work, name + ".wasm")
        wat = os.path.join(HERE, "Inputs", name + ".wat")
        if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(wat):
            subprocess.run(["wat2wasm", wat, "-o", out], check=True)
        paths[name] = out
    return paths


def make_plan(wasm_path, support):
    """The plan for a module (see fuzz_exec.cc), or None if it cannot be read."""
    with open(wasm_path, "rb") as f:
        data = f.read()
    try:
        exports = wasm_info.exports(data)
    except (ValueError, IndexError):
        return None
    names = {name for name, _, _, _ in exports}
    reset = "hangLimitInitializer" if "hangLimitInitializer" in names else ""
    calls = []
    for name, kind, params, results in exports:
        if kind != "func" or name == reset:
            continue
        args = []
        for k, t in enumerate(params):
            if t in ARGS:
                args.append([t, str(ARGS[t][k % len(ARGS[t])])])
            elif t in ("funcref", "externref"):
                args.append([t, None])
            else:
                return None  # v128: not in the fuzzed subset
        calls.append({"name": name, "args": args, "results": results})
    memory = "memory" if ("memory", "memory", [], []) in exports else ""
    return {"module": os.path.abspath(wasm_path), "logger": support["logger"],
            "hasher": support["hasher"], "reset": reset, "memory": memory, "calls": calls}


def opt_flags(opt):
    """wasmc's (and wasmc-fuzz-exec's) flags for optimisation level `opt`: None (none),
    0, 1, 2, or "ir": -O1 --no-single-pass (the IR path's -O1 for every function)."""
    if opt is None:
        return []
    return ["-O1", "--no-single-pass"] if opt == "ir" else ["-O%d" % opt]


def run_executor(cmd, timeout):
    """(status, stdout, stderr) of one executor; status "ok", "timeout" or "crash"."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode("utf-8", "replace"), ""
    except OSError as e:  # e.g. the build is being relinked under a long campaign
        raise HarnessError("cannot run %s: %s" % (cmd[0], e))
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode == 2 and "wasmc-fuzz-exec: error" in err:
        raise HarnessError(err.strip())
    if p.returncode != 0:
        return "crash", out, "exit status %d: %s" % (p.returncode, err.strip()[-300:])
    return "ok", out, err


def trap_kind(message):
    for kind, pattern in TRAP_KINDS:
        if re.search(pattern, message):
            return kind
    return "other(%s)" % message


def normalize_value(type_name, bits):
    b = int(bits)
    if type_name == "f32" and (b >> 23) & 0xFF == 0xFF and b & 0x7FFFFF:
        return "nan"
    if type_name == "f64" and (b >> 52) & 0x7FF == 0x7FF and b & ((1 << 52) - 1):
        return "nan"
    return bits


def normalize(text, trap_words=False):
    """Transcript lines with NaN bits and (unless trap_words) trap wording made
    comparable."""
    lines = []
    for line in text.splitlines():
        m = re.match(r"^(instantiate )?trap (.*)$", line)
        if m and not trap_words:
            line = "%strap %s" % (m.group(1) or "", trap_kind(m.group(2)))
        m = re.match(r"^result (f32|f64) (\d+)$", line)
        if m:
            line = "result %s %s" % (m.group(1), normalize_value(m.group(1), m.group(2)))
        if line.startswith("exhaustion"):
            line = "exhaustion"
        lines.append(line)
    return lines


def comparable(reference, other):
    """Both transcripts cut before the first call that exhausted the stack in
    either (engines' stack limits differ; what follows depends on the depth)."""
    def cut(lines):
        for i, line in enumerate(lines):
            if line == "exhaustion":
                while i > 0 and not lines[i].startswith("call "):
                    i -= 1
                return i
        return None
    cuts = [c for c in (cut(reference), cut(other)) if c is not None]
    if not cuts:
        return reference, other
    return reference[:min(cuts)], other[:min(cuts)]


def first_difference(reference, other):
    ref, oth = comparable(reference, other)
    for i in range(max(len(ref), len(oth))):
        a = ref[i] if i < len(ref) else "<end>"
        b = oth[i] if i < len(oth) else "<end>"
        if a != b:
            call = next((ref[j] for j in range(min(i, len(ref) - 1), -1, -1)
                         if ref[j].startswith("call ")), "")
            return "line %d (%s): V8 `%s`, wasmc `%s`" % (i + 1, call or "instantiate", a, b)
    return None


def run_all(wasm_path, work, build, targets=TARGETS, timeout=60, opt=None):
    """Runs the module by V8 and by wasmc for each target (at -O`opt`; None: wasmc's
    default). Returns a dict:
    skip: why the module is not comparable (invalid for V8, unsupported by wasmc), or
    diffs: {target: description}, plus the raw transcripts."""
    support = assemble_support(work)
    plan = make_plan(wasm_path, support)
    if plan is None:
        return {"skip": "no plan (unreadable module or v128 exports)"}
    plan_path = os.path.join(work, os.path.basename(wasm_path) + ".plan.json")
    with open(plan_path, "w") as f:
        json.dump(plan, f)
    t = tools(build)
    status, v8_out, v8_err = run_executor([t["node"], "--stack-size=900", t["v8"], plan_path],
                                          timeout)
    if status != "ok":
        return {"skip": "V8 %s: %s" % (status, v8_err[-200:])}
    reference = normalize(v8_out)
    if not reference or reference[0] != "instantiate ok":
        return {"skip": "V8: %s" % (reference[0] if reference else "no output")}
    result = {"diffs": {}, "transcripts": {"v8": v8_out}}
    for target in targets:
        status, out, err = run_executor([t["exec"], "--target=" + target, *opt_flags(opt), plan_path],
                                        timeout)
        result["transcripts"][target] = out
        if status != "ok":
            result["diffs"][target] = "wasmc %s (%s)" % (status, err)
            continue
        lines = normalize(out)
        if lines and lines[0].startswith("instantiate unsupported"):
            return {"skip": "wasmc: " + lines[0]}
        diff = first_difference(reference, lines)
        if diff:
            result["diffs"][target] = diff
    # wasmc's targets share the runtime's trap messages: compare them word for word.
    if len(targets) == 2 and not result["diffs"]:
        a, b = (normalize(result["transcripts"][t], trap_words=True) for t in targets)
        diff = first_difference(a, b)
        if diff:
            result["diffs"]["cross"] = diff.replace("V8", targets[0]).replace("wasmc", targets[1])
    return result
