#!/usr/bin/env python3
"""Checks that no files of one folder of the runtime call each other in a cycle.

runtime-support/ and wasi-shim/ are freestanding C whose files are linked into one
runtime image (docs/architecture.md, "Layers"): within a folder, calls between
files must point one way, so that each file can be read (and tested) with only
the files below it. Include lines cannot show this (every file includes the same
few headers), so the check reads the compiled objects' symbol tables: file A
calls file B when A's object has an undefined symbol that B's object defines.

Objects are named as the runtime image build names them: the source path with
"/" replaced by "_", plus ".o" (runtime-support_core_trap.c.o).

Usage: call_cycles.py SOURCE_ROOT OBJECT_DIR...
(prints the findings; exit 1 if a cycle is found or no object matches a source)
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from layering import cycles  # noqa: E402  (Tarjan's strongly connected components)

PARTS = ["runtime-support", "wasi-shim"]
SOURCE_EXT = (".c", ".S")


def sources(root):
    """Flattened object name -> source path relative to root."""
    out = {}
    for part in PARTS:
        for dirpath, _, files in os.walk(os.path.join(root, part)):
            for f in files:
                if f.endswith(SOURCE_EXT):
                    rel = os.path.relpath(os.path.join(dirpath, f), root)
                    out[rel.replace("/", "_") + ".o"] = rel
    return out


def symbols(obj):
    """(defined global symbols, undefined symbols) of one object, by llvm-nm."""
    nm = shutil.which("llvm-nm") or shutil.which("llvm-nm-16") or "/usr/lib/llvm-16/bin/llvm-nm"
    text = subprocess.run([nm, "-P", obj], check=True, capture_output=True,
                          text=True).stdout
    defined, undefined = set(), set()
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind in ("U", "w", "v"):
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined


def check(root, obj_dir):
    """The problems found in one object directory (one target's runtime)."""
    names = sources(root)
    objects = {names[f]: os.path.join(obj_dir, f)
               for f in sorted(os.listdir(obj_dir)) if f in names}
    if not objects:
        return [f"{obj_dir}: no object of a source under {', '.join(PARTS)}"]
    defined_in, undefined = {}, {}
    for src, obj in objects.items():
        defined, undefined[src] = symbols(obj)
        for sym in defined:
            defined_in.setdefault(sym, src)
    # file -> {called file in the same folder: first symbol}
    edges = {src: {} for src in objects}
    for src in objects:
        for sym in sorted(undefined[src]):
            dst = defined_in.get(sym)
            if dst and dst != src and os.path.dirname(dst) == os.path.dirname(src):
                edges[src].setdefault(dst, sym)
    problems = []
    for comp in cycles(edges):
        calls = [f"{a} calls {b} ({edges[a][b]})"
                 for a in comp for b in sorted(edges[a]) if b in comp]
        problems.append(f"{obj_dir}: files call each other in a cycle: " + "; ".join(calls))
    print(f"call_cycles: {obj_dir}: {len(objects)} files, "
          f"{sum(len(e) for e in edges.values())} calls between files of one folder")
    return problems


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-2])
        return 2
    root = os.path.abspath(sys.argv[1])
    problems = []
    for obj_dir in sys.argv[2:]:
        problems += check(root, obj_dir)
    for p in problems:
        print(p)
    print(f"call_cycles: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
