#!/usr/bin/env bash
# Size and start-up of wasmc executables against static native builds
# (docs/performance.md, "Size and start-up"). Not part of the tests.
#
#   bash bench/size/run.sh [build-dir]      (default: build/)
#
# For hello_printf.c and hello_puts.c: the wasmc executable (default, and --strip)
# for x86-64 and AArch64, against the same C built statically with musl
# (musl-gcc -Os -static, x86-64 only: Debian has no AArch64 musl) and with glibc
# (gcc -O2 -static; aarch64-linux-gnu-gcc for AArch64). Sizes in bytes; exec-to-exit
# time with hyperfine (x86-64 natively; AArch64 under qemu-aarch64, where the
# emulator's start-up dominates and only the ratio means anything).
# Needs: musl-tools hyperfine gcc-aarch64-linux-gnu qemu-user (build.sh's PACKAGES);
# perf (page faults) and strace (system calls) are used when present.
# Where the bytes of one executable go: bench/size/breakdown.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"
WASMC="$BUILD/bin/wasmc"
OUT="${TMPDIR:-/tmp}/wasmc-bench-size"
rm -rf "$OUT" && mkdir -p "$OUT"
for tool in musl-gcc hyperfine aarch64-linux-gnu-gcc qemu-aarch64 clang-16; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install musl-tools hyperfine ...)" >&2; exit 1; }
done
size() { stat -c %s "$1"; }
row() { printf '| %-12s | %-8s | %-28s | %9s |\n' "$@"; }
echo "| program      | target   | build                        |     bytes |"
echo "|---|---|---|---:|"
for prog in hello_printf hello_puts; do
  src="$ROOT/bench/size/$prog.c"
  # bench/run.py's WASM_CC: clang >= 20's default wasm features
  clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -mbulk-memory -mnontrapping-fptoint "$src" -o "$OUT/$prog.wasm"
  for target in x86_64-linux aarch64-linux; do
    t=${target%%-*}
    "$WASMC" --target=$target "$OUT/$prog.wasm" -o "$OUT/$prog.$t.wasmc"
    "$WASMC" --target=$target --strip "$OUT/$prog.wasm" -o "$OUT/$prog.$t.wasmc-strip"
    row $prog $t "wasmc" "$(size "$OUT/$prog.$t.wasmc")"
    row $prog $t "wasmc --strip" "$(size "$OUT/$prog.$t.wasmc-strip")"
  done
  musl-gcc -Os -static "$src" -o "$OUT/$prog.x86_64.musl" && strip "$OUT/$prog.x86_64.musl"
  gcc -O2 -static "$src" -o "$OUT/$prog.x86_64.glibc" && strip "$OUT/$prog.x86_64.glibc"
  aarch64-linux-gnu-gcc -O2 -static "$src" -o "$OUT/$prog.aarch64.glibc" && aarch64-linux-gnu-strip "$OUT/$prog.aarch64.glibc"
  row $prog x86_64 "musl-gcc -Os -static, stripped" "$(size "$OUT/$prog.x86_64.musl")"
  row $prog x86_64 "gcc -O2 -static, stripped" "$(size "$OUT/$prog.x86_64.glibc")"
  row $prog aarch64 "gcc -O2 -static, stripped" "$(size "$OUT/$prog.aarch64.glibc")"
done
echo
echo "exec-to-exit (hyperfine, hello_puts):"
# The compiled program applies its Landlock sandbox at start; qemu-user has none,
# so the AArch64 build runs with --landlock=best-effort.
"$WASMC" --target=aarch64-linux --landlock=best-effort --strip "$OUT/hello_puts.wasm" -o "$OUT/hello_puts.aarch64.qemu"
# Medians (and minimum, user/sys means) from hyperfine's JSON: the mean is dragged by
# the shared machine's outliers.
medians() {
  python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("| %-60s | median %.3f ms | min %.3f ms | user %.3f ms | sys %.3f ms |" % (r["command"],
          r["median"] * 1e3, r["min"] * 1e3, r["user"] * 1e3, r["system"] * 1e3))' "$1"
}
hyperfine -N --warmup 20 --runs 500 --export-json "$OUT/x86_64.json" \
  "$OUT/hello_puts.x86_64.musl" "$OUT/hello_puts.x86_64.glibc" "$OUT/hello_puts.x86_64.wasmc-strip" >/dev/null
medians "$OUT/x86_64.json"
# Page faults and task-clock of the process itself (no fork/exec of hyperfine in it).
if command -v perf >/dev/null; then
  for exe in "$OUT/hello_puts.x86_64.musl" "$OUT/hello_puts.x86_64.wasmc-strip"; do
    perf stat -r 200 -e page-faults,task-clock "$exe" 2>&1 >/dev/null |
      awk -v e="$(basename "$exe")" '/page-faults|task-clock/ {printf "| %-28s | %s %s |\n", e, $1, $2}'
  done
fi
# System calls from execve to exit (both included), as strace lists them: the
# wasmc build's start-up sequence is docs/runtime.md's "Start-up".
if command -v strace >/dev/null; then
  for exe in "$OUT/hello_puts.x86_64.musl" "$OUT/hello_puts.x86_64.wasmc-strip"; do
    strace -o "$OUT/strace.txt" "$exe" >/dev/null
    printf '| %-28s | %s system calls |\n' "$(basename "$exe")" "$(grep -c '^[a-z_0-9]*(' "$OUT/strace.txt")"
  done
fi
hyperfine -N --warmup 5 --runs 50 --export-json "$OUT/aarch64.json" \
  "qemu-aarch64 $OUT/hello_puts.aarch64.glibc" "qemu-aarch64 $OUT/hello_puts.aarch64.qemu" >/dev/null
medians "$OUT/aarch64.json"
