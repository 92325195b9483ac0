#!/usr/bin/env bash
# Build wasmc and run its example, or its whole test suite.
#
#   bash build.sh          install missing Debian packages, build into build/, then
#                          compile examples/hello with wasmc and run it
#   bash build.sh test     the same set-up, then lit (tests/), the unit tests (ctest)
#                          the official spec suites, the text oracle, a short fuzz run,
#                          the IR -O1 (-O1 --no-single-pass) and the single-pass tier
#                          at -O0 (the spec suites on x86-64, -O0's on AArch64 too,
#                          50 fuzz cases each),
#                          the CI subset of the real programs and short libFuzzer runs;
#                          the last line of output is exactly `N passed, M failed`
#   bash build.sh package  the same set-up, then CPack: <build>/package/wasmc_<v>_<arch>.deb
#   bash build.sh toolchains  also install Emscripten (opt-in: 800 MB), then run
#                          tests/toolchains for both targets (docs/toolchains.md)
#   bash build.sh package-test  the .deb, installed into a clean Debian 12 root
#                          (debootstrap, downloads ~300 MB; not part of `test`), where
#                          hello is compiled and run with nothing else installed
#   bash build.sh bench-check  the same set-up, then bench/programs/difftest.py on both
#                          targets: every bench kernel and real program (Lua, SQLite, zstd,
#                          cJSON, PCRE2, QuickJS; sources fetched once, ~10 min of builds)
#                          compiled by wasmc at -O1, -O2 and the default, outputs compared
#                          with the native gcc build (docs/performance.md; not part of `test`)
#   bash build.sh fuzz-parsers [SECONDS]
#                          the libFuzzer targets of tests/fuzz/libfuzzer/ for SECONDS
#                          each (default 600), then the lit tests with ASan+UBSan
#   bash build.sh fuzz [SECONDS]
#                          the same set-up, then a long differential fuzzing campaign
#                          (default 3600 s, seed from the clock) and the whole real-program
#                          matrix (tests/fuzz/, tests/programs/, docs/testing.md)
#
# Environment: WASMC_BUILD_DIR (default: build/ beside this script),
# WASMC_TESTSUITE (default: ../shared/testsuite), WASMC_TESTSUITE3 (default:
# ../shared/testsuite-3.0), JOBS (default: nproc).
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
  libclang-rt-16-dev  # libFuzzer + ASan/UBSan runtimes for tests/fuzz/libfuzzer/
  wabt binaryen qemu-user
  g++-aarch64-linux-gnu  # only for the AArch64 spec host the tests run under qemu; users never need it
  debootstrap  # only for `bash build.sh package-test` (docs/install.md)
  # Toolchains whose output tests/toolchains/ runs (docs/toolchains.md); about 300 MB, 30 s.
  rustc libstd-rust-dev-wasm32 libc++-16-dev-wasm32 libc++abi-16-dev-wasm32
  musl-tools hyperfine  # only for bench/size/run.sh (docs/performance.md)
)

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

case "$MODE" in
  fuzz-parsers) ;;  # bash build.sh fuzz-parsers [SECONDS]: tests/fuzz/libfuzzer/run.sh long
  build|test|fuzz|package|package-test|toolchains|bench-check) ;;
  *) die "unknown command '$MODE' (usage: bash build.sh [test|fuzz [SECONDS]|fuzz-parsers [SECONDS]|package|package-test|toolchains|bench-check])" ;;
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

# AssemblyScript for tests/toolchains: from npm, pinned, into <build>/toolchains.
# npm comes with Node (Debian's nodejs + npm when there is no npm at all).
AS_PACKAGES=(assemblyscript@0.28.9 @assemblyscript/wasi-shim@0.1.0)
install_npm_toolchains() {
  local dir="$BUILD/toolchains"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "${AS_PACKAGES[*]}" ]; then return; fi
  if ! command -v npm >/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "npm is missing (for AssemblyScript): sudo apt-get install -y nodejs npm"
    say "installing nodejs npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm </dev/null
  fi
  say "npm install ${AS_PACKAGES[*]} (into $dir)"
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --prefix . "${AS_PACKAGES[@]}" </dev/null) ||
    die "npm install failed (tests/toolchains/assemblyscript.test needs it)"
  echo "${AS_PACKAGES[*]}" >"$dir/.installed"
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

