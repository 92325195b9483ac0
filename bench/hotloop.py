#!/usr/bin/env python3
"""Where the instructions of a benchmark go, per executed instruction (python3 stdlib only).

Two sources, the numbers docs/performance.md quotes in its hot-loop sections:

  callgrind (x86-64): run the executable under
      valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=cg.out EXE [SCALE]
  (a wasmc executable compiled with --landlock=best-effort: valgrind has no Landlock), then
      bench/hotloop.py callgrind cg.out EXE [--top N]
  prints the total instruction count, the share per function (objdump's symbols:
  wasmc_func_N = wasm function N), per kind of instruction (spill-slot reload / store /
  operand, register copy, zero-extension, push/pop) and the N hottest instructions.

  qemu (AArch64): qemu-user's translation-block log counts guest instructions:
      qemu-aarch64 -d in_asm,exec,nochain EXE [SCALE] 2> q.log >/dev/null
  (the log must go to stderr: wasmc's runtime closes every descriptor above 2 at start-up,
  a -D file included), then
      bench/hotloop.py qemu q.log [--top N]
  prints the guest instructions executed and the N blocks that execute most, with their text.
"""
import argparse
import bisect
import collections
import re
import subprocess
import sys


def CallgrindCosts(path):
    """{instruction address: Ir} from a callgrind --dump-instr=yes output file."""
    cost = collections.Counter()
    positions = ["line"]
    addr = 0
    after_calls = False
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("positions:"):
                positions = line.split()[1:]
                continue
            if line.startswith("calls="):
                after_calls = True  # the next cost line is the call's inclusive cost
                continue
            if not line or line[0] not in "0123456789+-*":
                continue
            parts = line.split()
            if "instr" in positions:
                a = parts[0]
                if a.startswith("0x"):
                    addr = int(a, 16)
                elif a[0] in "+-":  # relative to the previous line's address
                    addr += int(a, 16) if "0x" in a else int(a, 10)
            if after_calls:
                after_calls = False
                continue
            if len(parts) > len(positions):
                cost[addr] += int(parts[len(positions)])
    return cost


def Disassemble(exe):
    """({address: instruction text}, sorted [(address, function name)]) from objdump."""
    out = subprocess.run(["objdump", "-d", "-M", "intel", "--no-show-raw-insn", exe],
                         capture_output=True, text=True, check=True).stdout
    text, funcs = {}, []
    for line in out.splitlines():
        m = re.match(r"([0-9a-f]+) <(.*)>:", line)
        if m:
            funcs.append((int(m.group(1), 16), m.group(2)))
            continue
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
        if m:
            text[int(m.group(1), 16)] = re.sub(r"\s+", " ", m.group(2).strip())
    return text, sorted(funcs)


GP32 = r"(e[a-z]{2}|r\d+d)"


def Kind(ins):
    """The kind of an x86-64 instruction (objdump Intel syntax) for the share table."""
    op = ins.split(" ")[0] if ins else "?"
    if "[rsp+" in ins and op not in ("lea", "push", "pop"):
        if op.startswith("mov") and re.match(r"\S+ [a-z0-9]+,.*\[rsp", ins):
            return "spill-slot reload"
        if op.startswith("mov") and re.match(r"\S+ \S* ?PTR \[rsp\+\w+\],", ins):
            return "spill-slot store"
        return "operation on a spill slot"
    m = re.match(rf"mov {GP32},{GP32}$", ins)
    if m:
        return "mov r32,r32 of itself (zero-extension)" if m.group(1) == m.group(2) else "register copy"
    if re.match(r"(mov|movaps|movapd|movq) [a-z0-9]+,[a-z0-9]+$", ins):
        return "register copy"
    if op in ("push", "pop"):
        return "push/pop"
    return "other"


def CmdCallgrind(args):
    cost = CallgrindCosts(args.out)
    text, funcs = Disassemble(args.exe)
    total = sum(cost.values()) or 1
    starts = [a for a, _ in funcs]
    per_func, per_kind = collections.Counter(), collections.Counter()
    for a, c in cost.items():
        i = bisect.bisect_right(starts, a) - 1
        per_func[funcs[i][1] if i >= 0 else "?"] += c
        per_kind[Kind(text.get(a, ""))] += c
    print(f"instructions executed: {total}")
    for title, table in (("per function", per_func), ("per kind", per_kind)):
        print(f"-- {title}")
        for name, c in table.most_common(args.top):
            print(f"{c:>14} {100 * c / total:5.1f}%  {name}")
    print(f"-- the {args.top} hottest instructions, by address")
    for a, c in sorted(cost.most_common(args.top)):
        print(f"{a:x} {c:>12} {100 * c / total:5.1f}%  {text.get(a, '?')}")
    return 0


def CmdQemu(args):
    lengths, listing, runs = {}, {}, collections.Counter()
    block = None
    with open(args.log, errors="replace") as f:
        for line in f:
            if line.startswith("Trace "):
                m = re.search(r"/([0-9a-f]{16})/", line)  # [cs_base/pc/flags/cflags]
                if m:
                    runs[int(m.group(1), 16)] += 1
                block = None
            elif line.startswith("IN:"):
                block = "next"
            elif block is not None and re.match(r"0x[0-9a-f]+:", line):
                pc = int(line.split(":")[0], 16)
                if block == "next":
                    block = pc
                    lengths[pc], listing[pc] = 0, []
                lengths[block] += 1
                listing[block].append(line.rstrip())
    weight = {pc: n * lengths.get(pc, 0) for pc, n in runs.items()}
    print(f"guest instructions executed: {sum(weight.values())} "
          f"({sum(runs.values())} translation blocks)")
    for pc, w in sorted(weight.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"-- block {pc:#x}: {runs[pc]} runs x {lengths.get(pc, 0)} instructions = {w}")
        for line in listing.get(pc, []):
            print("   " + line)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    cg = sub.add_parser("callgrind", help="x86-64: per function, per kind, hottest instructions")
    cg.add_argument("out", help="callgrind output file (--dump-instr=yes)")
    cg.add_argument("exe", help="the executable that ran")
    cg.add_argument("--top", type=int, default=30)
    q = sub.add_parser("qemu", help="AArch64 under qemu: guest instructions per translation block")
    q.add_argument("log", help="stderr of qemu-aarch64 -d in_asm,exec,nochain")
    q.add_argument("--top", type=int, default=5)
    args = ap.parse_args()
    return CmdCallgrind(args) if args.cmd == "callgrind" else CmdQemu(args)


if __name__ == "__main__":
    sys.exit(main())
