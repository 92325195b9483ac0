#!/usr/bin/env python3
"""Checks the layering of wasmc's source folders from their #include lines.

Rules (docs/architecture.md, "Layers"):
  1. No cycle between folders (a folder = the directory of a file, e.g. backend/codegen).
  2. No cycle between the top-level parts: compiler -> backend -> runtime-support, and
     wasi-shim beside runtime-support; nothing below includes the parts above it.
  3. Generic code never includes a target folder (backend/x64, backend/a64, ...): an
     ISA is reached only through the registries backend/target.h and
     backend/codegen/target_codegen.h.

Usage: layering.py [SOURCE_ROOT]   (prints the findings; exit 1 if any rule is broken)
"""
import os
import re
import sys

PARTS = ["compiler", "backend", "runtime-support", "wasi-shim"]
# Which top-level parts each part may include (its own included).
ALLOWED = {
    # wasi-shim's call list and grants format are contracts the compiler reads too.
    "compiler": {"compiler", "backend", "runtime-support", "wasi-shim"},
    "backend": {"backend", "runtime-support"},
    "runtime-support": {"runtime-support"},
    "wasi-shim": {"wasi-shim", "runtime-support"},
}
TARGET_FOLDERS = {"backend/x64", "backend/a64"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_EXT = (".h", ".c", ".cc")


def part_of(folder):
    return folder.split("/")[0]


def collect(root):
    """Folder -> {included folder: first (file, header)} over the source parts."""
    edges = {}
    for part in PARTS:
        for dirpath, _, files in os.walk(os.path.join(root, part)):
            for f in sorted(files):
                if not f.endswith(SOURCE_EXT):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                folder = os.path.dirname(rel)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                for inc in INCLUDE.findall(text):
                    if part_of(inc) not in PARTS and not inc.startswith("wasmc/"):
                        continue  # system, generated or same-folder relative include
                    if inc.startswith("wasmc/"):  # runtime-support/include/wasmc/*.h
                        target = "runtime-support/include/wasmc"
                    else:
                        target = os.path.dirname(inc)
                    if target == folder:
                        continue
                    edges.setdefault(folder, {}).setdefault(target, (rel, inc))
    return edges


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(set(edges) | {w for e in edges.values() for w in e}):
        if v not in index:
            visit(v)
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    root = os.path.abspath(root)
    edges = collect(root)
    problems = []
    if not edges:
        problems.append(f"{root}: no sources of {', '.join(PARTS)} found")
    for src, targets in sorted(edges.items()):
        for dst, (file, inc) in sorted(targets.items()):
            if dst in TARGET_FOLDERS and src not in TARGET_FOLDERS:
                problems.append(f"{file}: generic code includes a target folder: {inc}")
            if part_of(dst) not in ALLOWED[part_of(src)]:
                problems.append(f"{file}: {part_of(src)} must not include {part_of(dst)}: {inc}")
    for comp in cycles(edges):
        problems.append("folders include each other in a cycle: " + " -> ".join(comp))
    for p in problems:
        print(p)
    print(f"layering: {len(edges)} folders, {sum(len(t) for t in edges.values())} folder edges, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