# One `wasmc wast` run; adds its totals. Arguments: a label, then its arguments.
spec_run() {
  local label="$1"; shift
  local log="$BUILD/spec-$label.log" rc=0 start=$SECONDS
  say "spec ($label): wasmc wast $*"
  "$BUILD/bin/wasmc" wast "$@" 2>&1 | tee "$log" >/dev/null || rc=$?
  grep -E '^  |^warning' "$log" | head -n 60 || true
  tail -n 6 "$log"
  local last p f
  last=$(tail -n 1 "$log")
  p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$last")
  f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$last")
  if [ -z "$p" ]; then p=0; f=1; say "wasmc wast did not finish (exit $rc)"; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  say "spec ($label): $p passed, $f failed ($((SECONDS - start)) s)"
  add "$p" "$f"
}

# The spec suites through `wasmc wast`, every module compiled by wasmc for the
# target (AArch64 under qemu). Features wasmc does not implement yet (SIMD, ...)
# fail as failures naming the feature; tests/spec/xfail-<target>.txt lists each
# such feature once with its reason, and the few known bugs line by line.
# WASMC_WAST_FRONT_END=wast2json reads the scripts with wabt instead (an oracle).
run_spec() {
  local suite3="${WASMC_TESTSUITE3:-$ROOT/../shared/testsuite-3.0}"
  [ -d "$TESTSUITE" ] || { say "spec: $TESTSUITE not found (set WASMC_TESTSUITE)"; add 0 1; return; }
  [ -d "$suite3" ] || { say "spec: $suite3 not found (set WASMC_TESTSUITE3)"; add 0 1; return; }
  local front=() target start=$SECONDS
  [ "${WASMC_WAST_FRONT_END:-wasmc}" = wast2json ] && front=(--wast2json)
  # One run per target over both suites, so that a feature entry of the xfail list
  # that matches no failure at all is reported. 3.0: the top level, legacy/ (the
  # legacy exception instructions) and proposals/threads; custom/ (annotations) and
  # the later proposals are not run (docs/testing.md).
  say "spec: WebAssembly 2.0 ($TESTSUITE, all of it incl. SIMD) and 3.0 ($suite3: top level, legacy/, proposals/threads)"
  for target in x86_64-linux aarch64-linux; do
    spec_run "$target" "${front[@]+"${front[@]}"}" --target="$target" -j "$JOBS" \
      --xfail="$ROOT/tests/spec/xfail-$target.txt" "$TESTSUITE" "$suite3" "$suite3/legacy" \
      "$suite3/proposals/threads"
  done
  say "spec: both suites on both targets took $((SECONDS - start)) s"
}

