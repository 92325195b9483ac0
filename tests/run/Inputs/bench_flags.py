"""bench-wasm-flags.test: builds SRC into OUT.wasm the way bench/run.py builds a kernel
(BuildBenchmark: WASM_CC and the `.cmd` stamp), first over a stale module whose stamp
names clang-16's default flags, and prints the stamp."""
import os
import sys

srcroot, src, out = sys.argv[1:4]
sys.path.insert(0, os.path.join(srcroot, "bench"))
import run  # noqa: E402  (bench/run.py)

os.makedirs(out, exist_ok=True)
wasm = os.path.join(out, "flags.wasm")
# A module newer than its sources, stamped with the old flags: it must be rebuilt.
old = ["clang-16", "--target=wasm32-wasi", "--sysroot=/usr", "-O2"]
with open(wasm, "wb") as f:
    f.write(b"stale")
with open(wasm + ".cmd", "w") as f:
    f.write(" ".join(old + [src]))
spec = dict(sources=[src], cflags=[], wasm_cflags=[], deps=[], program=False)
got, _, err = run.BuildBenchmark("flags", spec, run.TARGETS["x86_64-linux"], out, out, [], [])
if err:
    sys.exit(err)
with open(got, "rb") as f:
    assert f.read(4) == b"\0asm", "the stale module was not rebuilt"
with open(got + ".cmd") as f:
    print("stamp:", f.read())
