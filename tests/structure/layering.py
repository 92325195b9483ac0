#!/usr/bin/env python3
"""Checks the layering of wasmc's source folders from their #include lines.

Rules (docs/architecture.md, "Layers"):
  1. No cycle between folders (a folder = the directory of a file, e.g. backend/codegen).
  2. No cycle between the top-level parts: compiler -> backend -> runtime-support, and
     wasi-shim beside runtime-support; nothing below includes the parts above it.
  3. Generic code never includes a target folder (backend/x64, backend/a64, ...): an
     ISA is reached only through the registries backend/target.h and
     backend/codegen/target_codegen.h.
  4. No cycle between the files of one folder (a.h includes b.h, which includes a.h).
     (Calls between files, which include lines cannot show, are checked from the
     runtime's objects by call_cycles.py.)

  5. docs/architecture.md's table of what each part includes (between the markers
     <!-- parts:begin --> and <!-- parts:end -->) is exactly what the code includes.

Usage: layering.py [SOURCE_ROOT [DOC]]   (prints the findings; exit 1 if any rule is
broken). DOC defaults to SOURCE_ROOT/docs/architecture.md; "-" skips rule 5.
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
ABI_FOLDER = "runtime-support/include/wasmc"  # the one contract everyone includes
DOC_ROW = re.compile(r"^\|\s*`([\w/-]+)/`\s*\|(.*)\|\s*$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_EXT = (".h", ".c", ".cc")


def part_of(folder):
    return folder.split("/")[0]


def resolve(root, rel, inc):
    """The file an include names, relative to root, or None (system or generated)."""
    candidates = [inc, os.path.join(os.path.dirname(rel), inc),
                  os.path.join("runtime-support", "include", inc)]
    for c in candidates:
        c = os.path.normpath(c)
        if os.path.isfile(os.path.join(root, c)):
            return c
    return None


def collect(root, file_edges=None):
    """Folder -> {included folder: first (file, header)} over the source parts.
    With file_edges (a dict): also file -> {included file of the same folder}."""
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
                    if file_edges is not None:
                        dst = resolve(root, rel, inc)
                        if dst and dst != rel and os.path.dirname(dst) == folder:
                            file_edges.setdefault(rel, {})[dst] = True
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
    """Strongly connected components with more than one node (Tarjan)."""
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


def part_node(folder):
    """A folder's node in the parts table: its part, or the ABI folder itself."""
    return ABI_FOLDER if folder.startswith(ABI_FOLDER) else part_of(folder)


def part_edges(edges):
    """{(part, included part or ABI folder)} across parts, as the code has them."""
    out = set()
    for src, targets in edges.items():
        for dst in targets:
            a, b = part_of(src), part_node(dst)
            if a != part_of(b):
                out.add((a, b))
    return out


def doc_edges(doc):
    """{(part, included part)} from the doc's parts table, or None without one."""
    with open(doc, encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(r"<!-- parts:begin -->(.*?)<!-- parts:end -->", text, re.S)
    if not m:
        return None
    out = set()
    for line in m.group(1).splitlines():
        row = DOC_ROW.match(line.strip())
        if row:
            for dst in re.findall(r"`([\w/-]+)/`", row.group(2)):
                out.add((row.group(1), dst))
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    root = os.path.abspath(root)
    doc = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "docs", "architecture.md")
    file_edges = {}
    edges = collect(root, file_edges)
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
    for comp in cycles(file_edges):
        problems.append("files include each other in a cycle: " + " -> ".join(comp))
    if doc != "-":
        documented = doc_edges(doc)
        if documented is None:
            problems.append(f"{doc}: no parts table (<!-- parts:begin --> ... <!-- parts:end -->)")
        else:
            code = part_edges(edges)
            for a, b in sorted(code - documented):
                problems.append(f"{doc}: the parts table misses {a}/ -> {b}/ (in the code)")
            for a, b in sorted(documented - code):
                problems.append(f"{doc}: the parts table shows {a}/ -> {b}/ (not in the code)")
    for p in problems:
        print(p)
    print(f"layering: {len(edges)} folders, {sum(len(t) for t in edges.values())} folder edges, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