# The text front end against wabt (tests/text/oracle.py): every module of both suites
# parses, every assert_malformed quote is rejected, and every module wast2json 1.0.32
# converts is byte-identical with wabt's (or listed in tests/text/oracle-known.txt).
run_text_oracle() {
  local suite3="${WASMC_TESTSUITE3:-$ROOT/../shared/testsuite-3.0}" log="$BUILD/text-oracle.log" rc=0
  [ -d "$TESTSUITE" ] && [ -d "$suite3" ] || { say "text oracle: $TESTSUITE or $suite3 not found"; add 0 1; return; }
  say "text oracle: tests/text/oracle.py over $TESTSUITE and $suite3 (+ legacy/, custom/, proposals/threads/)"
  python3 "$ROOT/tests/text/oracle.py" --jobs "$JOBS" --wat-oracle "$BUILD/bin/wat-oracle" \
    --known "$ROOT/tests/text/oracle-known.txt" "$TESTSUITE" "$suite3" "$suite3/legacy" \
    "$suite3/custom" "$suite3/proposals/threads" >"$log" 2>&1 || rc=$?
  grep -v '^text oracle' "$log" | head -n 40 || true
  grep '^text oracle' "$log" || true
  local p f
  p=$(sed -n 's/^text oracle: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log")
  f=$(sed -n 's/^text oracle: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log")
  if [ -z "$p" ]; then p=0; f=1; say "text oracle did not finish (exit $rc)"; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  add "$p" "$f"
}

# libFuzzer targets (tests/fuzz/libfuzzer/run.sh, its own clang build in build-fuzz/):
# in `test` a short time-boxed pass of each; its last line is the stage's total.
run_libfuzzer() {
  local log="$BUILD/libfuzzer.log" last p f
  JOBS="$JOBS" bash "$ROOT/tests/fuzz/libfuzzer/run.sh" "$@" 2>&1 | tee "$log" || true
  last=$(grep -E '^libfuzzer: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  p=$(sed -n 's/^libfuzzer: \([0-9]*\) passed.*/\1/p' <<<"$last")
  f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$last")
  [ -n "$p" ] || { p=0; f=1; say "libfuzzer: no summary"; }
  add "$p" "$f"
}

# One Python test driver that ends with "<label>: N passed, M failed"; adds its totals.
# Arguments: a label, then the script and its arguments.
py_stage() {
  local label="$1"; shift
  local log="$BUILD/${PY_STAGE_LOG:-$label}.log" rc=0 p f last
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

# The fast paths, run_tier LEVEL FIRST: the other stages compile at the default -O2, so
# these paths get the same spec run as run_spec on x86-64 (seconds on 2 cores) and 50
# fuzz cases on both targets (cases FIRST..FIRST+49 of seed 1, which no other run
# draws). LEVEL ir is -O1 --no-single-pass, the IR path's -O1 (docs/backend.md,
# "Optimisation levels"): no mid-end, no splitting, no zero-extension tracking on
# x86-64; every function the single-pass tier refuses takes it. LEVEL 0 is the
# single-pass tier ("The single-pass tier (-O0, -O1)"), a code generator of its own,
# without IR, on both targets: its spec run is on AArch64 too (~85 s under qemu on 2
# cores; the IR -O1 on AArch64 has its fuzz cases only, for CI time). -O1's code is the
# tier's too, the same as -O0's today (docs/backend.md, "Optimisation levels"): it has
# no stage of its own here (lit runs it, tests/spec/exec/opt-level.test
# among them). docs/testing.md, "The IR -O1 stage" and "The single-pass tier's stage".
run_tier() {
  local level="$1" first="$2" suite3="${WASMC_TESTSUITE3:-$ROOT/../shared/testsuite-3.0}" target
  local targets=(x86_64-linux) flags=("-O$level") label="O$level"
  [ "$level" = 0 ] && targets+=(aarch64-linux)
  [ "$level" = ir ] && flags=(-O1 --no-single-pass) label="O1-ir"
  for target in "${targets[@]}"; do
    spec_run "$target-$label" "${flags[@]}" --target="$target" -j "$JOBS" \
      --xfail="$ROOT/tests/spec/xfail-$target.txt" "$TESTSUITE" "$suite3" "$suite3/legacy" \
      "$suite3/proposals/threads"
  done
  PY_STAGE_LOG="fuzz-$label" py_stage fuzz "$ROOT/tests/fuzz/fuzz.py" --build "$BUILD" --opt "$level" \
    --seed 1 --first "$first" --cases 50 --seconds 150 --reduce-seconds 60
}

# Real programs (tests/programs/): the CI subset in `test`, the whole matrix in `fuzz`.
run_programs() {
  local subset=ci
  [ "$MODE" = fuzz ] && subset=all
  py_stage programs "$ROOT/tests/programs/programs.py" --build "$BUILD" --subset "$subset" -v
}

install_packages
if [ "$MODE" = fuzz-parsers ]; then
  run_libfuzzer long "${2:-600}"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi
configure_and_build
if [ "$MODE" = fuzz ]; then
  export WASMC_VERIFY=1  # the verifier's and checker's failures are findings too
  run_fuzz
  run_programs
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi
if [ "$MODE" = bench-check ]; then
  export WASMC_VERIFY=1
  for target in x86_64-linux aarch64-linux; do
    py_stage difftest "$ROOT/bench/programs/difftest.py" --wasmc "$BUILD/bin/wasmc" --target "$target" -j "$JOBS"
  done
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi
if [ "$MODE" = build ]; then
  run_example
  exit 0
fi
if [ "$MODE" = package ] || [ "$MODE" = package-test ]; then
  say "packaging: cpack in $BUILD"
  (cd "$BUILD" && cpack)
  [ "$MODE" = package ] || bash "$ROOT/cmake/package-test.sh" "$BUILD"
  exit 0
fi
if [ "$MODE" = toolchains ]; then
  command -v emcc >/dev/null || { [ "$(id -u)" -eq 0 ] || die "run as root to install emscripten";
    say "installing emscripten (opt-in, about 800 MB)";
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends emscripten </dev/null; }
  install_npm_toolchains
  for target in x86_64-linux aarch64-linux; do
    /usr/bin/python3 /usr/lib/llvm-16/build/utils/lit/lit.py -sv -Dtarget="$target" "$BUILD/tests/toolchains"
  done
  exit 0
fi
install_npm_toolchains
# Every compile in the tests (lit, unit, both spec runs) also runs the IR verifier and
# the register-allocation checker (docs/backend.md, "Checking code generation").
export WASMC_VERIFY=1
say "WASMC_VERIFY=1: the IR verifier and the register-allocation checker run on every compile"
run_lit
run_unit_tests
run_spec
run_text_oracle
run_libfuzzer short
run_fuzz
run_tier ir 100
run_tier 0 150
run_programs
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
