#!/usr/bin/env bash
# Build wasmc and run its example, or its whole test suite.
#
#   bash build.sh          install missing Debian packages, build into build/, then
#                          compile examples/hello with wasmc and run it
#   bash build.sh test     the same set-up, then lit (tests/), the unit tests (ctest)
#                          and the official spec suite, a short fuzz run and the CI
#                          subset of the real programs; the last line of output is
#                          exactly `N passed, M failed` (all stages together)
#   bash build.sh fuzz [SECONDS]
#                          the same set-up, then a long differential fuzzing campaign
#                          (default 3600 s, seed from the clock) and the whole real-program
#                          matrix (tests/fuzz/, tests/programs/, docs/testing.md)
#
# Environment: WASMC_BUILD_DIR (default: build/ beside this script),
# WASMC_TESTSUITE (default: ../shared/testsuite), JOBS (default: nproc).
# Runs unattended (CI=true, no stdin): apt-get never prompts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${WASMC_BUILD_DIR:-$ROOT/build}"
TESTSUITE="${WASMC_TESTSUITE:-$ROOT/../shared/testsuite}"
JOBS="${JOBS:-$(nproc)}"
MODE="${1:-build}"

# Every Debian package the build and the tests need: the one list (keep it here).
PACKAGES=(
  build-essential cmake ninja-build python3 python3-psutil file
  libasmjit-dev libzydis-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libgtest-dev
  llvm-16 llvm-16-tools clang-16 lld-16 libclang-rt-16-dev-wasm32 wasi-libc
  wabt binaryen qemu-user
  g++-aarch64-linux-gnu  # only for the AArch64 spec host the tests run under qemu; users never need it
)

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

case "$MODE" in
  build|test|fuzz) ;;
  *) die "unknown command '$MODE' (usage: bash build.sh [test|fuzz [SECONDS]])" ;;
esac
FUZZ_SECONDS="${2:-3600}"
[[ "$FUZZ_SECONDS" =~ ^[0-9]+$ ]] || die "fuzz: SECONDS must be a number, not '$FUZZ_SECONDS'"

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "all ${#PACKAGES[@]} required packages are installed"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "missing packages: ${missing[*]}
  run this script as root, or install them first:
  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

configure_and_build() {
  say "configuring $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  say "building (ninja -j$JOBS)"
  ninja -C "$BUILD" -j "$JOBS"
}

run_example() {
  local wasmc="$BUILD/bin/wasmc" wasm="$BUILD/examples/hello.wasm" exe="$BUILD/examples/hello"
  "$wasmc" --validate "$wasm" || die "wasmc rejected $wasm (see the diagnostic above)"
  say "wasmc validated examples/hello (hello.wasm, built from examples/hello/hello.c)"
  local rc=0
  "$wasmc" "$wasm" -o "$exe" 2>"$BUILD/examples/hello.log" || rc=$?
  if [ "$rc" -eq 6 ]; then
    # Exit code 6 = a valid module that wasmc cannot compile yet (docs/usage.md).
    cat "$BUILD/examples/hello.log" >&2
    say "code generation is not implemented yet for this module, so there is no executable to run"
    return 0
  fi
  [ "$rc" -eq 0 ] || { cat "$BUILD/examples/hello.log" >&2; die "wasmc failed (exit $rc)"; }
  say "compiled examples/hello -> $exe; running it:"
  "$exe" "from build.sh"
}

# Totals across the test stages; a stage that cannot run counts as one failure.
PASSED=0
FAILED=0
add() { PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); }

# One lit run over tests/ for a target; adds its totals. Tests that need no
# AArch64 machine run natively either way; run tests execute under qemu-aarch64.
lit_run() {
  local target="$1" log="$BUILD/lit-$1.log" rc=0
  # Debian's python3 (it has psutil, which lit needs to time out a hung test).
  local py=/usr/bin/python3 timeout=()
  [ -x "$py" ] || py=python3
  "$py" -c 'import psutil' 2>/dev/null && timeout=(--timeout=600)
  say "lit ($target): lit.py -sv -Dtarget=$target ${timeout[*]-} $BUILD/tests"
  "$py" /usr/lib/llvm-16/build/utils/lit/lit.py -sv -j "$JOBS" -Dtarget="$target" \
    "${timeout[@]+"${timeout[@]}"}" "$BUILD/tests" </dev/null 2>&1 | tee "$log" || rc=$?
  # lit's summary: "  Passed: N (..%)", "  Failed: N (..%)", "  Unresolved: ..." ...
  count() { sed -n "s/^ *$1 *: *\([0-9]*\).*/\1/p" "$log" | tail -1; }
  local p f u t x
  p=$(count 'Passed'); p=${p:-0}
  f=$(count 'Failed'); u=$(count 'Unresolved'); t=$(count 'Timed Out'); x=$(count 'Unexpectedly Passed')
  f=$(( ${f:-0} + ${u:-0} + ${t:-0} + ${x:-0} ))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; say "lit exited with status $rc"; fi
  say "lit ($target): $p passed, $f failed"
  add "$p" "$f"
}

run_lit() {
  lit_run x86_64-linux
  lit_run aarch64-linux
}

