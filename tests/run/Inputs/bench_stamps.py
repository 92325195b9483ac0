"""bench-stamps.test: bench/run.py's build stamps (StampKey) name the scratch directory and the
repository as <scratch> and <repo> and hash the sources' contents, so a scratch directory copied
elsewhere reuses its builds even when the sources' files are newer, and a changed source is
rebuilt. Prints what each step did."""
import os
import shutil
import sys
import time

srcroot, src, tmp = sys.argv[1:4]
sys.path.insert(0, os.path.join(srcroot, "bench"))
import run  # noqa: E402  (bench/run.py)

shutil.rmtree(tmp, ignore_errors=True)
first = os.path.join(tmp, "first")
os.makedirs(os.path.join(first, "src"))
copy_src = os.path.join(first, "src", "k.c")
shutil.copy(src, copy_src)


def Build(scratch):
    wasm_dir = os.path.join(scratch, "wasm32-wasi")
    os.makedirs(wasm_dir, exist_ok=True)
    spec = dict(sources=[os.path.join(scratch, "src", "k.c")], cflags=[], wasm_cflags=[],
                deps=[], program=False)
    got, _, err = run.BuildBenchmark("k", spec, run.TARGETS["x86_64-linux"], scratch, wasm_dir, [], [])
    if err:
        sys.exit(err)
    with open(got, "rb") as f:
        return got, f.read(4)


wasm, magic = Build(first)
print("built:", magic == b"\0asm")
with open(wasm + ".cmd") as f:
    print("stamp:", f.read().replace("\n", " | "))
# A copy in another directory, its source touched later than its module: nothing to rebuild.
second = os.path.join(tmp, "second")
shutil.copytree(first, second)
with open(os.path.join(second, "wasm32-wasi", "k.wasm"), "wb") as f:
    f.write(b"kept")  # a rebuild would replace it
time.sleep(0.01)
os.utime(os.path.join(second, "src", "k.c"))
print("copy reused:", Build(second)[1] == b"kept")
# A changed source is rebuilt.
with open(os.path.join(second, "src", "k.c"), "a") as f:
    f.write("\n/* changed */\n")
print("changed source rebuilt:", Build(second)[1] == b"\0asm")
