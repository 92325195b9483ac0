#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of tests/fuzz/libfuzzer/.
#
#   run.sh short          (bash build.sh test)  each target: its regression corpus,
#                         then a time-boxed run (WASMC_LIBFUZZER_SECONDS, default 35 s)
#   run.sh long SECONDS   (bash build.sh fuzz-parsers [SECONDS]) the same, SECONDS per
#                         target, then the lit tests built with ASan+UBSan
#
# The build is its own (clang-16, -DWASMC_FUZZ=ON) in $WASMC_FUZZ_BUILD_DIR
# (default build-fuzz/), so the main build is not slowed. One fuzzer runs at a
# time. Crashes land in <build-fuzz>/artifacts/<target>/; copy one into
# regressions/<target>/ and it is replayed by every later run. Last line:
# `libfuzzer: N passed, M failed` (each target's fuzz run counts one, and its
# regression replay one more when it has regression inputs).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/tests/fuzz/libfuzzer"
BUILD="${WASMC_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
TESTSUITE="${WASMC_TESTSUITE:-$ROOT/../shared/testsuite}"
JOBS="${JOBS:-$(nproc)}"
MODE="${1:-short}"
SECONDS_EACH="${WASMC_LIBFUZZER_SECONDS:-30}"
[ "$MODE" = long ] && SECONDS_EACH="${2:-600}"
TARGETS=(decode_validate_fuzzer text_parser_fuzzer manifest_fuzzer wasi_fuzzer)
PASSED=0
FAILED=0
say() { printf '==> libfuzzer: %s\n' "$*"; }
# run_counted LOG TAIL CMD...: runs CMD with its output in LOG and counts it as
# passed or failed by its exit status; on failure shows the last TAIL lines of LOG.
run_counted() {
  local log=$1 lines=$2
  shift 2
  if "$@" >"$log" 2>&1; then
    PASSED=$((PASSED + 1))
  else
    tail -n "$lines" "$log"
    FAILED=$((FAILED + 1))
    return 1
  fi
}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$BUILD"
say "configuring $BUILD (clang-16, -DWASMC_FUZZ=ON)"
if ! cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMC_FUZZ=ON \
     -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 "${launcher[@]}" >"$BUILD/cmake.log" 2>&1; then
  cat "$BUILD/cmake.log"
  echo "libfuzzer: 0 passed, 1 failed"
  exit 1
fi
say "building ${TARGETS[*]}"
if ! ninja -C "$BUILD" -j "$JOBS" "${TARGETS[@]}"; then
  echo "libfuzzer: 0 passed, 1 failed"
  exit 1
fi

# Seeds: every module of the spec suites (wast2json writes one .wasm per module),
# made once per build directory; the checked-in manifests and examples'.
SEEDS="$BUILD/seeds"
if [ ! -f "$SEEDS/wasm/.done" ] && [ -d "$TESTSUITE" ]; then
  say "seeding decode_validate_fuzzer with the modules of $TESTSUITE"
  mkdir -p "$SEEDS/wasm/json"
  for f in "$TESTSUITE"/*.wast; do
    wast2json "$f" -o "$SEEDS/wasm/json/$(basename "$f" .wast).json" >/dev/null 2>&1 || true
  done
  find "$SEEDS/wasm/json" -name '*.wasm' -exec mv {} "$SEEDS/wasm/" \;
  rm -rf "$SEEDS/wasm/json"
  touch "$SEEDS/wasm/.done"
fi
# The text front end: our .wat tests and the modules of the 3.0 suite's scripts (a
# script is not a module, but its modules' text is what the parser must take apart).
mkdir -p "$SEEDS/text"
for f in "$ROOT"/tests/text/valid/*.wat "$ROOT"/tests/run/*.wat; do
  [ -f "$f" ] && cp "$f" "$SEEDS/text/"
done
mkdir -p "$SEEDS/manifest"
for f in "$HERE"/seeds/manifest/*.toml "$ROOT"/examples/*/*.toml; do
  [ -f "$f" ] && { printf '\0'; cat "$f"; } >"$SEEDS/manifest/$(basename "$(dirname "$f")")-$(basename "$f")"
done

seeds_of() {
  case "$1" in
    decode_validate_fuzzer) echo "$SEEDS/wasm" ;;
    manifest_fuzzer) echo "$SEEDS/manifest" ;;
    text_parser_fuzzer) echo "$SEEDS/text" ;;
    *) echo "" ;;
  esac
}

# The WASI fuzzer's input is a program: let it be long from the start.
options_of() {
  case "$1" in
    wasi_fuzzer) echo "-max_len=1024 -len_control=0" ;;
    *) echo "" ;;
  esac
}

for t in "${TARGETS[@]}"; do
  bin="$BUILD/bin/$t"
  art="$BUILD/artifacts/$t"
  work="$BUILD/corpus/$t"
  mkdir -p "$art" "$work"
  opts=(-timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=0 "-artifact_prefix=$art/")
  read -r -a extra <<<"$(options_of "$t")"
  opts+=("${extra[@]+"${extra[@]}"}")
  # 1. The regression corpus: every crash found so far, replayed.
  reg=("$HERE/regressions/$t"/*)
  if [ -e "${reg[0]}" ]; then
    if run_counted "$art/regressions.log" 30 "$bin" "${opts[@]}" "${reg[@]}"; then
      say "$t: ${#reg[@]} regression inputs replayed"
    else
      say "$t: a regression input fails again (log: $art/regressions.log)"
    fi
  else
    say "$t: no regression inputs (nothing counted)"
  fi
  # 2. A time-boxed run from the accumulated corpus and the seeds.
  seeds=$(seeds_of "$t")
  say "$t: fuzzing for ${SECONDS_EACH} s"
  if run_counted "$art/run.log" 40 "$bin" "${opts[@]}" -max_total_time="$SECONDS_EACH" "$work" ${seeds:+"$seeds"}; then
    say "$t: $(grep -Eo 'cov: [0-9]+' "$art/run.log" | tail -1), $(grep -Eo '#[0-9]+' "$art/run.log" | tail -1 | tr -d '#') runs, no crash"
  else
    say "$t: CRASH (input in $art/; add it to tests/fuzz/libfuzzer/regressions/$t/ once fixed)"
  fi
done

if [ "$MODE" = long ] && [ -x "$HERE/asan_lit.sh" ]; then
  bash "$HERE/asan_lit.sh" && PASSED=$((PASSED + 1)) || FAILED=$((FAILED + 1))
fi
echo "libfuzzer: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