run_unit_tests() {
  # Unit tests (GoogleTest) are registered with ctest (tests/unit/); run each
  # top-most build directory that has a CTestTestfile.cmake.
  local dirs=() d top
  while IFS= read -r d; do
    for top in "${dirs[@]+"${dirs[@]}"}"; do
      case "$d/" in "$top"/*) continue 2 ;; esac
    done
    dirs+=("$d")
  done < <(find "$BUILD" -name CTestTestfile.cmake -printf '%h\n' | LC_ALL=C sort)
  if [ "${#dirs[@]}" -eq 0 ]; then say "unit tests: none registered with ctest"; return; fi
  local total=0 failed=0 i=0
  for d in "${dirs[@]}"; do
    local log="$BUILD/ctest-$i.log" rc=0 summary n m
    i=$((i + 1))
    say "unit tests: ctest --test-dir ${d#"$BUILD"/}"
    ctest --test-dir "$d" -j "$JOBS" --output-on-failure 2>&1 | tee "$log" || rc=$?
    grep -q 'No tests were found' "$log" && continue
    # "100% tests passed, 0 tests failed out of 12"
    summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
    n=$(sed -n 's/.*failed out of \([0-9]*\).*/\1/p' <<<"$summary")
    m=$(sed -n 's/.*passed, \([0-9]*\) tests\{0,1\} failed.*/\1/p' <<<"$summary")
    if [ -z "$n" ] || [ -z "$m" ]; then n=1; m=1; say "ctest in $d reported no summary (exit $rc)"; fi
    if [ "$rc" -ne 0 ] && [ "$m" -eq 0 ]; then m=1; fi
    total=$((total + n)); failed=$((failed + m))
  done
  say "unit tests: $((total - failed)) passed, $failed failed"
  add "$((total - failed))" "$failed"
}

# One wasmc-spec run; adds its totals. Arguments: a label, then wasmc-spec's arguments.
spec_run() {
  local label="$1"; shift
  local log="$BUILD/spec-$label.log" rc=0
  local opts=() files=0 a
  for a in "$@"; do case "$a" in *.wast) files=$((files + 1)) ;; *) opts+=("$a") ;; esac; done
  say "spec ($label): wasmc-spec ${opts[*]} <$files .wast files>"
  "$BUILD/bin/wasmc-spec" "$@" 2>&1 | tee "$log" >/dev/null || rc=$?
  grep -E '^(FAIL|XPASS)|^  ' "$log" | head -n 60 || true
  tail -n 5 "$log"
  local last p f
  last=$(tail -n 1 "$log")
  p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$last")
  f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$last")
  if [ -z "$p" ]; then p=0; f=1; say "wasmc-spec did not finish (exit $rc)"; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  say "spec ($label): $p passed, $f failed"
  add "$p" "$f"
}

run_spec() {
  [ -d "$TESTSUITE" ] || { say "spec: $TESTSUITE not found (set WASMC_TESTSUITE)"; add 0 1; return; }
  say "spec: the top-level .wast files of $TESTSUITE (the WebAssembly 2.0 core);"
  say "spec: proposals/ is not part of 2.0 and is not run"
  local core=() simd=() f
  for f in "$TESTSUITE"/*.wast; do
    case "$(basename "$f")" in simd_*) simd+=("$f") ;; *) core+=("$f") ;; esac
  done
  # SIMD code generation is not implemented yet (wasmc rejects v128 code with
  # "SIMD (v128) is not supported yet", exit 6), so the SIMD files are checked for
  # decoding and validation only (--no-exec: every execution command is reported
  # as "not run", never as passed).
  say "spec: ${#simd[@]} simd_*.wast files: decode/validate only (SIMD code generation is not implemented yet)"
  local target
  for target in x86_64-linux aarch64-linux; do
    spec_run "$target" --target="$target" "${core[@]}"
  done
  spec_run simd-validate --target=x86_64-linux --no-exec "${simd[@]}"
}

# One Python test driver that ends with "<label>: N passed, M failed"; adds its totals.
# Arguments: a label, then the script and its arguments.
py_stage() {
  local label="$1"; shift
  local log="$BUILD/$label.log" rc=0 p f last
  local py=/usr/bin/python3
  [ -x "$py" ] || py=python3
  say "$label: $*"
  "$py" -u "$@" </dev/null 2>&1 | tee "$log" || rc=$?
  last=$(grep -E "^$label: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -1 || true)
  p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$last")
  f=$(sed -n 's/.*passed, \([0-9]*\) failed/\1/p' <<<"$last")
  if [ -z "$p" ]; then p=0; f=1; say "$label did not finish (exit $rc)"; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  add "$p" "$f"
}

# The differential fuzzer (tests/fuzz/): in `test`, a fixed set of cases (seed 1, so
# CI is reproducible), capped at 4 minutes; in `fuzz`, a campaign of SECONDS.
run_fuzz() {
  local fuzz=("$ROOT/tests/fuzz/fuzz.py" --build "$BUILD")
  if [ "$MODE" = test ]; then
    py_stage fuzz "${fuzz[@]}" --seed 1 --cases 100 --seconds 240 --reduce-seconds 60
  else
    py_stage fuzz "${fuzz[@]}" --seed "$(date +%s)" --seconds "${FUZZ_SECONDS:-3600}" -v
  fi
}

# Real programs (tests/programs/): the CI subset in `test`, the whole matrix in `fuzz`.
run_programs() {
  local subset=ci
  [ "$MODE" = fuzz ] && subset=all
  py_stage programs "$ROOT/tests/programs/programs.py" --build "$BUILD" --subset "$subset" -v
}

install_packages
configure_and_build
if [ "$MODE" = fuzz ]; then
  export WASMC_VERIFY=1  # the verifier's and checker's failures are findings too
  run_fuzz
  run_programs
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi
if [ "$MODE" = build ]; then
  run_example
  exit 0
fi
# Every compile in the tests (lit, unit, both spec runs) also runs the IR verifier and
# the register-allocation checker (docs/backend.md, "Checking code generation").
export WASMC_VERIFY=1
say "WASMC_VERIFY=1: the IR verifier and the register-allocation checker run on every compile"
run_lit
run_unit_tests
run_spec
run_fuzz
run_programs
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
