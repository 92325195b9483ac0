#!/usr/bin/env python3
"""Where the bytes of a wasmc executable go (docs/performance.md, "Size and start-up").

    python3 bench/size/breakdown.py EXE [--objects DIR] [--top N]

EXE is a wasmc executable built without --strip (its symbol table names the
runtime's and the module's functions and data). Prints:
  - the file: each PT_LOAD segment's file bytes, and what follows the last segment
    (the program headers; section headers, symbol and string tables: what --strip
    drops);
  - per output section (.text, .rodata, ...): bytes, and how many of them no sized
    symbol covers (alignment padding, merged strings, unnamed data);
  - per source file of the runtime (with --objects, the directory of the runtime's
    objects, e.g. build/runtime-support/x86_64-linux): bytes of the functions and
    data defined there; the module's own symbols count as "(module)";
  - the N largest symbols.
Reads the ELF itself (no binutils needed)."""
import argparse
import collections
import os
import struct
import sys


def read_elf(path):
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        sys.exit(f"{path}: not an ELF64 file")
    (e_phoff, e_shoff, _flags, _ehsize, phentsize, phnum, shentsize, shnum,
     shstrndx) = struct.unpack_from("<QQIHHHHHH", data, 32)
    phdrs = [struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * phentsize) for i in range(phnum)]
    shdrs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * shentsize) for i in range(shnum)]

    def cstr(off):
        return data[off:data.index(b"\0", off)].decode()

    shstr = shdrs[shstrndx][4] if shnum else 0
    sections = [dict(name=cstr(shstr + s[0]), type=s[1], flags=s[2], addr=s[3], offset=s[4],
                     size=s[5], link=s[6], entsize=s[9]) for s in shdrs]
    symbols = []
    for s in sections:
        if s["type"] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[s["link"]]["offset"]
        for off in range(s["offset"] + 24, s["offset"] + s["size"], 24):
            name, info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", data, off)
            if shndx == 0 or shndx >= 0xff00 or (info & 0xf) in (3, 4):  # undef/abs, SECTION/FILE
                continue
            symbols.append(dict(name=cstr(strtab + name), shndx=shndx, value=value, size=size,
                                bind=info >> 4))
    return data, phdrs, sections, symbols


def object_symbols(objdir):
    """name -> source file, from the runtime's objects (their own ELF symbol tables)."""
    owner = {}
    for root, _dirs, files in os.walk(objdir):
        for f in sorted(files):
            if not f.endswith(".o"):
                continue
            try:
                _, _, _, syms = read_elf(os.path.join(root, f))
            except (SystemExit, struct.error, ValueError, IndexError):
                continue
            src = f[:-len(".o")]
            for ext in (".c", ".S"):
                src = src[:-len(ext)] if src.endswith(ext) else src
            if src.startswith("runtime-support_"):  # runtime-support_core_trap -> runtime-support/core/trap
                src = "runtime-support/" + src[len("runtime-support_"):].replace("_", "/", 1)
            elif src.startswith("wasi-shim_"):
                src = "wasi-shim/" + src[len("wasi-shim_"):]
            for s in syms:
                owner.setdefault(s["name"], src)
    return owner


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exe")
    ap.add_argument("--objects", help="directory of the runtime's objects (names -> source file)")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    data, phdrs, sections, symbols = read_elf(args.exe)
    total = len(data)
    print(f"{args.exe}: {total} bytes")
    print("\n== file")
    loads = [p for p in phdrs if p[0] == 1]
    covered = 0
    for p in loads:
        flags = "".join(c for c, bit in (("R", 4), ("W", 2), ("X", 1)) if p[1] & bit)
        print(f"  PT_LOAD {flags:3} offset {p[2]:#8x} vaddr {p[3]:#12x} filesz {p[5]:7} memsz {p[6]:8}")
        covered = max(covered, p[2] + p[5])
    print(f"  ELF header 64, program headers {56 * len(phdrs)} (after the segments)")
    print(f"  after the last segment {total - covered:6} (program headers; unstripped: .symtab,"
          " .strtab, section headers)")
    print("\n== sections (allocated)")
    by_section = collections.defaultdict(int)
    for s in symbols:
        by_section[s["shndx"]] += s["size"]
    for i, s in enumerate(sections):
        if not s["flags"] & 2:  # SHF_ALLOC
            continue
        filesz = 0 if s["type"] == 8 else s["size"]
        print(f"  {s['name']:24} {s['size']:7} bytes ({'nobits' if not filesz else 'file'}),"
              f" {max(0, s['size'] - by_section[i]):6} not in a sized symbol")
    owner = object_symbols(args.objects) if args.objects else {}
    if owner:
        print("\n== by source file (file bytes: functions and read-only/initialised data)")
        per = collections.defaultdict(lambda: [0, 0])
        for s in symbols:
            sec = sections[s["shndx"]]
            if sec["type"] == 8:
                continue
            src = owner.get(s["name"], "(module)")
            per[src][0 if sec["flags"] & 4 else 1] += s["size"]
        print(f"  {'source':40} {'text':>7} {'data':>7}")
        for src, (text, rodata) in sorted(per.items(), key=lambda kv: -sum(kv[1])):
            print(f"  {src:40} {text:7} {rodata:7}")
    print(f"\n== the {args.top} largest symbols")
    for s in sorted(symbols, key=lambda s: -s["size"])[:args.top]:
        sec = sections[s["shndx"]]["name"]
        src = owner.get(s["name"], "(module)") if owner else ""
        print(f"  {s['size']:6} {sec:10} {s['name']:40} {src}")


if __name__ == "__main__":
    main()
